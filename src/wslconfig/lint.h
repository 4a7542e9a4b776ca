/* `config lint`: findings about a `.wslconfig` or `/etc/wsl.conf`, judged
 * exactly as WSL reads the file (syntax.h, eval.h), plus rules that need
 * facts about the machine. Pure: the facts are plain inputs, so `doctor`
 * can pass what it measured and tests can pass anything.
 *
 * Rule ids (stable; `wslconf.` instead of `wslconfig.` for wsl.conf):
 *   wslconfig.unknown-key        WSL warns "Unknown key" and ignores it (did you
 *                                mean...; removed keys such as pageReporting;
 *                                wsl.conf keys in .wslconfig and back)
 *   wslconfig.wrong-section      a known key under another section
 *   wslconfig.key-before-section a key before any [section]
 *   wslconfig.bad-section        a header WSL cannot read, or a section it has no keys for
 *   wslconfig.semicolon-comment  ';' is no comment: the line is invalid
 *   wslconfig.invalid-line       any other line WSL skips ("Expected '='", ...)
 *   wslconfig.bad-memory-size    not digits + B/K/KB/M/MB/G/GB/T/TB (8gb, 1.5GB, 8 GB)
 *   wslconfig.bad-bool, .bad-int, .bad-enum, .bad-value (IPv4, MAC, ports)
 *   wslconfig.bad-escape         a path with '\' WSL drops (\U) or changes (\t \b \n)
 *   wslconfig.unclosed-quote     WSL drops the line
 *   wslconfig.duplicate-key      names the line that wins (the first)
 *   wslconfig.line-ending        a lone CR inside a comment hides the next line
 *   wslconfig.encoding           UTF-16 without BOM / big-endian, BOMs old WSL
 *                                ignored, NUL bytes, non-ASCII outside comments
 *   wslconfig.path-env-var       %VAR% in a path: WSL does not expand it
 *   wslconfig.graduated-key      (info) networkingMode... under [experimental]
 *   wslconfig.no-effect          a setting WSL ignores because of another one
 *   wslconfig.suspicious-size    a bare byte count that is surely missing a unit
 *   wslconfig.memory-over-host   memory above the host's RAM (clamped)
 *   wslconfig.processors-over-host
 *   wslconfig.memory-too-small   below WSL's 256 MB floor or below what local AI needs
 *   wslconfig.sparse-disabled    sparseVhd=true: current WSL forces it off
 *   wslconfig.gradual-hazard     autoMemoryReclaim=gradual with Docker Desktop,
 *                                distro systemd or WSLg (microsoft/WSL#10675, #13542)
 *   wslconfig.no-swap-small-host swap=0 on a host of 16 GB or less
 *   wslconfig.overridden         WSL replaces the value written, for a reason
 *                                the file does not show (lint-rules.h)
 *   wslconf.stops-parsing        the invalid line after which WSL ignores the rest
 *   wslconf.bom                  a UTF-8 BOM makes WSL ignore the whole file
 * Severities: critical = the whole file (or WSL's start) is lost; warning =
 * WSL drops, ignores or changes what the line says; info = works, but worth
 * knowing. */
#ifndef HEADROOM_WSLCONFIG_LINT_H
#define HEADROOM_WSLCONFIG_LINT_H

#include <stdbool.h>
#include <stdint.h>

#include "finding.h"
#include "wslconfig/doc.h"
#include "wslconfig/eval.h"

enum tri { TRI_UNKNOWN = 0, TRI_NO, TRI_YES };

/* What the machine-dependent rules need; every field may be left unknown
 * (zero / TRI_UNKNOWN). The `*_from` strings say where a fact came from
 * ("--host-ram", "inferred: ...", "/proc/1/comm is systemd") and are quoted
 * in the evidence; they are borrowed. */
struct wsl_facts {
    uint64_t host_ram; /* bytes */
    const char *host_ram_from;
    unsigned host_cpus;
    const char *host_cpus_from;
    enum tri docker_desktop;
    const char *docker_desktop_from;
    enum tri systemd;
    const char *systemd_from;
    enum tri wslg;
    const char *wslg_from;
    /* the memory= `config recommend` gives this host (typical profile),
     * 0 when the host's RAM is unknown: below 4 GB it is the most the host
     * can spare, and lint does not ask for more than that */
    uint64_t memory_suggested;
};

/* Appends every finding about `doc` (evaluated as `ev`) to `out`. `file` is
 * the path shown to users (copied into each finding). `facts` may be NULL. */
void wsl_lint(const char *file, const struct wsldoc *doc, const struct wsl_eval *ev,
              const struct wsl_facts *facts, struct findings *out);

/* Findings carry the one-line message as `title`. */

/* Every rule name lint emits (without the "wslconfig." / "wslconf." prefix),
 * NULL-terminated; and whether a full id is one of them. */
extern const char *const wsl_lint_rules[];
bool wsl_lint_id_known(const char *id);

#endif

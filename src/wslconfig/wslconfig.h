/* The `.wslconfig` / `/etc/wsl.conf` library in one place: find the file,
 * load it, evaluate it as WSL will, lint it. No printing, no exiting: this
 * is what `headroom config` uses and what `headroom doctor` calls.
 *
 * Typical use (doctor):
 *
 *     struct wsl_locate loc;
 *     wsl_locate(ctx->root, true, &loc);              // mnt/c/Users/<u>/.wslconfig
 *     struct wsl_config cfg;
 *     struct diag d;
 *     if (loc.nfound == 1) {
 *         int r = wsl_config_load(ctx->root, loc.found[0], true, WSLF_WSLCONFIG, &cfg, &d);
 *         if (r == 0 || r == -EBADMSG) {             // -EBADMSG: unreadable encoding,
 *             struct wsl_facts facts;                 //  cfg is still filled
 *             struct host_facts host;                 // src/budget.h
 *             host_facts_resolve(&m, &cfg.ev, 0, 0, &host);
 *             wsl_facts_from_machine(&m, &host, NULL, &facts);  // src/wsl-facts.h
 *             wsl_config_lint(&cfg, "C:\\Users\\alex\\.wslconfig", &facts, &findings);
 *             struct wsl_vm vm;                       // memory/swap/processors WSL uses
 *             wsl_eval_vm(&cfg.ev, host.ram, host.cpus, &vm);
 *             const struct wsl_setting *s = wsl_eval_get(&cfg.ev, "wsl2.memory");
 *             // s->from_file, s->bytes, s->stmt -> cfg.ev.syn.v[s->stmt].start.line + 1
 *             wsl_config_release(&cfg);
 *         }
 *     } else if (loc.nfound == 0) { ... no .wslconfig: WSL's defaults ... }
 *     wsl_locate_release(&loc);
 *
 * /etc/wsl.conf: wsl_config_load(root, "etc/wsl.conf", true, WSLF_WSLCONF, ...),
 * then the same lint (ids `wslconf.*`); its effective `boot.systemd` feeds
 * wsl_facts_from_machine() (src/wsl-facts.h). */
#ifndef HEADROOM_WSLCONFIG_WSLCONFIG_H
#define HEADROOM_WSLCONFIG_WSLCONFIG_H

#include <stdbool.h>

#include "finding.h"
#include "util/diag.h"
#include "util/rootfs.h"
#include "util/strbuf.h"
#include "wslconfig/doc.h"
#include "wslconfig/eval.h"
#include "wslconfig/lint.h"

/* Where `.wslconfig` files are. In order:
 *   1. on a live WSL machine (root is "/" and Windows interop is up), the
 *      Windows profile from `cmd.exe /u /c echo %USERPROFILE%` converted by
 *      `wslpath -u` (`allow_interop`; never under --root: nothing in a
 *      snapshot is executed);
 *   2. under the root, mnt/c/Users/<user>/.wslconfig for every profile but
 *      Public, Default, Default User and All Users.
 * Paths are relative to the root. */
struct wsl_locate {
    char **found; /* existing .wslconfig files */
    size_t nfound;
    char **profiles; /* profile folders that have none (where `config set` may create one) */
    size_t nprofiles;
    const char *method; /* "Windows profile via cmd.exe and wslpath", "mnt/c/Users" */
};
void wsl_locate(const struct rootfs *root, bool allow_interop, struct wsl_locate *ret);
void wsl_locate_release(struct wsl_locate *loc);

/* The Windows profile folder through interop, as a path of this machine
 * ("/mnt/c/Users/alex"). -ENOENT when interop is not there, -EBADMSG when
 * the answer is not a profile path. */
int wsl_profile_via_interop(const struct rootfs *root, char *ret, size_t n);
/* The answer of `cmd.exe /u /c echo %USERPROFILE%` (UTF-16LE, CRLF) as
 * "C:\Users\alex" in ret. -EBADMSG when it is not a drive path (e.g. the
 * variable was unset and cmd echoed it back). */
int wsl_parse_profile_output(const char *buf, size_t len, char *ret, size_t n);

/* WSL reads a config file of any size. headroom reads up to 32 MiB: the
 * parse is linear, but it keeps a few dozen bytes per byte of the file, so
 * the cap bounds what an absurd file can take. */
#define WSL_CONFIG_CAP      (32 * 1024 * 1024)
#define WSL_CONFIG_CAP_TEXT "32 MiB"

/* Reads every .wslconfig wsl_locate() finds and /etc/wsl.conf through the
 * root, so that `headroom snapshot`'s recorder copies them. */
void wsl_config_touch(const struct rootfs *root);

/* A loaded and evaluated file. */
struct wsl_config {
    enum wsl_file kind;
    char *path; /* as loaded: relative to the root when in_root */
    bool in_root;
    struct strbuf bytes; /* the file's bytes, unchanged */
    struct wsldoc doc;
    struct wsl_eval ev;
};

/* Reads `path` (through the root when `in_root`, else as a path of this
 * machine; at most WSL_CONFIG_CAP bytes) and evaluates it. Returns 0;
 * -ENOENT and other -errno when it cannot be read (-EFBIG: too large);
 * -EBADMSG with `d` set when WSL cannot read its encoding (UTF-16 without
 * BOM or big-endian; a UTF-16 wsl.conf) - then `ret` is filled all the same,
 * so wsl_config_lint() can report it. Release with wsl_config_release(). */
int wsl_config_load(const struct rootfs *root, const char *path, bool in_root, enum wsl_file kind,
                    struct wsl_config *ret, struct diag *d);
/* Evaluates bytes already in memory (tests, fuzzing, edits). */
void wsl_config_from_bytes(const char *buf, size_t len, enum wsl_file kind, struct wsl_config *ret);
void wsl_config_release(struct wsl_config *cfg);
/* Where WSL mounts the Windows drives: automount.root of an evaluated
 * /etc/wsl.conf as WSL reads it, with a trailing '/'; "/mnt/" when conf is
 * NULL or the value is unset or not absolute. */
void wsl_conf_automount_root(const struct wsl_config *conf, char *ret, size_t n);
/* Every lint finding; `display` is the path shown in findings. */
void wsl_config_lint(const struct wsl_config *cfg, const char *display,
                     const struct wsl_facts *facts, struct findings *out);

#endif

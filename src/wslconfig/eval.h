/* What WSL makes of a config file: for every key of the schema, the value
 * WSL uses and where it came from (a line of the file, or the default),
 * following WSL's rules (microsoft/WSL WslCoreConfig.cpp, configfile.cpp,
 * WslDistributionConfig.cpp):
 *   - a key is matched by "<section>.<key>" without regard to case; the
 *     graduated keys answer to both [wsl2] and [experimental] and share one
 *     slot;
 *   - the first occurrence wins; later ones are ignored ("Duplicated config
 *     key") even when the first one's value was invalid;
 *   - an invalid value warns and keeps the default.
 * Pure: no I/O. The host-dependent figures (memory = 50 % of host RAM,
 * clamping, swap = 25 % of memory, processors) come from wsl_eval_vm(). */
#ifndef HEADROOM_WSLCONFIG_EVAL_H
#define HEADROOM_WSLCONFIG_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wslconfig/doc.h"
#include "wslconfig/schema.h"
#include "wslconfig/syntax.h"

struct wsl_setting {
    const struct wsl_key *key;
    long stmt;      /* the statement WSL used (its first occurrence), or -1: default */
    bool valid;     /* that value parsed; false: WSL warned and kept the default */
    bool from_file; /* stmt >= 0 && valid: the value comes from the file */
    bool has_value; /* `b/i/e/bytes` hold the value WSL uses (file or known default) */
    bool b;
    int i;
    int e; /* WT_ENUM: index in key->values */
    uint64_t bytes;
    const char *text; /* WSL's reading of the file's value (owned by the syntax), or NULL */
    unsigned ignored; /* later occurrences, ignored */
    /* WT_PORTS: the ports WSL keeps, ascending, "80,443" (owned; NULL: none).
     * WSL parses the list an entry at a time and skips the bad ones. */
    char *ports;
    /* A rule WSL applies after reading (rules.h) changed the value read or
     * the default: `b/i/e` hold the value WSL uses; `cleared`: it is unset
     * (a path, the DNS tunneling address, the ports). */
    /* the default of the detected WSL release where it differs from today's
     * ("Disabled: the default before WSL 2.1.3", versions.h), or NULL */
    const char *default_note;
    bool overridden;
    bool cleared;
    int rule;          /* enum wsl_rule_id */
    char why[96];      /* "networkingMode=Bridged" */
    const char *where; /* "WslCoreConfig.cpp:467" (file:line in microsoft/WSL @3e27a6a) */
};

struct wsl_eval {
    enum wsl_file file;
    struct wsl_syntax syn;
    struct wsl_setting *set; /* one per schema key of `file`, in schema order */
    size_t n;
    long *slot;           /* per statement: index into `set`, or -1 (not a known key) */
    bool *dup;            /* per statement: a later occurrence WSL ignores */
    char wsl_version[32]; /* the WSL release evaluated for ("" = today's, 3e27a6a) */
};

/* Runs WSL's parser over the document and resolves every key. */
void wsl_eval_run(const struct wsldoc *doc, enum wsl_file file, struct wsl_eval *ret);
/* The same for a given WSL release ("2.0.9"; NULL or "": unknown), whose
 * defaults and rules may differ from today's (versions.h). */
void wsl_eval_run_for(const struct wsldoc *doc, enum wsl_file file, const char *wsl_version,
                      struct wsl_eval *ret);
void wsl_eval_release(struct wsl_eval *ev);
/* The setting for "<section>.<name>" (canonical or alias section, any
 * case), or NULL when the schema has no such key for this file. */
const struct wsl_setting *wsl_eval_get(const struct wsl_eval *ev, const char *full);
/* 1-based line and column of a statement, for messages. */
unsigned wsl_stmt_line(const struct wsl_stmt *st);

/* The VM WSL would start from this `.wslconfig` on a host with `host_ram`
 * bytes and `host_cpus` logical CPUs (0 = unknown). Follows
 * WslCoreConfig.cpp's Initialize(): memory 0 or unset = half the host RAM,
 * else clamped to [256 MB, host RAM]; swap unset = a quarter of memory
 * rounded up to a whole GB (swap=-1 or a value that overflows is WSL's
 * "unset" marker, UINT64_MAX: the default too); processors <= 0 = all;
 * above the host: clamped; safeMode turns swap, WSLg and networking off;
 * swiotlb 0 with virtiofs or Consomme = 64 MB on a VM of 1 GB + 64 MB or
 * more. */
struct wsl_vm {
    bool memory_known;
    uint64_t memory;
    const char *memory_how; /* "as set", "raised to WSL's 256 MB floor", ... */
    bool swap_known;
    uint64_t swap;
    const char *swap_how;
    bool processors_known;
    unsigned processors;
    const char *processors_how;
    bool swiotlb_known;
    uint64_t swiotlb; /* experimental.swiotlb after WSL's computed default */
    const char *swiotlb_how;
    int reclaim;    /* WSL_RECLAIM_* */
    int networking; /* WSL_NET_*; VirtioProxy folded into Consomme */
    bool gui;       /* guiApplications after safeMode */
    bool sparse;    /* sparseVhd as set (WSL forces new disks non-sparse anyway) */
    bool safe_mode;
    const char *kernel_cmdline; /* "" when unset; owned by the eval */
};
void wsl_eval_vm(const struct wsl_eval *ev, uint64_t host_ram, unsigned host_cpus,
                 struct wsl_vm *ret);
/* The value WSL uses for `s`, in words ("6.0 GiB", "true", "dropcache");
 * memory, swap and processors come from `vm` (may be NULL) since they
 * depend on the host. "-" when it is not known. A string setting comes back
 * as the file's text: escape it before printing. */
const char *wsl_setting_value(const struct wsl_setting *s, const struct wsl_vm *vm, char *buf,
                              size_t n);

#define WSL_MEMORY_FLOOR ((uint64_t)256 << 20)

/* WSL's defaults where the file sets nothing, each defined here once:
 * memory is half of the host's RAM, swap a quarter of the VM's memory
 * rounded up to a whole GB (https://learn.microsoft.com/en-us/windows/wsl/
 * wsl-config, "memory" and "swap"; microsoft/WSL
 * src/windows/common/WslCoreConfig.cpp:328-331 @3e27a6a). */
uint64_t wsl_default_memory(uint64_t host_ram);
uint64_t wsl_default_swap(uint64_t memory);

#endif

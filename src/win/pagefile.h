/* The page file settings from the helper's "pagefile": {"paging_files":
 * [...]}, the PagingFiles registry value as System Properties writes it:
 *   "?:\pagefile.sys"            automatically managed for all drives
 *   "C:\pagefile.sys 0 0"        that file, system managed size
 *   "C:\pagefile.sys 4096 8192"  that file, initial and maximum MB
 * The PowerShell fallback does not print it: then it is unknown. */
#ifndef HEADROOM_WIN_PAGEFILE_H
#define HEADROOM_WIN_PAGEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

#define WIN_MAX_PAGING_FILES 8

struct win_host;
struct jv;

struct win_paging_file {
    char path[96];
    bool all_drives;     /* "?:\..." */
    bool system_managed; /* "... 0 0", or no sizes */
    uint64_t initial_mb, max_mb;
};

/* One entry. 0, or -EINVAL when it is not "PATH [INITIAL MAX]". */
int win_paging_file_parse(const char *s, struct win_paging_file *ret);
int win_pagefile_map(const char *buf, size_t len, const struct jv *root, struct win_host *h,
                     struct diag *d);
/* True when Windows sizes every page file itself (no fixed size). */
bool win_pagefile_managed(const struct win_host *h);

/* windows.commit-headroom's test, one definition for the rule and for the
 * page file item of `windows script --recommended`: the commit limit less
 * the commit charge (room) against what the VM may still take (its
 * MemTotal, what memory= gives it, less what the VM's process holds) plus
 * WIN_COMMIT_MARGIN for Windows itself. */
#define WIN_COMMIT_MARGIN (1ULL << 30)
struct win_commit {
    uint64_t room, resident, grow, need;
    bool short_of; /* room < need */
};
/* False when the host's commit figures are unknown. `vm_total` is the VM's
 * MemTotal in bytes. */
bool win_commit_check(const struct win_host *h, uint64_t vm_total, struct win_commit *ret);
/* The page file settings in words ("C:\pagefile.sys fixed at 2048-4096
 * MB"), sanitised; "" when none are listed. */
void win_pagefile_describe(const struct win_host *h, char *buf, size_t n);
/* Whether the "pagefile" item (system managed) is worth it on this host:
 * the page file is fixed or absent and the commit limit is short for a VM
 * of `vm_total` bytes (0: unknown, never recommended). `why`: one line. */
bool win_pagefile_recommended(const struct win_host *h, uint64_t vm_total, char *why, size_t n);

#endif

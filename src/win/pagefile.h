/* The page file settings from the helper's "pagefile": {"paging_files":
 * [...]}, the PagingFiles registry value as System Properties writes it:
 *   "?:\pagefile.sys"            automatically managed for all drives
 *   "C:\pagefile.sys 0 0"        that file, system managed size
 *   "C:\pagefile.sys 4096 8192"  that file, initial and maximum MB
 * The PowerShell fallback does not print it: then it is unknown. */
#ifndef HEADROOM_WIN_PAGEFILE_H
#define HEADROOM_WIN_PAGEFILE_H

#include <stdbool.h>
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

#endif

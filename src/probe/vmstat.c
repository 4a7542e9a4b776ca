#include "probe/vmstat.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "util/parse.h"

int vmstat_parse(const char *buf, size_t len, struct vmstat *ret, struct diag *d)
{
    static const struct probe_kv keys[] = {
        {"workingset_refault_file", offsetof(struct vmstat, workingset_refault_file)},
        {"workingset_refault", offsetof(struct vmstat, workingset_refault_file)},
        {"workingset_refault_anon", offsetof(struct vmstat, workingset_refault_anon)},
        {"pgmajfault", offsetof(struct vmstat, pgmajfault)},
        {"pgscan_direct", offsetof(struct vmstat, pgscan_direct)},
        {"pgsteal_direct", offsetof(struct vmstat, pgsteal_direct)},
        {"pgscan_kswapd", offsetof(struct vmstat, pgscan_kswapd)},
        {"pgsteal_kswapd", offsetof(struct vmstat, pgsteal_kswapd)},
        {"drop_pagecache", offsetof(struct vmstat, drop_pagecache)},
        {"drop_slab", offsetof(struct vmstat, drop_slab)},
        {"compact_stall", offsetof(struct vmstat, compact_stall)},
        {"oom_kill", offsetof(struct vmstat, oom_kill)},
    };
    struct vmstat v;
    memset(&v, 0, sizeof(v));
    uint64_t seen;
    if (probe_kv_parse(buf, len, keys, sizeof(keys) / sizeof(keys[0]), &v, &seen, d) < 0)
        return -EBADMSG;
    v.has_refault = (seen & 3) != 0;
    v.has_refault_anon = (seen & 4) != 0;
    v.has_oom_kill = (seen & (1u << 11)) != 0;
    *ret = v;
    return 0;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return vmstat_parse(buf, len, ret, d);
}

int vmstat_read(const struct rootfs *r, struct vmstat *ret, struct probe_status *st)
{
    return probe_load(r, "proc/vmstat", PROBE_CAP_SMALL, parse_cb, ret, st);
}

int vm_percent_parse(const char *buf, size_t len, unsigned *ret, struct diag *d)
{
    size_t n = len;
    if (n && buf[n - 1] == '\n')
        n--;
    const char *p = buf;
    uint64_t v;
    if (parse_u64_dec(&p, buf + n, &v) < 0 || p != buf + n || v > 100) {
        diag_set(d, NULL, 1, (unsigned)(p - buf) + 1, "expected a percentage (0-100)");
        return -EBADMSG;
    }
    *ret = (unsigned)v;
    return 0;
}

static int percent_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return vm_percent_parse(buf, len, ret, d);
}

int vm_min_unmapped_ratio_read(const struct rootfs *r, unsigned *ret, struct probe_status *st)
{
    *ret = 0;
    return probe_load(r, "proc/sys/vm/min_unmapped_ratio", PROBE_CAP_SMALL, percent_cb, ret, st);
}

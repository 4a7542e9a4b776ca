#include "probe/vmstat.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "util/lines.h"
#include "util/parse.h"

int vmstat_parse(const char *buf, size_t len, struct vmstat *ret, struct diag *d)
{
    static const struct {
        const char *k;
        size_t off;
    } keys[] = {
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
    };
    struct vmstat v;
    memset(&v, 0, sizeof(v));
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        if (n == 0)
            continue;
        const char *sp = memchr(s, ' ', n);
        if (!sp || sp == s) {
            diag_set(d, NULL, it.lineno, 1, "expected 'name value'");
            return -EBADMSG;
        }
        const char *p = sp + 1, *e = s + n;
        uint64_t val;
        int r = parse_u64_dec(&p, e, &val);
        if (r < 0 || p != e) {
            diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1,
                     r == -ERANGE ? "number too large" : "expected a number");
            return -EBADMSG;
        }
        size_t kn = (size_t)(sp - s);
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
            if (strlen(keys[i].k) != kn || memcmp(keys[i].k, s, kn) != 0)
                continue;
            *(uint64_t *)((char *)&v + keys[i].off) = val;
            if (i <= 1)
                v.has_refault = true;
            else if (i == 2)
                v.has_refault_anon = true;
            break;
        }
    }
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

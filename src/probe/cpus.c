#include "probe/cpus.h"

#include <errno.h>
#include <string.h>

#include "util/parse.h"

int cpus_parse(const char *buf, size_t len, struct cpus *ret, struct diag *d)
{
    const char *p = buf, *e = buf + len;
    while (e > p && (e[-1] == '\n' || e[-1] == ' '))
        e--;
    struct cpus c = {0, 0};
    uint64_t prev_hi = 0;
    bool any = false;
    while (p < e) {
        uint64_t lo, hi;
        const char *at = p;
        if (parse_u64_dec(&p, e, &lo) < 0 || lo > CPUS_MAX_ID) {
            diag_set(d, NULL, 1, (unsigned)(at - buf) + 1, "expected a CPU number");
            return -EBADMSG;
        }
        hi = lo;
        if (p < e && *p == '-') {
            p++;
            at = p;
            if (parse_u64_dec(&p, e, &hi) < 0 || hi > CPUS_MAX_ID || hi < lo) {
                diag_set(d, NULL, 1, (unsigned)(at - buf) + 1, "bad CPU range");
                return -EBADMSG;
            }
        }
        if (any && lo <= prev_hi) {
            diag_set(d, NULL, 1, (unsigned)(at - buf) + 1, "CPU ranges overlap or go backwards");
            return -EBADMSG;
        }
        c.online += (unsigned)(hi - lo + 1);
        c.max_id = (unsigned)hi;
        prev_hi = hi;
        any = true;
        if (p < e) {
            if (*p != ',') {
                diag_set(d, NULL, 1, (unsigned)(p - buf) + 1, "expected ','");
                return -EBADMSG;
            }
            p++;
            if (p >= e) {
                diag_set(d, NULL, 1, (unsigned)(p - buf) + 1, "trailing ','");
                return -EBADMSG;
            }
        }
    }
    if (!any) {
        diag_set(d, NULL, 1, 1, "empty CPU list");
        return -EBADMSG;
    }
    *ret = c;
    return 0;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return cpus_parse(buf, len, ret, d);
}

int cpus_read(const struct rootfs *r, struct cpus *ret, struct probe_status *st)
{
    return probe_load(r, "sys/devices/system/cpu/online", PROBE_CAP_SMALL, parse_cb, ret, st);
}

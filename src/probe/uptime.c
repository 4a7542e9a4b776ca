#include "probe/uptime.h"

#include <errno.h>

#include "util/parse.h"
#include "util/size.h"

/* One "seconds[.fraction]" number, as hundredths. */
static int parse_cs(const char **p, const char *e, uint64_t *ret)
{
    uint64_t sec, cs = 0;
    if (parse_u64_dec(p, e, &sec) < 0)
        return -EBADMSG;
    if (*p < e && **p == '.') {
        (*p)++;
        unsigned digits = 0;
        while (*p < e && **p >= '0' && **p <= '9') {
            if (digits < 2)
                cs = cs * 10 + (uint64_t)(**p - '0');
            digits++;
            (*p)++;
        }
        if (digits == 0 || digits > 9)
            return -EBADMSG;
        if (digits == 1)
            cs *= 10;
    }
    uint64_t v;
    if (!mul_u64(sec, 100, &v) || v > UINT64_MAX - cs)
        return -EBADMSG;
    *ret = v + cs;
    return 0;
}

int uptime_parse(const char *buf, size_t len, struct uptime *ret, struct diag *d)
{
    const char *p = buf, *e = buf + len;
    struct uptime u;
    if (parse_cs(&p, e, &u.up_cs) < 0) {
        diag_set(d, NULL, 1, (unsigned)(p - buf) + 1, "expected the seconds since boot");
        return -EBADMSG;
    }
    if (p >= e || *p != ' ') {
        diag_set(d, NULL, 1, (unsigned)(p - buf) + 1, "expected a space, then the idle seconds");
        return -EBADMSG;
    }
    p++;
    const char *at = p;
    if (parse_cs(&p, e, &u.idle_cs) < 0) {
        diag_set(d, NULL, 1, (unsigned)(at - buf) + 1, "expected the idle seconds");
        return -EBADMSG;
    }
    if (p < e && *p == '\n')
        p++;
    if (p != e) {
        diag_set(d, NULL, 1, (unsigned)(p - buf) + 1, "unexpected text after the two numbers");
        return -EBADMSG;
    }
    *ret = u;
    return 0;
}

bool uptime_cpu_times(const struct uptime *u, unsigned cpus, uint64_t *busy_cs, uint64_t *idle_cs)
{
    uint64_t all;
    if (cpus == 0 || !mul_u64(u->up_cs, cpus, &all))
        return false;
    /* uptime is cut to a hundredth, which the multiplication magnifies */
    if (u->idle_cs > sat_add_u64(all, cpus))
        return false;
    *idle_cs = u->idle_cs;
    *busy_cs = sat_sub_u64(all, u->idle_cs);
    return true;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return uptime_parse(buf, len, ret, d);
}

int uptime_read(const struct rootfs *r, struct uptime *ret, struct probe_status *st)
{
    return probe_load(r, "proc/uptime", 256, parse_cb, ret, st);
}

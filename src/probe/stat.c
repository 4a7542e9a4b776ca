#include "probe/stat.h"

#include <errno.h>
#include <string.h>

#include "util/lines.h"
#include "util/parse.h"

int cpu_times_parse(const char *buf, size_t len, struct cpu_times *ret, struct diag *d)
{
    const char *nl = memchr(buf, '\n', len);
    const char *p = buf, *e = nl ? nl : buf + len;
    if (e - p < 4 || memcmp(p, "cpu", 3) != 0 || (p[3] != ' ' && p[3] != '\t')) {
        diag_set(d, NULL, 1, 1, "expected the aggregate 'cpu' line first");
        return -EBADMSG;
    }
    p += 3;
    struct cpu_times t;
    memset(&t, 0, sizeof(t));
    uint64_t *dst[] = {&t.user,   &t.nice, &t.system,  &t.idle,
                       &t.iowait, &t.irq,  &t.softirq, &t.steal};
    unsigned n = 0;
    for (;;) {
        p = skip_blanks(p, e);
        if (p >= e)
            break;
        uint64_t v;
        const char *at = p;
        int r = parse_u64_dec(&p, e, &v);
        if (r < 0 || (p < e && *p != ' ' && *p != '\t')) {
            diag_set(d, NULL, 1, (unsigned)(at - buf) + 1,
                     r == -ERANGE ? "number too large" : "expected a number");
            return -EBADMSG;
        }
        if (n < 8)
            *dst[n] = v;
        n++;
        if (n > 16) {
            diag_set(d, NULL, 1, (unsigned)(at - buf) + 1, "more than 16 fields");
            return -EBADMSG;
        }
    }
    if (n < 4) {
        diag_set(d, NULL, 1, (unsigned)(e - buf) + 1, "fewer than 4 CPU time fields");
        return -EBADMSG;
    }
    t.nfields = n < 8 ? n : 8;
    *ret = t;
    return 0;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return cpu_times_parse(buf, len, ret, d);
}

int cpu_times_read(const struct rootfs *r, struct cpu_times *ret, struct probe_status *st)
{
    return probe_load(r, "proc/stat", PROBE_CAP_LARGE, parse_cb, ret, st);
}

uint64_t cpu_times_busy(const struct cpu_times *t)
{
    uint64_t b = sat_add_u64(t->user, t->nice);
    b = sat_add_u64(b, t->system);
    b = sat_add_u64(b, t->irq);
    b = sat_add_u64(b, t->softirq);
    return sat_add_u64(b, t->steal);
}

uint64_t cpu_times_idle(const struct cpu_times *t)
{
    return sat_add_u64(t->idle, t->iowait);
}

int stat_btime_parse(const char *buf, size_t len, uint64_t *ret, struct diag *d)
{
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        if (n < 6 || memcmp(s, "btime ", 6) != 0)
            continue;
        const char *p = s + 6, *e = s + n;
        uint64_t v;
        if (parse_u64_dec(&p, e, &v) < 0 || p == s + 6 || p != e) {
            diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1,
                     "btime: expected seconds since the epoch");
            return -EBADMSG;
        }
        *ret = v;
        return 0;
    }
    return -ENOENT;
}

static int btime_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    int e = stat_btime_parse(buf, len, ret, d);
    return e == -ENOENT ? 1 : e; /* no line: told apart below */
}

int stat_btime_read(const struct rootfs *r, uint64_t *ret, struct probe_status *st)
{
    uint64_t v = 0;
    int e = probe_load(r, "proc/stat", PROBE_CAP_LARGE, btime_cb, &v, st);
    if (e == 1) {
        st->state = PROBE_UNAVAILABLE;
        st->error = -ENOENT;
        return -ENOENT;
    }
    if (e == 0)
        *ret = v;
    return e;
}

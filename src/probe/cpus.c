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

/* The word `w` among the space- or tab-separated words of [p, e). */
static bool has_word(const char *p, const char *e, const char *w)
{
    size_t wl = strlen(w);
    while (p < e) {
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        const char *s = p;
        while (p < e && *p != ' ' && *p != '\t')
            p++;
        if ((size_t)(p - s) == wl && memcmp(s, w, wl) == 0)
            return true;
    }
    return false;
}

int cpuinfo_flags_parse(const char *buf, size_t len, struct cpu_features *ret, struct diag *d)
{
    struct cpu_features f = {false, false, false};
    const char *p = buf, *end = buf + len;
    unsigned line = 0;
    while (p < end) {
        line++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        size_t name = 0;
        if ((size_t)(e - p) >= 5 && memcmp(p, "flags", 5) == 0)
            name = 5;
        else if ((size_t)(e - p) >= 8 && memcmp(p, "Features", 8) == 0)
            name = 8;
        if (name) {
            const char *q = p + name;
            bool gap = false;
            while (q < e && (*q == ' ' || *q == '\t')) {
                q++;
                gap = true;
            }
            if (q < e && *q == ':') {
                f.known = true;
                f.avx2 = has_word(q + 1, e, "avx2");
                f.avx512f = has_word(q + 1, e, "avx512f");
                *ret = f;
                return 0;
            }
            if (gap || q == e) { /* "flags" then no ':'; "flagsX" is another key */
                diag_set(d, NULL, line, (unsigned)(q - p) + 1, "expected ':' after '%.*s'",
                         (int)name, p);
                return -EBADMSG;
            }
        }
        p = nl ? nl + 1 : end;
    }
    *ret = f;
    return 0;
}

int cpuinfo_read(const struct rootfs *r, struct cpu_features *ret, struct probe_status *st)
{
    struct strbuf sb = STRBUF_INIT;
    memset(ret, 0, sizeof(*ret));
    memset(st, 0, sizeof(*st));
    int e = probe_read_file(r, "proc/cpuinfo", PROBE_CAP_LARGE, &sb, st);
    if (e == -EFBIG) { /* the first CPU's block is in the first MiB */
        memset(st, 0, sizeof(*st));
        st->path = "proc/cpuinfo";
        e = 0;
    }
    if (e == 0) {
        struct diag d;
        diag_clear(&d);
        if (cpuinfo_flags_parse(sb.buf, sb.len, ret, &d) < 0) {
            probe_set_malformed(st, &d);
            e = -EBADMSG;
        } else {
            probe_set_ok(st);
        }
    }
    strbuf_release(&sb);
    return e;
}

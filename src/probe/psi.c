#include "probe/psi.h"

#include <errno.h>
#include <string.h>

#include "util/lines.h"
#include "util/parse.h"

static int parse_line(const char *s, size_t n, unsigned lineno, const char *base,
                      struct psi_line *out, struct diag *d)
{
    static const char *const keys[] = {"avg10=", "avg60=", "avg300=", "total="};
    const char *p = s, *e = s + n;
    uint64_t *dst[] = {&out->avg10, &out->avg60, &out->avg300, &out->total_us};
    for (int i = 0; i < 4; i++) {
        p = skip_blanks(p, e);
        size_t kl = strlen(keys[i]);
        if ((size_t)(e - p) < kl || memcmp(p, keys[i], kl) != 0) {
            diag_set(d, NULL, lineno, (unsigned)(p - base) + 1, "expected '%s'", keys[i]);
            return -EBADMSG;
        }
        p += kl;
        int r = i < 3 ? parse_centi(&p, e, dst[i]) : parse_u64_dec(&p, e, dst[i]);
        if (r < 0) {
            diag_set(d, NULL, lineno, (unsigned)(p - base) + 1, "expected a number");
            return -EBADMSG;
        }
        if (i < 3 && *dst[i] > 10000) {
            diag_set(d, NULL, lineno, (unsigned)(p - base) + 1, "percentage above 100");
            return -EBADMSG;
        }
    }
    p = skip_blanks(p, e);
    if (p != e) {
        diag_set(d, NULL, lineno, (unsigned)(p - base) + 1, "unexpected text");
        return -EBADMSG;
    }
    return 0;
}

int psi_parse(const char *buf, size_t len, struct psi *ret, struct diag *d)
{
    struct psi v;
    memset(&v, 0, sizeof(v));
    bool has_some = false;
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        if (n == 0)
            continue;
        struct psi_line *dst;
        bool *seen;
        if (n > 5 && memcmp(s, "some ", 5) == 0) {
            dst = &v.some;
            seen = &has_some;
        } else if (n > 5 && memcmp(s, "full ", 5) == 0) {
            dst = &v.full;
            seen = &v.has_full;
        } else {
            diag_set(d, NULL, it.lineno, 1, "expected 'some' or 'full'");
            return -EBADMSG;
        }
        if (*seen) {
            diag_set(d, NULL, it.lineno, 1, "line repeated");
            return -EBADMSG;
        }
        if (parse_line(s + 5, n - 5, it.lineno, s, dst, d) < 0)
            return -EBADMSG;
        *seen = true;
    }
    if (!has_some) {
        diag_set(d, NULL, 1, 1, "no 'some' line");
        return -EBADMSG;
    }
    *ret = v;
    return 0;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return psi_parse(buf, len, ret, d);
}

int psi_read(const struct rootfs *r, const char *path, struct psi *ret, struct probe_status *st)
{
    return probe_load(r, path ? path : "proc/pressure/memory", PROBE_CAP_SMALL, parse_cb, ret, st);
}

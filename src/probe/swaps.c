#include "probe/swaps.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/lines.h"
#include "util/fields.h"
#include "util/parse.h"

int swaps_parse(const char *buf, size_t len, struct swaps *ret, struct diag *d)
{
    struct swaps sw;
    memset(&sw, 0, sizeof(sw));
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    bool header = false;
    while (lines_next(&it, &s, &n)) {
        const char *e = s + n, *p = s;
        if (n == 0)
            continue;
        if (!header) {
            if (n < 8 || memcmp(s, "Filename", 8) != 0) {
                diag_set(d, NULL, it.lineno, 1,
                         "expected the 'Filename Type Size Used Priority' header");
                return -EBADMSG;
            }
            header = true;
            continue;
        }
        const char *fs[5];
        size_t fn[5];
        int nf = 0;
        while (nf < 5 && field_next(&p, e, &fs[nf], &fn[nf]))
            nf++;
        const char *extra;
        size_t extran;
        if (nf != 5 || field_next(&p, e, &extra, &extran)) {
            diag_set(d, NULL, it.lineno, 1,
                     "expected 5 fields: filename, type, size, used, priority");
            return -EBADMSG;
        }
        if (sw.n >= SWAPS_MAX) {
            diag_set(d, NULL, it.lineno, 1, "more than %d swap areas", SWAPS_MAX);
            return -EBADMSG;
        }
        struct swap_area *a = &sw.areas[sw.n];
        unescape_octal(fs[0], fn[0], a->filename, sizeof(a->filename));
        snprintf(a->type, sizeof(a->type), "%.*s", (int)fn[1], fs[1]);
        uint64_t size_kb, used_kb;
        const char *q = fs[2];
        if (parse_u64_dec(&q, fs[2] + fn[2], &size_kb) < 0 || q != fs[2] + fn[2] ||
            !mul_u64(size_kb, 1024, &a->size)) {
            diag_set(d, NULL, it.lineno, (unsigned)(fs[2] - s) + 1, "bad size");
            return -EBADMSG;
        }
        q = fs[3];
        if (parse_u64_dec(&q, fs[3] + fn[3], &used_kb) < 0 || q != fs[3] + fn[3] ||
            !mul_u64(used_kb, 1024, &a->used)) {
            diag_set(d, NULL, it.lineno, (unsigned)(fs[3] - s) + 1, "bad used size");
            return -EBADMSG;
        }
        q = fs[4];
        if (parse_i64_dec(&q, fs[4] + fn[4], &a->priority) < 0 || q != fs[4] + fn[4]) {
            diag_set(d, NULL, it.lineno, (unsigned)(fs[4] - s) + 1, "bad priority");
            return -EBADMSG;
        }
        sw.total = sat_add_u64(sw.total, a->size);
        sw.used = sat_add_u64(sw.used, a->used);
        sw.n++;
    }
    *ret = sw;
    return 0;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return swaps_parse(buf, len, ret, d);
}

int swaps_read(const struct rootfs *r, struct swaps *ret, struct probe_status *st)
{
    return probe_load(r, "proc/swaps", PROBE_CAP_SMALL, parse_cb, ret, st);
}

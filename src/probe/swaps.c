#include "probe/swaps.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/lines.h"
#include "util/parse.h"

/* Copies the next whitespace-delimited field into out; false if none. */
static bool next_field(const char **p, const char *e, const char **ret_s, size_t *ret_n)
{
    const char *s = *p;
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    if (s >= e)
        return false;
    const char *f = s;
    while (s < e && *s != ' ' && *s != '\t')
        s++;
    *ret_s = f;
    *ret_n = (size_t)(s - f);
    *p = s;
    return true;
}

/* The kernel writes space, tab, newline and backslash in names as \ooo. */
static void unescape_octal(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        if (s[i] == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
            s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
            out[o++] = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0'));
            i += 3;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
}

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
        while (nf < 5 && next_field(&p, e, &fs[nf], &fn[nf]))
            nf++;
        const char *extra;
        size_t extran;
        if (nf != 5 || next_field(&p, e, &extra, &extran)) {
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

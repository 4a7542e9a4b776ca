#include "probe/maps.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/lines.h"
#include "util/parse.h"

static bool ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    return n >= k && memcmp(s + n - k, suf, k) == 0;
}

bool maps_is_model_path(const char *path, size_t n)
{
    const char *base = path;
    for (size_t i = 0; i < n; i++)
        if (path[i] == '/')
            base = path + i + 1;
    size_t bn = n - (size_t)(base - path);
    if (ends_with(base, bn, ".gguf") || ends_with(base, bn, ".ggml"))
        return bn > 5;
    return bn > 9 && memcmp(base, "ggml-", 5) == 0 && ends_with(base, bn, ".bin");
}

static int hex(const char **p, const char *e, uint64_t *ret)
{
    uint64_t v = 0;
    const char *s = *p;
    while (s < e) {
        unsigned c = (unsigned char)*s, dv;
        if (c >= '0' && c <= '9')
            dv = c - '0';
        else if (c >= 'a' && c <= 'f')
            dv = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            dv = c - 'A' + 10;
        else
            break;
        if (v >> 60)
            return -ERANGE;
        v = v << 4 | dv;
        s++;
    }
    if (s == *p)
        return -EINVAL;
    *p = s;
    *ret = v;
    return 0;
}

/* Skips one blank-separated field; false when none is there. */
static bool skip_field(const char **p, const char *e)
{
    const char *s = skip_blanks(*p, e);
    if (s >= e)
        return false;
    while (s < e && *s != ' ' && *s != '\t')
        s++;
    *p = s;
    return true;
}

int maps_models_parse(const char *buf, size_t len, struct maps_models *ret, struct diag *d)
{
    struct maps_models m;
    memset(&m, 0, sizeof(m));
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        if (n == 0)
            continue;
        const char *p = s, *e = s + n;
        uint64_t lo, hi;
        if (hex(&p, e, &lo) < 0 || p >= e || *p != '-') {
            diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1, "expected START-END");
            return -EBADMSG;
        }
        p++;
        if (hex(&p, e, &hi) < 0 || hi < lo || (p < e && *p != ' ')) {
            diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1, "bad END address");
            return -EBADMSG;
        }
        for (int f = 0; f < 4; f++) { /* perms offset dev inode */
            if (!skip_field(&p, e)) {
                diag_set(d, NULL, it.lineno, (unsigned)(p - s) + 1,
                         "expected 'PERMS OFFSET DEV INODE'");
                return -EBADMSG;
            }
        }
        p = skip_blanks(p, e);
        size_t pn = (size_t)(e - p);
        if (pn && *p == '/' && maps_is_model_path(p, pn)) {
            m.mapped = sat_add_u64(m.mapped, hi - lo);
            m.mappings++;
            if (!m.first_path[0])
                snprintf(m.first_path, sizeof(m.first_path), "%.*s", (int)(pn < 255 ? pn : 255), p);
        }
    }
    *ret = m;
    return 0;
}

#include "util/fields.h"

bool field_next(const char **p, const char *e, const char **ret_s, size_t *ret_n)
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

static bool octal_at(const char *s, size_t i, size_t n)
{
    return s[i] == '\\' && i + 3 < n && s[i + 1] >= '0' && s[i + 1] <= '3' && s[i + 2] >= '0' &&
           s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7';
}

size_t unescape_octal(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        if (octal_at(s, i, n)) {
            out[o++] = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) | (s[i + 3] - '0'));
            i += 3;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    return o;
}

#include "util/sanitize.h"

#include <stdbool.h>
#include <string.h>

char *text_sanitize(const char *s, size_t len, char *out, size_t n)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len && o + 1 < n;) {
        unsigned c = p[i];
        if (c < 0x20 || c == 0x7f) {
            out[o++] = '?';
            i++;
            continue;
        }
        if (c < 0x80) {
            out[o++] = (char)c;
            i++;
            continue;
        }
        size_t sl = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 ? 2 : 0;
        bool ok = sl && i + sl <= len && c <= 0xf4;
        for (size_t k = 1; ok && k < sl; k++)
            ok = (p[i + k] & 0xc0) == 0x80;
        /* C1 controls (U+0080..U+009F) can act as escapes on some terminals */
        if (ok && sl == 2 && c == 0xc2 && p[i + 1] < 0xa0)
            ok = false;
        if (!ok) {
            out[o++] = '?';
            i++;
            continue;
        }
        if (o + sl >= n)
            break;
        memcpy(out + o, p + i, sl);
        o += sl;
        i += sl;
    }
    out[o] = '\0';
    return out;
}

void text_copy_field(char *dst, size_t cap, const char *s, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if (dst[i] == '\0')
            dst[i] = '?';
}

size_t utf8_cut_len(const char *s, size_t len, size_t cap)
{
    if (len <= cap)
        return len;
    size_t n = cap;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

void utf8_copy_cut(char *dst, size_t n, const char *s)
{
    if (n == 0)
        return;
    size_t l = utf8_cut_len(s, strlen(s), n - 1);
    memcpy(dst, s, l);
    dst[l] = '\0';
}

#include "net/http-header.h"

#include <string.h>
#include <strings.h>

#include "util/parse.h"

/* "Name:" case aside, then the blanks after it; *ret_off is the value. */
static bool named(const char *s, size_t n, const char *name, size_t *ret_off)
{
    size_t k = strlen(name);
    if (n < k || strncasecmp(s, name, k) != 0)
        return false;
    while (k < n && (s[k] == ' ' || s[k] == '\t'))
        k++;
    *ret_off = k;
    return true;
}

/* Digits at *p, before end. */
static bool number(const char **p, const char *end, uint64_t *ret)
{
    return parse_u64_dec(p, end, ret) == 0;
}

void http_header_parse(const char *line, size_t len, struct http_hdr *ret)
{
    memset(ret, 0, sizeof(*ret));
    while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
        len--;
    size_t off;
    const char *end = line + len;
    if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) {
        ret->kind = HDR_STATUS;
    } else if (named(line, len, "content-range:", &off)) {
        /* "bytes 0-1048575/6301984", or a "*" for the total when unknown */
        const char *p = line + off;
        uint64_t a, b;
        if ((size_t)(end - p) > 6 && strncasecmp(p, "bytes ", 6) == 0) {
            p += 6;
            if (number(&p, end, &a) && p < end && *p == '-' && (p++, number(&p, end, &b)) &&
                a <= b && p < end && *p == '/') {
                p++;
                uint64_t t;
                if (p < end && *p == '*' && p + 1 == end) {
                    ret->kind = HDR_CONTENT_RANGE;
                } else if (number(&p, end, &t) && p == end && b < t) {
                    ret->kind = HDR_CONTENT_RANGE;
                    ret->total = t;
                    ret->total_known = true;
                }
                ret->start = a;
                ret->end = b;
            }
        }
    } else if (named(line, len, "content-length:", &off)) {
        const char *p = line + off;
        if (number(&p, end, &ret->length) && p == end)
            ret->kind = HDR_CONTENT_LENGTH;
    } else if (named(line, len, "etag:", &off)) {
        ret->kind = HDR_ETAG;
        ret->value = line + off;
        ret->value_len = len - off;
    }
    if (ret->kind == HDR_OTHER)
        ret->start = ret->end = 0;
}

#include "util/parse.h"

#include <errno.h>
#include <string.h>

bool mul_u64(uint64_t a, uint64_t b, uint64_t *ret)
{
    return !__builtin_mul_overflow(a, b, ret);
}

bool add_u64(uint64_t a, uint64_t b, uint64_t *ret)
{
    return !__builtin_add_overflow(a, b, ret);
}

int parse_i64_dec(const char **p, const char *end, int64_t *ret)
{
    const char *s = *p;
    bool neg = false;
    if (s < end && *s == '-') {
        neg = true;
        s++;
    }
    uint64_t v;
    int r = parse_u64_dec(&s, end, &v);
    if (r < 0)
        return r;
    if (neg ? v > (uint64_t)INT64_MAX + 1 : v > (uint64_t)INT64_MAX)
        return -ERANGE;
    *ret = neg ? (int64_t)(0 - v) : (int64_t)v;
    *p = s;
    return 0;
}

int parse_u64_str(const char *s, uint64_t *ret)
{
    const char *end = s + strlen(s);
    const char *p = s;
    uint64_t v;
    int r = parse_u64_dec(&p, end, &v);
    if (r < 0)
        return r;
    if (p != end)
        return -EINVAL;
    *ret = v;
    return 0;
}

int parse_centi(const char **p, const char *end, uint64_t *ret)
{
    const char *s = *p;
    uint64_t whole, v;
    int r = parse_u64_dec(&s, end, &whole);
    if (r < 0)
        return r;
    if (!mul_u64(whole, 100, &v))
        return -ERANGE;
    if (s < end && *s == '.') {
        s++;
        if (s >= end || *s < '0' || *s > '9')
            return -EINVAL;
        unsigned scale = 10;
        while (s < end && *s >= '0' && *s <= '9') {
            if (scale && !add_u64(v, (uint64_t)(*s - '0') * scale, &v))
                return -ERANGE;
            scale /= 10;
            s++;
        }
    }
    *p = s;
    *ret = v;
    return 0;
}

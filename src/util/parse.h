/* Strict number parsing for untrusted text: no locale, no sign surprises,
 * overflow is an error, and the caller learns where the number ended. */
#ifndef HEADROOM_PARSE_H
#define HEADROOM_PARSE_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parses decimal digits at *p (at most `end`); at least one digit required.
 * On success advances *p past the digits and returns 0; -ERANGE on overflow,
 * -EINVAL when no digit is there. */
static inline int parse_u64_dec(const char **p, const char *end, uint64_t *ret)
{
    const char *s = *p;
    uint64_t v = 0;
    if (s >= end || *s < '0' || *s > '9')
        return -EINVAL;
    while (s < end && *s >= '0' && *s <= '9') {
        if (__builtin_mul_overflow(v, 10, &v) ||
            __builtin_add_overflow(v, (uint64_t)(*s - '0'), &v))
            return -ERANGE;
        s++;
    }
    *p = s;
    *ret = v;
    return 0;
}
/* Same for an optional leading '-' followed by digits. */
int parse_i64_dec(const char **p, const char *end, int64_t *ret);
/* A whole NUL-terminated string that must be only a decimal number. */
int parse_u64_str(const char *s, uint64_t *ret);
/* A fixed-point decimal like "12.34" (as PSI writes), stored as hundredths.
 * Up to two fractional digits are kept; more are accepted and truncated. */
int parse_centi(const char **p, const char *end, uint64_t *ret);
/* Overflow-checked arithmetic: return false on overflow. */
bool mul_u64(uint64_t a, uint64_t b, uint64_t *ret);
bool add_u64(uint64_t a, uint64_t b, uint64_t *ret);
/* Saturating arithmetic, for figures derived from untrusted values. */
static inline uint64_t sat_add_u64(uint64_t a, uint64_t b)
{
    uint64_t r;
    return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}
static inline uint64_t sat_sub_u64(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}
static inline uint64_t sat_mul_u64(uint64_t a, uint64_t b)
{
    uint64_t r;
    return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}
/* Skips spaces and tabs. Inline: parsers call it for every field of files
 * `watch` reads each second. */
static inline const char *skip_blanks(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

#endif

#include "util/size.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/parse.h"

char *size_format(uint64_t bytes, char *buf, size_t n)
{
    static const char *const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    if (bytes < KIB) {
        snprintf(buf, n, "%llu B", (unsigned long long)bytes);
        return buf;
    }
    /* Integer arithmetic in tenths of a unit, so the output never depends on
     * floating-point rounding; a value that rounds up to 1024 moves to the
     * next unit ("1.0 GiB", not "1024 MiB"). */
    unsigned u = 0;
    unsigned __int128 div = KIB;
    for (;;) {
        unsigned __int128 tenths = ((unsigned __int128)bytes * 10 + div / 2) / div;
        bool last = u + 1 >= sizeof(units) / sizeof(units[0]);
        if (!last && ((unsigned __int128)bytes + div / 2) / div >= 1024) {
            div *= KIB;
            u++;
            continue;
        }
        if (tenths >= 1000) {
            unsigned long long whole =
                (unsigned long long)(((unsigned __int128)bytes + div / 2) / div);
            snprintf(buf, n, "%llu %s", whole, units[u]);
        } else {
            snprintf(buf, n, "%llu.%llu %s", (unsigned long long)(tenths / 10),
                     (unsigned long long)(tenths % 10), units[u]);
        }
        return buf;
    }
}

const char *size_str(uint64_t bytes)
{
    static char ring[8][24];
    static unsigned next;
    char *b = ring[next++ % 8];
    return size_format(bytes, b, sizeof(ring[0]));
}

int size_parse(const char *s, uint64_t *ret)
{
    const char *end = s + strlen(s);
    const char *p = s;
    uint64_t whole, frac = 0, frac_div = 1;
    int r = parse_u64_dec(&p, end, &whole);
    if (r < 0)
        return r;
    if (p < end && *p == '.') {
        p++;
        if (p >= end || !isdigit((unsigned char)*p))
            return -EINVAL;
        while (p < end && isdigit((unsigned char)*p)) {
            if (frac_div < 1000000000ULL) {
                frac = frac * 10 + (uint64_t)(*p - '0');
                frac_div *= 10;
            }
            p++;
        }
    }
    while (p < end && *p == ' ')
        p++;
    static const struct {
        const char *name;
        uint64_t mult;
    } units[] = {
        {"", 1},      {"B", 1},    {"K", KIB},   {"KB", KIB},  {"KiB", KIB},
        {"M", MIB},   {"MB", MIB}, {"MiB", MIB}, {"G", GIB},   {"GB", GIB},
        {"GiB", GIB}, {"T", TIB},  {"TB", TIB},  {"TiB", TIB},
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (strcasecmp(p, units[i].name) != 0)
            continue;
        if (!units[i].name[0] && (whole || frac))
            return -EDOM;
        uint64_t v;
        if (!mul_u64(whole, units[i].mult, &v))
            return -ERANGE;
        if (frac) {
            /* frac/frac_div of a unit; frac < frac_div <= 1e9 and mult <= 2^40
             * so the product fits in 128 bits; use long double for the
             * fraction only, rounding to the nearest byte. */
            long double part =
                (long double)frac * (long double)units[i].mult / (long double)frac_div;
            if (!add_u64(v, (uint64_t)(part + 0.5L), &v))
                return -ERANGE;
        }
        *ret = v;
        return 0;
    }
    return -EINVAL;
}

const char *size_parse_problem(int err)
{
    if (err == -EDOM)
        return "needs a unit, e.g. 16GB";
    if (err == -ERANGE)
        return "is too large";
    return "is not a size (e.g. 16GB, 512MiB)";
}

char *count_words(uint64_t n, char *buf, size_t len)
{
    static const struct {
        uint64_t unit;
        const char *word;
    } words[] = {{1000000000000ULL, "trillion"},
                 {1000000000ULL, "billion"},
                 {1000000ULL, "million"},
                 {1000ULL, "thousand"}};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        /* 999.96 million is "1.0 billion", not "1000 million" */
        if (n < words[i].unit - words[i].unit / 2000)
            continue;
        double v = (double)n / (double)words[i].unit;
        /* 9.96 billion rounds to "10 billion", not "10.0 billion" */
        if (v < 9.95)
            snprintf(buf, len, "%.1f %s", v, words[i].word);
        else
            snprintf(buf, len, "%.0f %s", v, words[i].word);
        return buf;
    }
    snprintf(buf, len, "%llu", (unsigned long long)n);
    return buf;
}

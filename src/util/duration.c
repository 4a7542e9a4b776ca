#include "util/duration.h"

#include <errno.h>
#include <string.h>

#include "util/parse.h"

int duration_parse_ms(const char *s, size_t n, uint64_t *ret)
{
    const char *p = s, *e = s + n;
    uint64_t v;
    int r = parse_u64_dec(&p, e, &v);
    if (r < 0)
        return r;
    size_t un = (size_t)(e - p);
    uint64_t mul;
    if (un == 0) {
        if (v != 0)
            return -EDOM;
        mul = 1;
    } else if (un == 2 && memcmp(p, "ms", 2) == 0) {
        mul = 1;
    } else if (un == 1 && *p == 's') {
        mul = 1000;
    } else if (un == 1 && *p == 'm') {
        mul = 60000;
    } else if (un == 1 && *p == 'h') {
        mul = 3600000;
    } else {
        return -EINVAL;
    }
    if (!mul_u64(v, mul, &v) || v > DURATION_MAX_MS)
        return -ERANGE;
    *ret = v;
    return 0;
}

const char *duration_parse_problem(int err)
{
    if (err == -EDOM)
        return "needs a unit, e.g. 1s";
    if (err == -ERANGE)
        return "is longer than 30 days";
    return "is not a duration (e.g. 500ms, 1s, 2m)";
}

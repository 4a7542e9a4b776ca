/* Durations on the command line and in headroom's own settings files, one
 * syntax everywhere: a whole number and a unit, ms, s, m or h ("500ms",
 * "1s", "2m"). A unit is never guessed: "5" is refused (-EDOM), since one
 * option's 5 is seconds and another's milliseconds. */
#ifndef HEADROOM_DURATION_H
#define HEADROOM_DURATION_H

#include <stddef.h>
#include <stdint.h>

#define DURATION_MAX_MS (30ull * 24 * 3600 * 1000) /* 30 days */

/* The n bytes at s as milliseconds: 0, -EINVAL (not a duration), -EDOM (a
 * number without its unit; "0" alone is fine) or -ERANGE (beyond
 * DURATION_MAX_MS). */
int duration_parse_ms(const char *s, size_t n, uint64_t *ret);
/* What is wrong with a value duration_parse_ms() refused with `err`, to
 * follow the quoted value: "needs a unit, e.g. 1s" ... */
const char *duration_parse_problem(int err);

#endif

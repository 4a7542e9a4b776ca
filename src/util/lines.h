/* Iterating over the lines of a buffer that may lack a final newline or
 * contain NUL bytes. */
#ifndef HEADROOM_LINES_H
#define HEADROOM_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct lines {
    const char *p, *end;
    unsigned lineno; /* of the line last returned, 1-based */
};

static inline void lines_init(struct lines *it, const char *buf, size_t len)
{
    it->p = buf;
    it->end = buf + len;
    it->lineno = 0;
}

/* Returns the next line without its '\n' in [*ret_s, *ret_s + *ret_n). */
static inline bool lines_next(struct lines *it, const char **ret_s, size_t *ret_n)
{
    if (it->p >= it->end)
        return false;
    const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
    const char *e = nl ? nl : it->end;
    *ret_s = it->p;
    *ret_n = (size_t)(e - it->p);
    it->p = nl ? nl + 1 : it->end;
    it->lineno++;
    return true;
}

#endif

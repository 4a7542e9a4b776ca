/* Allocation that cannot fail: on out-of-memory the process prints one line
 * and exits with status 3 (system error). Every other module allocates through
 * these, so callers never need an OOM branch. */
#ifndef HEADROOM_XALLOC_H
#define HEADROOM_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows an array to hold at least `need` elements of `size` bytes; *alloc is
 * updated. Overflow of need*size is treated as out-of-memory. */
void *xgrow(void *p, size_t need, size_t size, size_t *alloc);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a freshly allocated string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif

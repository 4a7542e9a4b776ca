/* A growable byte buffer, after git's strbuf.
 *
 * Invariants: `buf` is never NULL and always NUL-terminated at `buf[len]`
 * (the terminator is not counted in `len`), so it can be passed to any C
 * string function. A buffer initialised with STRBUF_INIT points at a shared
 * empty string until the first addition; never write through it before that.
 * Ownership leaves the strbuf only through strbuf_detach(). */
#ifndef HEADROOM_STRBUF_H
#define HEADROOM_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
    char *buf;
    size_t len;
    size_t alloc;
};

extern char strbuf_empty[];
#define STRBUF_INIT                                                                                \
    {                                                                                              \
        strbuf_empty, 0, 0                                                                         \
    }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* Makes room for `extra` more bytes (plus the terminator). */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_reset(struct strbuf *sb);
/* Hands the buffer to the caller (who frees it) and leaves `sb` empty. */
char *strbuf_detach(struct strbuf *sb, size_t *ret_len);

#endif

/* Untrusted bytes (names in GGUF files, process names, host data) made safe
 * to show: on a terminal, in a log line, in a finding's text. Lives in
 * util/ so rules can clean a name before it goes into a finding without
 * reaching up to the renderers. */
#ifndef HEADROOM_SANITIZE_H
#define HEADROOM_SANITIZE_H

#include <stddef.h>

/* Copies s into out replacing control bytes, C1 controls and invalid UTF-8
 * with '?'. Returns out (always NUL-terminated). */
char *text_sanitize(const char *s, size_t len, char *out, size_t n);

/* Copies at most cap-1 bytes of s[0..n) into dst, NUL-terminated, with a
 * NUL byte inside shown as '?' (it would cut the text short silently). The
 * bytes are kept otherwise: text_sanitize() is for showing them. */
void text_copy_field(char *dst, size_t cap, const char *s, size_t n);

/* The length of the longest prefix of s[0..len) of at most cap bytes that
 * does not end inside a UTF-8 sequence (a continuation byte is never left
 * without its lead). */
size_t utf8_cut_len(const char *s, size_t len, size_t cap);
/* s copied into dst (n bytes), cut by utf8_cut_len to fit, NUL-terminated. */
void utf8_copy_cut(char *dst, size_t n, const char *s);

#endif

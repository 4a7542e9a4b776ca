/* Lines of the kernel's tables (/proc/self/mounts, /proc/swaps): fields
 * separated by runs of spaces and tabs, names with the kernel's \ooo
 * escapes (seq_file mangles space, tab, newline and backslash). */
#ifndef HEADROOM_FIELDS_H
#define HEADROOM_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

/* The next field at or after *p (before e): its start and length, *p moved
 * past it. false when only blanks remain. */
bool field_next(const char **p, const char *e, const char **ret_s, size_t *ret_n);
/* s[0..n) with \ooo escapes undone into out (cap bytes, always
 * NUL-terminated, cut to fit); returns the length written. A \000 makes a
 * NUL byte, which ends the string for C callers. */
size_t unescape_octal(const char *s, size_t n, char *out, size_t cap);

#endif

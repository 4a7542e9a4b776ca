/* headroom-win.exe's output: the project's JSON writer (src/out/json.c,
 * compiled into the helper too) on stdout, plus what Windows adds: UTF-16
 * strings, and nulls that carry the Win32 error that caused them.
 *
 * Every value the helper reports is either a value or null; a null is always
 * followed by "<key>_error": a one-line reason (out_null_why,
 * out_null_win32). */
#ifndef HEADROOM_WIN_OUT_H
#define HEADROOM_WIN_OUT_H

#include <stddef.h>
#include <wchar.h>

#include "out/json.h"

/* UTF-16 to UTF-8 into out (always NUL-terminated, cut at a character
 * boundary when it does not fit). */
void wide_to_utf8(const wchar_t *s, size_t len, char *out, size_t n);
/* A UTF-16 string value (n = (size_t)-1: NUL-terminated). */
void out_wstr(struct json *j, const wchar_t *s, size_t n);
void out_kv_wstr(struct json *j, const char *key, const wchar_t *s);
/* "key": null, "key_error": why */
void out_null_why(struct json *j, const char *key, const char *why);
/* "key": null, "key_error": "<what>: <system message> (error N)" */
void out_null_win32(struct json *j, const char *key, const char *what, unsigned long err);
/* The system's message for a Win32 error, as UTF-8 on one line. */
void win32_message(unsigned long err, char *out, size_t n);

#endif

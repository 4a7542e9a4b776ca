/* headroom-win.exe: a small JSON writer into memory.
 *
 * The document is built in a growing buffer and written to stdout in one
 * piece at the end, with LF line ends (stdout is switched to binary). Strings
 * from Windows are UTF-16 and become UTF-8 here; control characters are
 * escaped, so the output is valid JSON whatever a service or adapter is
 * called.
 *
 * Every value the helper reports is either a value or null; a null is always
 * followed by "<key>_error": a one-line reason (jw_null_why, jw_null_win32). */
#ifndef HEADROOM_WIN_JW_H
#define HEADROOM_WIN_JW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

#define JW_MAX_DEPTH 16

struct jw {
    char *buf;
    size_t len, cap;
    int depth;
    bool first[JW_MAX_DEPTH];
    bool after_key;
    bool failed; /* out of memory: the document is dropped */
};

void jw_init(struct jw *w);
void jw_free(struct jw *w);
void jw_obj_begin(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr_begin(struct jw *w);
void jw_arr_end(struct jw *w);
void jw_key(struct jw *w, const char *key);
void jw_str(struct jw *w, const char *utf8);            /* NULL writes null */
void jw_wstr(struct jw *w, const wchar_t *s, size_t n); /* n = (size_t)-1: NUL-terminated */
void jw_u64(struct jw *w, uint64_t v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
void jw_finish(struct jw *w);

void jw_kv_str(struct jw *w, const char *key, const char *utf8);
void jw_kv_wstr(struct jw *w, const char *key, const wchar_t *s);
void jw_kv_u64(struct jw *w, const char *key, uint64_t v);
void jw_kv_bool(struct jw *w, const char *key, bool v);
/* "key": null, "key_error": why */
void jw_null_why(struct jw *w, const char *key, const char *why);
/* "key": null, "key_error": "<what>: <system message> (error N)" */
void jw_null_win32(struct jw *w, const char *key, const char *what, unsigned long err);

/* The system's message for a Win32 error, as UTF-8 on one line. */
void win32_message(unsigned long err, char *out, size_t n);
/* UTF-16 to UTF-8 into out (always NUL-terminated, cut at n-1 bytes). */
void wide_to_utf8(const wchar_t *s, size_t len, char *out, size_t n);

#endif

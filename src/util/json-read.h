/* A small JSON reader for documents headroom did not write: the Windows
 * helper's or PowerShell's host description, the state file a tuning script
 * leaves behind. The bytes are untrusted, so:
 *   - nesting is limited (JSON_READ_MAX_DEPTH), recursion with it;
 *   - every allocation is bounded by the input length (at most one node per
 *     input byte, decoded strings never longer than 3 bytes per input byte);
 *   - strings are decoded to UTF-8; invalid UTF-8 bytes and lone surrogates
 *     become U+FFFD; "\u0000" is refused (C strings would silently end);
 *   - a leading UTF-8 BOM is skipped (PowerShell writes one), trailing
 *     whitespace including "\r\n" is allowed, anything else after the value
 *     is an error.
 * Errors are -EBADMSG with a diag at the line and column of the offending
 * byte (its file is left empty for the caller to set).
 *
 * The whole document lives in one arena owned by struct json_doc: every
 * pointer into it stays valid until json_doc_release(). */
#ifndef HEADROOM_JSON_READ_H
#define HEADROOM_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

#define JSON_READ_MAX_DEPTH 64

enum jv_type { JV_NULL, JV_BOOL, JV_NUMBER, JV_STRING, JV_ARRAY, JV_OBJECT };

struct jv {
    enum jv_type type;
    size_t off;            /* byte offset of the value in the input */
    const char *key;       /* member name when inside an object, else NULL */
    const struct jv *next; /* next element or member of the parent, or NULL */

    bool b;        /* JV_BOOL */
    const char *s; /* JV_STRING: decoded, NUL-terminated, no NUL inside */
    size_t len;    /* JV_STRING: bytes in s */
    /* JV_NUMBER: `is_u64` when the literal is a non-negative integer that
     * fits 64 bits (then `u` holds it); `d` always holds its value as a
     * double. */
    bool is_u64;
    uint64_t u;
    double d;
    const struct jv *child; /* JV_ARRAY/JV_OBJECT: first element/member */
    size_t n;               /* JV_ARRAY/JV_OBJECT: number of elements/members */
};

struct json_arena;

struct json_doc {
    const struct jv *root;
    struct json_arena *arena; /* owned */
};

/* Parses buf[0..len). On success fills *ret (release it with
 * json_doc_release()) and returns 0; on malformed input returns -EBADMSG and
 * fills d (line and column of the error). */
int json_doc_parse(const char *buf, size_t len, struct json_doc *ret, struct diag *d);
void json_doc_release(struct json_doc *doc);

/* The first member named `key` of an object; NULL when `obj` is NULL, not an
 * object, or has no such member. */
const struct jv *jv_get(const struct jv *obj, const char *key);
const char *jv_type_name(enum jv_type t);
/* Sets d (no file) to the line and column of value v in buf (the start
 * when v is NULL) with a message; returns -EBADMSG, for mappers that find
 * a well-formed document that still says the wrong thing. */
int jv_diag(struct diag *d, const char *buf, size_t len, const struct jv *v, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

#endif

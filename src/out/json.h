/* A small streaming JSON writer. The caller nests begin/end calls; the writer
 * places commas, indentation (two spaces) and escapes strings. Invalid UTF-8
 * in a string becomes U+FFFD, control characters become \u00XX, so output
 * is always valid JSON whatever bytes a probe read. Numbers: integers exact;
 * fixed-point values (e.g. PSI percentages kept in hundredths) exact; doubles
 * with %.6g; NaN and infinities as null. */
#ifndef HEADROOM_JSON_H
#define HEADROOM_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json {
    FILE *f;
    int depth;
    bool first[JSON_MAX_DEPTH];
    bool after_key;
};

void json_init(struct json *j, FILE *f);
void json_obj_begin(struct json *j);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j);
void json_arr_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s); /* NULL writes null */
void json_strn(struct json *j, const char *s, size_t n);
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
void json_double(struct json *j, double v);
/* A double with `digits` significant digits (9 round-trips a float, 17 a
 * double). */
void json_double_digits(struct json *j, double v, int digits);
/* v / 100 written exactly with two decimals, e.g. 1234 -> 12.34 */
void json_centi(struct json *j, uint64_t v);
/* Ends the document with a newline. */
void json_finish(struct json *j);

/* key + value shorthands */
void json_kv_str(struct json *j, const char *key, const char *s);
void json_kv_u64(struct json *j, const char *key, uint64_t v);
void json_kv_i64(struct json *j, const char *key, int64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);
void json_kv_null(struct json *j, const char *key);
void json_kv_double(struct json *j, const char *key, double v);
void json_kv_centi(struct json *j, const char *key, uint64_t v);

/* Writes the JSON string literal of s[0..n) (with quotes) to f. */
void json_write_string(FILE *f, const char *s, size_t n);

#endif

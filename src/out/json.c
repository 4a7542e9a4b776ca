#include "out/json.h"

#include <math.h>
#include <string.h>

void json_init(struct json *j, FILE *f)
{
    memset(j, 0, sizeof(*j));
    j->f = f;
    j->first[0] = true;
}

static void indent(struct json *j)
{
    fputc('\n', j->f);
    for (int i = 0; i < j->depth; i++)
        fputs("  ", j->f);
}

/* Called before every value or key: separates it from its predecessor. */
static void before_item(struct json *j)
{
    if (j->after_key) {
        j->after_key = false;
        return;
    }
    if (j->depth == 0)
        return;
    if (!j->first[j->depth])
        fputc(',', j->f);
    j->first[j->depth] = false;
    indent(j);
}

static void open_container(struct json *j, char c)
{
    before_item(j);
    fputc(c, j->f);
    if (j->depth + 1 < JSON_MAX_DEPTH)
        j->depth++;
    j->first[j->depth] = true;
}

static void close_container(struct json *j, char c)
{
    bool empty = j->first[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (!empty)
        indent(j);
    fputc(c, j->f);
}

void json_obj_begin(struct json *j)
{
    open_container(j, '{');
}

void json_obj_end(struct json *j)
{
    close_container(j, '}');
}

void json_arr_begin(struct json *j)
{
    open_container(j, '[');
}

void json_arr_end(struct json *j)
{
    close_container(j, ']');
}

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80)
        return 1;
    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
        min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    unsigned cp = c & (0xff >> (len + 1));
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return len;
}

void json_write_string(FILE *f, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    fputc('"', f);
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        switch (c) {
        case '"':
            fputs("\\\"", f);
            i++;
            continue;
        case '\\':
            fputs("\\\\", f);
            i++;
            continue;
        case '\n':
            fputs("\\n", f);
            i++;
            continue;
        case '\r':
            fputs("\\r", f);
            i++;
            continue;
        case '\t':
            fputs("\\t", f);
            i++;
            continue;
        default:
            break;
        }
        if (c < 0x20 || c == 0x7f) {
            fprintf(f, "\\u%04x", c);
            i++;
            continue;
        }
        size_t len = utf8_seq(p + i, n - i);
        if (len == 0) {
            fputs("\\ufffd", f);
            i++;
            continue;
        }
        fwrite(p + i, 1, len, f);
        i += len;
    }
    fputc('"', f);
}

void json_key(struct json *j, const char *key)
{
    before_item(j);
    json_write_string(j->f, key, strlen(key));
    fputs(": ", j->f);
    j->after_key = true;
}

void json_strn(struct json *j, const char *s, size_t n)
{
    before_item(j);
    json_write_string(j->f, s, n);
}

void json_str(struct json *j, const char *s)
{
    if (!s) {
        json_null(j);
        return;
    }
    json_strn(j, s, strlen(s));
}

void json_u64(struct json *j, uint64_t v)
{
    before_item(j);
    fprintf(j->f, "%llu", (unsigned long long)v);
}

void json_i64(struct json *j, int64_t v)
{
    before_item(j);
    fprintf(j->f, "%lld", (long long)v);
}

void json_bool(struct json *j, bool v)
{
    before_item(j);
    fputs(v ? "true" : "false", j->f);
}

void json_null(struct json *j)
{
    before_item(j);
    fputs("null", j->f);
}

void json_double(struct json *j, double v)
{
    if (!isfinite(v)) {
        json_null(j);
        return;
    }
    before_item(j);
    char buf[64];
    snprintf(buf, sizeof(buf), "%.6g", v);
    fputs(buf, j->f);
}

void json_centi(struct json *j, uint64_t v)
{
    before_item(j);
    fprintf(j->f, "%llu.%02llu", (unsigned long long)(v / 100), (unsigned long long)(v % 100));
}

void json_finish(struct json *j)
{
    fputc('\n', j->f);
}

void json_kv_str(struct json *j, const char *key, const char *s)
{
    json_key(j, key);
    json_str(j, s);
}

void json_kv_u64(struct json *j, const char *key, uint64_t v)
{
    json_key(j, key);
    json_u64(j, v);
}

void json_kv_i64(struct json *j, const char *key, int64_t v)
{
    json_key(j, key);
    json_i64(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
    json_key(j, key);
    json_bool(j, v);
}

void json_kv_null(struct json *j, const char *key)
{
    json_key(j, key);
    json_null(j);
}

void json_kv_double(struct json *j, const char *key, double v)
{
    json_key(j, key);
    json_double(j, v);
}

void json_kv_centi(struct json *j, const char *key, uint64_t v)
{
    json_key(j, key);
    json_centi(j, v);
}

void json_double_digits(struct json *j, double v, int digits)
{
    if (!isfinite(v)) {
        json_null(j);
        return;
    }
    before_item(j);
    char buf[64];
    snprintf(buf, sizeof(buf), "%.*g", digits, v);
    fputs(buf, j->f);
}

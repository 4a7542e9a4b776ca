#include "jw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

void jw_init(struct jw *w)
{
    memset(w, 0, sizeof(*w));
    w->first[0] = true;
}

void jw_free(struct jw *w)
{
    free(w->buf);
    memset(w, 0, sizeof(*w));
}

static void put(struct jw *w, const char *s, size_t n)
{
    if (w->failed)
        return;
    if (w->len + n + 1 > w->cap) {
        size_t cap = w->cap ? w->cap : 65536;
        while (cap < w->len + n + 1)
            cap *= 2;
        char *nb = realloc(w->buf, cap);
        if (!nb) {
            w->failed = true;
            return;
        }
        w->buf = nb;
        w->cap = cap;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

static void puts_(struct jw *w, const char *s)
{
    put(w, s, strlen(s));
}

static void indent(struct jw *w)
{
    put(w, "\n", 1);
    for (int i = 0; i < w->depth; i++)
        put(w, "  ", 2);
}

/* Comma and newline before a value that is not after a key. */
static void before_value(struct jw *w)
{
    if (w->after_key) {
        w->after_key = false;
        return;
    }
    if (w->depth == 0)
        return;
    if (!w->first[w->depth])
        put(w, ",", 1);
    w->first[w->depth] = false;
    indent(w);
}

static void open_(struct jw *w, const char *c)
{
    before_value(w);
    puts_(w, c);
    if (w->depth + 1 < JW_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = true;
}

static void close_(struct jw *w, const char *c)
{
    bool empty = w->first[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (!empty)
        indent(w);
    puts_(w, c);
}

void jw_obj_begin(struct jw *w)
{
    open_(w, "{");
}

void jw_obj_end(struct jw *w)
{
    close_(w, "}");
}

void jw_arr_begin(struct jw *w)
{
    open_(w, "[");
}

void jw_arr_end(struct jw *w)
{
    close_(w, "]");
}

static void string_lit(struct jw *w, const char *s, size_t n)
{
    put(w, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            put(w, esc, 2);
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof(esc), "\\u%04x", c);
            put(w, esc, 6);
        } else {
            put(w, (const char *)&s[i], 1);
        }
    }
    put(w, "\"", 1);
}

void jw_key(struct jw *w, const char *key)
{
    before_value(w);
    string_lit(w, key, strlen(key));
    put(w, ": ", 2);
    w->after_key = true;
}

void jw_str(struct jw *w, const char *s)
{
    if (!s) {
        jw_null(w);
        return;
    }
    before_value(w);
    string_lit(w, s, strlen(s));
}

void wide_to_utf8(const wchar_t *s, size_t len, char *out, size_t n)
{
    if (n == 0)
        return;
    out[0] = '\0';
    if (!s || len == 0)
        return;
    int k = WideCharToMultiByte(CP_UTF8, 0, s, (int)len, out, (int)(n - 1), NULL, NULL);
    if (k <= 0) {
        /* too long for the buffer: ask for the size, then cut at a character */
        int need = WideCharToMultiByte(CP_UTF8, 0, s, (int)len, NULL, 0, NULL, NULL);
        char *tmp = need > 0 ? malloc((size_t)need) : NULL;
        if (tmp && WideCharToMultiByte(CP_UTF8, 0, s, (int)len, tmp, need, NULL, NULL) == need) {
            size_t cut = n - 1;
            while (cut > 0 && ((unsigned char)tmp[cut] & 0xC0) == 0x80)
                cut--;
            memcpy(out, tmp, cut);
            out[cut] = '\0';
        }
        free(tmp);
        return;
    }
    out[k] = '\0';
}

void jw_wstr(struct jw *w, const wchar_t *s, size_t n)
{
    if (!s) {
        jw_null(w);
        return;
    }
    if (n == (size_t)-1)
        n = wcslen(s);
    int need = n ? WideCharToMultiByte(CP_UTF8, 0, s, (int)n, NULL, 0, NULL, NULL) : 0;
    char *tmp = malloc((size_t)need + 1);
    if (!tmp) {
        w->failed = true;
        return;
    }
    if (need > 0)
        WideCharToMultiByte(CP_UTF8, 0, s, (int)n, tmp, need, NULL, NULL);
    before_value(w);
    string_lit(w, tmp, need > 0 ? (size_t)need : 0);
    free(tmp);
}

void jw_u64(struct jw *w, uint64_t v)
{
    char b[24];
    snprintf(b, sizeof(b), "%llu", (unsigned long long)v);
    before_value(w);
    puts_(w, b);
}

void jw_bool(struct jw *w, bool v)
{
    before_value(w);
    puts_(w, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
    before_value(w);
    puts_(w, "null");
}

void jw_finish(struct jw *w)
{
    put(w, "\n", 1);
}

void jw_kv_str(struct jw *w, const char *key, const char *s)
{
    jw_key(w, key);
    jw_str(w, s);
}

void jw_kv_wstr(struct jw *w, const char *key, const wchar_t *s)
{
    jw_key(w, key);
    jw_wstr(w, s, (size_t)-1);
}

void jw_kv_u64(struct jw *w, const char *key, uint64_t v)
{
    jw_key(w, key);
    jw_u64(w, v);
}

void jw_kv_bool(struct jw *w, const char *key, bool v)
{
    jw_key(w, key);
    jw_bool(w, v);
}

void jw_null_why(struct jw *w, const char *key, const char *why)
{
    char ek[96];
    jw_key(w, key);
    jw_null(w);
    snprintf(ek, sizeof(ek), "%s_error", key);
    jw_kv_str(w, ek, why);
}

void win32_message(unsigned long err, char *out, size_t n)
{
    wchar_t msg[512];
    DWORD k = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL,
                             (DWORD)err, 0, msg, sizeof(msg) / sizeof(msg[0]), NULL);
    if (k == 0) {
        snprintf(out, n, "error %lu", err);
        return;
    }
    /* one line, without the trailing period and line break */
    for (DWORD i = 0; i < k; i++)
        if (msg[i] == L'\r' || msg[i] == L'\n')
            msg[i] = L' ';
    while (k > 0 && (msg[k - 1] == L' ' || msg[k - 1] == L'.'))
        k--;
    wide_to_utf8(msg, k, out, n);
}

void jw_null_win32(struct jw *w, const char *key, const char *what, unsigned long err)
{
    char m[400], why[512];
    win32_message(err, m, sizeof(m));
    snprintf(why, sizeof(why), "%s: %s (error %lu)", what, m, err);
    jw_null_why(w, key, why);
}

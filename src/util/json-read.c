#include "util/json-read.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* Blocks of memory handed out in order and freed together. */
struct json_block {
    struct json_block *prev;
    size_t used, cap;
    /* data follows, max_align_t aligned */
    max_align_t data[];
};

struct json_arena {
    struct json_block *top;
};

static void *arena_alloc(struct json_arena *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    struct json_block *b = a->top;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > 64 * 1024 ? n : 64 * 1024;
        if (cap > SIZE_MAX - sizeof(*b))
            cap = SIZE_MAX - sizeof(*b); /* xmalloc reports it */
        b = xmalloc(sizeof(*b) + cap);
        b->prev = a->top;
        b->used = 0;
        b->cap = cap;
        a->top = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

struct parser {
    const char *buf;
    size_t len, pos;
    struct json_arena *arena;
    struct diag *d;
};

static int fail(struct parser *p, size_t off, const char *msg)
{
    unsigned line, col;
    diag_locate(p->buf, p->len, off, &line, &col);
    diag_set(p->d, NULL, line, col, "%s", msg);
    return -EBADMSG;
}

static void skip_ws(struct parser *p)
{
    while (p->pos < p->len) {
        char c = p->buf[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        p->pos++;
    }
}

static struct jv *new_value(struct parser *p, enum jv_type t)
{
    struct jv *v = arena_alloc(p->arena, sizeof(*v));
    memset(v, 0, sizeof(*v));
    v->type = t;
    v->off = p->pos;
    return v;
}

static int hex4(const char *s, unsigned *ret)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *ret = v;
    return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of a valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_valid(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    size_t k;
    unsigned cp;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF) {
        k = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        k = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        k = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < k)
        return 0;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return k;
}

/* At p->pos: '"'. Decodes into the arena; *ret_s / *ret_len. */
static int parse_string(struct parser *p, const char **ret_s, size_t *ret_len)
{
    size_t start = p->pos++;
    /* find the end first so the output can be sized from the input */
    size_t i = p->pos;
    while (i < p->len && p->buf[i] != '"') {
        if (p->buf[i] == '\\')
            i++;
        i++;
    }
    if (i >= p->len)
        return fail(p, start, "unterminated string");
    size_t raw = i - p->pos;
    if (raw > (SIZE_MAX - 1) / 3)
        return fail(p, start, "string too long");
    char *out = arena_alloc(p->arena, raw * 3 + 1), *o = out;
    const unsigned char *s = (const unsigned char *)p->buf;
    while (p->pos < i) {
        unsigned char c = s[p->pos];
        if (c < 0x20)
            return fail(p, p->pos, "control character in a string (must be escaped)");
        if (c != '\\') {
            size_t k = utf8_valid(s + p->pos, i - p->pos);
            if (k == 0) {
                o += put_utf8(o, 0xFFFD);
                p->pos++;
            } else {
                memcpy(o, s + p->pos, k);
                o += k;
                p->pos += k;
            }
            continue;
        }
        size_t esc = p->pos++;
        char e = p->buf[p->pos++];
        switch (e) {
        case '"':
        case '\\':
        case '/':
            *o++ = e;
            break;
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'n':
            *o++ = '\n';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'u': {
            unsigned cp;
            if (i - p->pos < 4 || hex4(p->buf + p->pos, &cp) < 0)
                return fail(p, esc, "bad \\u escape (four hex digits expected)");
            p->pos += 4;
            if (cp == 0)
                return fail(p, esc, "\\u0000 is not allowed in a string");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo;
                if (i - p->pos >= 6 && p->buf[p->pos] == '\\' && p->buf[p->pos + 1] == 'u' &&
                    hex4(p->buf + p->pos + 2, &lo) == 0 && lo >= 0xDC00 && lo <= 0xDFFF) {
                    p->pos += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else {
                    cp = 0xFFFD; /* a lone high surrogate */
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD; /* a lone low surrogate */
            }
            o += put_utf8(o, cp);
            break;
        }
        default:
            return fail(p, esc, "bad escape in a string");
        }
    }
    p->pos = i + 1;
    *o = '\0';
    *ret_s = out;
    *ret_len = (size_t)(o - out);
    return 0;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int parse_number(struct parser *p, struct jv *v)
{
    size_t start = p->pos, i = p->pos;
    bool neg = false, integer = true;
    if (i < p->len && p->buf[i] == '-') {
        neg = true;
        i++;
    }
    if (i >= p->len || !is_digit(p->buf[i]))
        return fail(p, start, "expected a value");
    if (p->buf[i] == '0') {
        i++;
        if (i < p->len && is_digit(p->buf[i]))
            return fail(p, start, "a number may not start with 0");
    } else {
        while (i < p->len && is_digit(p->buf[i]))
            i++;
    }
    size_t int_end = i;
    if (i < p->len && p->buf[i] == '.') {
        integer = false;
        i++;
        if (i >= p->len || !is_digit(p->buf[i]))
            return fail(p, i, "expected a digit after '.'");
        while (i < p->len && is_digit(p->buf[i]))
            i++;
    }
    if (i < p->len && (p->buf[i] == 'e' || p->buf[i] == 'E')) {
        integer = false;
        i++;
        if (i < p->len && (p->buf[i] == '+' || p->buf[i] == '-'))
            i++;
        if (i >= p->len || !is_digit(p->buf[i]))
            return fail(p, i, "expected a digit in the exponent");
        while (i < p->len && is_digit(p->buf[i]))
            i++;
    }
    if (integer && !neg) {
        uint64_t u = 0;
        bool ok = true;
        for (size_t k = start; k < int_end && ok; k++) {
            unsigned dg = (unsigned)(p->buf[k] - '0');
            if (u > (UINT64_MAX - dg) / 10)
                ok = false;
            else
                u = u * 10 + dg;
        }
        v->is_u64 = ok;
        v->u = ok ? u : 0;
    }
    char tmp[64];
    size_t n = i - start;
    if (n < sizeof(tmp)) {
        memcpy(tmp, p->buf + start, n);
        tmp[n] = '\0';
        v->d = strtod(tmp, NULL);
    } else {
        v->d = neg ? -1e308 : 1e308; /* absurdly long: only its sign matters */
    }
    p->pos = i;
    return 0;
}

static int parse_value(struct parser *p, const struct jv **ret, int depth);

static int parse_container(struct parser *p, struct jv *v, int depth)
{
    bool obj = v->type == JV_OBJECT;
    char close = obj ? '}' : ']';
    struct jv *last = NULL;
    p->pos++;
    skip_ws(p);
    if (p->pos < p->len && p->buf[p->pos] == close) {
        p->pos++;
        return 0;
    }
    for (;;) {
        const char *key = NULL;
        size_t klen;
        skip_ws(p);
        if (obj) {
            if (p->pos >= p->len || p->buf[p->pos] != '"')
                return fail(p, p->pos, "expected a member name (a string)");
            int r = parse_string(p, &key, &klen);
            if (r < 0)
                return r;
            skip_ws(p);
            if (p->pos >= p->len || p->buf[p->pos] != ':')
                return fail(p, p->pos, "expected ':' after the member name");
            p->pos++;
        }
        const struct jv *child;
        int r = parse_value(p, &child, depth + 1);
        if (r < 0)
            return r;
        struct jv *c = (struct jv *)child;
        c->key = key;
        if (last)
            last->next = c;
        else
            v->child = c;
        last = c;
        v->n++;
        skip_ws(p);
        if (p->pos >= p->len)
            return fail(p, p->pos, obj ? "unterminated object" : "unterminated array");
        char ch = p->buf[p->pos];
        if (ch == ',') {
            p->pos++;
            continue;
        }
        if (ch == close) {
            p->pos++;
            return 0;
        }
        return fail(p, p->pos, obj ? "expected ',' or '}'" : "expected ',' or ']'");
    }
}

static bool literal(struct parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->pos >= n && memcmp(p->buf + p->pos, word, n) == 0) {
        p->pos += n;
        return true;
    }
    return false;
}

static int parse_value(struct parser *p, const struct jv **ret, int depth)
{
    if (depth > JSON_READ_MAX_DEPTH)
        return fail(p, p->pos, "nested deeper than 64 levels");
    skip_ws(p);
    if (p->pos >= p->len)
        return fail(p, p->pos, "expected a value");
    char c = p->buf[p->pos];
    struct jv *v;
    int r = 0;
    switch (c) {
    case '{':
    case '[':
        v = new_value(p, c == '{' ? JV_OBJECT : JV_ARRAY);
        r = parse_container(p, v, depth);
        break;
    case '"':
        v = new_value(p, JV_STRING);
        r = parse_string(p, &v->s, &v->len);
        break;
    case 't':
        v = new_value(p, JV_BOOL);
        v->b = true;
        if (!literal(p, "true"))
            return fail(p, v->off, "expected a value");
        break;
    case 'f':
        v = new_value(p, JV_BOOL);
        if (!literal(p, "false"))
            return fail(p, v->off, "expected a value");
        break;
    case 'n':
        v = new_value(p, JV_NULL);
        if (!literal(p, "null"))
            return fail(p, v->off, "expected a value");
        break;
    default:
        v = new_value(p, JV_NUMBER);
        r = parse_number(p, v);
        break;
    }
    if (r < 0)
        return r;
    *ret = v;
    return 0;
}

int json_doc_parse(const char *buf, size_t len, struct json_doc *ret, struct diag *d)
{
    struct json_arena *arena = xcalloc(1, sizeof(*arena));
    struct parser p = {.buf = buf, .len = len, .arena = arena, .d = d};
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
        p.pos = 3;
    const struct jv *root;
    int r = parse_value(&p, &root, 0);
    if (r == 0) {
        skip_ws(&p);
        if (p.pos < len)
            r = fail(&p, p.pos, "unexpected text after the JSON value");
    }
    struct json_doc doc = {.root = r == 0 ? root : NULL, .arena = arena};
    if (r < 0) {
        json_doc_release(&doc);
        return r;
    }
    *ret = doc;
    return 0;
}

void json_doc_release(struct json_doc *doc)
{
    if (doc->arena) {
        struct json_block *b = doc->arena->top;
        while (b) {
            struct json_block *prev = b->prev;
            free(b);
            b = prev;
        }
        free(doc->arena);
    }
    doc->arena = NULL;
    doc->root = NULL;
}

const struct jv *jv_get(const struct jv *obj, const char *key)
{
    if (!obj || obj->type != JV_OBJECT)
        return NULL;
    for (const struct jv *m = obj->child; m; m = m->next)
        if (strcmp(m->key, key) == 0)
            return m;
    return NULL;
}

const char *jv_type_name(enum jv_type t)
{
    switch (t) {
    case JV_NULL:
        return "null";
    case JV_BOOL:
        return "a boolean";
    case JV_NUMBER:
        return "a number";
    case JV_STRING:
        return "a string";
    case JV_ARRAY:
        return "an array";
    case JV_OBJECT:
        return "an object";
    }
    return "?";
}

int jv_diag(struct diag *d, const char *buf, size_t len, const struct jv *v, const char *fmt, ...)
{
    unsigned line, col;
    diag_locate(buf, len, v ? v->off : 0, &line, &col);
    char msg[sizeof(d->message)];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    diag_set(d, NULL, line, col, "%s", msg);
    return -EBADMSG;
}

#include "wslconfig/syntax.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

/* One wide character of the stream WSL reads, and where it sits. */
struct unit {
    uint32_t c;
    uint32_t line;
    uint32_t col; /* first byte in the line's text */
    uint32_t end; /* just after its last byte */
};

struct units {
    struct unit *v;
    size_t n, alloc;
    /* where the stream ends when a Ctrl-Z cut it short (else: the document's end) */
    bool cut;
    uint32_t cut_line, cut_col;
};

static void push(struct units *u, uint32_t c, size_t line, size_t col, size_t end)
{
    u->v = xgrow(u->v, u->n + 1, sizeof(*u->v), &u->alloc);
    u->v[u->n++] = (struct unit){(uint32_t)c, (uint32_t)line, (uint32_t)col, (uint32_t)end};
}

/* The stream as the Windows C runtime's text mode hands it to WSL: UTF-16
 * code units, CRLF folded to LF.
 *   - A Ctrl-Z (0x1A) ends the file: text mode stops reading there
 *     (`_wfopen(path, L"rt,ccs=UTF-8")`, microsoft/WSL
 *     src/windows/common/WslCoreConfig.cpp:136 @3e27a6a).
 *   - U+FFFF is what fgetwc returns for WEOF (wint_t is 16 bits on
 *     Windows), so every `ch != WEOF` test in configfile.cpp (:663 and the
 *     other loops) stops at it; feof() stays false, so reading goes on with
 *     the next character. It is handed on as WSL_EOF without setting `eof`. */
static void units_windows(const struct wsldoc *doc, struct units *u)
{
    for (size_t i = 0; i < doc->nlines; i++) {
        const struct wsldoc_line *l = &doc->lines[i];
        const unsigned char *t = (const unsigned char *)l->text;
        for (size_t k = 0; k < l->text_len;) {
            unsigned cp;
            size_t n = utf8_decode_one(t + k, l->text_len - k, &cp);
            if (n == 0) {
                cp = 0xFFFD;
                n = 1;
            }
            if (cp == 0x1A) {
                u->cut = true;
                u->cut_line = (uint32_t)i;
                u->cut_col = (uint32_t)k;
                return;
            }
            if (cp == 0xFFFF) {
                push(u, WSL_EOF, i, k, k + n);
            } else if (cp >= 0x10000) {
                push(u, 0xD800 | ((cp - 0x10000) >> 10), i, k, k + n);
                push(u, 0xDC00 | ((cp - 0x10000) & 0x3FF), i, k + n, k + n);
            } else {
                push(u, cp, i, k, k + n);
            }
            k += n;
        }
        if (l->eol == WSLEOL_LF || l->eol == WSLEOL_CRLF)
            push(u, '\n', i, l->text_len, l->text_len + (l->eol == WSLEOL_CRLF ? 2 : 1));
        else if (l->eol == WSLEOL_CR)
            push(u, '\r', i, l->text_len, l->text_len + 1);
    }
}

/* The stream as musl's fgetwc in the C locale hands it to WSL's init:
 * bytes; those >= 0x80 become 0xDF00 | byte (not letters, low byte kept). */
static void units_linux(const struct wsldoc *doc, struct units *u)
{
    for (size_t i = 0; i < doc->nlines; i++) {
        const struct wsldoc_line *l = &doc->lines[i];
        for (size_t k = 0; k < l->text_len; k++) {
            unsigned char b = (unsigned char)l->text[k];
            push(u, b < 0x80 ? b : 0xDF00u | b, i, k, k + 1);
        }
        size_t t = l->text_len;
        if (l->eol == WSLEOL_LF) {
            push(u, '\n', i, t, t + 1);
        } else if (l->eol == WSLEOL_CRLF) {
            push(u, '\r', i, t, t + 1);
            push(u, '\n', i, t + 1, t + 2);
        } else if (l->eol == WSLEOL_CR) {
            push(u, '\r', i, t, t + 1);
        }
    }
}

static bool is_alpha(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(uint32_t c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

static bool is_blank(uint32_t c)
{
    return c == ' ' || c == '\t';
}

struct parser {
    const struct wsldoc *doc;
    struct units u;
    size_t pos;    /* next unit to read */
    bool eof;      /* a read hit the end (feof) */
    uint32_t ch;   /* the character last read */
    size_t ci;     /* its index (u.n at the end) */
    size_t lstart; /* the first non-blank character of the current line */
    /* WSL's name buffer: the section name, then "<section>.<key>"; may hold
     * NUL padding (see the header) */
    struct strbuf key;
    size_t sect_len;
    long section;    /* last valid SECTION statement */
    bool bad_header; /* a bad header touched the buffer since */
    struct wsl_syntax *out;
};

static size_t rd(struct parser *p)
{
    if (p->pos >= p->u.n) {
        p->eof = true;
        return p->u.n;
    }
    return p->pos++;
}

static uint32_t code(const struct parser *p, size_t i)
{
    return i >= p->u.n ? WSL_EOF : p->u.v[i].c;
}

static void next(struct parser *p)
{
    p->ci = rd(p);
    p->ch = code(p, p->ci);
}

static struct wsl_pos pos_of(const struct parser *p, size_t i)
{
    if (i < p->u.n)
        return (struct wsl_pos){p->u.v[i].line, p->u.v[i].col};
    if (p->u.cut)
        return (struct wsl_pos){p->u.cut_line, p->u.cut_col};
    if (p->doc->nlines == 0)
        return (struct wsl_pos){0, 0};
    size_t last = p->doc->nlines - 1;
    return (struct wsl_pos){(unsigned)last, (unsigned)p->doc->lines[last].text_len};
}

static struct wsl_pos end_of(const struct parser *p, size_t i)
{
    if (i < p->u.n)
        return (struct wsl_pos){p->u.v[i].line, p->u.v[i].end};
    return pos_of(p, i);
}

static unsigned line_of(const struct parser *p, size_t i)
{
    if (i < p->u.n)
        return p->u.v[i].line;
    if (p->u.cut)
        return p->u.cut_line;
    return p->doc->nlines ? (unsigned)(p->doc->nlines - 1) : 0;
}

static struct wsl_stmt *emit(struct parser *p, enum wsl_stmt_kind kind)
{
    struct wsl_syntax *s = p->out;
    s->v = xgrow(s->v, s->n + 1, sizeof(*s->v), &s->alloc);
    struct wsl_stmt *st = &s->v[s->n++];
    memset(st, 0, sizeof(*st));
    st->kind = kind;
    st->start = pos_of(p, p->lstart);
    st->section = p->section;
    st->bad_header_before = p->bad_header;
    return st;
}

/* An invalid line: recorded; then either the parse ends (wsl.conf) or the
 * rest of the line up to LF is skipped. Returns false when parsing stops. */
static bool invalid(struct parser *p, enum wsl_invalid why, size_t bad, const char *name,
                    size_t name_len)
{
    struct wsl_stmt *st = emit(p, WSLST_INVALID);
    st->why = why;
    st->bad = pos_of(p, bad);
    st->bad_char = code(p, bad);
    st->name = xstrndup(name ? name : "", name ? name_len : 0);
    if (p->out->dialect == WSL_DIALECT_WSLCONF) {
        st->last_line = line_of(p, p->ci);
        p->out->stopped = true;
        p->out->stop_stmt = p->out->n - 1;
        return false;
    }
    while (p->ch != WSL_EOF && p->ch != '\n')
        next(p);
    st->last_line = line_of(p, p->ci);
    return true;
}

static bool parse_section(struct parser *p)
{
    next(p);
    if (!is_alpha(p->ch)) {
        p->bad_header = true;
        return invalid(p, WSLINV_SECTION_NAME, p->ci, NULL, 0);
    }
    strbuf_reset(&p->key);
    do {
        strbuf_addch(&p->key, (char)p->ch);
        next(p);
    } while (is_alnum(p->ch));
    if (p->ch != ']') {
        p->bad_header = true;
        return invalid(p, WSLINV_SECTION_CLOSE, p->ci, p->key.buf, p->key.len);
    }
    do
        next(p);
    while (is_blank(p->ch));
    if (p->ch != WSL_EOF && p->ch != '\n' && p->ch != '\r' && p->ch != '#') {
        p->bad_header = true;
        return invalid(p, WSLINV_SECTION_TRAIL, p->ci, p->key.buf, p->key.len);
    }
    p->sect_len = p->key.len;
    struct wsl_stmt *st = emit(p, WSLST_SECTION);
    st->name = xstrndup(p->key.buf, p->key.len);
    st->last_line = line_of(p, p->ci);
    p->section = (long)(p->out->n - 1);
    p->bad_header = false;
    return true;
}

static bool parse_key(struct parser *p)
{
    /* The buffer is cut (or padded with NULs) to the section's length. */
    if (p->key.len > p->sect_len) {
        strbuf_setlen(&p->key, p->sect_len);
    } else {
        while (p->key.len < p->sect_len)
            strbuf_addch(&p->key, '\0');
    }
    if (p->sect_len > 0)
        strbuf_addch(&p->key, '.');
    size_t name_at = p->key.len;
    do {
        strbuf_addch(&p->key, (char)p->ch);
        next(p);
    } while (is_alnum(p->ch));
    const char *name = p->key.buf + name_at;
    size_t name_len = p->key.len - name_at;
    while (is_blank(p->ch))
        next(p);
    if (p->ch != '=')
        return invalid(p, WSLINV_EXPECTED_EQ, p->ci, name, name_len);
    struct wsl_pos eq = pos_of(p, p->ci);
    do
        next(p);
    while (is_blank(p->ch));

    /* what the value loop learns goes into k, the statement to be */
    struct wsl_stmt k;
    memset(&k, 0, sizeof(k));
    struct strbuf val = STRBUF_INIT;
    size_t trimmed = 0;
    bool inq = false;
    k.eq = eq;
    k.vstart = pos_of(p, p->ci);
    k.vend = k.vstart;
    while (p->ch != WSL_EOF && p->ch != '\n' && p->ch != '\r') {
        size_t last = p->ci;
        if (p->ch == '"') {
            inq = !inq;
            k.quoted = true;
            if (inq)
                k.quote = pos_of(p, p->ci);
        } else if (p->ch == '\\') {
            size_t i2 = rd(p);
            uint32_t c2 = code(p, i2);
            k.escapes++;
            last = i2;
            switch (c2) {
            case '\\':
            case '"':
                strbuf_addch(&val, (char)c2);
                break;
            case 'b':
            case 'n':
            case 't':
                strbuf_addch(&val, c2 == 'b' ? '\b' : c2 == 'n' ? '\n' : '\t');
                if (!k.ctrl_escape) {
                    k.ctrl_escape = true;
                    k.ctrl_char = (char)c2;
                    k.ctrl_pos = pos_of(p, p->ci);
                }
                break;
            case '\r':
                break;
            case '\n':
                k.continued = true;
                break;
            default:
                /* `ch` is still the backslash: WSL skips from there. */
                strbuf_release(&val);
                return invalid(p, WSLINV_ESCAPE, i2, name, name_len);
            }
        } else if (p->ch == '#' && !inq) {
            k.has_comment = true;
            k.comment = pos_of(p, p->ci);
            break;
        } else {
            if (p->ch >= 0x80)
                k.nonascii = true;
            strbuf_addch(&val, (char)(p->ch & 0xFF));
        }
        if (!is_blank(p->ch)) {
            trimmed = val.len;
            k.vend = end_of(p, last);
        }
        next(p);
    }
    if (inq) {
        strbuf_release(&val);
        bool go = invalid(p, WSLINV_QUOTE, p->ci, name, name_len);
        p->out->v[p->out->n - 1].quote = k.quote;
        return go;
    }
    strbuf_setlen(&val, trimmed);
    size_t vlen = strnlen(val.buf, val.len);
    k.name = xstrndup(name, name_len);
    k.full = xstrndup(p->key.buf, strnlen(p->key.buf, p->key.len));
    k.truncated = vlen < val.len;
    k.value = xstrndup(val.buf, vlen);
    k.value_len = vlen;
    k.last_line = line_of(p, p->ci);
    strbuf_release(&val);
    struct wsl_stmt *st = emit(p, WSLST_KEY);
    k.kind = st->kind;
    k.start = st->start;
    k.section = st->section;
    k.bad_header_before = st->bad_header_before;
    *st = k;
    return true;
}

void wsl_syntax_run(const struct wsldoc *doc, enum wsl_dialect dialect, struct wsl_syntax *ret)
{
    memset(ret, 0, sizeof(*ret));
    ret->dialect = dialect;
    struct parser p = {.doc = doc, .section = -1, .out = ret};
    strbuf_init(&p.key);
    size_t total = 0; /* one allocation: at most a unit per byte, plus two per ending */
    for (size_t i = 0; i < doc->nlines; i++)
        total += doc->lines[i].text_len + 2;
    p.u.v = xgrow(NULL, total ? total : 1, sizeof(*p.u.v), &p.u.alloc);
    if (dialect == WSL_DIALECT_WSLCONF)
        units_linux(doc, &p.u);
    else
        units_windows(doc, &p.u);
    p.ch = 0;
    p.ci = 0;

    for (;;) {
        if (p.ch == '#') {
            /* A comment runs to LF; after a CR the next character is
             * swallowed whatever it is. */
            do {
                next(&p);
                if (p.ch == '\r')
                    next(&p);
            } while (p.ch != '\n' && p.ch != WSL_EOF);
        }
        if (p.eof)
            break;
        do
            next(&p);
        while (is_blank(p.ch));
        p.lstart = p.ci;
        if (p.ch == WSL_EOF || p.ch == '\n' || p.ch == '#')
            continue;
        if (p.ch == '\r') {
            size_t i = rd(&p);
            if (code(&p, i) != '\n' && i < p.u.n)
                p.pos--; /* ungetwc */
            continue;
        }
        bool go;
        if (p.ch == '[')
            go = parse_section(&p);
        else if (!is_alpha(p.ch))
            go = invalid(&p, WSLINV_KEY_NAME, p.ci, NULL, 0);
        else
            go = parse_key(&p);
        if (!go)
            break;
    }
    strbuf_release(&p.key);
    free(p.u.v);
}

void wsl_syntax_release(struct wsl_syntax *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].name);
        free(s->v[i].full);
        free(s->v[i].value);
    }
    free(s->v);
    memset(s, 0, sizeof(*s));
}

const char *wsl_invalid_name(enum wsl_invalid why)
{
    switch (why) {
    case WSLINV_KEY_NAME:
        return "Invalid key name";
    case WSLINV_SECTION_NAME:
        return "Invalid section name";
    case WSLINV_SECTION_CLOSE:
        return "Expected ']'";
    case WSLINV_SECTION_TRAIL:
        return "Expected ' ' or '\\n'";
    case WSLINV_EXPECTED_EQ:
        return "Expected '='";
    case WSLINV_ESCAPE:
        return "Invalid escaped character";
    case WSLINV_QUOTE:
        return "Expected '\"'";
    case WSLINV_NONE:
        break;
    }
    return "";
}

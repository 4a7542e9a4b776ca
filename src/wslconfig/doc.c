#include "wslconfig/doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

size_t utf8_decode_one(const unsigned char *s, size_t len, unsigned *ret_cp)
{
    unsigned c = s[0];
    *ret_cp = c;
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
        cp = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        cp = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        cp = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (len < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *ret_cp = cp;
    return n;
}

bool utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = utf8_decode_one(p + i, len - i, &cp);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

static void put_utf8(struct strbuf *sb, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    strbuf_add(sb, b, n);
}

static void put_unit_le(struct strbuf *sb, unsigned u)
{
    char b[2] = {(char)(u & 0xFF), (char)(u >> 8)};
    strbuf_add(sb, b, 2);
}

void utf8_to_utf16le(const char *s, size_t len, struct strbuf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = utf8_decode_one(p + i, len - i, &cp);
        if (n == 0) {
            cp = 0xFFFD;
            n = 1;
        }
        i += n;
        if (cp >= 0x10000) {
            cp -= 0x10000;
            put_unit_le(out, 0xD800 | (cp >> 10));
            put_unit_le(out, 0xDC00 | (cp & 0x3FF));
        } else {
            put_unit_le(out, cp);
        }
    }
}

/* UTF-16LE code units [p, p + 2n) to UTF-8. */
static void utf16le_to_utf8(const unsigned char *p, size_t n, struct strbuf *out)
{
    for (size_t i = 0; i < n; i++) {
        unsigned u = p[2 * i] | (unsigned)p[2 * i + 1] << 8;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
            unsigned v = p[2 * i + 2] | (unsigned)p[2 * i + 3] << 8;
            if (v >= 0xDC00 && v <= 0xDFFF) {
                put_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
                i++;
                continue;
            }
        }
        if (u >= 0xD800 && u <= 0xDFFF)
            u = 0xFFFD;
        put_utf8(out, u);
    }
}

static enum wsl_encoding detect(const unsigned char *p, size_t len)
{
    if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        return WSLENC_UTF8_BOM;
    if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        return WSLENC_UTF16LE_BOM;
    if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        return WSLENC_UTF16BE_BOM;
    /* No BOM: UTF-16 shows as NUL bytes in every other position (ASCII
     * text). Look at the first 4 KiB. */
    size_t n = len < 4096 ? len : 4096, even = 0, odd = 0;
    for (size_t i = 0; i < n; i++)
        if (p[i] == 0)
            *(i % 2 ? &odd : &even) += 1;
    size_t pairs = n / 2;
    if (pairs && odd * 4 >= pairs && even * 4 <= odd)
        return WSLENC_UTF16LE_NOBOM;
    if (pairs && even * 4 >= pairs && odd * 4 <= even)
        return WSLENC_UTF16BE_NOBOM;
    return WSLENC_UTF8;
}

/* A copy of n bytes that may hold NULs, NUL-terminated. */
static char *memdup_z(const char *s, size_t n)
{
    char *p = xmalloc(n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static struct wsldoc_line *new_line(struct wsldoc *doc, size_t at)
{
    doc->lines = xgrow(doc->lines, doc->nlines + 1, sizeof(*doc->lines), &doc->alloc);
    memmove(doc->lines + at + 1, doc->lines + at, (doc->nlines - at) * sizeof(*doc->lines));
    doc->nlines++;
    struct wsldoc_line *l = &doc->lines[at];
    memset(l, 0, sizeof(*l));
    return l;
}

/* The unit at index i: a byte (width 1) or a UTF-16LE code unit (width 2). */
static unsigned unit_at(const unsigned char *p, size_t i, unsigned width)
{
    return width == 1 ? p[i] : p[2 * i] | (unsigned)p[2 * i + 1] << 8;
}

/* Cuts `nunits` units at p into lines ending in LF, CRLF or a lone CR; the
 * text of a UTF-16 line is decoded to UTF-8. `base` is p's file offset. */
static void cut(struct wsldoc *doc, const unsigned char *p, size_t nunits, unsigned width,
                size_t base)
{
    size_t i = 0;
    while (i < nunits) {
        size_t start = i;
        while (i < nunits && unit_at(p, i, width) != '\n' && unit_at(p, i, width) != '\r')
            i++;
        size_t end = i;
        enum wsl_eol eol = WSLEOL_NONE;
        if (i < nunits && unit_at(p, i, width) == '\n') {
            eol = WSLEOL_LF;
            i++;
        } else if (i < nunits) {
            bool crlf = i + 1 < nunits && unit_at(p, i + 1, width) == '\n';
            eol = crlf ? WSLEOL_CRLF : WSLEOL_CR;
            i += crlf ? 2 : 1;
        }
        struct wsldoc_line *l = new_line(doc, doc->nlines);
        l->raw_len = width * (i - start);
        l->raw = memdup_z((const char *)p + width * start, l->raw_len);
        if (width == 1) {
            l->text = memdup_z((const char *)p + start, end - start);
            l->text_len = end - start;
        } else {
            struct strbuf t = STRBUF_INIT;
            utf16le_to_utf8(p + 2 * start, end - start, &t);
            l->text_len = t.len;
            l->text = strbuf_detach(&t, NULL);
        }
        l->eol = eol;
        l->off = base + width * start;
    }
}

void wsldoc_parse(const char *buf, size_t len, bool raw, struct wsldoc *ret)
{
    memset(ret, 0, sizeof(*ret));
    const unsigned char *p = (const unsigned char *)buf;
    ret->enc = detect(p, len);
    ret->raw_mode = raw || ret->enc == WSLENC_UTF16BE_BOM || ret->enc == WSLENC_UTF16LE_NOBOM ||
                    ret->enc == WSLENC_UTF16BE_NOBOM;
    if (ret->raw_mode) {
        cut(ret, p, len, 1, 0);
        return;
    }
    if (ret->enc == WSLENC_UTF8_BOM) {
        ret->bom_len = 3;
        memcpy(ret->bom, buf, 3);
        cut(ret, p + 3, len - 3, 1, 3);
    } else if (ret->enc == WSLENC_UTF16LE_BOM) {
        ret->bom_len = 2;
        memcpy(ret->bom, buf, 2);
        size_t rest = len - 2;
        cut(ret, p + 2, rest / 2, 2, 2);
        if (rest % 2) {
            ret->tail = xmalloc(1);
            ret->tail[0] = buf[len - 1];
            ret->tail_len = 1;
        }
    } else {
        cut(ret, p, len, 1, 0);
    }
}

void wsldoc_release(struct wsldoc *doc)
{
    for (size_t i = 0; i < doc->nlines; i++) {
        free(doc->lines[i].raw);
        free(doc->lines[i].text);
    }
    free(doc->lines);
    free(doc->tail);
    memset(doc, 0, sizeof(*doc));
}

void wsldoc_serialize(const struct wsldoc *doc, struct strbuf *out)
{
    strbuf_add(out, doc->bom, doc->bom_len);
    for (size_t i = 0; i < doc->nlines; i++)
        strbuf_add(out, doc->lines[i].raw, doc->lines[i].raw_len);
    if (doc->tail_len)
        strbuf_add(out, doc->tail, doc->tail_len);
}

void wsldoc_reindex(struct wsldoc *doc)
{
    size_t off = doc->bom_len;
    for (size_t i = 0; i < doc->nlines; i++) {
        doc->lines[i].off = off;
        off += doc->lines[i].raw_len;
    }
}

bool wsldoc_editable(const struct wsldoc *doc)
{
    return !doc->raw_mode && (doc->enc == WSLENC_UTF8 || doc->enc == WSLENC_UTF8_BOM ||
                              doc->enc == WSLENC_UTF16LE_BOM);
}

const char *wsl_eol_bytes(enum wsl_eol e)
{
    switch (e) {
    case WSLEOL_LF:
        return "\n";
    case WSLEOL_CRLF:
        return "\r\n";
    case WSLEOL_CR:
        return "\r";
    case WSLEOL_NONE:
        break;
    }
    return "";
}

/* Rebuilds a line's raw bytes from its text and ending. */
static void encode_line(const struct wsldoc *doc, struct wsldoc_line *l)
{
    struct strbuf sb = STRBUF_INIT;
    const char *eol = wsl_eol_bytes(l->eol);
    if (doc->enc == WSLENC_UTF16LE_BOM && !doc->raw_mode) {
        utf8_to_utf16le(l->text, l->text_len, &sb);
        utf8_to_utf16le(eol, strlen(eol), &sb);
    } else {
        strbuf_add(&sb, l->text, l->text_len);
        strbuf_addstr(&sb, eol);
    }
    free(l->raw);
    l->raw_len = sb.len;
    l->raw = strbuf_detach(&sb, NULL);
}

void wsldoc_set_line(struct wsldoc *doc, size_t i, const char *text, size_t len)
{
    struct wsldoc_line *l = &doc->lines[i];
    free(l->text);
    l->text = memdup_z(text, len);
    l->text_len = len;
    encode_line(doc, l);
    wsldoc_reindex(doc);
}

void wsldoc_insert_line(struct wsldoc *doc, size_t at, const char *text, size_t len,
                        enum wsl_eol eol)
{
    if (at > doc->nlines)
        at = doc->nlines;
    enum wsl_eol own = eol;
    if (at > 0 && doc->lines[at - 1].eol == WSLEOL_NONE) {
        doc->lines[at - 1].eol = eol;
        encode_line(doc, &doc->lines[at - 1]);
        if (at == doc->nlines)
            own = WSLEOL_NONE; /* keep "no newline at the end" */
    }
    struct wsldoc_line *l = new_line(doc, at);
    l->text = memdup_z(text, len);
    l->text_len = len;
    l->eol = own;
    encode_line(doc, l);
    wsldoc_reindex(doc);
}

void wsldoc_delete_line(struct wsldoc *doc, size_t i)
{
    free(doc->lines[i].raw);
    free(doc->lines[i].text);
    memmove(doc->lines + i, doc->lines + i + 1, (doc->nlines - i - 1) * sizeof(*doc->lines));
    doc->nlines--;
    wsldoc_reindex(doc);
}

enum wsl_eol wsldoc_main_eol(const struct wsldoc *doc)
{
    size_t n[4] = {0};
    for (size_t i = 0; i < doc->nlines; i++)
        n[doc->lines[i].eol]++;
    if (n[WSLEOL_LF] > n[WSLEOL_CRLF] && n[WSLEOL_LF] >= n[WSLEOL_CR])
        return WSLEOL_LF;
    if (n[WSLEOL_CR] > n[WSLEOL_CRLF] && n[WSLEOL_CR] > n[WSLEOL_LF])
        return WSLEOL_CR;
    return WSLEOL_CRLF;
}

const char *wsldoc_eol_summary(const struct wsldoc *doc)
{
    size_t n[4] = {0};
    for (size_t i = 0; i < doc->nlines; i++)
        n[doc->lines[i].eol]++;
    int kinds = (n[WSLEOL_LF] > 0) + (n[WSLEOL_CRLF] > 0) + (n[WSLEOL_CR] > 0);
    if (kinds == 0)
        return "none";
    if (kinds > 1)
        return "mixed";
    return n[WSLEOL_LF] ? "LF" : n[WSLEOL_CRLF] ? "CRLF" : "CR";
}

const char *wsl_encoding_name(enum wsl_encoding e)
{
    static const char *const names[] = {"utf-8",        "utf-8-bom",       "utf-16le-bom",
                                        "utf-16be-bom", "utf-16le-no-bom", "utf-16be-no-bom"};
    return names[e];
}

const char *wsl_encoding_label(enum wsl_encoding e)
{
    static const char *const labels[] = {"UTF-8",
                                         "UTF-8 with BOM",
                                         "UTF-16LE with BOM",
                                         "UTF-16BE with BOM",
                                         "UTF-16LE without BOM",
                                         "UTF-16BE without BOM"};
    return labels[e];
}

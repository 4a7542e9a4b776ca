/* Checks shared by test-win-script.c and test-win-undo.c: what every
 * generated PowerShell script must be, and state-file helpers. */
#ifndef HEADROOM_TEST_WIN_CHECK_H
#define HEADROOM_TEST_WIN_CHECK_H

#include "unit.h"

#include "util/strbuf.h"
#include "win/catalog.h"
#include "win/script.h"

static inline void check_ps_balance(const struct strbuf *s);

/* Checks what every generated script must be: a BOM, CRLF line ends, only
 * printable ASCII, and no protected service outside comments. */
static inline void check_script_bytes(const struct strbuf *s)
{
    assert_true(s->len > 3);
    assert_memory_equal(s->buf, "\xEF\xBB\xBF", 3);
    for (size_t i = 3; i < s->len; i++) {
        unsigned char c = (unsigned char)s->buf[i];
        if (c == '\n')
            assert_true(s->buf[i - 1] == '\r');
        else if (c == '\r')
            assert_true(i + 1 < s->len && s->buf[i + 1] == '\n');
        else if (c < 0x20 || c > 0x7e)
            fail_msg("byte 0x%02x at %zu", c, i);
    }
    const char *p = s->buf + 3;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (p[0] != '#') {
            static const char *const prot[] = {"AppXSvc", "WaaSMedicSvc", "wuauserv", "BITS"};
            for (size_t k = 0; k < 4; k++)
                if (memmem(p, n, prot[k], strlen(prot[k])))
                    fail_msg("protected %s in: %.*s", prot[k], (int)n, p);
        }
        p += n + (e ? 1 : 0);
    }
    check_ps_balance(s);
}

/* A rough PowerShell check: outside strings and comments, (), {} and []
 * nest and close, and every string ends on its line. Not a parser; it
 * catches a generator that drops a bracket or a quote. */
static inline void check_ps_balance(const struct strbuf *s)
{
    char stack[256];
    size_t depth = 0;
    unsigned line = 1;
    for (size_t i = 3; i < s->len; i++) {
        char c = s->buf[i];
        if (c == '\n') {
            line++;
        } else if (c == '#' && (i == 3 || s->buf[i - 1] == '\n' || s->buf[i - 1] == ' ')) {
            while (i + 1 < s->len && s->buf[i + 1] != '\r')
                i++;
        } else if (c == '\'' || c == '"') {
            for (i++; i < s->len; i++) {
                if (s->buf[i] == '\r')
                    fail_msg("line %u: a string runs past the end of its line", line);
                if (c == '"' && s->buf[i] == '`') {
                    i++;
                    continue;
                }
                if (s->buf[i] == c) {
                    if (c == '\'' && i + 1 < s->len && s->buf[i + 1] == '\'') {
                        i++;
                        continue;
                    }
                    break;
                }
            }
        } else if (c == '(' || c == '{' || c == '[') {
            assert_true(depth < sizeof(stack));
            stack[depth++] = c == '(' ? ')' : c == '{' ? '}' : ']';
        } else if (c == ')' || c == '}' || c == ']') {
            if (depth == 0 || stack[depth - 1] != c)
                fail_msg("line %u: unbalanced %c", line, c);
            depth--;
        }
    }
    if (depth)
        fail_msg("%zu bracket(s) left open at the end", depth);
}

static inline int state_from(const char *json, struct win_state *st, struct diag *d)
{
    diag_clear(d);
    return win_state_parse(json, strlen(json), st, d);
}

static inline void slurp(const char *path, struct strbuf *sb)
{
    size_t n;
    char *buf = unit_slurp(path, &n);
    strbuf_add(sb, buf, n);
    free(buf);
}

static inline void undo_of(const char *path, struct strbuf *out)
{
    struct strbuf sb = STRBUF_INIT;
    slurp(path, &sb);
    struct win_state st;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(win_state_parse(sb.buf, sb.len, &st, &d), 0);
    strbuf_reset(out);
    assert_int_equal(win_script_undo(&st, 1764000000, out), 0);
    strbuf_release(&sb);
}

#endif

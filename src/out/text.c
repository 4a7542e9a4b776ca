#include "out/text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/sanitize.h"
#include "util/xalloc.h"

static bool color_on;

bool text_color_wanted(FILE *f, bool forbid)
{
    if (forbid)
        return false;
    const char *nc = getenv("NO_COLOR");
    if (nc && *nc)
        return false;
    const char *term = getenv("TERM");
    if (!term || strcmp(term, "dumb") == 0)
        return false;
    return isatty(fileno(f));
}

void text_set_color(bool on)
{
    color_on = on;
}

bool text_color_on(void)
{
    return color_on;
}

const char *tc(enum text_color c)
{
    static const char *const seq[] = {
        [TC_RESET] = "\033[0m", [TC_BOLD] = "\033[1m",    [TC_DIM] = "\033[2m",
        [TC_RED] = "\033[31m",  [TC_YELLOW] = "\033[33m", [TC_GREEN] = "\033[32m",
        [TC_CYAN] = "\033[36m",
    };
    return color_on ? seq[c] : "";
}

size_t text_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xc0) != 0x80)
            w++;
    return w;
}

void text_put_safe(FILE *f, const char *s, size_t n)
{
    char buf[512];
    char *clean = n < sizeof(buf) ? buf : xmalloc(n + 1);
    text_sanitize(s, n, clean, n + 1);
    fputs(clean, f);
    if (clean != buf)
        free(clean);
}

void table_init(struct table *t, size_t ncols, const char **headers, const enum table_align *aligns)
{
    memset(t, 0, sizeof(*t));
    t->ncols = ncols;
    t->headers = headers;
    t->aligns = aligns;
}

void table_add_row(struct table *t, const char *const *cells)
{
    t->cells = xgrow(t->cells, (t->nrows + 1) * t->ncols, sizeof(char *), &t->alloc);
    for (size_t c = 0; c < t->ncols; c++) {
        const char *v = cells[c] ? cells[c] : "-";
        size_t n = strlen(v);
        char *clean = xmalloc(n + 1);
        text_sanitize(v, n, clean, n + 1);
        t->cells[t->nrows * t->ncols + c] = clean;
    }
    t->nrows++;
}

static void print_cell(FILE *f, const char *s, size_t width, enum table_align a, bool last)
{
    size_t w = text_width(s);
    size_t pad = width > w ? width - w : 0;
    if (a == TA_RIGHT)
        fprintf(f, "%*s", (int)pad, "");
    fputs(s, f);
    if (a == TA_LEFT && !last)
        fprintf(f, "%*s", (int)pad, "");
}

void table_print(const struct table *t, FILE *f, unsigned indent)
{
    size_t *width = xcalloc(t->ncols, sizeof(size_t));
    for (size_t c = 0; c < t->ncols; c++) {
        if (t->headers)
            width[c] = text_width(t->headers[c]);
        for (size_t r = 0; r < t->nrows; r++) {
            size_t w = text_width(t->cells[r * t->ncols + c]);
            if (w > width[c])
                width[c] = w;
        }
    }
    if (t->headers) {
        fprintf(f, "%*s%s", (int)indent, "", tc(TC_BOLD));
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                fputs("  ", f);
            print_cell(f, t->headers[c], width[c], t->aligns ? t->aligns[c] : TA_LEFT,
                       c + 1 == t->ncols);
        }
        fprintf(f, "%s\n", tc(TC_RESET));
    }
    for (size_t r = 0; r < t->nrows; r++) {
        fprintf(f, "%*s", (int)indent, "");
        for (size_t c = 0; c < t->ncols; c++) {
            if (c)
                fputs("  ", f);
            print_cell(f, t->cells[r * t->ncols + c], width[c], t->aligns ? t->aligns[c] : TA_LEFT,
                       c + 1 == t->ncols);
        }
        fputc('\n', f);
    }
    free(width);
}

void table_release(struct table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof(*t));
}

void text_note(struct text_notes *n, const char *fmt, ...)
{
    if (!n->any)
        fprintf(n->f, "\n%sNotes%s\n", tc(TC_BOLD), tc(TC_RESET));
    n->any = true;
    fputs("  • ", n->f);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(n->f, fmt, ap);
    va_end(ap);
    fputc('\n', n->f);
}

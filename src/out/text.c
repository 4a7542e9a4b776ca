#include "out/text.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util/parse.h"
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

static size_t wrap_cols;

size_t text_wrap_wanted(FILE *f)
{
    const char *c = getenv("COLUMNS");
    uint64_t v;
    if (c && *c && parse_u64_str(c, &v) == 0 && v >= 20 && v <= 10000)
        return (size_t)v;
    struct winsize ws;
    int fd = fileno(f);
    if (fd >= 0 && isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 0;
}

void text_set_wrap(size_t cols)
{
    wrap_cols = cols;
}

size_t text_wrap_cols(void)
{
    return wrap_cols;
}

/* A unit stays on the line of its number: "1.9 GiB" is never split. */
static bool is_unit(const char *w, size_t n)
{
    while (n > 1 && strchr(",;:.)", w[n - 1])) /* "GiB:", "MiB)," */
        n--;
    static const char *const units[] = {"B",  "KiB", "MiB", "GiB", "TiB", "kB", "KB",
                                        "MB", "GB",  "TB",  "%",   "ms",  "s",  NULL};
    for (const char *const *u = units; *u; u++)
        if (strlen(*u) == n && memcmp(*u, w, n) == 0)
            return true;
    return false;
}

/* Visible columns of s[0..n): CSI sequences (ESC [ ... letter) take none,
 * a UTF-8 sequence one. */
static size_t visible_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0x1b && i + 1 < n && s[i + 1] == '[') {
            i += 2;
            while (i < n && !((s[i] >= '@' && s[i] <= '~')))
                i++;
            continue;
        }
        if ((c & 0xC0) != 0x80)
            w++;
    }
    return w;
}

void text_put_wrapped(FILE *f, const char *s, size_t n, size_t col, size_t indent)
{
    if (!wrap_cols) {
        text_put_safe(f, s, n);
        return;
    }
    char buf[512];
    char *clean = n < sizeof(buf) ? buf : xmalloc(n + 1);
    text_sanitize(s, n, clean, n + 1);
    bool line_empty = true; /* nothing of the text on this line yet */
    for (const char *p = clean; *p;) {
        p += strspn(p, " ");
        size_t wl = strcspn(p, " ");
        if (!wl)
            break;
        /* the word, with the unit after it when one follows */
        const char *next = p + wl + strspn(p + wl, " ");
        size_t nl = strcspn(next, " ");
        if (*next && is_unit(next, nl) && next == p + wl + 1)
            wl += 1 + nl;
        size_t cols = visible_width(p, wl); /* clean holds no ESC */
        /* a word that does not fit goes to the next line; one wider than the
         * whole room stays whole on a line of its own (never split) */
        if (!line_empty && col + 1 + cols > wrap_cols) {
            fprintf(f, "\n%*s", (int)indent, "");
            col = indent;
            line_empty = true;
        }
        if (!line_empty) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, wl, f);
        col += cols;
        line_empty = false;
        p += wl;
    }
    if (clean != buf)
        free(clean);
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

static void bullet_v(FILE *f, const char *fmt, va_list ap)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (m) {
        vfprintf(m, fmt, ap);
        fclose(m);
    }
    fputs("  • ", f);
    /* wrapped to the terminal under the text (column 4), commands whole */
    if (buf)
        text_put_wrapped(f, buf, len, 4, 4);
    fputc('\n', f);
    free(buf);
}

void text_bullet(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bullet_v(f, fmt, ap);
    va_end(ap);
}

void text_note(struct text_notes *n, const char *fmt, ...)
{
    if (!n->any)
        fprintf(n->f, "\n%sNotes%s\n", tc(TC_BOLD), tc(TC_RESET));
    n->any = true;
    va_list ap;
    va_start(ap, fmt);
    bullet_v(n->f, fmt, ap);
    va_end(ap);
}

static bool command_line(const char *s, size_t n)
{
    static const char *const first[] = {
        "$ ",    "PS> ",     "cmd> ",           "llama-server ", "whisper-cli ", "headroom ",
        "sudo ", "wsl.exe ", "powershell.exe ", "run  $ ",       "run      $ ",  NULL};
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    for (size_t k = 0; first[k]; k++)
        if (n - i >= strlen(first[k]) && memcmp(s + i, first[k], strlen(first[k])) == 0)
            return true;
    return memmem(s, n, " $ ", 3) != NULL;
}

static bool table_row(const char *s, size_t n)
{
    size_t i = 0, gaps = 0;
    while (i < n && s[i] == ' ')
        i++;
    for (; i + 1 < n; i++)
        if (s[i] == ' ' && s[i + 1] == ' ') {
            gaps++;
            while (i + 1 < n && s[i + 1] == ' ')
                i++;
        }
    return gaps >= 3;
}

/* The column continuation lines start at: a value after its label (two or
 * more spaces within the first 28 columns), else the indent + 2. */
static size_t hang_column(const char *s, size_t n)
{
    size_t lead = 0;
    while (lead < n && s[lead] == ' ')
        lead++;
    for (size_t i = lead; i + 2 < n && i < lead + 28; i++)
        if (s[i] != ' ' && s[i + 1] == ' ' && s[i + 2] == ' ') {
            size_t j = i + 1;
            while (j < n && s[j] == ' ')
                j++;
            if (j < n && j < 40)
                return visible_width(s, j);
            break;
        }
    return lead + 2;
}

static void wrap_line(FILE *f, const char *s, size_t n, size_t cols)
{
    if (visible_width(s, n) <= cols || command_line(s, n) || table_row(s, n)) {
        fwrite(s, 1, n, f);
        return;
    }
    size_t hang = hang_column(s, n);
    if (hang + 20 > cols)
        hang = 4;
    /* the start up to the first word after the indent stays as it is */
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    fwrite(s, 1, i, f);
    size_t col = visible_width(s, i);
    bool line_has_word = false;
    while (i < n) {
        size_t sp = i;
        while (i < n && s[i] == ' ')
            i++;
        size_t w = i;
        while (i < n && s[i] != ' ')
            i++;
        if (w == i) /* trailing blanks */
            break;
        size_t ww = visible_width(s + w, i - w), gap = w - sp;
        if (line_has_word && col + gap + ww > cols) {
            fputc('\n', f);
            for (size_t k = 0; k < hang; k++)
                fputc(' ', f);
            col = hang;
        } else {
            fwrite(s + sp, 1, gap, f);
            col += gap;
        }
        fwrite(s + w, 1, i - w, f);
        col += ww;
        line_has_word = true;
    }
}

void text_wrap_block(FILE *f, const char *buf, size_t len, size_t cols)
{
    const char *p = buf, *end = buf + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (cols)
            wrap_line(f, p, n, cols);
        else
            fwrite(p, 1, n, f);
        if (nl)
            fputc('\n', f);
        p = nl ? nl + 1 : end;
    }
}

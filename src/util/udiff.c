#include "util/udiff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

static bool same(const struct udiff_line *x, const struct udiff_line *y)
{
    return x->len == y->len && x->eol == y->eol && x->eol_kind == y->eol_kind &&
           memcmp(x->text, y->text, x->len) == 0;
}

enum op { KEEP, DEL, ADD };

struct edit {
    enum op op;
    size_t ai, bi;
};

/* The edit script from an LCS table (or a full replacement when too big). */
static struct edit *script(const struct udiff_line *a, size_t na, const struct udiff_line *b,
                           size_t nb, size_t *ret_n)
{
    struct edit *e = xcalloc(na + nb + 1, sizeof(*e));
    size_t n = 0;
    if (na * nb > 4u * 1000 * 1000 || (na && nb > SIZE_MAX / na)) {
        for (size_t i = 0; i < na; i++)
            e[n++] = (struct edit){DEL, i, 0};
        for (size_t j = 0; j < nb; j++)
            e[n++] = (struct edit){ADD, na, j};
        *ret_n = n;
        return e;
    }
    /* lcs[i][j]: LCS length of a[i..] and b[j..] */
    uint32_t *lcs = xcalloc((na + 1) * (nb + 1), sizeof(*lcs));
#define L(i, j) lcs[(i) * (nb + 1) + (j)]
    for (size_t i = na; i-- > 0;)
        for (size_t j = nb; j-- > 0;)
            L(i, j) = same(&a[i], &b[j])           ? L(i + 1, j + 1) + 1
                      : L(i + 1, j) >= L(i, j + 1) ? L(i + 1, j)
                                                   : L(i, j + 1);
    size_t i = 0, j = 0;
    while (i < na || j < nb) {
        if (i < na && j < nb && same(&a[i], &b[j])) {
            e[n++] = (struct edit){KEEP, i++, j++};
        } else if (i < na && (j == nb || L(i + 1, j) >= L(i, j + 1))) {
            e[n++] = (struct edit){DEL, i++, j};
        } else {
            e[n++] = (struct edit){ADD, i, j++};
        }
    }
#undef L
    free(lcs);
    *ret_n = n;
    return e;
}

static void put_line(struct strbuf *out, char mark, const struct udiff_line *l)
{
    strbuf_addch(out, mark);
    strbuf_add(out, l->text, l->len);
    strbuf_addch(out, '\n');
    if (!l->eol)
        strbuf_addstr(out, "\\ No newline at end of file\n");
}

size_t udiff(const struct udiff_line *a, size_t na, const struct udiff_line *b, size_t nb,
             const char *from, const char *to, struct strbuf *out)
{
    size_t n;
    struct edit *e = script(a, na, b, nb, &n);
    size_t changed = 0;
    for (size_t k = 0; k < n; k++)
        changed += e[k].op != KEEP;
    if (!changed) {
        free(e);
        return 0;
    }
    strbuf_addf(out, "--- %s\n+++ %s\n", from, to);
    const size_t ctx = 3;
    size_t k = 0;
    while (k < n) {
        while (k < n && e[k].op == KEEP)
            k++;
        if (k >= n)
            break;
        /* a hunk: from ctx before this change to ctx after the last change
         * that is within 2*ctx of the previous one */
        size_t start = k >= ctx ? k - ctx : 0;
        size_t end = k;
        for (;;) {
            while (end < n && e[end].op != KEEP)
                end++;
            size_t run = end;
            while (run < n && e[run].op == KEEP && run - end < 2 * ctx)
                run++;
            if (run < n && e[run].op != KEEP && run - end < 2 * ctx + 1) {
                end = run;
                continue;
            }
            break;
        }
        size_t stop = end + ctx < n ? end + ctx : n;
        size_t a0 = e[start].ai, b0 = e[start].bi, ac = 0, bc = 0;
        for (size_t q = start; q < stop; q++) {
            ac += e[q].op != ADD;
            bc += e[q].op != DEL;
        }
        strbuf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n", ac ? a0 + 1 : a0, ac, bc ? b0 + 1 : b0, bc);
        for (size_t q = start; q < stop; q++) {
            if (e[q].op == KEEP)
                put_line(out, ' ', &a[e[q].ai]);
            else if (e[q].op == DEL)
                put_line(out, '-', &a[e[q].ai]);
            else
                put_line(out, '+', &b[e[q].bi]);
        }
        k = stop;
    }
    free(e);
    return changed;
}

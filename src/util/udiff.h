/* A unified diff (diff -u) between two lists of lines, for `--dry-run`.
 * Small inputs (config files): an exact LCS table when a.n * b.n is at most
 * 4 million cells, else one hunk replacing everything. */
#ifndef HEADROOM_UDIFF_H
#define HEADROOM_UDIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

struct udiff_line {
    const char *text; /* without its ending */
    size_t len;
    bool eol;          /* has a line ending ("\ No newline at end of file" otherwise) */
    unsigned eol_kind; /* compared too, so a changed ending shows */
};

/* Appends the diff (with `---`/`+++` headers naming `from` and `to`, three
 * lines of context) to `out`. Appends nothing when the lists are equal.
 * Returns the number of changed (added + removed) lines. */
size_t udiff(const struct udiff_line *a, size_t na, const struct udiff_line *b, size_t nb,
             const char *from, const char *to, struct strbuf *out);

#endif

/* Text output for people: aligned tables, colour (only when enabled: a TTY,
 * no NO_COLOR, TERM not "dumb", no --no-color), and sanitising of untrusted
 * strings so a process name cannot move the cursor or inject escapes. */
#ifndef HEADROOM_TEXT_H
#define HEADROOM_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/sanitize.h"

enum text_color { TC_RESET, TC_BOLD, TC_DIM, TC_RED, TC_YELLOW, TC_GREEN, TC_CYAN };

/* Decides once whether `f` should get colour, honouring NO_COLOR, TERM and
 * the --no-color flag (`forbid`). */
bool text_color_wanted(FILE *f, bool forbid);
void text_set_color(bool on);
bool text_color_on(void);
/* The escape sequence for c, or "" when colour is off. */
const char *tc(enum text_color c);

/* Display columns of a UTF-8 string (one per code point). */
size_t text_width(const char *s);
/* Writes n bytes of s (untrusted: a name, a path, a value from a file) through
 * text_sanitize(), so no control byte or escape sequence reaches f. */
void text_put_safe(FILE *f, const char *s, size_t n);

/* Wrapping prose to the terminal: the width to wrap at, from $COLUMNS (20 or
 * more), else the terminal's when `f` is one, else 0 (no wrapping: a pipe or
 * a file gets each item on one line, for grep). Set once, as the colour. */
size_t text_wrap_wanted(FILE *f);
void text_set_wrap(size_t cols);
size_t text_wrap_cols(void);
/* Writes n bytes of s (untrusted: sanitised) as words wrapped at the width
 * set: `col` columns are already on the line, and each further line starts
 * with `indent` spaces (the column under the label). Words are never split;
 * runs of blanks become one. Commands are not prose: print them whole, each
 * on its own line, and never through this. Width 0: s as it is. */
void text_put_wrapped(FILE *f, const char *s, size_t n, size_t col, size_t indent);
/* Output already rendered (trusted: colour codes kept) with its lines
 * wider than `cols` wrapped at spaces: a "label   value" line under its
 * value's column, any other under its own indent + 2. Left whole: command
 * lines ("$ ...", "PS> ...", a program name first), table rows (three gaps
 * of two spaces or more) and words wider than the line. */
void text_wrap_block(FILE *f, const char *buf, size_t len, size_t cols);

/* A "Notes" list: the bold heading goes out before the first note; each
 * note is one "  • " line. */
struct text_notes {
    FILE *f;
    bool any;
};
void text_note(struct text_notes *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One "  • " line, wrapped to the terminal under its text (text_put_wrapped:
 * commands and long words kept whole; not wrapped into a pipe). */
void text_bullet(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct finding;
/* Prints a finding's fix: the advice after `indent` and the label "fix",
 * then each command after the label "run" and its shell's prompt ("$",
 * "PS>" for PowerShell as administrator, "cmd>"), one per line; labels
 * (with a colon when `colon`) are padded to `width` columns and dimmed.
 * Prints nothing for no fix. */
void text_print_fix(FILE *f, const struct finding *x, const char *indent, int width, bool colon);

enum table_align { TA_LEFT, TA_RIGHT };

struct table {
    size_t ncols;
    const char **headers;           /* borrowed */
    const enum table_align *aligns; /* borrowed */
    char **cells;                   /* nrows * ncols, owned */
    size_t nrows, alloc;
};

void table_init(struct table *t, size_t ncols, const char **headers,
                const enum table_align *aligns);
/* Adds a row of ncols strings (copied; NULL shows as "-"). */
/* Cells are copied through text_sanitize(): a table never carries a control byte. */
void table_add_row(struct table *t, const char *const *cells);
/* Prints with `indent` leading spaces and two spaces between columns; the
 * header line is bold when colour is on. */
void table_print(const struct table *t, FILE *f, unsigned indent);
void table_release(struct table *t);

#endif

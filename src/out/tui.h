/* A thin full-screen layer for `headroom top`, over Debian's ncursesw loaded
 * with dlopen() when top starts. Linking ncurses into the binary would map
 * and relocate libncursesw and libtinfo in every headroom process, including
 * the always-running `watch` daemon, whose memory footprint is a goal of its
 * own (it is measured against earlyoom's).
 *
 * What to draw is computed elsewhere (out/top-view.c) as a struct tui_screen:
 * text spans with a position and a style. This layer only maps the styles to
 * attributes and puts the spans on the terminal. */
#ifndef HEADROOM_TUI_H
#define HEADROOM_TUI_H

#include <stdbool.h>
#include <stddef.h>

/* What a span means; tui.c decides how it looks (a colour, or only bold when
 * colour is off). */
enum tui_style {
    TUI_PLAIN,
    TUI_BOLD,
    TUI_DIM,
    TUI_USED,  /* the bar's held-by-programs segment */
    TUI_CACHE, /* the bar's reclaimable-cache segment */
    TUI_FREE,  /* the bar's free segment */
    TUI_OK,    /* a figure within its thresholds */
    TUI_WARN,  /* a figure past a warning threshold */
    TUI_CRIT,  /* a figure past a critical threshold */
    TUI_KEY,   /* a key in the key line or the help */
    TUI_STYLE_COUNT
};

#define TUI_MAX_SPANS 1200
#define TUI_TEXT_MAX  49152

struct tui_span {
    int row, col;
    enum tui_style style;
    unsigned off, len; /* bytes in tui_screen.text */
};

/* A whole screen, `rows` x `cols`; later spans are drawn over earlier ones. */
struct tui_screen {
    int rows, cols;
    struct tui_span spans[TUI_MAX_SPANS];
    unsigned nspans;
    char text[TUI_TEXT_MAX];
    unsigned used;
};

/* Loads ncursesw and starts the screen (cbreak, no echo, keypad, no cursor);
 * with `colour`, and a terminal that has colours, the styles get colours.
 * Returns 0, or -ENOENT when the library is missing, -EIO when the screen
 * cannot start; `err` then says why. */
int tui_open(bool colour, char *err, size_t n);
void tui_close(void);
/* Whether the styles are drawn in colour (asked for, and the terminal has
 * colours). */
bool tui_has_colour(void);
/* Waits up to timeout_ms (-1: forever) for a key; -1 when none came. */
int tui_getch(int timeout_ms);
void tui_size(int *ret_rows, int *ret_cols);
/* Erases the terminal and draws `s`: each span cut at the right edge (by
 * display width), never wrapped onto the next line. */
void tui_draw(const struct tui_screen *s);

#endif

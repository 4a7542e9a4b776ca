#include "out/tui.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

/* The ncurses entry points top needs. The WINDOW type stays opaque: only
 * pointers to it are passed around. The attribute bits and COLOR_PAIR() are
 * fixed by ncurses' ABI (NCURSES_BITS(mask, shift) = mask << (shift + 8)),
 * and so are the eight colour numbers (COLOR_RED 1 ... COLOR_WHITE 7). */
typedef struct tui_window WINDOW_;
#define TUI_A_DIM         (1U << (8 + 12))
#define TUI_A_BOLD        (1U << (8 + 13))
#define TUI_COLOR_PAIR(n) ((unsigned)(n) << 8)
enum { TUI_RED = 1, TUI_GREEN = 2, TUI_YELLOW = 3, TUI_CYAN = 6 };

static struct {
    void *lib;
    WINDOW_ **stdscr;
    WINDOW_ *(*initscr)(void);
    int (*endwin)(void);
    int (*cbreak)(void);
    int (*noecho)(void);
    int (*keypad)(WINDOW_ *, bool);
    int (*curs_set)(int);
    void (*wtimeout)(WINDOW_ *, int);
    int (*wgetch)(WINDOW_ *);
    int (*werase)(WINDOW_ *);
    int (*wrefresh)(WINDOW_ *);
    int (*waddnstr)(WINDOW_ *, const char *, int);
    int (*wmove)(WINDOW_ *, int, int);
    int (*wattrset)(WINDOW_ *, int);
    int (*getmaxy)(const WINDOW_ *);
    int (*getmaxx)(const WINDOW_ *);
    bool (*has_colors)(void);
    int (*start_color)(void);
    int (*use_default_colors)(void);
    int (*init_pair)(short, short, short);
} nc;

static bool colour_on;
static unsigned attr_of[TUI_STYLE_COUNT];

/* Without colour the bar's segments differ by glyph (█ ▒ ·) and the
 * critical figures by bold: nothing is told by colour alone. */
static void set_styles(bool colour)
{
    memset(attr_of, 0, sizeof(attr_of));
    attr_of[TUI_BOLD] = TUI_A_BOLD;
    attr_of[TUI_DIM] = TUI_A_DIM;
    attr_of[TUI_FREE] = TUI_A_DIM;
    attr_of[TUI_WARN] = TUI_A_BOLD;
    attr_of[TUI_CRIT] = TUI_A_BOLD;
    attr_of[TUI_KEY] = TUI_A_BOLD;
    if (!colour)
        return;
    /* pairs 1..4; -1 is the terminal's own background (use_default_colors) */
    short bg = nc.use_default_colors() == 0 ? -1 : 0;
    nc.init_pair(1, TUI_GREEN, bg);
    nc.init_pair(2, TUI_CYAN, bg);
    nc.init_pair(3, TUI_YELLOW, bg);
    nc.init_pair(4, TUI_RED, bg);
    attr_of[TUI_USED] = TUI_COLOR_PAIR(1);
    attr_of[TUI_OK] = TUI_COLOR_PAIR(1);
    attr_of[TUI_CACHE] = TUI_COLOR_PAIR(2);
    attr_of[TUI_KEY] = TUI_COLOR_PAIR(2) | TUI_A_BOLD;
    attr_of[TUI_WARN] = TUI_COLOR_PAIR(3) | TUI_A_BOLD;
    attr_of[TUI_CRIT] = TUI_COLOR_PAIR(4) | TUI_A_BOLD;
}

int tui_open(bool colour, char *err, size_t n)
{
    static const char *const names[] = {"libncursesw.so.6", "libncursesw.so"};
    for (size_t i = 0; i < 2 && !nc.lib; i++)
        nc.lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!nc.lib) {
        snprintf(err, n, "cannot load ncursesw (Debian: apt-get install libncursesw6): %s",
                 dlerror());
        return -ENOENT;
    }
#define SYM(name)                                                                                  \
    do {                                                                                           \
        *(void **)&nc.name = dlsym(nc.lib, #name);                                                 \
        if (!nc.name) {                                                                            \
            snprintf(err, n, "ncursesw lacks %s", #name);                                          \
            return -ENOENT;                                                                        \
        }                                                                                          \
    } while (0)
    SYM(stdscr);
    SYM(initscr);
    SYM(endwin);
    SYM(cbreak);
    SYM(noecho);
    SYM(keypad);
    SYM(curs_set);
    SYM(wtimeout);
    SYM(wgetch);
    SYM(werase);
    SYM(wrefresh);
    SYM(waddnstr);
    SYM(wmove);
    SYM(wattrset);
    SYM(getmaxy);
    SYM(getmaxx);
    SYM(has_colors);
    SYM(start_color);
    SYM(use_default_colors);
    SYM(init_pair);
#undef SYM
    if (!nc.initscr()) {
        snprintf(err, n, "cannot start the terminal screen");
        return -EIO;
    }
    nc.cbreak();
    nc.noecho();
    nc.keypad(*nc.stdscr, true);
    nc.curs_set(0);
    colour_on = colour && nc.has_colors() && nc.start_color() == 0;
    set_styles(colour_on);
    return 0;
}

void tui_close(void)
{
    if (nc.endwin)
        nc.endwin();
}

bool tui_has_colour(void)
{
    return colour_on;
}

int tui_getch(int timeout_ms)
{
    nc.wtimeout(*nc.stdscr, timeout_ms);
    return nc.wgetch(*nc.stdscr);
}

void tui_size(int *ret_rows, int *ret_cols)
{
    *ret_rows = nc.getmaxy(*nc.stdscr);
    *ret_cols = nc.getmaxx(*nc.stdscr);
}

/* Puts one span, character by character as far as it fits: ncurses would
 * wrap the rest onto the next line, leaving a fragment there. */
static void draw_span(const struct tui_screen *s, const struct tui_span *sp)
{
    if (sp->row < 0 || sp->row >= s->rows || sp->col < 0 || sp->col >= s->cols)
        return;
    nc.wmove(*nc.stdscr, sp->row, sp->col);
    nc.wattrset(*nc.stdscr, (int)attr_of[sp->style < TUI_STYLE_COUNT ? sp->style : TUI_PLAIN]);
    const char *p = s->text + sp->off, *end = p + sp->len;
    int col = sp->col;
    mbstate_t st;
    memset(&st, 0, sizeof(st));
    while (p < end) {
        wchar_t wc;
        size_t l = mbrtowc(&wc, p, (size_t)(end - p), &st);
        if (l == 0 || l == (size_t)-1 || l == (size_t)-2) {
            /* not a character in this locale: one cell, one byte */
            memset(&st, 0, sizeof(st));
            l = 1;
            wc = L'?';
        }
        int w = wcwidth(wc);
        if (w < 0)
            w = 1;
        if (col + w > s->cols)
            break;
        nc.waddnstr(*nc.stdscr, wc == L'?' && l == 1 && *p != '?' ? "?" : p, (int)l);
        col += w;
        p += l;
    }
    nc.wattrset(*nc.stdscr, 0);
}

void tui_draw(const struct tui_screen *s)
{
    nc.werase(*nc.stdscr);
    for (unsigned i = 0; i < s->nspans; i++)
        draw_span(s, &s->spans[i]);
    nc.wrefresh(*nc.stdscr);
}

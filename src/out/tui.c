#include "out/tui.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The ncurses entry points top needs. The WINDOW type stays opaque: only
 * pointers to it are passed around. A_BOLD is ncurses' attribute bit
 * (NCURSES_BITS(1U, 13)), fixed by its ABI. */
typedef struct tui_window WINDOW_;
#define TUI_A_BOLD (1U << (8 + 13))

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
    int (*wattron)(WINDOW_ *, int);
    int (*wattroff)(WINDOW_ *, int);
    int (*getmaxy)(const WINDOW_ *);
    int (*getmaxx)(const WINDOW_ *);
} nc;

int tui_open(char *err, size_t n)
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
    SYM(wattron);
    SYM(wattroff);
    SYM(getmaxy);
    SYM(getmaxx);
#undef SYM
    if (!nc.initscr()) {
        snprintf(err, n, "cannot start the terminal screen");
        return -EIO;
    }
    nc.cbreak();
    nc.noecho();
    nc.keypad(*nc.stdscr, true);
    nc.curs_set(0);
    return 0;
}

void tui_close(void)
{
    if (nc.endwin)
        nc.endwin();
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

void tui_erase(void)
{
    nc.werase(*nc.stdscr);
}

void tui_refresh(void)
{
    nc.wrefresh(*nc.stdscr);
}

void tui_bold(bool on)
{
    (on ? nc.wattron : nc.wattroff)(*nc.stdscr, (int)TUI_A_BOLD);
}

static void vprint(const char *fmt, va_list ap)
{
    char buf[1024];
    vsnprintf(buf, sizeof(buf), fmt, ap);
    nc.waddnstr(*nc.stdscr, buf, -1);
}

void tui_printf_at(int y, int x, const char *fmt, ...)
{
    nc.wmove(*nc.stdscr, y, x);
    va_list ap;
    va_start(ap, fmt);
    vprint(fmt, ap);
    va_end(ap);
}

void tui_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprint(fmt, ap);
    va_end(ap);
}

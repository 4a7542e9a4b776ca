/* A thin full-screen layer for `headroom top`, over Debian's ncursesw loaded
 * with dlopen() when top starts. Linking ncurses into the binary would map
 * and relocate libncursesw and libtinfo in every headroom process, including
 * the always-running `watch` daemon, whose memory footprint is a goal of its
 * own (it is measured against earlyoom's). */
#ifndef HEADROOM_TUI_H
#define HEADROOM_TUI_H

#include <stdbool.h>
#include <stddef.h>

/* Loads ncursesw and starts the screen (cbreak, no echo, keypad, no cursor).
 * Returns 0, or -ENOENT when the library is missing, -EIO when the screen
 * cannot start; `err` then says why. */
int tui_open(char *err, size_t n);
void tui_close(void);
/* Waits up to timeout_ms (-1: forever) for a key; -1 when none came. */
int tui_getch(int timeout_ms);
void tui_size(int *ret_rows, int *ret_cols);
void tui_erase(void);
void tui_refresh(void);
void tui_bold(bool on);
/* Moves to (y, x) and prints; text beyond the line is cut. */
void tui_printf_at(int y, int x, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prints at the cursor. */
void tui_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

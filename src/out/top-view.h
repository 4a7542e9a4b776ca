/* What `headroom top` shows, computed from a machine each refresh, and the
 * ways to show it: a full screen laid out here as a struct tui_screen (which
 * out/tui.c draws with ncurses), one line per refresh when stdout is not a
 * terminal, or JSON. Nothing here touches the terminal. */
#ifndef HEADROOM_TOP_VIEW_H
#define HEADROOM_TOP_VIEW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "loaded-models.h"
#include "machine.h"
#include "out/tui.h"

#define TOP_PSI_HISTORY 64
#define TOP_MAX_PROCS   32

enum top_sort { TOP_SORT_RSS, TOP_SORT_PSS };

struct top_view {
    char title[256];
    /* programs: held by programs; cache: reclaimable cache; used and
     * buff_cache as free counts them (all from probe/meminfo.h) */
    uint64_t total, programs, cache, free, host_view, used, buff_cache;
    uint64_t limit;       /* the VM's memory limit from the .wslconfig, 0 when unknown */
    char limit_from[200]; /* ".wslconfig:5", "default: 50% of host RAM" */
    uint64_t swap_total, swap_used;
    uint64_t available; /* MemAvailable */
    bool psi, psi_has_full;
    uint64_t psi_some10, psi_full10;    /* hundredths of a percent */
    uint64_t psi_hist[TOP_PSI_HISTORY]; /* oldest first */
    unsigned psi_n;
    struct proc_info procs[TOP_MAX_PROCS];
    unsigned nprocs;
    /* procs[i]'s command line (probe/procs.h), "" when unread: filled by the
     * caller after top_view_update(), which clears them */
    char cmdline[TOP_MAX_PROCS][512];
    enum top_sort sort;
    char last_reclaim[160]; /* "" when none */
    char status[160];       /* a message line (prompts, results) */
    bool live;              /* the running machine, not a snapshot: r can reclaim */
    bool help;              /* the ? overlay is shown */
    /* the models in memory (loaded-models.h), filled by the caller after
     * top_view_update(); shown on one line, and in --json as status shows
     * them */
    struct loaded_models loaded;
    bool has_loaded;
};

/* Refreshes the figures from a freshly loaded machine, keeping the PSI
 * history. */
void top_view_update(struct top_view *v, const struct machine *m, bool wsl);
/* One line: time, held by programs, reclaimable cache, free, host view, swap
 * used, PSI some avg10. */
void top_view_line(const struct top_view *v, FILE *f, time_t now);
/* Lays the full screen out for a terminal of rows x cols into `s`; `utf8`
 * chooses block characters over ASCII. Every span fits in its line. */
void top_view_layout(const struct top_view *v, int rows, int cols, bool utf8, struct tui_screen *s);
/* One JSON object per refresh (--json): the same figures under the names
 * `status --json` gives them, the memory limit, PSI, the processes shown. */
void top_view_json(const struct top_view *v, FILE *f, time_t now);
/* A bar of `width` cells: used, then cache, then free. Cells are written as
 * UTF-8 (█ ▒ ·) or ASCII (# = .) into buf; returns buf. Exposed for tests. */
char *top_bar(uint64_t used, uint64_t cache, uint64_t total, unsigned width, bool utf8, char *buf,
              size_t n);
/* Cells of a bar `width` wide whose full length stands for `scale` bytes:
 * used, then cache, then free up to `total`, then `beyond` cells past total
 * (when scale is larger: the memory limit above MemTotal). */
struct top_bar_cells {
    unsigned used, cache, free, beyond;
};
struct top_bar_cells top_bar_split(uint64_t used, uint64_t cache, uint64_t total, uint64_t scale,
                                   unsigned width);
/* The cell (0 .. width-1) where a value ends on a bar whose full length is
 * `scale` bytes; values past the scale are on the last cell. */
unsigned top_marker_cell(uint64_t value, uint64_t scale, unsigned width);
/* How a figure is shown, by the thresholds mem.low-available and
 * mem.pressure judge by (rules/thresholds.h): TUI_OK, TUI_WARN, TUI_CRIT. */
enum tui_style top_available_style(uint64_t available, uint64_t total);
enum tui_style top_psi_style(uint64_t some10, bool has_full, uint64_t full10);
/* A sparkline of values 0..10000 (percent in hundredths), one cell each. */
char *top_sparkline(const uint64_t *v, unsigned n, bool utf8, char *buf, size_t size);

#endif

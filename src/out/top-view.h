/* What `headroom top` draws, computed from a machine each refresh, and the
 * two ways to draw it: full screen with ncurses, or one line per refresh
 * when stdout is not a terminal. */
#ifndef HEADROOM_TOP_VIEW_H
#define HEADROOM_TOP_VIEW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "machine.h"

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
    bool psi;
    uint64_t psi_some10;                /* hundredths of a percent */
    uint64_t psi_hist[TOP_PSI_HISTORY]; /* oldest first */
    unsigned psi_n;
    struct proc_info procs[TOP_MAX_PROCS];
    unsigned nprocs;
    enum top_sort sort;
    char last_reclaim[160]; /* "" when none */
    char status[160];       /* a message line (prompts, results) */
};

/* Refreshes the figures from a freshly loaded machine, keeping the PSI
 * history. */
void top_view_update(struct top_view *v, const struct machine *m, bool wsl);
/* One line: time, held by programs, reclaimable cache, free, host view, swap
 * used, PSI some avg10. */
void top_view_line(const struct top_view *v, FILE *f, time_t now);
/* Full screen; `utf8` chooses block characters over ASCII. */
void top_view_draw(const struct top_view *v, bool utf8);
/* One JSON object per refresh (--json): the same figures under the names
 * `status --json` gives them, the memory limit, PSI, the processes shown. */
void top_view_json(const struct top_view *v, FILE *f, time_t now);
/* A bar of `width` cells: used, then cache, then free. Cells are written as
 * UTF-8 (█ ▒ ·) or ASCII (# = .) into buf; returns buf. Exposed for tests. */
char *top_bar(uint64_t used, uint64_t cache, uint64_t total, unsigned width, bool utf8, char *buf,
              size_t n);
/* A sparkline of values 0..10000 (percent in hundredths), one cell each. */
char *top_sparkline(const uint64_t *v, unsigned n, bool utf8, char *buf, size_t size);

#endif

/* The HTML report: one self-contained file (inline CSS and SVG, a few lines
 * of inline script for the copy buttons; no external fonts, scripts or
 * images), readable in light and dark mode and on paper. Each section
 * appears only when its data exists. Every chart has a text alternative: an
 * SVG <title>/<desc> and a table of the same figures. */
#ifndef HEADROOM_HTML_H
#define HEADROOM_HTML_H

#include <stdio.h>
#include <time.h>

#include "budget.h"
#include "headline.h"
#include "loaded-models.h"
#include "machine.h"
#include "rules/rules.h"
#include "model/estimate.h"
#include "watchlog.h"
#include "wslconfig/wslconfig.h"

struct win_host;

struct report_model {
    const struct machine *m;
    const char *root_path; /* as given */
    time_t now;
    const struct doctor_result *doctor; /* NULL: no findings section */
    const struct watchlog *log;         /* NULL: no timeline */
    const char *log_path;
    /* --model: what each model needs against the room left (loaded together) */
    const struct report_model_row *models;
    size_t nmodels;
    uint64_t room;      /* RAM for models: MemAvailable */
    uint64_t vram_room; /* VRAM for models, 0 when no GPU */
    /* the whole laptop: the budget of the host's RAM (NULL: no section) and
     * the VM the .wslconfig gives (its memory limit is marked) */
    const struct budget *budget;
    const struct wsl_vm *vm;
    /* the .wslconfig in effect (NULL: none, or which one is not known),
     * /etc/wsl.conf (NULL: none), where they were looked for, and config
     * lint's findings on both (their `file` is the display path) */
    const struct wsl_config *wslconfig;
    const char *wslconfig_display;
    /* the settings the running VM does not have yet, in words; NULL when
     * it has them (then the file is in effect) */
    const char *not_applied;
    const struct wsl_config *wslconf;
    const struct wsl_locate *loc;
    const struct findings *lint;
    /* the Windows host data (NULL: none): its disk keys in the disk section */
    const struct win_host *host;
    /* the models in memory (NULL: no section) */
    const struct loaded_models *loaded;
    /* the verdict at the top (NULL: none): headline_compute() */
    const struct headline *headline;
};

struct report_model_row {
    const char *name; /* as the user gave it (or the store name) */
    const struct model *m;
    struct fit_result r; /* solved with the models before it loaded */
};

/* The host bar's x of a byte count: the bar is as wide as the host's RAM,
 * or as the stacked figures when they add up to more; for tests. */
double report_host_x(uint64_t bytes, uint64_t scale);

/* Writes the whole document. */
void report_html(FILE *f, const struct report_model *r);
/* HTML-escapes s (& < > " ') and replaces invalid UTF-8 and control bytes. */
void html_escape(FILE *f, const char *s);

/* The width in the bar's coordinate system (0..REPORT_BAR_WIDTH) of `part`
 * bytes out of `total`, with one decimal; exposed for tests. */
#define REPORT_BAR_WIDTH 800
double report_bar_width(uint64_t part, uint64_t total);

/* The timeline's geometry: x of a time, y of a byte count (0 at the bottom
 * of the memory plot), for tests. */
#define TIMELINE_X0 48
#define TIMELINE_W  740
#define TIMELINE_Y0 12
#define TIMELINE_H  150
double timeline_x(int64_t t, int64_t t0, int64_t t1);
double timeline_y(uint64_t v, uint64_t max);

#endif

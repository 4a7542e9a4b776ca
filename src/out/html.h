/* The HTML report: one self-contained file (inline CSS and SVG, a few lines
 * of inline script for the copy buttons; no external fonts, scripts or
 * images), readable in light and dark mode and on paper. Each section
 * appears only when its data exists. Every chart has a text alternative: an
 * SVG <title>/<desc> and a table of the same figures. */
#ifndef HEADROOM_HTML_H
#define HEADROOM_HTML_H

#include <stdio.h>
#include <time.h>

#include "machine.h"
#include "rules/rules.h"

struct report_model {
    const struct machine *m;
    const char *root_path; /* as given */
    time_t now;
    const struct doctor_result *doctor; /* NULL: no findings section */
};

/* Writes the whole document. */
void report_html(FILE *f, const struct report_model *r);
/* HTML-escapes s (& < > " ') and replaces invalid UTF-8 and control bytes. */
void html_escape(FILE *f, const char *s);

/* The width in the bar's coordinate system (0..REPORT_BAR_WIDTH) of `part`
 * bytes out of `total`, with one decimal; exposed for tests. */
#define REPORT_BAR_WIDTH 800
double report_bar_width(uint64_t part, uint64_t total);

#endif

/* What the report's sections share (src/out/html*.c); not for callers. */
#ifndef HEADROOM_HTML_PARTS_H
#define HEADROOM_HTML_PARTS_H

#include <stdint.h>
#include <stdio.h>

#include "out/html.h"

/* Escapes a multi-line text, keeping its newlines. */
void html_escape_lines(FILE *f, const char *s);
struct finding;
/* A finding's fix: the advice as prose, each command in its own block with
 * its shell and a copy button (src/out/html-fix.c). */
void html_fix(FILE *f, const struct finding *x);
/* A source with its URLs and "owner/repo#N" issue references as links. */
void html_source(FILE *f, const char *s);
/* x rounded to a tenth of a pixel (0 for x <= 0): every drawn coordinate. */
double report_tenth(double x);
/* A segment's size written inside it (at its left, baseline y) when the
 * segment is wide enough to hold it. */
void html_bar_label(FILE *f, double x, double width, int y, uint64_t bytes);
/* "fit-green", "fit-amber" (over 90 % of the room) or "fit-red". */
const char *report_fit_class(uint64_t used, uint64_t room);

/* The whole laptop: Windows, browsers, WSL's overhead, the guest's used
 * memory, page cache and what is free, with the models drawn on it. */
void report_host_section(FILE *f, const struct report_model *r);
/* The .wslconfig in effect, line by line, with config lint's marks, and
 * the settings WSL takes from it. */
void report_config_section(FILE *f, const struct report_model *r);
/* The verdict at the top (src/out/html-headline.c); r->headline and
 * r->doctor are set. */
void report_headline_section(FILE *f, const struct report_model *r);
/* The models in memory (src/out/html-loaded.c); nothing when unread. */
void report_loaded_section(FILE *f, const struct report_model *r);
/* The watch log's timeline (src/out/html-timeline.c). */
void report_timeline_section(FILE *f, const struct report_model *r);
/* The file system at "/" (src/out/html-disk.c); nothing when unread. */
void report_disk_section(FILE *f, const struct report_model *r);

#endif

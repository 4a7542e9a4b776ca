/* The explain pages: one per doctor rule id and per config lint id, written
 * for this project. They feed `headroom explain`, the man page
 * headroom-rules(7) (tools/gen-docs.c) and the report's "why?" pieces.
 * Sources are public: URLs only (a GitHub issue is its issue URL). */
#ifndef HEADROOM_EXPLAIN_H
#define HEADROOM_EXPLAIN_H

#include <stddef.h>

#define EXPLAIN_MAX_SOURCES 4

struct explain_page {
    const char *id;       /* area.name, as findings carry it */
    const char *area;     /* wsl, config, mem, windows, gpu, audio, containers, lint */
    const char *severity; /* the severities its findings take: "warning", "info-critical" */
    const char *title;    /* one line */
    const char *checks;   /* what it looks at */
    const char *why;      /* why it matters on a 16 GB WSL2 laptop */
    const char *evidence; /* what the evidence fields mean */
    const char *fix;      /* the fix */
    const char *risks;    /* what the fix can cost */
    const char *sources[EXPLAIN_MAX_SOURCES]; /* public URLs, NULL-terminated when short */
};

/* The pages, areas grouped in doctor's order, then the lint ids. */
extern const struct explain_page explain_doctor_pages[];
extern const size_t explain_doctor_count;
extern const struct explain_page explain_audio_pages[]; /* after the doctor's */
extern const size_t explain_audio_count;
extern const struct explain_page explain_model_pages[]; /* after the audio ones */
extern const size_t explain_model_count;
extern const struct explain_page explain_lint_pages[];
extern const size_t explain_lint_count;

size_t explain_count(void);
const struct explain_page *explain_at(size_t i);

/* The page of ID; `wslconf.NAME` (a /etc/wsl.conf finding) finds the page of
 * `wslconfig.NAME`. NULL when there is none. */
const struct explain_page *explain_find(const char *id);

/* The known id closest to ID (edit distance at most 3), or NULL. */
const char *explain_suggest(const char *id);

/* How to suppress findings of P, one sentence written into BUF; returns BUF. */
#define EXPLAIN_SUPPRESS_MAX 400
const char *explain_suppress(const struct explain_page *p, char *buf, size_t n);

#endif

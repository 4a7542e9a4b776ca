/* `headroom fit`'s first lines and the JSON of its alternative: what fits,
 * said first. Renders results only (estimate.h, fit-alt.h). */
#ifndef HEADROOM_OUT_FIT_VERDICT_H
#define HEADROOM_OUT_FIT_VERDICT_H

#include <stdio.h>

#include "model/fit-alt.h"
#include "out/json.h"
#include "util/strbuf.h"

/* One model of the request, as asked and (when it does not fit) the
 * nearest settings that do. */
struct fit_shown {
    const struct model *m;
    const struct estimate_opts *o; /* as asked (ngl as chosen) */
    const struct fit_result *r;
    const struct fit_alt *alt; /* NULL or !found when there is none */
};

/* The verdict line(s) for n models run side by side; `v`, `ram`,
 * `resident`, `mapped` (page cache of mapped files) and `vram` are the
 * request's verdict and summed figures. */
void fit_verdict_print(FILE *f, const struct fit_shown *all, size_t n, const struct fit_budget *b,
                       enum fit_verdict v, uint64_t ram, uint64_t resident, uint64_t mapped,
                       uint64_t vram);

/* A ggml type as llama.cpp's -ctk/-ctv take it: "q8_0", "f16". */
const char *fit_type_arg(uint32_t type, char *buf, size_t n);

/* The changes as llama-server options: "-c 1280 --no-mmap -ctk q8_0 -ctv q8_0". */
void fit_alt_short(struct strbuf *sb, const struct fit_alt *a);

/* "alternative": {...} for a model that does not fit as asked, or null
 * when no setting fits; `command` is its command line. */
void fit_alt_json(struct json *j, const struct fit_alt *a, const char *command);

#endif

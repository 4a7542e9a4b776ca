/* `headroom fit`'s block for one model: its name, shape and the table of
 * what it needs in RAM and VRAM (as asked). Renders results only. */
#ifndef HEADROOM_OUT_FIT_MODEL_H
#define HEADROOM_OUT_FIT_MODEL_H

#include <stdio.h>

#include "model/estimate.h"

/* name: the Ollama or store name, or NULL; display: the path as shown;
 * ftype: the file type's name or "". */
void fit_model_print(FILE *f, const char *name, const char *display, const struct model *m,
                     const struct estimate_opts *o, const struct fit_result *r, const char *ftype);

#endif

/* The model rules' texts that `fit` shows too (one wording, one place). */
#ifndef HEADROOM_RULES_MODEL_H
#define HEADROOM_RULES_MODEL_H

#include "probe/placement.h"
#include "util/strbuf.h"

#define MODEL_DRVFS_SOURCE                                                                         \
    "ollama/ollama#6006 (Ollama's maintainer: WSL2's file system mapping cannot memory-map the "   \
    "model); ggml-org/llama.cpp#1205 (a model on /mnt/e loaded fully into RAM)"

/* "/mnt/c (9p, the Windows drive C:\)" and the read speed: "read 64.0 MiB in
 * 1.9 s (33.7 MiB/s) just now" or "read speed not measured: ...". */
void model_drvfs_where(const struct model_placement *pl, struct strbuf *sb);
void model_drvfs_speed(const struct model_placement *pl, struct strbuf *sb);
/* The fix lines (finding_set_fix() form): advice, then a bash command that
 * copies the model (or, for an Ollama blob, its whole store) into the
 * distro's ext4. `who` names what loads it ("llama-server"), or NULL. */
void model_drvfs_fix(const struct model_placement *pl, const char *who, struct strbuf *fix);

#endif

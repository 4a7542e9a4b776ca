/* A model header read through the root, for the doctor's rules that weigh a
 * model found on this machine (a store's largest model, the one Ollama
 * loaded): one GGUF file, never its weights. Commands that take a model
 * argument use cmd/model-arg.h instead (split sets, whisper.cpp files, the
 * command-line errors). */
#ifndef HEADROOM_MODEL_OPEN_H
#define HEADROOM_MODEL_OPEN_H

#include "model/estimate.h"
#include "util/diag.h"
#include "util/rootfs.h"

/* Reads the GGUF at `rel` (relative to the root) into *ret (release with
 * model_release()). 0; -ENOENT and other -errno when it cannot be opened;
 * -EBADMSG when it is not a GGUF or is malformed (d: the offset); -EXDEV for
 * one shard of a split set (its size would be a part of the model's). */
int model_open_root(const struct rootfs *r, const char *rel, struct model *ret, struct diag *d);

#endif

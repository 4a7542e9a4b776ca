/* Turning a model argument of the command line into a loaded model header:
 * a path of the normal filesystem, or an Ollama / Hugging Face / LM Studio
 * name found in the stores through the root; a split set ("-00001-of-00003")
 * loads all its shards; a whisper.cpp ggml .bin is read too. Shared by
 * `fit` and `report --model`. These are command-layer helpers: on failure
 * they print the one-line error and return the exit status. */
#ifndef HEADROOM_MODEL_ARG_H
#define HEADROOM_MODEL_ARG_H

#include "cli.h"
#include "model/estimate.h"

struct model_src {
    char *display; /* the path as shown to the user */
    char *rel;     /* relative to the root when found in a store, else NULL */
    char *name;    /* store name, or NULL */
    /* a file on a server (cmd/model-remote.h), or NULL */
    struct model_remote_info *remote;
};

/* Resolves `arg`. Returns 0, or prints the error and returns EXIT_USAGE. */
int model_arg_resolve(const struct ctx *ctx, const char *arg, struct model_src *ret);
/* Reads the header(s) into *ret (release with model_release()). Returns 0,
 * or prints the error and returns EXIT_USAGE / EXIT_SYSTEM. */
int model_arg_load(const struct ctx *ctx, const struct model_src *src, struct model *ret);
void model_src_release(struct model_src *s);
/* "...-00002-of-00005.gguf": the part number, the count, and the offset of
 * the part number's first digit. */
bool model_arg_split_name(const char *p, unsigned *ret_no, unsigned *ret_n, size_t *ret_at);
#endif

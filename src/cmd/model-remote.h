/* Model arguments that name a file on a server: an http:// or https:// URL
 * of a .gguf, or hf:ORG/REPO/FILE.gguf on the Hugging Face Hub (HF_ENDPOINT,
 * HF_TOKEN). Only the header is read (model/remote.c); a split set
 * "-00001-of-0000N.gguf" reads every part's header. Command-layer helpers
 * for model-arg.c: they print the one-line error and return the exit
 * status. */
#ifndef HEADROOM_CMD_MODEL_REMOTE_H
#define HEADROOM_CMD_MODEL_REMOTE_H

#include <stdbool.h>
#include <stdint.h>

#include "cli.h"
#include "model/estimate.h"

struct model_src;

/* What reading it took, for fit --json. */
struct model_remote_info {
    char *url;           /* the first (or only) file's URL */
    char *run_args;      /* how llama-server names it: "-mu 'URL'", "-hfr 'O/R' -hff 'F'" */
    unsigned requests;   /* HTTP requests, all parts */
    uint64_t bytes;      /* body bytes received, all parts */
    unsigned from_cache; /* parts whose header came from the cache */
};

/* Set by the command from its options before it loads a model. */
struct model_remote_settings {
    uint64_t timeout_ms; /* each file's requests together, and a listing's (default 30 s) */
    bool download_whole; /* read on from a server that ignores Range */
};
extern struct model_remote_settings model_remote_settings;

/* http://, https:// or hf: */
bool model_remote_is(const char *arg);
/* Fills ret (display, name, remote). 0 or the exit status after the error. */
int model_remote_resolve(const struct ctx *ctx, const char *arg, struct model_src *ret);
/* Reads the header(s). 0 or the exit status after the error. */
int model_remote_load(const struct ctx *ctx, const struct model_src *src, struct model *ret);
void model_remote_info_free(struct model_remote_info *r);

/* Within cmd/model-remote*.c: */
struct remote_err;
struct strbuf;
/* The one-line error for a failed read of url; returns the exit status. */
int model_remote_error(const struct ctx *ctx, const char *url, const struct remote_err *err,
                       bool sent_token);
/* s quoted for a POSIX shell. */
void model_remote_add_quoted(struct strbuf *sb, const char *s);
/* ollama:NAME[:TAG] (model-remote-ollama.c): the registry's manifest, then
 * the URL of the model layer's blob into *url. 0 or the exit status. */
int model_remote_ollama(const struct ctx *ctx, const char *arg, struct model_remote_info *ri,
                        struct strbuf *url);

#endif

/* The models in memory now, for status, top and the report: what Ollama
 * says it has loaded (GET /api/ps, when it answers on the loopback address
 * within 200 ms), and otherwise the processes that map a model file (the
 * file, its architecture from the GGUF header, its size, the process's
 * resident file pages). */
#ifndef HEADROOM_LOADED_MODELS_H
#define HEADROOM_LOADED_MODELS_H

#include <stdbool.h>
#include <stdint.h>

#include "machine.h"
#include "probe/inference.h"
#include "probe/ollama-ps.h"
#include "util/strbuf.h"

enum loaded_source { LOADED_NONE = 0, LOADED_OLLAMA, LOADED_PROCESSES };

struct loaded_proc {
    int pid;
    char process[64];
    char file[256];        /* the first model file it maps */
    char architecture[32]; /* "" when the header was not read (a snapshot) */
    uint64_t file_bytes;   /* 0 when unknown */
    uint64_t resident;     /* the process's resident file pages (RssFile) */
};

struct loaded_models {
    enum loaded_source source;
    struct ollama_ps ps; /* LOADED_OLLAMA */
    struct probe_status ps_st;
    struct loaded_proc procs[INFERENCE_MAX]; /* LOADED_PROCESSES */
    unsigned nprocs;
    char ollama_why[160]; /* why Ollama's list was not used */
};

/* From a machine loaded with its process list (probes through m->root).
 * raw, when not NULL, receives Ollama's body for a snapshot. */
void loaded_models_read(const struct machine *m, struct loaded_models *ret, struct strbuf *raw);
const char *loaded_source_name(enum loaded_source s);
/* The list as a snapshot will give it back: when Ollama's answer is not
 * stored, the reason says so. */
void loaded_models_as_saved(struct loaded_models *lm);

#endif

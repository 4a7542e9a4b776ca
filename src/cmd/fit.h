/* Shared by `headroom fit` (fit.c) and its --list (fit-list.c). */
#ifndef HEADROOM_CMD_FIT_H
#define HEADROOM_CMD_FIT_H

#include "cli.h"
#include "fit-env.h"
#include "cmd/model-arg.h"
#include "model/estimate.h"
#include "model/fit-alt.h"
#include "probe/nvml.h"
#include "probe/placement.h"
#include "util/strbuf.h"
#include "win/host.h"

struct fit_entry {
    struct model_src src;
    struct model m;
    struct estimate_opts o;
    struct fit_result r;
    char ftype[32];
    struct fit_alt alt;           /* when it does not fit as asked */
    struct model_placement place; /* where the file lives (fit-drvfs.c) */
};

/* "fits_in_ram", "fits_with_gpu", "does_not_fit" */
const char *fit_verdict_key(enum fit_verdict v);
/* The file type's name ("Q4_K_M") or the dominant tensor type's, or "". */
void fit_ftype_name(const struct model *m, char *buf, size_t n);
/* The llama-server (whisper-cli) command line for the entry's settings. */
void fit_command_line(const struct fit_entry *e, struct strbuf *sb);
/* The entry as "Run it with" shows it: with the settings that fit when the
 * asked ones do not (then copied into tmp). */
const struct fit_entry *fit_shown_entry(const struct fit_entry *e, struct fit_entry *tmp);
/* s quoted for a POSIX shell, appended to sb. */
void fit_add_quoted(struct strbuf *sb, const char *s);
/* fit-whisper.c: whisper-cli's flags for the settings that differ from its
 * defaults, and the advice for a whisper.cpp model (each with its figure). */
void fit_whisper_flags(const struct estimate_opts *o, struct strbuf *sb);
/* whisper-cli's options as fit takes them (NULL / UINT_MAX: not given): sets o,
 * or returns EXIT_USAGE after a one-line error. */
struct fit_whisper_args {
    const char *flash_attn, *max_context;
    unsigned beam_size, best_of;
    bool no_fallback;
};
int fit_whisper_opts(const struct ctx *ctx, const struct fit_whisper_args *w,
                     struct estimate_opts *o);
void fit_whisper_advice(FILE *f, const struct fit_entry *e);
/* fit --list: every model in the stores, at a 4096 context. */
int fit_run_list(struct ctx *ctx, const struct estimate_opts *o, const struct fit_env *bu);
/* fit-drvfs.c: where each model file lives (the rule model.on-drvfs): on a
 * Windows drive, a note under the model (text) and "placement" (JSON). */
void fit_place(const struct ctx *ctx, struct fit_entry *all, size_t n);
struct download_room;
struct json;
/* The bytes of the entries that are on a server (true when there is one). */
bool fit_download_bytes(const struct fit_entry *all, size_t n, uint64_t *ret);
/* What fit reads of this machine, each loaded once per run: the machine (for
 * the budget, then for where a download lands) and, on first use, the Windows
 * host (win_host_load spawns a Windows process on WSL2, 0.1-1 s; the VRAM
 * margin and the download's room both read it) (fit-download.c). */
struct fit_system {
    struct machine m;
    bool machine_loaded;
    struct win_host h;
    bool host_loaded;
};
const struct machine *fit_system_machine(const struct ctx *ctx, struct fit_system *s);
const struct win_host *fit_system_host(const struct ctx *ctx, struct fit_system *s);
void fit_system_release(struct fit_system *s);
/* Where that download lands, measured through the root (fit-download.c). */
void fit_download_measure(const struct ctx *ctx, uint64_t bytes, struct fit_system *sys,
                          struct download_room *r);
void fit_download_json(struct json *j, const struct download_room *r);
void fit_download_print(FILE *f, const struct download_room *r);
void fit_place_print(FILE *f, const struct fit_entry *e);
struct json;
void fit_place_json(struct json *j, const struct fit_entry *e);
struct json;
/* One model's object of fit --json (fit-json.c). */
void fit_json_entry(struct json *j, const struct fit_entry *e, const struct fit_env *bu);

#endif

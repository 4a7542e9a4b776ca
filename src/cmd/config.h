/* What `headroom config`'s two files share: config.c (which file, the
 * facts, lint, show, the dispatch) and config-edit.c (set, unset,
 * recommend, apply). Not for other commands. */
#ifndef HEADROOM_CMD_CONFIG_H
#define HEADROOM_CMD_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "budget.h"
#include "cli.h"
#include "machine.h"
#include "win/host.h"
#include "wslconfig/wslconfig.h"

/* the options, as the command table parsed them */
struct config_args {
    const char *file;
    bool wsl_conf, dry_run, recommended, yes;
    struct opt_list for_models; /* recommend, apply: --for MODEL (repeatable) */
    unsigned ctx;               /* --ctx N for those models */
    uint64_t host_ram;
    unsigned host_cpus;
    const char *profile;
    const char *wsl_version;
};
extern struct config_args cfg_args;

/* the line every edit ends with */
extern const char *const config_reminder;

/* ---- which file ---- */

struct target {
    char *path; /* relative to the root when in_root; NULL: none found */
    bool in_root;
    bool located; /* found on the machine, not named by --file */
    char display[1100];
};

void target_release(struct target *t);
/* --file, else this machine's .wslconfig (or /etc/wsl.conf); 0 or an exit
 * status after the error was reported */
int resolve_target(struct ctx *ctx, bool for_write, struct target *t);
/* the path to open on this machine (the root's path joined), allocated */
char *disk_path(const struct ctx *ctx, const struct target *t);
int load_target(struct ctx *ctx, const struct target *t, enum wsl_file kind, bool allow_missing,
                struct wsl_config *cfg, bool *ret_missing, struct diag *ret_diag,
                bool *ret_unreadable);

/* ---- facts ---- */

struct facts_ctx {
    bool have_m;
    struct machine m;
    bool have_conf;
    struct wsl_config conf; /* /etc/wsl.conf, for boot.systemd */
    struct host_facts host;
    struct wsl_facts facts;
    bool have_win;
    struct win_host win; /* the Windows host, for its measured RAM */
};

void facts_load(struct ctx *ctx, const struct target *t, const struct wsl_eval *wslconfig,
                struct facts_ctx *fc);
void facts_release(struct facts_ctx *fc);

/* --for: sizes rec's memory= and swap= for the models (config-for.c).
 * Returns 0 or the exit status after the error was reported. */
struct wsl_recommendation;
struct workload;
struct json;
int config_size_for(struct ctx *ctx, const struct facts_ctx *fc, struct wsl_recommendation *rec,
                    struct workload *w);
void config_workload_json(struct json *j, const struct workload *w);
/* When it does not fit: what would, as comment lines after the file. */
void config_workload_text(FILE *f, const struct workload *w);

/* the subcommands of config-edit.c */
int config_set(struct ctx *ctx, int argc, char **argv, bool unset);
int config_recommend(struct ctx *ctx);
int config_apply(struct ctx *ctx);
/* After apply wrote the file (config-shutdown.c): on a live WSL machine,
 * offer to run wsl.exe --shutdown (`yes`: without asking); elsewhere print
 * the reminder. Returns an exit status. */
int config_offer_shutdown(struct ctx *ctx, bool yes);

#endif

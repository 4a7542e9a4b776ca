/* headroom budget: a memory budget computed for this
 * machine - host RAM, Windows, browser, WSL's overhead, and what is left for
 * AI - each line marked measured, given, inferred or assumed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "budget.h"
#include "cmd/cmds.h"
#include "machine.h"
#include "out/json.h"
#include "out/text.h"
#include "out/wslconfig-json.h"
#include "util/size.h"
#include "wslconfig/wslconfig.h"

static const char *arg_file;
static uint64_t arg_host_ram;
static unsigned arg_host_cpus;
static const char *arg_profile;

static const struct complete_spec budget_complete[] = {
    {"profile", NULL, COMPLETE_WORDS, budget_profile_at, NULL},
    {NULL, NULL, COMPLETE_END, NULL, NULL},
};

static const struct opt budget_opts[] = {
    {"host-ram", 0, OPT_SIZE, &arg_host_ram, "SIZE",
     "the Windows host's RAM (e.g. 16GB), when headroom cannot tell"},
    {"host-cpus", 0, OPT_UINT, &arg_host_cpus, "N", "the Windows host's logical CPUs"},
    {"profile", 0, OPT_STRING, &arg_profile, "NAME", "minimal or typical (default: typical)"},
    {"file", 'f', OPT_STRING, &arg_file, "PATH",
     "the .wslconfig to take the VM's memory limit from (default: this machine's)"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

CLI_VALUES(profile_values, "budget profile", "minimal", "typical");
static const struct opt_value_set budget_values[] = {{"profile", &profile_values}, {NULL, NULL}};

static int run_budget(struct ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    int p = arg_profile ? budget_profile_parse(arg_profile) : BUDGET_TYPICAL;
    if (p < 0)
        return cli_usage_error(ctx->cmd, "--profile '%s': expected minimal or typical",
                               arg_profile);
    struct machine m;
    struct machine_opts mo = {.top_n = 1};
    machine_load(&m, ctx->root, &mo);

    /* the .wslconfig in use, if one can be told */
    struct wsl_config cfg;
    bool have = false;
    char from[1400] = "";
    struct diag d;
    if (arg_file) {
        int r = wsl_config_load(ctx->root, arg_file, false, WSLF_WSLCONFIG, &cfg, &d);
        if (r < 0 && r != -EBADMSG) {
            machine_release(&m);
            return cli_error(ctx, r == -ENOENT || r == -EFBIG ? EXIT_USAGE : EXIT_SYSTEM,
                             "cannot read %s: %s", arg_file,
                             r == -EFBIG ? "larger than " WSL_CONFIG_CAP_TEXT : strerror(-r));
        }
        have = true;
        snprintf(from, sizeof(from), "%s", arg_file);
    } else {
        struct wsl_locate loc;
        wsl_locate(ctx->root, true, &loc);
        if (loc.nfound == 1) {
            int r = wsl_config_load(ctx->root, loc.found[0], true, WSLF_WSLCONFIG, &cfg, &d);
            have = r == 0 || r == -EBADMSG;
            ctx_display_path(ctx, loc.found[0], from, sizeof(from));
        }
        wsl_locate_release(&loc);
    }
    if (!have) {
        /* no .wslconfig: WSL's defaults are the limit */
        wsl_config_from_bytes("", 0, WSLF_WSLCONFIG, &cfg);
        have = true;
        snprintf(from, sizeof(from), "no .wslconfig");
    }
    struct host_facts host;
    struct win_host win;
    win_host_load(ctx->root, NULL, &win);
    host_facts_resolve(&m, have ? &cfg.ev : NULL, &win, arg_host_ram, arg_host_cpus, &host);
    struct wsl_vm vm;
    char limit_from[1600] = "";
    if (have) {
        wsl_eval_vm(&cfg.ev, host.ram, host.cpus, &vm);
        budget_limit_from(&cfg.ev, strcmp(from, "no .wslconfig") == 0 ? NULL : from, limit_from,
                          sizeof(limit_from));
    }
    struct budget b, prof;
    budget_compute(&host, (enum budget_profile)p, &m, have ? &vm : NULL, limit_from, &win, &b);
    /* the profile's figures, as `config recommend` computes them (no host
     * measurements), for its memory= */
    budget_compute(&host, (enum budget_profile)p, &m, have ? &vm : NULL, limit_from, NULL, &prof);
    bool over = b.limit_known && b.recommended_known && b.left_known &&
                (int64_t)b.limit > (b.left > 0 ? b.left : 0);

    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        budget_json_members(&j, &b, &host);
        if (b.measured_now) {
            json_key(&j, "left_for_ai");
            prof.left_known ? json_i64(&j, prof.left) : json_null(&j);
            json_key(&j, "recommended_memory");
            prof.recommended_known ? json_u64(&j, prof.recommended_memory) : json_null(&j);
        }
        json_kv_bool(&j, "limit_exceeds_room", over);
        json_obj_end(&j);
        json_finish(&j);
    } else {
        FILE *f = ctx->out;
        fprintf(f, "%sMemory budget%s (profile %s, commonly quoted figures)\n", tc(TC_BOLD),
                tc(TC_RESET), budget_profile_name(b.profile));
        static const enum table_align aligns[] = {TA_LEFT, TA_RIGHT, TA_LEFT};
        struct table t;
        table_init(&t, 3, NULL, aligns);
        for (size_t i = 0; i < b.n; i++) {
            const struct budget_line *l = &b.lines[i];
            char val[40], note[300];
            if (!l->known)
                snprintf(val, sizeof(val), "%s", "?");
            else
                snprintf(val, sizeof(val), "%s%s", l->subtract ? "- " : "", size_str(l->bytes));
            if (l->kind == BK_COMPUTED && b.left_known && b.left < 0)
                snprintf(val, sizeof(val), "- %s", size_str((uint64_t)-b.left));
            text_sanitize(l->note, strlen(l->note), note, sizeof(note));
            const char *cells[] = {l->label, val, note};
            table_add_row(&t, cells);
        }
        table_print(&t, f, 2);
        table_release(&t);
        if (b.limit_known) {
            char lf[1700];
            text_sanitize(b.limit_from, strlen(b.limit_from), lf, sizeof(lf));
            fprintf(f, "\nWSL's memory limit now: %s (%s)\n", size_str(b.limit), lf);
        }
        if (b.recommended_known && b.measured_now) {
            fprintf(f, "%s: memory=%lluGB with what Windows holds now\n",
                    over ? "It is more than the room for AI now; what fits now" : "What fits now",
                    (unsigned long long)(b.recommended_memory / GIB));
            if (prof.recommended_known)
                fprintf(f,
                        "Recommended: memory=%lluGB, from the %s profile (left for AI %s), as "
                        "headroom config recommend writes it\n",
                        (unsigned long long)(prof.recommended_memory / GIB),
                        budget_profile_name(prof.profile),
                        prof.left >= 0 ? size_str((uint64_t)prof.left) : "none");
        } else if (b.recommended_known) {
            fprintf(f, "%s: memory=%lluGB (headroom config recommend)\n",
                    over ? "It is more than the room left; recommended" : "Recommended",
                    (unsigned long long)(b.recommended_memory / GIB));
        }
        if (!host.ram)
            fprintf(f, "\nThe host's RAM is unknown: pass --host-ram SIZE (e.g. --host-ram "
                       "16GB).\n");
    }
    if (have)
        wsl_config_release(&cfg);
    machine_release(&m);
    win_host_release(&win);
    return over ? EXIT_FINDINGS : EXIT_OK;
}

const struct command cmd_budget = {
    .name = "budget",
    .summary = "the memory budget: host RAM, Windows, browser, WSL, and what is left for AI",
    .usage = "budget [--host-ram SIZE] [--profile minimal|typical] [--json]",
    .description =
        "Computes a memory budget for this machine: the host's RAM (given\n"
        "with --host-ram, or inferred when .wslconfig sets no memory=: WSL then gives the VM\n"
        "half of it), minus Windows 11 and its services, a browser and WSL's own overhead,\n"
        "leaves the room for AI. Windows and the browser are measured when the Windows host\n"
        "data is there (then the last line is the room for AI now), else assumed (the high\n"
        "end of the commonly quoted range for the profile); WSL's overhead is measured when\n"
        "the VM's memory limit is known (memory= minus MemTotal). Each line says which it is.\n"
        "The recommended memory= is always the profile's, the one 'config recommend'\n"
        "writes; what fits now is said beside it.\n"
        "\n"
        "Examples:\n"
        "  headroom budget --host-ram 16GB\n"
        "  headroom budget --profile minimal --json\n",
    .opts = budget_opts,
    .min_args = 0,
    .max_args = 0,
    .run = run_budget,
    .exit_status = "0 the .wslconfig's memory limit fits in the room left; 1 it is more than\n"
                   "the room left (for AI now, when measured); 2 bad usage or bad input; 3 a\n"
                   "file that cannot be read.",
    .values = budget_values,
    .complete = budget_complete,
    .wrap_lines = true,
};

/* headroom report: the machine, its memory and the doctor's findings as one
 * self-contained HTML file. */
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmds.h"
#include "cmd/model-arg.h"
#include "fit-env.h"
#include "loaded-models.h"
#include "headline.h"
#include "machine.h"
#include "out/html.h"
#include "rules/input.h"
#include "rules/rules.h"
#include "util/atomic-write.h"
#include "util/io.h"
#include "util/parse.h"
#include "util/size.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "wsl-facts.h"

static const char *arg_output, *arg_log;
static struct opt_list arg_models;

static const struct opt report_opts[] = {
    {"output", 'o', OPT_STRING, &arg_output, "FILE.html",
     "write the report to FILE.html (default: standard output)"},
    {"model", 'm', OPT_LIST, &arg_models, "MODEL",
     "draw what MODEL needs (a .gguf, a whisper .bin, an Ollama name...) against the RAM "
     "available; repeatable: the models are loaded together"},
    {"log", 0, OPT_STRING, &arg_log, "FILE",
     "draw a memory timeline from a 'headroom watch --log FILE --sample-every D' log"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

/* Reads and parses the watch log; returns 0 or an exit status. */
static int load_log(struct ctx *ctx, struct watchlog *ret)
{
    struct strbuf sb = STRBUF_INIT;
    int e = read_file_capped(arg_log, WATCHLOG_MAX_BYTES, &sb, NULL);
    if (e == -EFBIG) {
        strbuf_release(&sb);
        return cli_error(ctx, EXIT_USAGE, "%s: larger than %u MiB", arg_log,
                         WATCHLOG_MAX_BYTES >> 20);
    }
    if (e < 0) {
        strbuf_release(&sb);
        return cli_error(ctx,
                         e == -ENOENT || e == -EINVAL || e == -EISDIR ? EXIT_USAGE : EXIT_SYSTEM,
                         "cannot read --log %s: %s", arg_log, read_file_error(e));
    }
    struct diag d;
    diag_clear(&d);
    e = watchlog_parse(sb.buf, sb.len, ret, &d);
    strbuf_release(&sb);
    if (e < 0) {
        char msg[700];
        diag_set_file(&d, arg_log);
        diag_format(&d, msg, sizeof(msg));
        return cli_error(ctx, EXIT_USAGE, "%s", msg);
    }
    return 0;
}

struct report_config {
    struct wsl_vm vm;
    struct wsl_config defaults; /* WSL's defaults, when there is no .wslconfig */
    bool have_budget;
    struct budget budget;
    char limit_from[1200];
    struct findings lint;
    struct strbuf not_applied; /* wsl_vm_not_applied(): what the VM does not have yet */
};

static void report_config_load(const struct doctor_inputs *d, struct report_config *rc)
{
    memset(rc, 0, sizeof(*rc));
    const struct wsl_config *cfg = d->in.wslconfig;
    /* with no .wslconfig the VM is WSL's defaults on this host */
    wsl_config_from_bytes("", 0, WSLF_WSLCONFIG, &rc->defaults);
    const struct wsl_eval *ev = cfg ? &cfg->ev : &rc->defaults.ev;
    wsl_eval_vm(ev, d->hostf.ram, d->hostf.cpus, &rc->vm);
    budget_limit_from(ev, cfg ? d->in.wslconfig_display : NULL, rc->limit_from,
                      sizeof(rc->limit_from));
    /* several .wslconfig files: which limit applies is not known */
    bool which = cfg || d->loc.nfound == 0;
    if (d->m.wsl.kind == WSL_2 && d->hostf.ram && d->m.meminfo_st.state == PROBE_OK) {
        budget_compute(&d->hostf, BUDGET_TYPICAL, &d->m, which ? &rc->vm : NULL, rc->limit_from,
                       &d->host, &rc->budget);
        rc->have_budget = true;
    }
    strbuf_init(&rc->not_applied);
    if (cfg)
        wsl_vm_not_applied(&d->m, &cfg->ev, &rc->vm, d->in.wslconfig_display, &rc->not_applied);
    findings_init(&rc->lint);
    if (cfg)
        wsl_config_lint(cfg, d->in.wslconfig_display, d->in.facts, &rc->lint);
    if (d->in.wslconf)
        wsl_config_lint(d->in.wslconf, "/etc/wsl.conf", d->in.facts, &rc->lint);
}

static void report_config_release(struct report_config *rc)
{
    findings_release(&rc->lint);
    strbuf_release(&rc->not_applied);
    wsl_config_release(&rc->defaults); /* rc->vm points into it */
}

/* Runs the doctor, writes the page; returns the exit status. */
static int render(struct ctx *ctx, struct doctor_inputs *d, const struct report_model_row *rows,
                  size_t nm, const struct fit_budget *b, const struct watchlog *log)
{
    struct doctor_result dr;
    doctor_run(&d->in, NULL, &dr);
    /* the whole laptop (WSL2 with the host's RAM known) and the .wslconfig
     * with config lint's marks */
    struct report_config rc;
    report_config_load(d, &rc);
    struct headline hl;
    headline_compute(&dr, rc.have_budget ? &rc.budget : NULL, &d->host, &d->m, &hl);
    struct loaded_models loaded;
    loaded_models_read(&d->m, &loaded, NULL);
    struct report_model model = {.m = &d->m,
                                 .loaded = &loaded,
                                 .root_path = ctx->root_path,
                                 .now = ctx->now,
                                 .doctor = &dr,
                                 .log = log,
                                 .log_path = arg_log,
                                 .models = rows,
                                 .nmodels = nm,
                                 .room = d->m.meminfo.mem_available,
                                 .vram_room = b->has_vram ? nvml_total_free(&d->m.nvml) : 0,
                                 .budget = rc.have_budget ? &rc.budget : NULL,
                                 .vm = &rc.vm,
                                 .wslconfig = d->in.wslconfig,
                                 .wslconfig_display = d->in.wslconfig_display,
                                 .not_applied = rc.not_applied.len ? rc.not_applied.buf : NULL,
                                 .wslconf = d->in.wslconf,
                                 .loc = &d->loc,
                                 .host = &d->host,
                                 .lint = &rc.lint,
                                 .headline = &hl};
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    report_html(mem, &model);
    fclose(mem);
    int st = EXIT_OK;
    if (arg_output) {
        int e = atomic_write(arg_output, buf, len, NULL);
        if (e < 0)
            st = cli_error(ctx, EXIT_SYSTEM, "cannot write '%s': %s", arg_output, strerror(-e));
        else
            fprintf(stderr, "wrote %s (%zu bytes)\n", arg_output, len);
    } else {
        fwrite(buf, 1, len, ctx->out);
    }
    free(buf);
    doctor_result_release(&dr);
    report_config_release(&rc);
    return st;
}

static int run_report(struct ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    if (ctx->json)
        return cli_usage_error(ctx->cmd, "report writes HTML; use 'headroom status --json' or "
                                         "'headroom doctor --json' for JSON");
    struct watchlog log;
    memset(&log, 0, sizeof(log));
    if (arg_log) {
        int e = load_log(ctx, &log);
        if (e)
            return e;
    }
    /* everything the doctor reads: the machine, the Windows host data, the
     * .wslconfig and /etc/wsl.conf */
    struct doctor_inputs *d = xcalloc(1, sizeof(*d));
    doctor_inputs_load(ctx->root, d);
    int st = EXIT_OK;
    if (d->m.meminfo_st.state != PROBE_OK) {
        char msg[900], p[600];
        if (d->m.meminfo_st.state == PROBE_MALFORMED)
            st = cli_error(ctx, EXIT_USAGE, "%s",
                           ctx_diag_format(ctx, &d->m.meminfo_st.diag, msg, sizeof(msg)));
        else
            st = cli_error(ctx, EXIT_SYSTEM, "cannot read %s",
                           ctx_display_path(ctx, d->m.meminfo_st.path, p, sizeof(p)));
        goto out;
    }
    /* --model: each one solved with those before it already loaded, as
     * `headroom fit A B` does */
    size_t nm = arg_models.n;
    struct model *models = xcalloc(nm ? nm : 1, sizeof(*models));
    struct model_src *srcs = xcalloc(nm ? nm : 1, sizeof(*srcs));
    struct report_model_row *rows = xcalloc(nm ? nm : 1, sizeof(*rows));
    size_t loaded = 0;
    struct fit_env env;
    fit_env_from_machine(&d->m, NULL, &env); /* meminfo was read: checked above */
    fit_env_windows_margin(&env, &d->host);  /* as fit keeps it (fit-vram.h) */
    struct fit_budget b = env.b;
    struct estimate_opts eo;
    estimate_opts_default(&eo);
    eo.cpu_avx2 = env.avx2;
    eo.cpu_avx512 = env.avx512;
    uint64_t ram_used = 0;
    for (size_t i = 0; i < nm && st == EXIT_OK; i++, loaded++) {
        if ((st = model_arg_resolve(ctx, arg_models.items[i], &srcs[i])))
            break;
        if ((st = model_arg_load(ctx, &srcs[i], &models[i])))
            break;
        rows[i].name = srcs[i].name ? srcs[i].name : srcs[i].display;
        rows[i].m = &models[i];
        fit_solve(&models[i], &eo, &b, ram_used, &rows[i].r);
        ram_used = sat_add_u64(ram_used, rows[i].r.est.ram_bytes);
        b.vram = sat_sub_u64(b.vram, rows[i].r.est.vram_bytes);
    }
    if (st == EXIT_OK)
        st = render(ctx, d, rows, nm, &b, arg_log ? &log : NULL);
    for (size_t i = 0; i < nm; i++) {
        if (i < loaded)
            model_release(&models[i]);
        if (i <= loaded)
            model_src_release(&srcs[i]);
    }
    free(models);
    free(srcs);
    free(rows);
out:
    doctor_inputs_release(d);
    free(d);
    watchlog_release(&log);
    return st;
}

static const struct complete_spec report_complete[] = {
    {"model", NULL, COMPLETE_MODELS, NULL, NULL},
    {NULL, NULL, COMPLETE_END, NULL, NULL},
};

const struct command cmd_report = {
    .name = "report",
    .summary = "one self-contained HTML page: where the memory goes, what to fix",
    .usage = "report [-o FILE.html] [--model MODEL]... [--log FILE]",
    .description =
        "Writes one HTML file with no external fonts, scripts or images, that works\n"
        "offline and when mailed. It opens with a verdict: the doctor's next step, the\n"
        "room for AI now (as 'headroom budget' computes it) and, when the fixes stop\n"
        "Windows services whose memory was measured, an estimate of the room after them\n"
        "(plus their working sets). On WSL2 with the host's RAM known, a bar of the whole\n"

        "laptop (Windows, browsers, WSL's overhead, the guest's used memory, page cache,\n"
        "free; measured from the Windows host data, else commonly quoted figures, drawn\n"
        "pale) with the .wslconfig's memory limit and the --model models on it; a bar of\n"
        "the guest's memory (used, page cache, free) with what Windows sees marked on it\n"
        "and a table of the same figures; the doctor's findings with their evidence, the\n"
        "fix commands (with copy buttons) and sources; the largest processes; with --log,\n"
        "a timeline of the guest's memory (used, file cache, what Windows sees, PSI) from\n"
        "'headroom watch --sample-every' with every reclaim marked; with --model, what\n"
        "each model needs against the RAM available, green, amber (over 90 %) or red, and\n"
        "a table of verdicts as 'headroom fit' gives them; the .wslconfig in effect line\n"
        "by line with config lint's findings on their lines, and the settings WSL takes\n"
        "from it (or its defaults). Light and dark mode follow the reader's system; it\n"
        "prints on paper without the buttons.\n"
        "\n"
        "Examples:\n"
        "  headroom report -o headroom.html\n"
        "  headroom report --root my-laptop-snapshot > laptop.html\n"
        "  headroom report --log /var/log/headroom-watch.log -o week.html\n"
        "  headroom report --model ~/models/qwen2.5-7b-q4_k_m.gguf --model llama3.1:8b\n",
    .opts = report_opts,
    .min_args = 0,
    .max_args = 0,
    .run = run_report,
    .exit_status = "0 written, whatever the findings; 2 bad usage or bad input (a malformed\n"
                   "model or log: its name and where); 3 a file that cannot be read or written.",
    .complete = report_complete,
};

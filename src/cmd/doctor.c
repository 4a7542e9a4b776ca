/* headroom doctor: every rule over the machine, findings with evidence and
 * exact fixes, most important first. Never changes anything. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmds.h"
#include "machine.h"
#include "out/finding-json.h"
#include "out/json.h"
#include "out/text.h"
#include "rules/input.h"
#include "rules/rules.h"
#include "util/io.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static struct opt_list arg_only, arg_skip;
static bool arg_no_ignore;

static const struct opt doctor_opts[] = {
    {"only", 0, OPT_LIST, &arg_only, "AREA",
     "run only the rules of AREA (wsl, config, mem, inference, model, windows, gpu, audio, "
     "containers, disk); repeatable"},
    {"skip", 0, OPT_LIST, &arg_skip, "ID",
     "do not run rule ID (or show finding ID of config lint); repeatable"},
    {"no-ignore", 0, OPT_FLAG, &arg_no_ignore, NULL,
     "do not read ~/.config/headroom/doctor.ignore"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const struct opt_values area_values = {"rule area", rules_area_at, NULL, false};
static const struct opt_values id_values = {"doctor rule id", rules_id_at, "headroom explain",
                                            false};
static const struct opt_value_set doctor_values[] = {
    {"only", &area_values},
    {"skip", &id_values},
    {NULL, NULL},
};
static const struct complete_spec doctor_complete[] = {
    {"only", NULL, COMPLETE_WORDS, rules_area_at, NULL},
    {"skip", NULL, COMPLETE_WORDS, rules_id_at, NULL},
    {NULL, NULL, COMPLETE_END, NULL, NULL},
};

/* ~/.config/headroom/doctor.ignore: one rule id per line, '#' comments.
 * The user's own preferences, so it is read from $HOME, never from --root. */
static int load_ignore(const struct ctx *ctx, struct strbuf *path, struct opt_list *ids,
                       char **ret_buf)
{
    const char *home = getenv("HOME");
    *ret_buf = NULL;
    if (!home || !*home || arg_no_ignore)
        return 0;
    strbuf_addf(path, "%s/.config/headroom/doctor.ignore", home);
    struct strbuf all = STRBUF_INIT;
    int e = read_file_capped(path->buf, 1 << 20, &all, NULL);
    if (e == -ENOENT) {
        strbuf_release(&all);
        return 0;
    }
    if (e < 0) {
        strbuf_release(&all);
        return cli_error(ctx,
                         e == -EINVAL || e == -EISDIR || e == -EFBIG ? EXIT_USAGE : EXIT_SYSTEM,
                         "cannot read %s: %s", path->buf,
                         e == -EFBIG ? "larger than 1 MiB" : read_file_error(e));
    }
    unsigned lineno = 0;
    for (char *line = all.buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *s = line + strspn(line, " \t\r");
        size_t l = strcspn(s, " \t\r");
        s[l] = '\0';
        if (!*s)
            continue;
        if (!rules_id_known(s)) {
            char hint[120];
            int st = cli_error(ctx, EXIT_USAGE, "%s:%u: '%s' is not a doctor rule id%s", path->buf,
                               lineno, s, cli_did_you_mean(&id_values, s, hint, sizeof(hint)));
            strbuf_release(&all);
            return st;
        }
        opt_list_push(ids, s);
    }
    *ret_buf = strbuf_detach(&all, NULL);
    return 0;
}

/* "      evidence TEXT": each line of TEXT wrapped to the terminal under
 * column 15, where the text starts (text_put_wrapped; names inside come from
 * files and the host: sanitised). */
#define LABEL_COL 15
static void print_multiline(FILE *f, const char *label, const char *text)
{
    fprintf(f, "      %s%-8s%s ", tc(TC_DIM), label, tc(TC_RESET));
    for (const char *p = text; *p;) {
        size_t n = strcspn(p, "\n");
        text_put_wrapped(f, p, n, LABEL_COL, LABEL_COL);
        p += n;
        if (*p == '\n' && *++p)
            fprintf(f, "\n%*s", LABEL_COL, "");
    }
    fputc('\n', f);
}

static void print_text(const struct ctx *ctx, const struct machine *m,
                       const struct doctor_result *r)
{
    FILE *f = ctx->out;
    const char *kind = m->wsl.kind == WSL_2 ? "WSL2" : m->wsl.kind == WSL_1 ? "WSL1" : "Linux";
    /* the rest of the heading wraps under it (the path and release are
     * untrusted: text_put_wrapped sanitises) */
    struct strbuf heading = STRBUF_INIT;
    strbuf_addf(&heading, "· %s%s · %s", m->live ? "this machine" : "snapshot ",
                m->live ? "" : ctx->root_path, kind);
    if (m->wsl.version[0])
        strbuf_addf(&heading, " %s", m->wsl.version);
    const char *rel = machine_kernel_release(m);
    if (rel)
        strbuf_addf(&heading, " · kernel %s", rel);
    fprintf(f, "%sheadroom doctor%s ", tc(TC_BOLD), tc(TC_RESET));
    text_put_wrapped(f, heading.buf, heading.len, strlen("headroom doctor "), 2);
    strbuf_release(&heading);
    fputc('\n', f);

    static const struct {
        enum severity sev;
        const char *heading, *marker;
        enum text_color color;
    } groups[] = {
        {SEV_CRITICAL, "Critical", "✖", TC_RED},
        {SEV_WARNING, "Warnings", "▲", TC_YELLOW},
        {SEV_INFO, "Info", "•", TC_CYAN},
    };
    for (size_t g = 0; g < 3; g++) {
        bool any = false;
        for (size_t i = 0; i < r->findings.n; i++) {
            const struct finding *x = &r->findings.v[i];
            if (x->severity != groups[g].sev)
                continue;
            if (!any)
                fprintf(f, "\n%s%s%s\n", tc(TC_BOLD), groups[g].heading, tc(TC_RESET));
            any = true;
            /* the title wraps under the id */
            fprintf(f, "  %s%s%s %s%s%s  ", tc(groups[g].color), groups[g].marker, tc(TC_RESET),
                    tc(TC_BOLD), x->id, tc(TC_RESET));
            text_put_wrapped(f, x->title, strlen(x->title), 6 + strlen(x->id), 4);
            fputc('\n', f);
            if (x->evidence)
                print_multiline(f, "evidence", x->evidence);
            text_print_fix(f, x, "      ", 8, false);
            if (x->source)
                print_multiline(f, "source", x->source);
        }
    }
    if (r->nskipped) {
        fprintf(f, "\n%sSkipped%s\n", tc(TC_BOLD), tc(TC_RESET));
        for (size_t i = 0; i < r->nskipped; i++) {
            fprintf(f, "  %s%s%s: ", tc(TC_DIM), r->skipped[i].id, tc(TC_RESET));
            text_put_wrapped(f, r->skipped[i].why, strlen(r->skipped[i].why),
                             4 + strlen(r->skipped[i].id), 4);
            fputc('\n', f);
        }
    }
    size_t crit = findings_count_at_least(&r->findings, SEV_CRITICAL);
    size_t warn = findings_count_at_least(&r->findings, SEV_WARNING) - crit;
    char head[160];
    snprintf(head, sizeof(head), "%zu critical, %zu warning%s, %zu ok — next step:", crit, warn,
             warn == 1 ? "" : "s", r->ok);
    fprintf(f, "\n%s", head);
    size_t col = text_width(head) + 1;
    const struct finding *first = doctor_next_step(r);
    if (first && first->ncmds) {
        /* a command is never broken: too long for the line, it goes on a
         * line of its own after its prompt */
        const struct fix_command *c = &first->cmds[0];
        size_t wrap = text_wrap_cols();
        if (wrap && col + text_width(c->text) > wrap)
            fprintf(f, "\n  %s ", fix_shell_prompt(c->shell));
        else
            fputc(' ', f);
        text_put_safe(f, c->text, strlen(c->text));
        fputc('\n', f);
    } else if (first && first->advice) {
        fputc(' ', f);
        text_put_wrapped(f, first->advice, strlen(first->advice), col, 2);
        fputc('\n', f);
    } else {
        fputs(" nothing to fix\n", f);
    }
}

static void print_json(const struct ctx *ctx, const struct doctor_result *r)
{
    struct json j;
    json_init(&j, ctx->out);
    json_obj_begin(&j);
    json_key(&j, "findings");
    json_arr_begin(&j);
    for (size_t i = 0; i < r->findings.n; i++)
        finding_json(&j, &r->findings.v[i]);
    json_arr_end(&j);
    json_key(&j, "checked");
    json_arr_begin(&j);
    for (size_t i = 0; i < r->nchecked; i++)
        json_str(&j, r->checked[i]);
    json_arr_end(&j);
    json_key(&j, "skipped");
    json_arr_begin(&j);
    for (size_t i = 0; i < r->nskipped; i++) {
        json_obj_begin(&j);
        json_kv_str(&j, "id", r->skipped[i].id);
        json_kv_str(&j, "why", r->skipped[i].why);
        json_obj_end(&j);
    }
    json_arr_end(&j);
    size_t crit = findings_count_at_least(&r->findings, SEV_CRITICAL);
    json_key(&j, "summary");
    json_obj_begin(&j);
    json_kv_u64(&j, "critical", crit);
    json_kv_u64(&j, "warning", findings_count_at_least(&r->findings, SEV_WARNING) - crit);
    json_kv_u64(&j, "info", r->findings.n - findings_count_at_least(&r->findings, SEV_WARNING));
    json_kv_u64(&j, "ok", r->ok);
    json_obj_end(&j);
    json_obj_end(&j);
    json_finish(&j);
}

static int run_doctor(struct ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    /* the parser checked --only and --skip against doctor_values */

    struct strbuf ignore_path = STRBUF_INIT;
    struct opt_list ignored = {0};
    char *ignore_buf = NULL;
    int st = load_ignore(ctx, &ignore_path, &ignored, &ignore_buf);
    if (st != 0) {
        strbuf_release(&ignore_path);
        opt_list_free(&ignored);
        return st;
    }

    /* the machine, the host data (the snapshot's host.json, or on a live WSL
     * machine one run of the helper), the .wslconfig and /etc/wsl.conf */
    struct doctor_inputs *d = xcalloc(1, sizeof(*d));
    doctor_inputs_load(ctx->root, d);
    if (d->m.meminfo_st.state == PROBE_MALFORMED) {
        char msg[900];
        st = cli_error(ctx, EXIT_USAGE, "%s",
                       ctx_diag_format(ctx, &d->m.meminfo_st.diag, msg, sizeof(msg)));
        goto out;
    }

    /* NULL-terminated copies of the option lists */
    const char **only = NULL, **skip = NULL, **ign = NULL;
    if (arg_only.n) {
        only = xcalloc(arg_only.n + 1, sizeof(*only));
        memcpy(only, arg_only.items, arg_only.n * sizeof(*only));
    }
    skip = xcalloc(arg_skip.n + 1, sizeof(*skip));
    if (arg_skip.n)
        memcpy(skip, arg_skip.items, arg_skip.n * sizeof(*skip));
    ign = xcalloc(ignored.n + 1, sizeof(*ign));
    if (ignored.n)
        memcpy(ign, ignored.items, ignored.n * sizeof(*ign));
    struct doctor_filter filter = {
        .only_areas = only, .skip_ids = skip, .ignored = ign, .ignore_file = ignore_path.buf};
    struct doctor_result r;
    doctor_run(&d->in, &filter, &r);
    if (ctx->json)
        print_json(ctx, &r);
    else
        print_text(ctx, &d->m, &r);
    st = findings_count_at_least(&r.findings, SEV_WARNING) ? EXIT_FINDINGS : EXIT_OK;
    doctor_result_release(&r);
    free(only);
    free(skip);
    free(ign);
out:
    doctor_inputs_release(d);
    free(d);
    strbuf_release(&ignore_path);
    opt_list_free(&ignored);
    free(ignore_buf);
    return st;
}

const struct command cmd_doctor = {
    .name = "doctor",
    .summary = "what stands between this machine and reliable local AI, with evidence and fixes",
    .usage = "doctor [--only AREA] [--skip ID] [--no-ignore] [--json]",
    .description = "Runs every rule over the machine (through --root when given) and lists the\n"
                   "findings, most important first: critical, then warnings, then information,\n"
                   "each with the evidence (the values read and where), the fix and the\n"
                   "public source the advice rests on. It never changes anything. A fix is\n"
                   "advice in prose (\"fix\") apart from commands that paste and run as\n"
                   "written (\"run\"), each after the prompt of its shell: $ for bash in WSL,\n"
                   "PS> for PowerShell as administrator, cmd> for cmd.\n"
                   "\n"
                   "--json: each finding's \"fix\" is {\"commands\": [{\"shell\", \"command\"}],\n"
                   "\"advice\"}, shell one of bash, powershell-admin, cmd (config lint --json\n"
                   "too). Changed in this release: \"fix\" was one string; that string stays\n"
                   "as \"fix_text\" for one release.\n"
                   "\n"
                   "Areas: wsl (is this WSL2, swap, version, the .wslconfig in effect), config\n"
                   "(every finding of config lint on the .wslconfig and /etc/wsl.conf, under\n"
                   "its own id), mem (room, pressure, page cache, mapped models, OOM kills\n"
                   "from the kernel log), inference (Ollama's verdict on its last load, from\n"
                   "its server log), windows (host RAM, services with their measured memory,\n"
                   "DoSvc, Ndu; from the Windows helper or a snapshot's host.json), gpu (the\n"
                   "Windows driver inside WSL), audio (WSLg and PipeWire), containers (Docker\n"
                   "Desktop, Podman), model (a running model on a Windows drive; one model\n"
                   "kept in several stores), disk (the Windows drive under the virtual disk,\n"
                   "the virtual disk's bloat, swap disks left in the temp folder).\n"
                   "\n"
                   "Rule ids are stable; list the ones you do not want in\n"
                   "~/.config/headroom/doctor.ignore, one per line ('#' starts a comment).\n"
                   "\n"
                   "Examples:\n"
                   "  headroom doctor\n"
                   "  headroom doctor --only gpu\n"
                   "  headroom doctor --skip mem.psi-unavailable --json | jq '.findings[].id'\n"
                   "  headroom doctor --json | jq -r '.findings[].fix.commands[].command'\n",
    .opts = doctor_opts,
    .min_args = 0,
    .max_args = 0,
    .run = run_doctor,
    .exit_status = "0 nothing worse than information; 1 a warning or a critical finding;\n"
                   "2 bad usage or bad input (a malformed file: its name, line and column);\n"
                   "3 a system error (cannot read, not permitted).",
    .values = doctor_values,
    .complete = doctor_complete,
};

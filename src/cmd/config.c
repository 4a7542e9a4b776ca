/* headroom config lint|show|set|unset|apply|recommend: the .wslconfig (and
 * /etc/wsl.conf) judged exactly as WSL reads it, and edited safely. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "budget.h"
#include "cmd/cmds.h"
#include "cmd/config.h"
#include "machine.h"
#include "out/json.h"
#include "out/text.h"
#include "out/wslconfig-json.h"
#include "out/wslconfig-text.h"
#include "util/io.h"
#include "util/xalloc.h"
#include "wsl-facts.h"
#include "wslconfig/schema.h"
#include "wslconfig/wslconfig.h"

struct config_args cfg_args;

static const struct opt config_opts[] = {
    {"file", 'f', OPT_STRING, &cfg_args.file, "PATH",
     "the file to read or edit (default: this machine's .wslconfig)"},
    {"wsl-conf", 0, OPT_FLAG, &cfg_args.wsl_conf, NULL,
     "lint, show: /etc/wsl.conf instead of .wslconfig (WSL reads it differently)"},
    {"dry-run", 'n', OPT_FLAG, &cfg_args.dry_run, NULL,
     "set, unset, apply: print the change as a unified diff and write nothing"},
    {"recommended", 0, OPT_FLAG, &cfg_args.recommended, NULL,
     "apply: the settings that `config recommend` prints"},
    {"host-ram", 0, OPT_SIZE, &cfg_args.host_ram, "SIZE",
     "the Windows host's RAM (e.g. 16GB), when headroom cannot tell"},
    {"host-cpus", 0, OPT_UINT, &cfg_args.host_cpus, "N", "the Windows host's logical CPUs"},
    {"wsl-version", 0, OPT_STRING, &cfg_args.wsl_version, "VER",
     "lint, show: the WSL release whose defaults apply (default: this machine's, else today's)"},
    {"profile", 0, OPT_STRING, &cfg_args.profile, "NAME",
     "recommend, apply: minimal or typical (default: typical)"},
    {"for", 0, OPT_LIST, &cfg_args.for_models, "MODEL",
     "recommend, apply: size memory= for this model (a path or a store name; repeatable: the "
     "models run together)"},
    {"ctx", 'c', OPT_UINT, &cfg_args.ctx, "N",
     "recommend, apply: the context for --for (default 4096)"},
    {"yes", 'y', OPT_FLAG, &cfg_args.yes, NULL,
     "apply: then run wsl.exe --shutdown without asking (a live WSL machine only)"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

CLI_VALUES(profile_values, "budget profile", "minimal", "typical");
static const struct opt_value_set config_values[] = {{"profile", &profile_values}, {NULL, NULL}};
CLI_VALUES(sub_values, "config subcommand", "lint", "show", "set", "unset", "apply", "recommend");
/* The subcommands run_config() dispatches on. */
static const char *const config_subcommands[] = {"lint",  "show",      "set", "unset",
                                                 "apply", "recommend", NULL};

/* A .wslconfig key as `config set` takes it: its name, or section.name when
 * another section has a key of that name (a bare name means the first). */
static const char *key_word(size_t i)
{
    static char buf[160];
    for (size_t k = 0; k < wsl_schema_count(); k++) {
        const struct wsl_key *key = wsl_schema_at(k);
        if (!(key->file & WSLF_WSLCONFIG) || i-- != 0)
            continue;
        for (size_t o = 0; o < wsl_schema_count(); o++) {
            const struct wsl_key *other = wsl_schema_at(o);
            if (o != k && (other->file & WSLF_WSLCONFIG) && strcmp(other->name, key->name) == 0)
                return wsl_key_full(key, buf, sizeof(buf));
        }
        return key->name;
    }
    return NULL;
}

/* The values WSL takes for a boolean or an enumerated key, in lower case
 * (WSL takes any case): "gradual", not "Gradual". */
static const char *key_value_word(const char *name, size_t i)
{
    static char lower[64];
    static const char *const bools[] = {"true", "false", NULL};
    for (size_t k = 0; k < wsl_schema_count(); k++) {
        const struct wsl_key *key = wsl_schema_at(k);
        char full[160];
        if (!(key->file & WSLF_WSLCONFIG) ||
            (strcmp(key->name, name) != 0 && strcmp(wsl_key_full(key, full, sizeof(full)), name)))
            continue;
        const char *const *v = key->type == WT_BOOL   ? bools
                               : key->type == WT_ENUM ? key->values
                                                      : NULL;
        for (size_t n = 0; v && v[n]; n++) {
            if (n != i)
                continue;
            size_t c = 0;
            for (; v[n][c] && c + 1 < sizeof(lower); c++)
                lower[c] = (char)tolower((unsigned char)v[n][c]);
            lower[c] = '\0';
            return lower;
        }
        return NULL;
    }
    return NULL;
}

static const struct complete_spec config_complete[] = {
    {NULL, "set", COMPLETE_WORDS, key_word, key_value_word},
    {NULL, "unset", COMPLETE_WORDS, key_word, NULL},
    {"profile", NULL, COMPLETE_WORDS, budget_profile_at, NULL},
    {"for", NULL, COMPLETE_MODELS, NULL, NULL},
    {NULL, NULL, COMPLETE_END, NULL, NULL},
};

const char *const config_reminder =
    "run `wsl.exe --shutdown` from Windows or PowerShell to apply; this closes every WSL window";

/* ---- which file ---- */

void target_release(struct target *t)
{
    free(t->path);
    t->path = NULL;
}

/* Finds the file. `for_write`: a profile without a .wslconfig is a place to
 * create one. Returns 0 or an exit status. */
int resolve_target(struct ctx *ctx, bool for_write, struct target *t)
{
    memset(t, 0, sizeof(*t));
    if (cfg_args.file) {
        t->path = xstrdup(cfg_args.file);
        snprintf(t->display, sizeof(t->display), "%s", cfg_args.file);
        return 0;
    }
    t->in_root = true;
    t->located = true;
    if (cfg_args.wsl_conf) {
        t->path = xstrdup("etc/wsl.conf");
        ctx_display_path(ctx, t->path, t->display, sizeof(t->display));
        return 0;
    }
    struct wsl_locate loc;
    wsl_locate(ctx->root, true, &loc);
    int st = 0;
    if (loc.nfound == 1) {
        t->path = xstrdup(loc.found[0]);
    } else if (loc.nfound > 1) {
        struct strbuf sb = STRBUF_INIT;
        char p[1100];
        for (size_t i = 0; i < loc.nfound; i++)
            strbuf_addf(&sb, "%s%s", i ? ", " : "",
                        ctx_display_path(ctx, loc.found[i], p, sizeof(p)));
        st = cli_error(ctx, EXIT_USAGE, "%zu .wslconfig files (%s): pick one with --file PATH",
                       loc.nfound, sb.buf);
        strbuf_release(&sb);
    } else if (for_write && loc.nprofiles == 1) {
        t->path = xasprintf("%s/.wslconfig", loc.profiles[0]);
    } else if (for_write) {
        char p[1100];
        st = cli_error(ctx, EXIT_USAGE,
                       "no .wslconfig, and %s Windows profile%s under %s: name the file with "
                       "--file PATH",
                       loc.nprofiles ? "several" : "no", loc.nprofiles == 1 ? "" : "s",
                       ctx_display_path(ctx, "mnt/c/Users", p, sizeof(p)));
    }
    if (t->path) {
        ctx_display_path(ctx, t->path, t->display, sizeof(t->display));
    } else if (!st) {
        /* none: say where headroom looked */
        char *where = loc.nprofiles == 1 ? xasprintf("%s/.wslconfig", loc.profiles[0])
                                         : xstrdup("mnt/c/Users/*/.wslconfig");
        ctx_display_path(ctx, where, t->display, sizeof(t->display));
        free(where);
    }
    wsl_locate_release(&loc);
    return st;
}

/* The path to write for a target. A symbolic link (a dotfiles manager's)
 * is followed, so the rename replaces its target, not the link. */
char *disk_path(const struct ctx *ctx, const struct target *t)
{
    char buf[1200];
    const char *p = t->in_root ? ctx_display_path(ctx, t->path, buf, sizeof(buf)) : t->path;
    struct stat st;
    if (lstat(p, &st) == 0 && S_ISLNK(st.st_mode)) {
        char *real = realpath(p, NULL);
        if (real)
            return real;
    }
    return xstrdup(p);
}

/* Loads the target; a missing file is `*ret_missing` when allowed. Returns
 * 0 or an exit status. -EBADMSG (unreadable encoding) is returned as 0 with
 * `*ret_unreadable` set: lint reports it. */
int load_target(struct ctx *ctx, const struct target *t, enum wsl_file kind, bool allow_missing,
                struct wsl_config *cfg, bool *ret_missing, struct diag *ret_diag,
                bool *ret_unreadable)
{
    *ret_missing = false;
    if (ret_unreadable)
        *ret_unreadable = false;
    diag_clear(ret_diag);
    int r = wsl_config_load(ctx->root, t->path, t->in_root, kind, cfg, ret_diag);
    if (r == 0)
        return 0;
    if (r == -EBADMSG) {
        if (ret_unreadable)
            *ret_unreadable = true;
        return 0;
    }
    if (r == -ENOENT && allow_missing) {
        *ret_missing = true;
        wsl_config_from_bytes("", 0, kind, cfg);
        return 0;
    }
    if (r == -ENOENT || r == -EISDIR || r == -EFBIG || r == -ENOTDIR || r == -EINVAL)
        return cli_error(ctx, EXIT_USAGE, "%s: %s", t->display,
                         r == -EFBIG ? "larger than " WSL_CONFIG_CAP_TEXT ": not a WSL config file"
                                     : read_file_error(r));
    return cli_error(ctx, EXIT_SYSTEM, "cannot read %s: %s", t->display, strerror(-r));
}

/* ---- facts ---- */

/* The machine is consulted for facts when the file is this machine's own
 * (found, not --file) or when --root names a machine explicitly. */
void facts_load(struct ctx *ctx, const struct target *t, const struct wsl_eval *wslconfig,
                struct facts_ctx *fc)
{
    memset(fc, 0, sizeof(*fc));
    if (t->located || ctx->root_given) {
        struct machine_opts mo = {.top_n = 1};
        machine_load(&fc->m, ctx->root, &mo);
        fc->have_m = true;
        struct diag d;
        if (!cfg_args.wsl_conf &&
            wsl_config_load(ctx->root, "etc/wsl.conf", true, WSLF_WSLCONF, &fc->conf, &d) == 0)
            fc->have_conf = true;
    }
    if (fc->have_m) {
        win_host_load(ctx->root, NULL, &fc->win);
        fc->have_win = true;
    }
    host_facts_resolve(fc->have_m ? &fc->m : NULL, wslconfig, fc->have_win ? &fc->win : NULL,
                       cfg_args.host_ram, cfg_args.host_cpus, &fc->host);
    wsl_facts_from_machine(fc->have_m ? &fc->m : NULL, &fc->host, fc->have_conf ? &fc->conf : NULL,
                           &fc->facts);
}

void facts_release(struct facts_ctx *fc)
{
    if (fc->have_m)
        machine_release(&fc->m);
    if (fc->have_conf)
        wsl_config_release(&fc->conf);
    if (fc->have_win)
        win_host_release(&fc->win);
}

/* ---- lint ---- */

static void print_header(FILE *f, const char *display, const struct wsl_config *cfg, bool missing)
{
    char d[1100];
    text_sanitize(display, strlen(display), d, sizeof(d));
    if (missing) {
        fprintf(f, "%s%s%s: no such file, so WSL uses its defaults\n", tc(TC_BOLD), d,
                tc(TC_RESET));
        return;
    }
    fprintf(f, "%s%s%s: %s, %s line endings, %zu line%s\n", tc(TC_BOLD), d, tc(TC_RESET),
            wsl_encoding_label(cfg->doc.enc), wsldoc_eol_summary(&cfg->doc), cfg->doc.nlines,
            cfg->doc.nlines == 1 ? "" : "s");
}

static const char *sev_color(enum severity s)
{
    return tc(s == SEV_CRITICAL ? TC_RED : s == SEV_WARNING ? TC_YELLOW : TC_CYAN);
}

static void print_findings(FILE *f, const struct findings *fs)
{
    for (size_t i = 0; i < fs->n; i++) {
        const struct finding *x = &fs->v[i];
        char file[600], title[1200];
        text_sanitize(x->file ? x->file : "", x->file ? strlen(x->file) : 0, file, sizeof(file));
        text_sanitize(x->title, strlen(x->title), title, sizeof(title));
        /* FILE:LINE:COL: stays one line, as compilers print it (editors
         * jump to it); the rest wraps to the terminal */
        fprintf(f, "\n%s:%u:%u: %s%s%s: %s [%s]\n", file, x->line, x->column,
                sev_color(x->severity), severity_name(x->severity), tc(TC_RESET), title, x->id);
        if (x->evidence) {
            fputs("    ", f);
            text_put_wrapped(f, x->evidence, strlen(x->evidence), 4, 4);
            fputc('\n', f);
        }
        text_print_fix(f, x, "    ", 4, true);
        if (x->source) {
            fputs("    source: ", f);
            text_put_wrapped(f, x->source, strlen(x->source), 12, 12);
            fputc('\n', f);
        }
    }
}

static void print_summary(FILE *f, const struct findings *fs)
{
    size_t crit = 0, warn = 0, info = 0;
    for (size_t i = 0; i < fs->n; i++) {
        crit += fs->v[i].severity == SEV_CRITICAL;
        warn += fs->v[i].severity == SEV_WARNING;
        info += fs->v[i].severity == SEV_INFO;
    }
    if (!fs->n) {
        fprintf(f, "no findings: WSL reads every line as written\n");
        return;
    }
    fprintf(f, "\n%zu critical, %zu warning%s, %zu info\n", crit, warn, warn == 1 ? "" : "s", info);
}

/* lint and show: the file (or its absence), WSL's reading of it, the
 * machine's facts and the VM it gives. */
struct reading {
    struct target t;
    enum wsl_file kind;
    struct wsl_config cfg;
    bool missing;
    struct facts_ctx fc;
    struct wsl_vm vm;
    /* the settings the running VM does not have yet (wsl_vm_not_applied);
     * empty when it has them all, or when the file is not this machine's */
    struct strbuf not_applied;
};

static int reading_open(struct ctx *ctx, struct reading *r)
{
    memset(r, 0, sizeof(*r));
    int st = resolve_target(ctx, false, &r->t);
    if (st)
        return st;
    r->kind = cfg_args.wsl_conf ? WSLF_WSLCONF : WSLF_WSLCONFIG;
    bool unreadable;
    struct diag d;
    if (!r->t.path) {
        r->missing = true;
        wsl_config_from_bytes("", 0, r->kind, &r->cfg);
    } else if ((st = load_target(ctx, &r->t, r->kind, r->t.located, &r->cfg, &r->missing, &d,
                                 &unreadable))) {
        target_release(&r->t);
        return st;
    }
    facts_load(ctx, &r->t, r->kind == WSLF_WSLCONFIG ? &r->cfg.ev : NULL, &r->fc);
    /* some defaults changed between WSL releases: evaluate for this one */
    const char *version = cfg_args.wsl_version;
    if (!version && r->fc.have_m && r->fc.m.wsl.version[0])
        version = r->fc.m.wsl.version;
    if (version && r->kind == WSLF_WSLCONFIG) {
        wsl_eval_release(&r->cfg.ev);
        wsl_eval_run_for(&r->cfg.doc, r->kind, version, &r->cfg.ev);
    }
    wsl_eval_vm(&r->cfg.ev, r->fc.host.ram, r->fc.host.cpus, &r->vm);
    strbuf_init(&r->not_applied);
    if (r->kind == WSLF_WSLCONFIG && !r->missing && r->fc.have_m && r->t.located) {
        /* the header names the file; the clauses give its base name, as
         * show's ORIGIN column does */
        const char *base = strrchr(r->t.display, '/');
        wsl_vm_not_applied(&r->fc.m, &r->cfg.ev, &r->vm, base ? base + 1 : r->t.display,
                           &r->not_applied);
    }
    return 0;
}

/* "not in effect yet" under lint's and show's header; JSON not_applied */
static void print_not_applied(FILE *f, const struct reading *r)
{
    if (!r->not_applied.len)
        return;
    char clean[2000];
    text_sanitize(r->not_applied.buf, r->not_applied.len, clean, sizeof(clean));
    fprintf(f,
            "\nnot in effect yet: %s\nWSL reads the file only when its VM starts: run "
            "wsl.exe --shutdown from Windows, then open WSL again\n",
            clean);
}

static void json_not_applied(struct json *j, const struct reading *r)
{
    json_key(j, "not_applied");
    r->not_applied.len ? json_str(j, r->not_applied.buf) : json_null(j);
}

static void reading_close(struct reading *r)
{
    strbuf_release(&r->not_applied);
    facts_release(&r->fc);
    wsl_config_release(&r->cfg);
    target_release(&r->t);
}

static int cmd_lint(struct ctx *ctx)
{
    struct reading r;
    int st = reading_open(ctx, &r);
    if (st)
        return st;
    struct findings fs;
    findings_init(&fs);
    if (!r.missing)
        wsl_config_lint(&r.cfg, r.t.display, &r.fc.facts, &fs);
    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        json_kv_str(&j, "file", r.missing ? NULL : r.t.display);
        json_kv_str(&j, "encoding", r.missing ? NULL : wsl_encoding_name(r.cfg.doc.enc));
        json_key(&j, "findings");
        json_arr_begin(&j);
        for (size_t i = 0; i < fs.n; i++)
            wsl_finding_json(&j, &fs.v[i]);
        json_arr_end(&j);
        wsl_effective_json(&j, &r.cfg.ev, r.kind == WSLF_WSLCONFIG ? &r.vm : NULL);
        json_not_applied(&j, &r);
        json_obj_end(&j);
        json_finish(&j);
    } else {
        print_header(ctx->out, r.t.display, &r.cfg, r.missing);
        print_not_applied(ctx->out, &r);
        print_findings(ctx->out, &fs);
        if (!r.missing)
            print_summary(ctx->out, &fs);
    }
    int status = findings_count_at_least(&fs, SEV_WARNING) ? EXIT_FINDINGS : EXIT_OK;
    findings_release(&fs);
    reading_close(&r);
    return status;
}

/* ---- show ---- */

static int cmd_show(struct ctx *ctx)
{
    struct reading r;
    int st = reading_open(ctx, &r);
    if (st)
        return st;
    const struct wsl_vm *vmp = r.kind == WSLF_WSLCONFIG ? &r.vm : NULL;
    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        json_kv_str(&j, "file", r.missing ? NULL : r.t.display);
        json_kv_str(&j, "encoding", r.missing ? NULL : wsl_encoding_name(r.cfg.doc.enc));
        wsl_effective_json(&j, &r.cfg.ev, vmp);
        json_not_applied(&j, &r);
        json_obj_end(&j);
        json_finish(&j);
    } else {
        print_header(ctx->out, r.t.display, &r.cfg, r.missing);
        print_not_applied(ctx->out, &r);
        static const char *headers[] = {"SETTING", "VALUE", "UNIT", "ORIGIN", "DEFAULT"};
        static const enum table_align aligns[] = {TA_LEFT, TA_RIGHT, TA_LEFT, TA_LEFT, TA_LEFT};
        struct table tb;
        table_init(&tb, 5, headers, aligns);
        for (size_t i = 0; i < r.cfg.ev.n; i++) {
            const struct wsl_setting *s = &r.cfg.ev.set[i];
            char full[128], val[200], origin[1200];
            wsl_key_full(s->key, full, sizeof(full));
            const char *v = wsl_value_text(s, vmp, val, sizeof(val));
            const char *base = strrchr(r.t.display, '/');
            base = base ? base + 1 : r.t.display;
            if (s->from_file)
                snprintf(origin, sizeof(origin), "%s:%u", base,
                         wsl_stmt_line(&r.cfg.ev.syn.v[s->stmt]));
            else if (s->stmt >= 0)
                snprintf(origin, sizeof(origin), "default (line %u ignored)",
                         wsl_stmt_line(&r.cfg.ev.syn.v[s->stmt]));
            else
                snprintf(origin, sizeof(origin), "default");
            if (s->overridden)
                strncat(origin, ", overridden", sizeof(origin) - strlen(origin) - 1);
            char o2[1200];
            text_sanitize(origin, strlen(origin), o2, sizeof(o2));
            const char *unit = s->key->unit;
            if (unit && strcmp(unit, "bytes") == 0)
                unit = NULL; /* shown in the value */
            const char *def = s->default_note ? s->default_note : s->key->def;
            const char *cells[] = {full, v, unit ? unit : "", o2, def};
            table_add_row(&tb, cells);
        }
        fputc('\n', ctx->out);
        table_print(&tb, ctx->out, 0);
        table_release(&tb);
        wsl_print_overrides(ctx->out, &r.cfg.ev, vmp);
        if (vmp && (!r.vm.memory_known || !r.vm.processors_known))
            fprintf(ctx->out,
                    "\n'-': depends on the Windows host, which headroom does not know here "
                    "(--host-ram SIZE, --host-cpus N)\n");
    }
    reading_close(&r);
    return EXIT_OK;
}

/* ---- dispatch ---- */

static int run_config(struct ctx *ctx, int argc, char **argv)
{
    const char *sub = argv[0];
    bool edit = !strcmp(sub, "set") || !strcmp(sub, "unset") || !strcmp(sub, "apply");
    bool read = !strcmp(sub, "lint") || !strcmp(sub, "show");
    bool rec = !strcmp(sub, "recommend");
    if (!edit && !read && !rec) {
        char hint[80];
        return cli_usage_error(ctx->cmd,
                               "'%s' is not a config subcommand%s (one of: lint, show, set, "
                               "unset, apply, recommend)",
                               sub, cli_did_you_mean(&sub_values, sub, hint, sizeof(hint)));
    }
    if (cfg_args.wsl_conf && !read)
        return cli_usage_error(ctx->cmd, "--wsl-conf goes with lint and show only");
    if (cfg_args.dry_run && !edit)
        return cli_usage_error(ctx->cmd, "--dry-run goes with set, unset and apply only");
    if (cfg_args.recommended && strcmp(sub, "apply") != 0)
        return cli_usage_error(ctx->cmd, "--recommended goes with apply only");
    if (cfg_args.yes && strcmp(sub, "apply") != 0)
        return cli_usage_error(ctx->cmd, "--yes goes with apply only");
    if (cfg_args.profile && !rec && strcmp(sub, "apply") != 0)
        return cli_usage_error(ctx->cmd, "--profile goes with recommend and apply only");
    if ((cfg_args.for_models.n || cfg_args.ctx) && !rec && strcmp(sub, "apply") != 0)
        return cli_usage_error(ctx->cmd, "--for and --ctx go with recommend and apply only");
    if (cfg_args.ctx && !cfg_args.for_models.n)
        return cli_usage_error(ctx->cmd, "--ctx goes with --for MODEL");
    if ((read || rec || !strcmp(sub, "apply")) && argc > 1)
        return cli_usage_error(ctx->cmd, "unexpected argument '%s'", argv[1]);
    if (!strcmp(sub, "lint"))
        return cmd_lint(ctx);
    if (!strcmp(sub, "show"))
        return cmd_show(ctx);
    if (!strcmp(sub, "set"))
        return config_set(ctx, argc, argv, false);
    if (!strcmp(sub, "unset"))
        return config_set(ctx, argc, argv, true);
    if (!strcmp(sub, "apply"))
        return config_apply(ctx);
    return config_recommend(ctx);
}

const struct command cmd_config = {
    .name = "config",
    .summary = ".wslconfig and /etc/wsl.conf: lint, show, set, unset, apply, recommend",
    .usage = "config lint|show|set|unset|apply|recommend [--file PATH] [ARGS]",
    .description =
        "Judges the .wslconfig exactly as WSL reads it (microsoft/WSL configfile.cpp): '#' "
        "comments\n"
        "only, the first duplicate wins, a bad escape or an open quote drops the line,\n"
        "sizes like 8GB (not 8gb, 1.5GB or 8 GB), keys in the right section.\n"
        "\n"
        "  lint        findings with stable ids (wslconfig.*; wslconf.* with --wsl-conf),\n"
        "              each with line, column, fix and source; exit 1 on any warning\n"
        "  show        every setting: the value WSL uses, its unit, origin and default\n"
        "  set K=V...  change values in place (validated first; a bad value changes\n"
        "              nothing and exits 2); a new key goes at the end of its section\n"
        "  unset K...  remove every line that sets the keys\n"
        "  recommend   a complete .wslconfig for this host, from `headroom budget`; with\n"
        "              --for MODEL (repeatable; the models run together) memory= is what\n"
        "              they need by `headroom fit` at --ctx N (default 4096), plus the\n"
        "              guest's programs and a margin, rounded up to a whole GB; when that\n"
        "              is more than the budget's room for AI, memory= is the most the host\n"
        "              gives, the lines after the file say what would fit (the minimal\n"
        "              profile, a shorter context) and the exit status is 1\n"
        "  apply --recommended   write the recommended settings into the file; then,\n"
        "              on a live WSL machine, offer to run wsl.exe --shutdown (asked on\n"
        "              a terminal, --yes runs it unasked; stdin not a terminal: printed)\n"
        "\n"
        "The file: --file PATH, else the Windows profile's .wslconfig (through cmd.exe and\n"
        "wslpath on a live WSL machine), else ROOT/mnt/c/Users/*/.wslconfig. Edits keep\n"
        "the encoding (UTF-8, UTF-8 BOM, UTF-16LE), line endings and comments of every\n"
        "other line, make a backup .wslconfig.bak-<UTC time> (the newest 10 are kept, older\n"
        "ones removed and named) and write through a temporary file, fsync and rename,\n"
        "holding .wslconfig.lock meanwhile (a second edit waits up to 10 s; a file changed\n"
        "by another program meanwhile is not overwritten). The file and its backup keep\n"
        "their owner, group and mode; a read-only file, or one with other hard links, is\n"
        "refused with the reason (a link is followed to its target). WSL reads .wslconfig\n"
        "only when its VM starts: run `wsl.exe --shutdown` after a change.\n"
        "\n"
        "Examples:\n"
        "  headroom config lint\n"
        "  headroom config lint --wsl-conf --json\n"
        "  headroom config show --host-ram 16GB\n"
        "  headroom config set memory=6GB swap=4GB --dry-run\n"
        "  headroom config unset pageReporting\n"
        "  headroom config recommend --host-ram 16GB\n"
        "  headroom config apply --recommended --host-ram 16GB\n"
        "  headroom config recommend --for llama3.1:8b --for ggml-small.bin --ctx 8192\n",
    .opts = config_opts,
    .min_args = 1,
    .max_args = UINT32_MAX,
    .run = run_config,
    .exit_status = "lint: 0 no warnings, 1 a warning or worse. show, recommend: 0. set, unset,\n"
                   "apply: 0 written (with --dry-run: the diff printed, nothing written). All: 2\n"
                   "bad usage or a bad value (nothing written); 3 a file that cannot be read or\n"
                   "written.",
    .values = config_values,
    .subcommands = config_subcommands,
    .complete = config_complete,
};

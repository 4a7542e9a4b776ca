/* headroom config lint|show|set|unset|apply|recommend: the .wslconfig (and
 * /etc/wsl.conf) judged exactly as WSL reads it, and edited safely. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "budget.h"
#include "cmd/cmds.h"
#include "machine.h"
#include "out/json.h"
#include "out/text.h"
#include "out/wslconfig-json.h"
#include "out/wslconfig-text.h"
#include "util/atomic-write.h"
#include "util/io.h"
#include "util/size.h"
#include "util/udiff.h"
#include "util/xalloc.h"
#include "wslconfig/edit.h"
#include "recommend.h"
#include "wsl-facts.h"
#include "wslconfig/wslconfig.h"

static const char *arg_file;
static bool arg_wsl_conf, arg_dry_run, arg_recommended;
static uint64_t arg_host_ram;
static unsigned arg_host_cpus;
static const char *arg_profile;
static const char *arg_wsl_version;

static const struct opt config_opts[] = {
    {"file", 'f', OPT_STRING, &arg_file, "PATH",
     "the file to read or edit (default: this machine's .wslconfig)"},
    {"wsl-conf", 0, OPT_FLAG, &arg_wsl_conf, NULL,
     "lint, show: /etc/wsl.conf instead of .wslconfig (WSL reads it differently)"},
    {"dry-run", 'n', OPT_FLAG, &arg_dry_run, NULL,
     "set, unset, apply: print the change as a unified diff and write nothing"},
    {"recommended", 0, OPT_FLAG, &arg_recommended, NULL,
     "apply: the settings that `config recommend` prints"},
    {"host-ram", 0, OPT_SIZE, &arg_host_ram, "SIZE",
     "the Windows host's RAM (e.g. 16GB), when headroom cannot tell"},
    {"host-cpus", 0, OPT_UINT, &arg_host_cpus, "N", "the Windows host's logical CPUs"},
    {"wsl-version", 0, OPT_STRING, &arg_wsl_version, "VER",
     "lint, show: the WSL release whose defaults apply (default: this machine's, else today's)"},
    {"profile", 0, OPT_STRING, &arg_profile, "NAME",
     "recommend, apply: minimal or typical (default: typical)"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const char *const reminder =
    "run `wsl.exe --shutdown` from Windows or PowerShell to apply; this closes every WSL window";

/* ---- which file ---- */

struct target {
    char *path; /* relative to the root when in_root; NULL: none found */
    bool in_root;
    bool located; /* found on the machine, not named by --file */
    char display[1100];
};

static void target_release(struct target *t)
{
    free(t->path);
    t->path = NULL;
}

/* Finds the file. `for_write`: a profile without a .wslconfig is a place to
 * create one. Returns 0 or an exit status. */
static int resolve_target(struct ctx *ctx, bool for_write, struct target *t)
{
    memset(t, 0, sizeof(*t));
    if (arg_file) {
        t->path = xstrdup(arg_file);
        snprintf(t->display, sizeof(t->display), "%s", arg_file);
        return 0;
    }
    t->in_root = true;
    t->located = true;
    if (arg_wsl_conf) {
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
static char *disk_path(const struct ctx *ctx, const struct target *t)
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
static int load_target(struct ctx *ctx, const struct target *t, enum wsl_file kind,
                       bool allow_missing, struct wsl_config *cfg, bool *ret_missing,
                       struct diag *ret_diag, bool *ret_unreadable)
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

/* The machine is consulted for facts when the file is this machine's own
 * (found, not --file) or when --root names a machine explicitly. */
static void facts_load(struct ctx *ctx, const struct target *t, const struct wsl_eval *wslconfig,
                       struct facts_ctx *fc)
{
    memset(fc, 0, sizeof(*fc));
    if (t->located || ctx->root_given) {
        struct machine_opts mo = {.top_n = 1};
        machine_load(&fc->m, ctx->root, &mo);
        fc->have_m = true;
        struct diag d;
        if (!arg_wsl_conf &&
            wsl_config_load(ctx->root, "etc/wsl.conf", true, WSLF_WSLCONF, &fc->conf, &d) == 0)
            fc->have_conf = true;
    }
    if (fc->have_m) {
        win_host_load(ctx->root, NULL, &fc->win);
        fc->have_win = true;
    }
    host_facts_resolve(fc->have_m ? &fc->m : NULL, wslconfig, fc->have_win ? &fc->win : NULL,
                       arg_host_ram, arg_host_cpus, &fc->host);
    if (fc->have_m) {
        wsl_facts_from_machine(&fc->m, &fc->host, fc->have_conf ? &fc->conf : NULL, &fc->facts);
    } else {
        fc->facts.host_ram = fc->host.ram;
        fc->facts.host_ram_from = fc->host.ram ? fc->host.ram_from : NULL;
        fc->facts.host_cpus = fc->host.cpus;
        fc->facts.host_cpus_from = fc->host.cpus ? fc->host.cpus_from : NULL;
    }
}

static void facts_release(struct facts_ctx *fc)
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
        char file[600], title[1200], ev[1200];
        text_sanitize(x->file ? x->file : "", x->file ? strlen(x->file) : 0, file, sizeof(file));
        text_sanitize(x->title, strlen(x->title), title, sizeof(title));
        fprintf(f, "\n%s:%u:%u: %s%s%s: %s [%s]\n", file, x->line, x->column,
                sev_color(x->severity), severity_name(x->severity), tc(TC_RESET), title, x->id);
        if (x->evidence) {
            text_sanitize(x->evidence, strlen(x->evidence), ev, sizeof(ev));
            fprintf(f, "    %s\n", ev);
        }
        text_print_fix(f, x, "    ", 4, true);
        if (x->source)
            fprintf(f, "    source: %s\n", x->source);
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
    r->kind = arg_wsl_conf ? WSLF_WSLCONF : WSLF_WSLCONFIG;
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
    const char *version = arg_wsl_version;
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

/* ---- edits ---- */

static void doc_lines(const struct wsldoc *doc, struct udiff_line **ret)
{
    struct udiff_line *v = xcalloc(doc->nlines ? doc->nlines : 1, sizeof(*v));
    for (size_t i = 0; i < doc->nlines; i++) {
        v[i].text = doc->lines[i].text;
        v[i].len = doc->lines[i].text_len;
        v[i].eol = doc->lines[i].eol != WSLEOL_NONE;
        v[i].eol_kind = doc->lines[i].eol;
    }
    *ret = v;
}

/* The unified diff of two versions, control characters made visible. */
static void make_diff(const char *oldb, size_t oldn, const char *newb, size_t newn,
                      const char *name, struct strbuf *out)
{
    struct wsldoc a, b;
    wsldoc_parse(oldb, oldn, false, &a);
    wsldoc_parse(newb, newn, false, &b);
    struct udiff_line *la, *lb;
    doc_lines(&a, &la);
    doc_lines(&b, &lb);
    char to[1200];
    snprintf(to, sizeof(to), "%s (new)", name);
    struct strbuf raw = STRBUF_INIT;
    udiff(la, a.nlines, lb, b.nlines, name, to, &raw);
    for (size_t i = 0; i < raw.len; i++) {
        unsigned char c = (unsigned char)raw.buf[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
            strbuf_addch(out, '?');
        else
            strbuf_addch(out, (char)c);
    }
    strbuf_release(&raw);
    free(la);
    free(lb);
    wsldoc_release(&a);
    wsldoc_release(&b);
}

static int write_with_backup(struct ctx *ctx, const char *path, const struct strbuf *bytes,
                             bool existed, char *backup, size_t bn)
{
    backup[0] = '\0';
    struct tm tm;
    time_t now = ctx->now;
    gmtime_r(&now, &tm);
    char stamp[32];
    strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
    int r = -EEXIST;
    for (int i = 0; i < 100 && r == -EEXIST; i++) {
        if (i == 0)
            snprintf(backup, bn, "%s.bak-%s", path, stamp);
        else
            snprintf(backup, bn, "%s.bak-%s.%d", path, stamp, i);
        r = atomic_write(path, bytes->buf, bytes->len, existed ? backup : NULL);
    }
    if (!existed)
        backup[0] = '\0';
    return r;
}

static int run_edits(struct ctx *ctx, const struct wsl_edit *edits, size_t n)
{
    struct target t;
    int st = resolve_target(ctx, true, &t);
    if (st)
        return st;
    struct wsl_config cfg;
    bool missing, unreadable;
    struct diag d;
    if ((st = load_target(ctx, &t, WSLF_WSLCONFIG, true, &cfg, &missing, &d, &unreadable))) {
        target_release(&t);
        return st;
    }
    if (unreadable) {
        char msg[600];
        diag_format(&d, msg, sizeof(msg));
        st = cli_error(ctx, EXIT_USAGE, "%s: %s; save it as UTF-8 first (nothing changed)",
                       t.display, d.message);
        wsl_config_release(&cfg);
        target_release(&t);
        return st;
    }
    struct strbuf out = STRBUF_INIT;
    char err[600];
    int r = wsl_edit_bytes(cfg.bytes.buf, cfg.bytes.len, edits, n, &out, err, sizeof(err));
    if (r < 0) {
        st = cli_error(ctx, EXIT_USAGE, "%s: %s", t.display, err);
        goto done;
    }
    bool same = out.len == cfg.bytes.len && memcmp(out.buf, cfg.bytes.buf, out.len) == 0;
    struct strbuf diff = STRBUF_INIT;
    make_diff(cfg.bytes.buf, cfg.bytes.len, out.buf, out.len, t.display, &diff);
    char backup[1300] = "";
    char *path = NULL;
    if (!same && !arg_dry_run) {
        path = disk_path(ctx, &t);
        int w = write_with_backup(ctx, path, &out, !missing, backup, sizeof(backup));
        if (w < 0) {
            st = cli_error(ctx,
                           w == -EACCES || w == -EPERM || w == -EROFS ? EXIT_SYSTEM : EXIT_SYSTEM,
                           "cannot write %s: %s (nothing changed)", t.display, strerror(-w));
            strbuf_release(&diff);
            free(path);
            goto done;
        }
    }
    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        json_kv_str(&j, "file", t.display);
        json_kv_bool(&j, "changed", !same);
        json_kv_bool(&j, "dry_run", arg_dry_run);
        json_kv_bool(&j, "created", missing && !same && !arg_dry_run);
        json_kv_str(&j, "backup", backup[0] ? backup : NULL);
        json_kv_str(&j, "diff", diff.buf);
        json_kv_str(&j, "next_step", !same && !arg_dry_run ? reminder : NULL);
        json_obj_end(&j);
        json_finish(&j);
    } else if (same) {
        fprintf(ctx->out, "%s: nothing to change\n", t.display);
    } else {
        fputs(diff.buf, ctx->out);
        if (!arg_dry_run) {
            char b[1300];
            text_sanitize(backup, strlen(backup), b, sizeof(b));
            if (backup[0])
                fprintf(ctx->out, "\nwrote %s (backup: %s)\n", t.display, b);
            else
                fprintf(ctx->out, "\nwrote %s (a new file)\n", t.display);
            fprintf(ctx->out, "%s\n", reminder);
        }
    }
    strbuf_release(&diff);
    free(path);
done:
    strbuf_release(&out);
    wsl_config_release(&cfg);
    target_release(&t);
    return st;
}

static int cmd_set(struct ctx *ctx, int argc, char **argv, bool unset)
{
    if (argc < 2)
        return cli_usage_error(ctx->cmd, "config %s needs %s", unset ? "unset" : "set",
                               unset ? "at least one KEY" : "at least one KEY=VALUE");
    struct wsl_edit *edits = xcalloc((size_t)argc, sizeof(*edits));
    char err[600];
    int st = 0;
    for (int i = 1; i < argc && !st; i++) {
        int r = unset ? wsl_edit_parse_unset(argv[i], &edits[i - 1], err, sizeof(err))
                      : wsl_edit_parse_set(argv[i], &edits[i - 1], err, sizeof(err));
        if (r < 0)
            st = cli_error(ctx, EXIT_USAGE, "%s (nothing changed)", err);
    }
    if (!st)
        st = run_edits(ctx, edits, (size_t)argc - 1);
    free(edits);
    return st;
}

/* ---- recommend / apply ---- */

static int profile_or_error(struct ctx *ctx, enum budget_profile *ret)
{
    int p = arg_profile ? budget_profile_parse(arg_profile) : BUDGET_TYPICAL;
    if (p < 0)
        return cli_usage_error(ctx->cmd, "--profile '%s': expected minimal or typical",
                               arg_profile);
    *ret = (enum budget_profile)p;
    return 0;
}

/* The recommendation for this machine: the current file (if any) and facts. */
static int recommend_for(struct ctx *ctx, struct target *t, struct wsl_config *cfg, bool *have_cfg,
                         struct facts_ctx *fc, struct wsl_recommendation *rec)
{
    enum budget_profile p = BUDGET_TYPICAL;
    int st = profile_or_error(ctx, &p);
    if (st)
        return st;
    if ((st = resolve_target(ctx, false, t)))
        return st;
    *have_cfg = false;
    if (t->path) {
        bool missing, unreadable;
        struct diag d;
        if ((st = load_target(ctx, t, WSLF_WSLCONFIG, true, cfg, &missing, &d, &unreadable)))
            return st;
        *have_cfg = !missing && !unreadable;
        if (!*have_cfg)
            wsl_config_release(cfg);
    }
    facts_load(ctx, t, *have_cfg ? &cfg->ev : NULL, fc);
    wsl_recommend(&fc->host, p, fc->have_m ? &fc->m : NULL, *have_cfg ? &cfg->ev : NULL, &fc->facts,
                  rec);
    if (!rec->ok)
        return cli_error(ctx, EXIT_USAGE,
                         "the Windows host's RAM is unknown: pass --host-ram SIZE (e.g. "
                         "--host-ram 16GB)");
    return 0;
}

/* recommend and apply: the file in use, the facts, the recommendation */
struct recommending {
    struct target t;
    struct wsl_config cfg;
    bool have_cfg;
    struct facts_ctx fc;
    struct wsl_recommendation *rec;
};

static int recommending_open(struct ctx *ctx, struct recommending *r)
{
    memset(r, 0, sizeof(*r));
    r->rec = xcalloc(1, sizeof(*r->rec));
    return recommend_for(ctx, &r->t, &r->cfg, &r->have_cfg, &r->fc, r->rec);
}

static void recommending_close(struct recommending *r)
{
    if (r->have_cfg)
        wsl_config_release(&r->cfg);
    facts_release(&r->fc);
    target_release(&r->t);
    free(r->rec);
}

static int cmd_recommend(struct ctx *ctx)
{
    struct recommending r;
    int st = recommending_open(ctx, &r);
    const struct wsl_recommendation *rec = r.rec;
    if (!st) {
        struct strbuf text = STRBUF_INIT;
        wsl_recommend_text(rec, &r.fc.host, WSLEOL_LF, &text);
        if (ctx->json) {
            struct json j;
            json_init(&j, ctx->out);
            json_obj_begin(&j);
            budget_json_members(&j, &rec->budget, &r.fc.host);
            json_key(&j, "settings");
            json_arr_begin(&j);
            for (size_t i = 0; i < rec->n; i++) {
                json_obj_begin(&j);
                json_kv_str(&j, "section", rec->items[i].section);
                json_kv_str(&j, "key", rec->items[i].key);
                json_kv_str(&j, "value", rec->items[i].plain);
                json_kv_str(&j, "why", rec->items[i].why);
                json_kv_bool(&j, "kept", i >= rec->managed);
                json_obj_end(&j);
            }
            json_arr_end(&j);
            json_key(&j, "notes");
            json_arr_begin(&j);
            for (size_t i = 0; i < rec->nnotes; i++)
                json_str(&j, rec->notes[i]);
            json_arr_end(&j);
            json_kv_str(&j, "text", text.buf);
            json_obj_end(&j);
            json_finish(&j);
        } else {
            fputs(text.buf, ctx->out);
        }
        strbuf_release(&text);
    }
    recommending_close(&r);
    return st;
}

static int cmd_apply(struct ctx *ctx)
{
    if (!arg_recommended)
        return cli_usage_error(ctx->cmd, "config apply needs --recommended");
    struct recommending r;
    int st = recommending_open(ctx, &r);
    const struct wsl_recommendation *rec = r.rec;
    if (!st) {
        struct wsl_edit edits[16];
        size_t n = 0;
        char err[600];
        for (size_t i = 0; i < rec->managed && n < 12 && !st; i++) {
            char arg[700];
            snprintf(arg, sizeof(arg), "%s=%s", rec->items[i].key, rec->items[i].plain);
            if (wsl_edit_parse_set(arg, &edits[n++], err, sizeof(err)) < 0)
                st = cli_error(ctx, EXIT_USAGE, "%s (nothing changed)", err);
        }
        /* dead keys: removed from WSL, or forced off */
        static const char *const dead[] = {"pageReporting", "pageReportingOrder"};
        for (size_t i = 0; i < 2 && !st; i++)
            wsl_edit_parse_unset(dead[i], &edits[n++], err, sizeof(err));
        const struct wsl_setting *sp =
            r.have_cfg ? wsl_eval_get(&r.cfg.ev, "experimental.sparseVhd") : NULL;
        if (!st && sp && sp->from_file && sp->b)
            wsl_edit_parse_unset("sparseVhd", &edits[n++], err, sizeof(err));
        if (!st)
            st = run_edits(ctx, edits, n);
    }
    recommending_close(&r);
    return st;
}

/* ---- dispatch ---- */

static int run_config(struct ctx *ctx, int argc, char **argv)
{
    const char *sub = argv[0];
    bool edit = !strcmp(sub, "set") || !strcmp(sub, "unset") || !strcmp(sub, "apply");
    bool read = !strcmp(sub, "lint") || !strcmp(sub, "show");
    bool rec = !strcmp(sub, "recommend");
    if (!edit && !read && !rec)
        return cli_usage_error(ctx->cmd,
                               "'%s' is not a config subcommand (lint, show, set, "
                               "unset, apply, recommend)",
                               sub);
    if (arg_wsl_conf && !read)
        return cli_usage_error(ctx->cmd, "--wsl-conf goes with lint and show only");
    if (arg_dry_run && !edit)
        return cli_usage_error(ctx->cmd, "--dry-run goes with set, unset and apply only");
    if (arg_recommended && strcmp(sub, "apply") != 0)
        return cli_usage_error(ctx->cmd, "--recommended goes with apply only");
    if (arg_profile && !rec && strcmp(sub, "apply") != 0)
        return cli_usage_error(ctx->cmd, "--profile goes with recommend and apply only");
    if ((read || rec || !strcmp(sub, "apply")) && argc > 1)
        return cli_usage_error(ctx->cmd, "unexpected argument '%s'", argv[1]);
    if (!strcmp(sub, "lint"))
        return cmd_lint(ctx);
    if (!strcmp(sub, "show"))
        return cmd_show(ctx);
    if (!strcmp(sub, "set"))
        return cmd_set(ctx, argc, argv, false);
    if (!strcmp(sub, "unset"))
        return cmd_set(ctx, argc, argv, true);
    if (!strcmp(sub, "apply"))
        return cmd_apply(ctx);
    return cmd_recommend(ctx);
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
        "  recommend   a complete .wslconfig for this host, from `headroom budget`\n"
        "  apply --recommended   write the recommended settings into the file\n"
        "\n"
        "The file: --file PATH, else the Windows profile's .wslconfig (through cmd.exe and\n"
        "wslpath on a live WSL machine), else ROOT/mnt/c/Users/*/.wslconfig. Edits keep\n"
        "the encoding (UTF-8, UTF-8 BOM, UTF-16LE), line endings and comments of every\n"
        "other line, make a backup .wslconfig.bak-<UTC time> and write through a temporary\n"
        "file, fsync and rename. WSL reads .wslconfig only when its VM starts: run\n"
        "`wsl.exe --shutdown` after a change.\n"
        "\n"
        "Examples:\n"
        "  headroom config lint\n"
        "  headroom config lint --wsl-conf --json\n"
        "  headroom config show --host-ram 16GB\n"
        "  headroom config set memory=6GB swap=4GB --dry-run\n"
        "  headroom config unset pageReporting\n"
        "  headroom config recommend --host-ram 16GB\n"
        "  headroom config apply --recommended --host-ram 16GB\n",
    .opts = config_opts,
    .min_args = 1,
    .max_args = UINT32_MAX,
    .run = run_config,
};

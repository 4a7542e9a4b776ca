/* headroom config set|unset|recommend|apply: the edits, each shown as a
 * unified diff and written locked and atomically with a backup. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmds.h"
#include "cmd/config.h"
#include "out/json.h"
#include "out/text.h"
#include "out/wslconfig-json.h"
#include "out/wslconfig-text.h"
#include "recommend.h"
#include "workload.h"
#include "util/atomic-write.h"
#include "util/backups.h"
#include "util/io.h"
#include "util/lockfile.h"
#include "util/udiff.h"
#include "util/xalloc.h"
#include "wslconfig/edit.h"

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
    for (int i = backups_next_index(path, stamp); i < 1000 && r == -EEXIST; i++) {
        if (i == 0)
            snprintf(backup, bn, "%s.bak-%s", path, stamp);
        else
            snprintf(backup, bn, "%s.bak-%s.%d", path, stamp, i);
        r = atomic_write(path, bytes->buf, bytes->len, existed ? backup : NULL);
    }
    if (!existed || r == -EEXIST) /* every name was taken: none of them is ours */
        backup[0] = '\0';
    return r;
}

/* A file an atomic replace would treat wrongly (`path` has its links
 * resolved, so a linked .wslconfig is edited in its target): one without write
 * permission for its owner (the rename would replace it anyway, silently
 * undoing the owner's choice), or one with other hard links (the rename
 * would give this name a new file and leave the other names on the old
 * one). Device nodes and FIFOs never get here: reading refused them. */
static bool target_refused(const char *path, char *why, size_t n)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return false;
    if (S_ISREG(st.st_mode) && !(st.st_mode & S_IWUSR)) {
        snprintf(why, n, "read-only (mode %04o): make it writable first (chmod u+w)",
                 (unsigned)(st.st_mode & 07777));
        return true;
    }
    if (S_ISREG(st.st_mode) && st.st_nlink > 1) {
        snprintf(why, n,
                 "has %lu hard links: replacing it would split them (edit the file itself, or "
                 "make it a single file: cp it aside and move the copy back)",
                 (unsigned long)st.st_nlink);
        return true;
    }
    return false;
}

/* The bytes at `path` are still those the edit started from (or, for a new
 * file, there is still none). */
static bool unchanged_on_disk(const char *path, const struct wsl_config *cfg, bool missing)
{
    struct strbuf now = STRBUF_INIT;
    int e = read_file_capped(path, cfg->bytes.len + 1, &now, NULL);
    bool same = missing ? e == -ENOENT
                        : e == 0 && now.len == cfg->bytes.len &&
                              memcmp(now.buf, cfg->bytes.buf, now.len) == 0;
    strbuf_release(&now);
    return same;
}

/* `offer`: after a write, offer to run wsl.exe --shutdown (apply) instead
 * of only saying to. */
static int run_edits(struct ctx *ctx, const struct wsl_edit *edits, size_t n, bool offer)
{
    struct target t;
    int st = resolve_target(ctx, true, &t);
    if (st)
        return st;
    /* the lock is taken before the file is read and held until it is
     * written: two edits at once take turns instead of one losing the
     * other (git's PATH.lock) */
    struct lockfile lk = {0};
    char *path = NULL;
    if (!cfg_args.dry_run) {
        path = disk_path(ctx, &t);
        int e = lockfile_acquire(&lk, path, 10000);
        if (e < 0) {
            st = e == -EWOULDBLOCK
                     ? cli_error(ctx, EXIT_SYSTEM,
                                 "%s is being edited by another headroom (%s.lock, held for 10 s); "
                                 "nothing changed",
                                 t.display, t.display)
                     : cli_error(ctx, EXIT_SYSTEM, "cannot lock %s: %s (nothing changed)",
                                 t.display, strerror(-e));
            free(path);
            target_release(&t);
            return st;
        }
    }
    struct wsl_config cfg;
    bool missing, unreadable;
    struct diag d;
    if ((st = load_target(ctx, &t, WSLF_WSLCONFIG, true, &cfg, &missing, &d, &unreadable))) {
        lockfile_release(&lk);
        free(path);
        target_release(&t);
        return st;
    }
    if (unreadable) {
        char msg[600];
        diag_format(&d, msg, sizeof(msg));
        st = cli_error(ctx, EXIT_USAGE, "%s: %s; save it as UTF-8 first (nothing changed)",
                       t.display, d.message);
        wsl_config_release(&cfg);
        lockfile_release(&lk);
        free(path);
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
    char refuse[300];
    int pruned = 0;
    struct strbuf pruned_names = STRBUF_INIT;
    if (!same && !cfg_args.dry_run && !missing && target_refused(path, refuse, sizeof(refuse))) {
        st = cli_error(ctx, EXIT_USAGE, "%s: %s; nothing changed", t.display, refuse);
        strbuf_release(&diff);
        goto done;
    }
    if (!same && !cfg_args.dry_run && !unchanged_on_disk(path, &cfg, missing)) {
        /* an editor outside headroom (Notepad) saved it meanwhile */
        st = cli_error(ctx, EXIT_SYSTEM,
                       "%s changed on disk while it was being edited; nothing changed (run the "
                       "command again)",
                       t.display);
        strbuf_release(&diff);
        goto done;
    }
    if (!same && !cfg_args.dry_run) {
        int w = write_with_backup(ctx, path, &out, !missing, backup, sizeof(backup));
        if (w < 0) {
            /* the backup may have been made before the write failed: say
             * so rather than "nothing changed" */
            char b[1300];
            bool left = backup[0] && access(backup, F_OK) == 0;
            text_sanitize(backup, strlen(backup), b, sizeof(b));
            st =
                cli_error(ctx, EXIT_SYSTEM, "cannot write %s: %s (%s%s)", t.display, strerror(-w),
                          left ? "the file is unchanged; its backup was made: " : "nothing changed",
                          left ? b : "");
            strbuf_release(&diff);
            goto done;
        }
        if (backup[0])
            pruned = backups_prune(path, BACKUPS_KEPT, &pruned_names);
    }
    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        json_kv_str(&j, "file", t.display);
        json_kv_bool(&j, "changed", !same);
        json_kv_bool(&j, "dry_run", cfg_args.dry_run);
        json_kv_bool(&j, "created", missing && !same && !cfg_args.dry_run);
        json_kv_str(&j, "backup", backup[0] ? backup : NULL);
        json_key(&j, "backups_removed");
        json_arr_begin(&j);
        for (const char *p = pruned_names.buf; *p;) {
            size_t len = strcspn(p, "\n");
            char *name = xstrndup(p, len);
            json_str(&j, name);
            free(name);
            p += len + (p[len] == '\n');
        }
        json_arr_end(&j);
        json_kv_str(&j, "diff", diff.buf);
        json_kv_str(&j, "next_step", !same && !cfg_args.dry_run ? config_reminder : NULL);
        json_obj_end(&j);
        json_finish(&j);
        if (offer && !same && !cfg_args.dry_run)
            st = config_offer_shutdown(ctx, cfg_args.yes);
    } else if (same) {
        fprintf(ctx->out, "%s: nothing to change\n", t.display);
    } else {
        fputs(diff.buf, ctx->out);
        if (!cfg_args.dry_run) {
            char b[1300];
            text_sanitize(backup, strlen(backup), b, sizeof(b));
            if (backup[0])
                fprintf(ctx->out, "\nwrote %s (backup: %s)\n", t.display, b);
            else
                fprintf(ctx->out, "\nwrote %s (a new file)\n", t.display);
            if (pruned > 0)
                fprintf(ctx->out, "removed %d older backup%s (the newest %d are kept)\n", pruned,
                        pruned == 1 ? "" : "s", BACKUPS_KEPT);
            else if (pruned < 0)
                fprintf(ctx->out, "could not look for older backups to remove: %s\n",
                        strerror(-pruned));
            if (offer)
                st = config_offer_shutdown(ctx, cfg_args.yes);
            else
                fprintf(ctx->out, "%s\n", config_reminder);
        }
    }
    strbuf_release(&diff);
    strbuf_release(&pruned_names);
done:
    strbuf_release(&out);
    wsl_config_release(&cfg);
    lockfile_release(&lk);
    free(path);
    target_release(&t);
    return st;
}

int config_set(struct ctx *ctx, int argc, char **argv, bool unset)
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
        st = run_edits(ctx, edits, (size_t)argc - 1, false);
    free(edits);
    return st;
}

/* ---- recommend / apply ---- */

static int profile_or_error(struct ctx *ctx, enum budget_profile *ret)
{
    int p = cfg_args.profile ? budget_profile_parse(cfg_args.profile) : BUDGET_TYPICAL;
    if (p < 0)
        return cli_usage_error(ctx->cmd, "--profile '%s': expected minimal or typical",
                               cfg_args.profile);
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
    bool sized; /* --for: memory= sized to the workload w */
    struct workload w;
};

static int recommending_open(struct ctx *ctx, struct recommending *r)
{
    memset(r, 0, sizeof(*r));
    r->rec = xcalloc(1, sizeof(*r->rec));
    int st = recommend_for(ctx, &r->t, &r->cfg, &r->have_cfg, &r->fc, r->rec);
    if (!st && cfg_args.for_models.n) {
        r->sized = true;
        st = config_size_for(ctx, &r->fc, r->rec, &r->w);
    }
    return st;
}

static void recommending_close(struct recommending *r)
{
    if (r->have_cfg)
        wsl_config_release(&r->cfg);
    facts_release(&r->fc);
    target_release(&r->t);
    free(r->rec);
}

int config_recommend(struct ctx *ctx)
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
            if (r.sized)
                config_workload_json(&j, &r.w);
            json_obj_end(&j);
            json_finish(&j);
        } else {
            fputs(text.buf, ctx->out);
            if (r.sized)
                config_workload_text(ctx->out, &r.w);
        }
        strbuf_release(&text);
        if (r.sized && !r.w.fits)
            st = EXIT_FINDINGS;
    }
    recommending_close(&r);
    return st;
}

int config_apply(struct ctx *ctx)
{
    if (!cfg_args.recommended)
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
            st = run_edits(ctx, edits, n, true);
    }
    recommending_close(&r);
    return st;
}

/* headroom windows script (and the catalogue item JSON that status shares):
 * the undoable PowerShell script that makes the
 * catalogued changes, its plan (--dry-run), and the script that undoes it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmds.h"
#include "cmd/windows.h"
#include "out/json.h"
#include "out/text.h"
#include "out/win-host-json.h"
#include "probe/meminfo.h"
#include "util/strbuf.h"
#include "util/atomic-write.h"
#include "util/io.h"
#include "util/parse.h"
#include "util/suggest.h"
#include "util/xalloc.h"
#include "win/catalog.h"
#include "win/host.h"
#include "win/script.h"

/* ---- one catalogue item as JSON (status and the plan) ---- */

static const char *kind_name(enum win_item_kind k)
{
    switch (k) {
    case WIN_ITEM_SERVICES:
        return "services";
    case WIN_ITEM_DRIVER:
        return "driver";
    case WIN_ITEM_APPX:
        return "appx";
    case WIN_ITEM_REGVALUE:
        return "policy";
    case WIN_ITEM_PAGEFILE:
        return "pagefile";
    }
    return "?";
}

uint64_t win_vm_total(const struct ctx *ctx)
{
    struct meminfo mi;
    struct probe_status st;
    meminfo_read(ctx->root, &mi, &st);
    return st.state == PROBE_OK ? mi.mem_total : 0;
}

void win_item_json(struct json *j, const struct win_item *it, const struct win_host *h,
                   uint64_t vm_total)
{
    struct win_saving sv;
    char why[300];
    win_item_measure(it, h, &sv);
    bool rec = win_item_recommended_vm(it, h, vm_total, why, sizeof(why));
    json_obj_begin(j);
    json_kv_str(j, "id", it->id);
    json_kv_str(j, "title", it->title);
    json_kv_str(j, "kind", kind_name(it->kind));
    json_key(j, "names");
    json_arr_begin(j);
    for (const char *const *n = it->names; *n; n++)
        json_str(j, *n);
    json_arr_end(j);
    json_kv_str(j, "change", it->change);
    json_kv_str(j, "risk", win_risk_name(it->risk));
    json_kv_str(j, "risk_text", it->risk_text);
    json_kv_str(j, "source", it->source);
    json_kv_str(j, "claimed", it->claimed);
    json_kv_str(j, "verdict", it->verdict);
    json_key(j, "measured_saving");
    if (sv.known)
        json_u64(j, sv.bytes);
    else
        json_null(j);
    json_kv_bool(j, "shared_process", sv.shared);
    json_kv_str(j, "measured_note", sv.note);
    json_kv_bool(j, "recommended", rec);
    json_kv_str(j, "recommended_why", why);
    if (it->kind == WIN_ITEM_SERVICES) {
        json_key(j, "services");
        json_arr_begin(j);
        for (const char *const *n = it->names; *n; n++) {
            const struct win_service *s = win_host_service(h, *n);
            json_obj_begin(j);
            json_kv_str(j, "name", *n);
            json_kv_bool(j, "present", s != NULL);
            if (s) {
                json_kv_str(j, "state", win_svc_state_name(s->state));
                json_kv_str(j, "start_type", win_start_type_name(s->start_type));
                json_kv_win_bool(j, "delayed_auto_start", &s->delayed_auto_start);
                json_kv_win_u64(j, "working_set", &s->working_set);
                json_kv_u64(j, "process_services", s->process_services);
            }
            json_obj_end(j);
        }
        json_arr_end(j);
    }
    json_obj_end(j);
}

/* ---- script ---- */

static int add_item(struct ctx *ctx, const char *id, bool *chosen)
{
    const struct win_item *it = win_item_find(id);
    if (!it) {
        char s[80], list[400];
        size_t off = 0;
        for (size_t i = 0; i < win_nitems && off < sizeof(list); i++)
            off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s", i ? ", " : "",
                                    win_items[i].id);
        struct suggest sg;
        suggest_init(&sg, id);
        for (size_t i = 0; i < win_nitems; i++)
            suggest_offer(&sg, win_items[i].id);
        const char *best = suggest_best(&sg);
        return cli_usage_error(ctx->cmd, "'%s' is not a catalogue item%s%s%s (items: %s)",
                               win_san(id, s, sizeof(s)), best ? "; did you mean '" : "",
                               best ? best : "", best ? "'?" : "", list);
    }
    chosen[it - win_items] = true;
    return 0;
}

/* --apply values (comma lists) and the arguments after "script". */
static int collect_items(struct ctx *ctx, int argc, char **argv, bool *chosen)
{
    for (size_t i = 0; i < win_args.apply.n; i++) {
        char *copy = xstrdup(win_args.apply.items[i]), *save = NULL;
        int r = 0;
        for (char *tok = strtok_r(copy, ",", &save); tok && r == 0;
             tok = strtok_r(NULL, ",", &save))
            if (*tok)
                r = add_item(ctx, tok, chosen);
        free(copy);
        if (r)
            return r;
    }
    for (int i = 1; i < argc; i++) {
        int r = add_item(ctx, argv[i], chosen);
        if (r)
            return r;
    }
    return 0;
}

static void plan_apply_text(FILE *f, const struct win_item *const *items, size_t n,
                            const struct win_host *h)
{
    char why[300];
    fprintf(f, "Plan: a tuning script for %zu item%s (--dry-run: nothing is written)\n", n,
            n == 1 ? "" : "s");
    for (size_t i = 0; i < n; i++) {
        const struct win_item *it = items[i];
        struct win_saving sv;
        win_item_measure(it, h, &sv);
        fprintf(f, "\n  %s%s%s  %s\n", tc(TC_BOLD), it->id, tc(TC_RESET), it->title);
        fprintf(f, "    change:   %s\n", it->change);
        if (h->state == WIN_HOST_OK)
            fprintf(f, "    measured: %s\n", sv.note);
        else
            fprintf(f, "    measured: nothing (no host data: %s)\n",
                    win_san(h->reason, why, sizeof(why)));
        if (it->claimed)
            fprintf(f, "    claimed:  %s (a widely shared guide; %s)\n", it->claimed, it->verdict);
        fprintf(f, "    risk:     %s: %s\n", win_risk_name(it->risk), it->risk_text);
        if (it->undo_note)
            fprintf(f, "    undo:     %s\n", it->undo_note);
    }
    fputs("\nThe script records the current state first (headroom-state.json beside it; a later\n"
          "run keeps what the first recorded), then applies each item, reads it back and\n"
          "prints ok, boot (in the registry until the next boot) or FAILED.\n"
          "headroom windows script --undo <that file> writes the way back.\n",
          f);
}

static void plan_recommended_text(FILE *f, const struct win_host *h, uint64_t vm_total)
{
    char why[300];
    fputs("What this host's measurements recommend:\n", f);
    for (size_t i = 0; i < win_nitems; i++) {
        bool rec = win_item_recommended_vm(&win_items[i], h, vm_total, why, sizeof(why));
        fprintf(f, "  %-3s %-11s %s\n", rec ? "yes" : "no", win_items[i].id, why);
    }
}

static void plan_undo_text(FILE *f, const struct win_state *st)
{
    fprintf(f,
            "Plan: an undo script restoring the state recorded%s%s (--dry-run: nothing is "
            "written)\n",
            st->created[0] ? " at " : "", st->created);
    for (size_t i = 0; i < st->nitems; i++) {
        const struct win_state_item *si = &st->items[i];
        fprintf(f, "  %s  %s\n", si->item->id, si->item->title);
        switch (si->item->kind) {
        case WIN_ITEM_SERVICES:
        case WIN_ITEM_DRIVER:
            for (size_t k = 0; k < si->nservices; k++) {
                const struct win_state_service *s = &si->services[k];
                if (!s->exists) {
                    fprintf(f, "    %s: did not exist; nothing to restore\n", s->name);
                    continue;
                }
                bool reg = si->item->registry_only || si->item->kind == WIN_ITEM_DRIVER;
                fprintf(f, "    %s: Start=", s->name);
                if (s->start_exists)
                    fprintf(f, "%u", s->start);
                else
                    fputs("(left as is: none was recorded)", f);
                if (s->delayed_exists)
                    fprintf(f, ", DelayedAutostart=%u", s->delayed);
                else
                    fputs(", no DelayedAutostart value", f);
                if (reg)
                    fputs(" in the registry (the service manager reads it at the next boot)", f);
                else if (s->start_exists && s->start == 2 && s->delayed_exists && s->delayed == 1)
                    fputs(" (sc.exe config start= delayed-auto)", f);
                if (s->status == WIN_STATUS_RUNNING && !(s->start_exists && s->start == 4)) {
                    fputs(", start it (it was running)", f);
                    for (size_t d = 0; d < s->ndependents; d++)
                        fprintf(f, "%s%s", d ? ", " : " and its dependents ", s->dependents[d]);
                }
                fputc('\n', f);
            }
            break;
        case WIN_ITEM_PAGEFILE:
            fprintf(f, "    AutomaticManagedPagefile=%s; %s=",
                    !si->pf_auto_known ? "(left as is: none was recorded)"
                    : si->pf_auto      ? "True"
                                       : "False",
                    si->item->reg_name);
            if (!si->pf_exists)
                fputs("(removed: it did not exist)", f);
            else if (!si->pf_nfiles)
                fputs("(empty: no page file)", f);
            for (size_t k = 0; k < si->pf_nfiles; k++) {
                char e[48];
                win_state_paging_format(&si->pf_files[k], e, sizeof(e));
                fprintf(f, "%s%s", k ? ", " : "", e);
            }
            fputs(" (Windows applies them at the next restart)\n", f);
            break;
        case WIN_ITEM_REGVALUE:
        case WIN_ITEM_APPX:
            if (si->package)
                fprintf(f, "    %s\n",
                        si->installed ? "install the package again from the Microsoft "
                                        "Store (winget; a state file of the package removal)"
                                      : "it was not installed: nothing to do");
            else if (si->value_exists)
                fprintf(f, "    %s=%u\n", si->item->reg_name, si->value);
            else
                fprintf(f, "    remove %s (it did not exist)%s\n", si->item->reg_name,
                        si->key_exists ? "" : ", and its key if empty");
            break;
        }
    }
}

static void plan_json(struct ctx *ctx, const char *mode, const struct win_item *const *items,
                      size_t n, const struct win_host *h, uint64_t vm_total)
{
    struct json j;
    json_init(&j, ctx->out);
    json_obj_begin(&j);
    json_kv_str(&j, "mode", mode);
    json_kv_bool(&j, "host_data", h->state == WIN_HOST_OK);
    if (h->state != WIN_HOST_OK)
        json_kv_str(&j, "host_error", h->reason);
    json_key(&j, "items");
    json_arr_begin(&j);
    for (size_t i = 0; i < n; i++)
        win_item_json(&j, items[i], h, vm_total);
    json_arr_end(&j);
    json_obj_end(&j);
    json_finish(&j);
}

static int emit_script(struct ctx *ctx, const struct strbuf *script, size_t nitems)
{
    if (!win_args.output) {
        if (fwrite(script->buf, 1, script->len, ctx->out) != script->len)
            return cli_error(ctx, EXIT_SYSTEM, "cannot write the script: %s", strerror(errno));
        return EXIT_OK;
    }
    if (access(win_args.output, F_OK) == 0)
        return cli_error(ctx, EXIT_USAGE, "'%s' exists; give a new file name", win_args.output);
    int e = atomic_write(win_args.output, script->buf, script->len, NULL);
    if (e < 0)
        return cli_error(ctx, EXIT_SYSTEM, "cannot write '%s': %s", win_args.output, strerror(-e));
    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        json_kv_str(&j, "path", win_args.output);
        json_kv_u64(&j, "bytes", script->len);
        json_kv_u64(&j, "items", nitems);
        json_obj_end(&j);
        json_finish(&j);
    } else {
        /* a bash line that starts an elevated PowerShell on the script's
         * real Windows path (wslpath -w); the path in single quotes */
        struct strbuf q = STRBUF_INIT;
        strbuf_addch(&q, '\'');
        for (const char *c = win_args.output; *c; c++)
            if (*c == '\'')
                strbuf_addstr(&q, "'\\''");
            else
                strbuf_addch(&q, *c);
        strbuf_addch(&q, '\'');
        fprintf(
            ctx->out,
            "wrote %s (%zu item%s). To run it as administrator (Windows asks to allow it), "
            "paste into bash in WSL:\n"
            "  powershell.exe -NoProfile -Command \"Start-Process powershell -Verb RunAs "
            "-ArgumentList '-NoProfile -ExecutionPolicy Bypass -File \\\"$(wslpath -w %s)\\\"'\"\n",
            win_args.output, nitems, nitems == 1 ? "" : "s", q.buf);
        strbuf_release(&q);
    }
    return EXIT_OK;
}

static int run_undo(struct ctx *ctx)
{
    struct strbuf sb = STRBUF_INIT;
    int e = read_file_capped(win_args.undo, 1024 * 1024, &sb, NULL); /* a FIFO: refused */
    if (e < 0) {
        strbuf_release(&sb);
        if (e == -EFBIG)
            return cli_error(ctx, EXIT_USAGE, "%s: larger than 1 MiB: not a state file",
                             win_args.undo);
        return cli_error(ctx,
                         e == -ENOENT || e == -EISDIR || e == -EINVAL ? EXIT_USAGE : EXIT_SYSTEM,
                         "cannot read %s: %s", win_args.undo, read_file_error(e));
    }
    struct win_state st;
    struct diag d;
    diag_clear(&d);
    int r = win_state_parse(sb.buf, sb.len, &st, &d);
    strbuf_release(&sb);
    if (r < 0) {
        char m[900];
        diag_set_file(&d, win_args.undo);
        diag_format(&d, m, sizeof(m));
        return cli_error(ctx, EXIT_USAGE, "%s", m);
    }
    if (win_args.dry_run) {
        if (ctx->json) {
            struct win_host none;
            memset(&none, 0, sizeof(none));
            snprintf(none.reason, sizeof(none.reason), "not needed for an undo");
            const struct win_item *items[16];
            for (size_t i = 0; i < st.nitems; i++)
                items[i] = st.items[i].item;
            plan_json(ctx, "undo", items, st.nitems, &none, 0);
        } else {
            plan_undo_text(ctx->out, &st);
        }
        return EXIT_OK;
    }
    struct strbuf script = STRBUF_INIT;
    r = win_script_undo(&st, ctx->now, &script);
    int status = r < 0 ? cli_error(ctx, EXIT_SYSTEM, "cannot generate the script: %s", strerror(-r))
                       : emit_script(ctx, &script, st.nitems);
    strbuf_release(&script);
    return status;
}

int windows_run_script(struct ctx *ctx, int argc, char **argv)
{
    int modes = (win_args.apply.n > 0 || (argc > 1 && !win_args.compact)) + win_args.recommended +
                (win_args.undo != NULL) + win_args.compact;
    if (modes != 1)
        return cli_usage_error(ctx->cmd, "give exactly one of --apply ITEM..., --recommended, "
                                         "--undo STATE.json or --compact");
    if (win_args.undo && argc > 1)
        return cli_usage_error(ctx->cmd, "unexpected argument '%s'", argv[1]);
    if (ctx->json && !win_args.dry_run && !win_args.output)
        return cli_usage_error(ctx->cmd, "--json goes with --dry-run or -o FILE (the script "
                                         "itself is not JSON)");
    if (win_args.output && access(win_args.output, F_OK) == 0)
        return cli_error(ctx, EXIT_USAGE, "'%s' exists; give a new file name", win_args.output);
    if (win_args.undo)
        return run_undo(ctx);
    if (win_args.compact)
        return windows_run_compact(ctx, argc, argv);

    bool chosen[64] = {false};
    uint64_t vm_total = 0;
    struct win_host h;
    memset(&h, 0, sizeof(h));
    int st = EXIT_OK;
    if (win_args.recommended) {
        st = win_load_host(ctx, &h);
        if (st != EXIT_OK) {
            win_host_release(&h);
            return st;
        }
        char why[300];
        vm_total = win_vm_total(ctx);
        for (size_t i = 0; i < win_nitems; i++)
            chosen[i] = win_item_recommended_vm(&win_items[i], &h, vm_total, why, sizeof(why));
    } else {
        st = collect_items(ctx, argc, argv, chosen);
        if (st != EXIT_OK)
            return st;
        /* measurements for the plan only; a script does not need them */
        if (win_args.dry_run) {
            win_host_load(ctx->root, NULL, &h);
            vm_total = win_vm_total(ctx);
        }
    }
    const struct win_item *items[64];
    size_t n = 0;
    for (size_t i = 0; i < win_nitems; i++)
        if (chosen[i])
            items[n++] = &win_items[i];

    if (win_args.dry_run) {
        if (ctx->json)
            plan_json(ctx, win_args.recommended ? "recommended" : "apply", items, n, &h, vm_total);
        else if (win_args.recommended)
            plan_recommended_text(ctx->out, &h, vm_total);
        else
            plan_apply_text(ctx->out, items, n, &h);
        win_host_release(&h);
        return EXIT_OK;
    }
    win_host_release(&h);
    if (n == 0) {
        fprintf(ctx->err, "headroom windows: nothing this host measured is worth changing; "
                          "'headroom windows script --recommended --dry-run' says why per item\n");
        return EXIT_OK;
    }
    struct strbuf script = STRBUF_INIT;
    int r = win_script_apply(items, n, ctx->now, &script);
    st = r < 0 ? cli_error(ctx, EXIT_SYSTEM, "cannot generate the script: %s", strerror(-r))
               : emit_script(ctx, &script, n);
    strbuf_release(&script);
    return st;
}

int windows_emit_script(struct ctx *ctx, const struct strbuf *script, size_t nitems)
{
    return emit_script(ctx, script, nitems);
}

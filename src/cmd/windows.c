/* headroom windows status | script: the Windows host as measured (RAM, what
 * uses it, the catalogued services and what disabling them would save), and
 * an undoable PowerShell script that makes the catalogued changes. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmds.h"
#include "cmd/host-disk.h"
#include "cmd/windows.h"
#include "out/json.h"
#include "out/text.h"
#include "out/win-host-json.h"
#include "util/strbuf.h"
#include "util/parse.h"
#include "util/size.h"
#include "util/xalloc.h"
#include "win/catalog.h"
#include "win/host.h"
#include "wslconfig/eval.h"

struct windows_args win_args;

static const struct opt windows_opts[] = {
    {"apply", 0, OPT_LIST, &win_args.apply, "ITEM",
     "script: the catalogue items to change (repeat, or a comma list; more may follow as "
     "arguments)"},
    {"recommended", 0, OPT_FLAG, &win_args.recommended, NULL,
     "script: the items this host's measurements recommend"},
    {"undo", 0, OPT_STRING, &win_args.undo, "STATE.json",
     "script: write the script that restores the state an apply script recorded"},
    {"output", 'o', OPT_STRING, &win_args.output, "FILE",
     "script: write the script to FILE (a new file) instead of stdout"},
    {"dry-run", 0, OPT_FLAG, &win_args.dry_run, NULL, "script: print the plan, write no script"},
    {"compact", 0, OPT_FLAG, &win_args.compact, NULL,
     "script: the script that compacts WSL's virtual disks (the DISTROs given, else every WSL2 "
     "one)"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

const char *win_san(const char *s, char *buf, size_t n)
{
    return text_sanitize(s ? s : "", s ? strlen(s) : 0, buf, n);
}

/* Loads host data; on failure reports it and returns the exit status. */
int win_load_host(struct ctx *ctx, struct win_host *h)
{
    win_host_load(ctx->root, NULL, h);
    if (h->state == WIN_HOST_OK)
        return EXIT_OK;
    if (h->state == WIN_HOST_MALFORMED) {
        char d[900];
        if (h->from_snapshot)
            ctx_diag_format(ctx, &h->diag, d, sizeof(d));
        else
            diag_format(&h->diag, d, sizeof(d));
        return cli_error(ctx, EXIT_USAGE, "%s", d);
    }
    char r[600];
    return cli_error(ctx, EXIT_SYSTEM, "no Windows host data: %s",
                     win_san(h->reason, r, sizeof(r)));
}

/* ---- status ---- */

struct budget {
    bool known;
    uint64_t total, available, in_use, vmmem, outside, room, default_limit;
};

static void compute_budget(const struct win_host *h, struct budget *b)
{
    memset(b, 0, sizeof(*b));
    if (!h->mem_total.known || !h->mem_available.known)
        return;
    b->known = true;
    b->total = h->mem_total.v;
    b->available = h->mem_available.v;
    b->in_use = sat_sub_u64(b->total, b->available);
    b->vmmem = h->has_vmmem && h->vmmem.working_set.known ? h->vmmem.working_set.v : 0;
    b->outside = sat_sub_u64(b->in_use, b->vmmem);
    b->room = sat_sub_u64(b->total, b->outside);
    /* WSL's default memory= for this host (wslconfig/eval.h) */
    b->default_limit = wsl_default_memory(b->total);
}

const char *win_u64_or(const struct win_u64 *v, char *buf, size_t n)
{
    if (v->known)
        snprintf(buf, n, "%s", size_str(v->v));
    else
        snprintf(buf, n, "?");
    return buf;
}

static void print_head(struct ctx *ctx, const struct win_host *h)
{
    FILE *f = ctx->out;
    char b[300], o[600];
    fprintf(f, "%sWindows host%s  ", tc(TC_BOLD), tc(TC_RESET));
    const char *fam = h->build.known ? win_product_family(h->build.v) : NULL;
    const char *rel = h->build.known ? win_release_name(h->build.v) : NULL;
    if (fam)
        fprintf(f, "%s", fam);
    else if (h->product_name.s)
        fprintf(f, "%s", win_san(h->product_name.s, b, sizeof(b)));
    else
        fprintf(f, "Windows (version unknown: %s)", win_san(h->build.why, b, sizeof(b)));
    if (rel)
        fprintf(f, " %s", rel);
    if (h->build.known) {
        fprintf(f, " (build %llu", (unsigned long long)h->build.v);
        if (h->ubr.known)
            fprintf(f, ".%llu", (unsigned long long)h->ubr.v);
        fputc(')', f);
    }
    fputc('\n', f);
    if (h->from_snapshot)
        fprintf(f, "              snapshot %s, %s written by %s\n", ctx->root_path,
                WIN_HOST_SNAPSHOT_PATH,
                h->source == WIN_SOURCE_HELPER ? "headroom-win.exe" : "powershell.exe");
    else
        fprintf(f, "              read by %s (%u process%s, %llu ms)\n",
                win_san(h->origin, o, sizeof(o)), h->spawned, h->spawned == 1 ? "" : "es",
                (unsigned long long)h->wall_ms);
}

static void mem_row(struct table *t, const char *label, const struct win_u64 *v, const char *note)
{
    char val[32], why[200];
    const char *cells[] = {label, win_u64_or(v, val, sizeof(val)),
                           v->known ? note
                                    : text_sanitize(v->why, strlen(v->why), why, sizeof(why))};
    table_add_row(t, cells);
}

static void print_memory(FILE *f, const struct win_host *h)
{
    static const enum table_align al[] = {TA_LEFT, TA_RIGHT, TA_LEFT};
    struct table t;
    char note[200];
    table_init(&t, 3, NULL, al);
    mem_row(&t, "total", &h->mem_total, win_host_evidence(h, "memory.total"));
    if (h->mem_total.known && h->mem_available.known) {
        struct win_u64 used = {.known = true, .v = sat_sub_u64(h->mem_total.v, h->mem_available.v)};
        mem_row(&t, "in use", &used, "total − available");
    }
    mem_row(&t, "available", &h->mem_available, win_host_evidence(h, "memory.available"));
    if (h->commit_limit.known)
        snprintf(note, sizeof(note), "of a %s limit (%s)", size_str(h->commit_limit.v),
                 win_host_evidence(h, "memory.commit"));
    else
        snprintf(note, sizeof(note), "%s", win_host_evidence(h, "memory.commit"));
    mem_row(&t, "commit", &h->commit_total, note);
    mem_row(&t, "non-paged pool", &h->nonpaged_pool, win_host_evidence(h, "memory.pool"));
    mem_row(&t, "paged pool", &h->paged_pool, win_host_evidence(h, "memory.pool"));
    fprintf(f, "\n%sHost memory%s\n", tc(TC_BOLD), tc(TC_RESET));
    table_print(&t, f, 2);
    table_release(&t);
}

static int by_ws(const void *a, const void *b)
{
    const struct win_service *x = *(const struct win_service *const *)a,
                             *y = *(const struct win_service *const *)b;
    uint64_t wx = x->working_set.known ? x->working_set.v : 0,
             wy = y->working_set.known ? y->working_set.v : 0;
    if (wx != wy)
        return wx < wy ? 1 : -1;
    return strcmp(x->name, y->name);
}

static void print_users(FILE *f, const struct win_host *h)
{
    char b[300], n[160];
    fprintf(f, "\n%sWhat uses it%s (working sets from %s; shared pages count in every process)\n",
            tc(TC_BOLD), tc(TC_RESET), win_host_evidence(h, "processes"));
    if (h->has_vmmem)
        fprintf(f, "  %-22s %10s  the WSL VM (pid %llu)\n", win_san(h->vmmem.name, n, sizeof(n)),
                h->vmmem.working_set.known ? size_str(h->vmmem.working_set.v) : "?",
                (unsigned long long)h->vmmem.pid);
    else
        fprintf(f, "  %-22s %10s  %s\n", "vmmemWSL", "-", win_san(h->vmmem_why, b, sizeof(b)));
    if (h->has_browsers) {
        uint64_t np;
        uint64_t ws = win_host_browsers_ws(h, &np);
        char detail[300] = "";
        size_t off = 0;
        for (size_t i = 0; i < h->nbrowsers && off < sizeof(detail); i++)
            off += (size_t)snprintf(detail + off, sizeof(detail) - off, "%s%s %llu", i ? ", " : "",
                                    win_san(h->browsers[i].name, n, sizeof(n)),
                                    (unsigned long long)h->browsers[i].processes);
        fprintf(f, "  %-22s %10s  processes: %s\n", "browsers", size_str(ws), detail);
    } else {
        fprintf(f, "  %-22s %10s  %s\n", "browsers", "-", win_san(h->browsers_why, b, sizeof(b)));
    }
    if (h->has_widgets)
        fprintf(f, "  %-22s %10s  %llu process%s\n", "widgets", size_str(h->widgets.working_set),
                (unsigned long long)h->widgets.processes, h->widgets.processes == 1 ? "" : "es");

    if (h->has_top && h->ntop) {
        static const char *hd[] = {"PROCESS", "PID", "WORKING SET", "PRIVATE"};
        static const enum table_align al[] = {TA_LEFT, TA_RIGHT, TA_RIGHT, TA_RIGHT};
        struct table t;
        table_init(&t, 4, hd, al);
        for (size_t i = 0; i < h->ntop && i < WIN_TOP_ROWS; i++) {
            const struct win_proc *p = &h->top[i];
            char pid[24], ws[32], pb[32];
            snprintf(pid, sizeof(pid), "%llu", (unsigned long long)p->pid);
            const char *cells[] = {win_san(p->name, n, sizeof(n)), pid,
                                   win_u64_or(&p->working_set, ws, sizeof(ws)),
                                   win_u64_or(&p->private_bytes, pb, sizeof(pb))};
            table_add_row(&t, cells);
        }
        fputs("\n  Largest processes\n", f);
        table_print(&t, f, 4);
        table_release(&t);
    }
    win_print_gpu_pagefile(f, h);
    win_print_consent(f, h);
    if (h->has_services) {
        const struct win_service **run = xcalloc(h->nservices + 1, sizeof(*run));
        size_t nr = 0;
        for (size_t i = 0; i < h->nservices; i++)
            if (h->services[i].state == WIN_SVC_RUNNING)
                run[nr++] = &h->services[i];
        qsort(run, nr, sizeof(*run), by_ws);
        if (nr) {
            static const char *hd[] = {"SERVICE", "PID", "PROCESS WS", "SHARED WITH"};
            static const enum table_align al[] = {TA_LEFT, TA_RIGHT, TA_RIGHT, TA_LEFT};
            struct table t;
            table_init(&t, 4, hd, al);
            for (size_t i = 0; i < nr && i < WIN_TOP_ROWS; i++) {
                char pid[24], ws[32], sh[48];
                win_u64_or(&run[i]->pid, pid, sizeof(pid));
                if (run[i]->pid.known)
                    snprintf(pid, sizeof(pid), "%llu", (unsigned long long)run[i]->pid.v);
                if (run[i]->process_services > 1)
                    snprintf(sh, sizeof(sh), "%llu other service%s",
                             (unsigned long long)run[i]->process_services - 1,
                             run[i]->process_services == 2 ? "" : "s");
                else
                    snprintf(sh, sizeof(sh), "-");
                const char *cells[] = {win_san(run[i]->name, n, sizeof(n)), pid,
                                       win_u64_or(&run[i]->working_set, ws, sizeof(ws)), sh};
                table_add_row(&t, cells);
            }
            fprintf(f, "\n  Largest services (%zu running)\n", nr);
            table_print(&t, f, 4);
            table_release(&t);
        }
        free(run);
    }
}

static void print_budget(FILE *f, const struct win_host *h, const struct budget *b)
{
    fprintf(f, "\n%sBudget for WSL%s\n", tc(TC_BOLD), tc(TC_RESET));
    if (!b->known) {
        char w[200];
        fprintf(
            f, "  unknown: %s\n",
            win_san(h->mem_total.known ? h->mem_available.why : h->mem_total.why, w, sizeof(w)));
        return;
    }
    fprintf(f, "  %-15s %10s  in use − %s: Windows and its programs\n", "outside WSL",
            size_str(b->outside), h->has_vmmem ? "Vmmem" : "(no Vmmem running)");
    fprintf(f, "  %-15s %10s  total − outside WSL: the most WSL could get now\n", "WSL could have",
            size_str(b->room));
    fprintf(f, "  %-15s %10s  WSL's default memory= (50%% of the host's RAM)", "default limit",
            size_str(b->default_limit));
    if (h->wslconfig.known && h->wslconfig.v)
        fputs("; a .wslconfig is present and may set another", f);
    fputc('\n', f);
}

static void print_notes(FILE *f, const struct win_host *h)
{
    struct text_notes notes = {.f = f};
    char b[600], b2[300];
    const struct win_adapter *a = win_host_killer_adapter(h);
    if (a && h->ndu_start.known && h->ndu_start.v != 4)
        text_note(&notes,
                  "adapter \"%s\" is a %s adapter and Ndu Start=%llu: the non-paged pool growth "
                  "reported with these (woshub.com, third-party) may apply; `--apply ndu`",
                  win_san(a->description, b, sizeof(b)), a->killer ? "Killer" : "MSI",
                  (unsigned long long)h->ndu_start.v);
    const struct win_service *ax = win_host_service(h, "AppXSvc");
    if (ax && ax->start_type == WIN_START_AUTOMATIC)
        text_note(
            &notes,
            "AppXSvc starts automatically: KB5072033 (Dec 2025) made it so on purpose; the "
            "story linking that update to a DoSvc leak mixes two changes (its release notes)");
    if (!h->has_adapters)
        text_note(&notes, "adapters unknown: %s", win_san(h->adapters_why, b, sizeof(b)));
    if (!h->has_services)
        text_note(&notes, "services unknown: %s", win_san(h->services_why, b, sizeof(b)));
    if (!h->ndu_start.known)
        text_note(&notes, "Ndu: %s", win_san(h->ndu_start.why, b, sizeof(b)));
    if (h->profile_path.s)
        text_note(&notes, "profile %s: %s", win_san(h->profile_path.s, b, sizeof(b)),
                  h->wslconfig.known ? (h->wslconfig.v ? ".wslconfig present" : "no .wslconfig")
                                     : win_san(h->wslconfig.why, b2, sizeof(b2)));
    /* the first service whose delayed-start flag could not be read, as a sample */
    for (size_t i = 0; i < h->nservices; i++)
        if (!h->services[i].delayed_auto_start.known) {
            text_note(&notes, "delayed start unknown for some services (e.g. %s: %s)",
                      win_san(h->services[i].name, b2, sizeof(b2)),
                      win_san(h->services[i].delayed_auto_start.why, b, sizeof(b)));
            break;
        }
}

static void budget_json(struct json *j, const struct budget *b)
{
    json_key(j, "budget");
    if (!b->known) {
        json_null(j);
        return;
    }
    json_obj_begin(j);
    json_kv_u64(j, "total", b->total);
    json_kv_u64(j, "available", b->available);
    json_kv_u64(j, "in_use", b->in_use);
    json_kv_u64(j, "vmmem_working_set", b->vmmem);
    json_kv_u64(j, "outside_wsl", b->outside);
    json_kv_u64(j, "wsl_could_have", b->room);
    json_kv_u64(j, "wsl_default_limit", b->default_limit);
    json_obj_end(j);
}

static int run_status(struct ctx *ctx)
{
    struct win_host h;
    int st = win_load_host(ctx, &h);
    if (st != EXIT_OK) {
        if (ctx->json && h.state == WIN_HOST_ABSENT) {
            struct json j;
            json_init(&j, ctx->out);
            json_obj_begin(&j);
            json_kv_null(&j, "host");
            json_kv_str(&j, "host_error", h.reason);
            json_obj_end(&j);
            json_finish(&j);
        }
        win_host_release(&h);
        return st;
    }
    struct budget b;
    compute_budget(&h, &b);
    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        json_kv_bool(&j, "from_snapshot", h.from_snapshot);
        json_kv_str(&j, "origin", h.origin);
        json_kv_u64(&j, "spawned", h.spawned);
        json_key(&j, "host");
        json_obj_begin(&j);
        win_host_json_members(&j, &h);
        json_obj_end(&j);
        budget_json(&j, &b);
        json_key(&j, "items");
        json_arr_begin(&j);
        uint64_t vm_total = win_vm_total(ctx);
        for (size_t i = 0; i < win_nitems; i++)
            win_item_json(&j, &win_items[i], &h, vm_total);
        json_arr_end(&j);
        json_key(&j, "seed_claims");
        json_arr_begin(&j);
        for (size_t i = 0; i < win_nclaims; i++) {
            json_obj_begin(&j);
            json_kv_str(&j, "topic", win_claims[i].topic);
            json_kv_str(&j, "claim", win_claims[i].claim);
            json_kv_str(&j, "verdict", win_claims[i].verdict);
            json_kv_str(&j, "source", win_claims[i].source);
            json_obj_end(&j);
        }
        json_arr_end(&j);
        json_key(&j, "protected");
        json_arr_begin(&j);
        for (size_t i = 0; win_protected[i][0]; i++) {
            const struct win_service *s = win_host_service(&h, win_protected[i][0]);
            json_obj_begin(&j);
            json_kv_str(&j, "name", win_protected[i][0]);
            json_kv_str(&j, "reason", win_protected[i][1]);
            json_kv_bool(&j, "present", s != NULL);
            json_kv_str(&j, "state", s ? win_svc_state_name(s->state) : NULL);
            json_kv_str(&j, "start_type", s ? win_start_type_name(s->start_type) : NULL);
            json_obj_end(&j);
        }
        json_arr_end(&j);
        json_obj_end(&j);
        json_finish(&j);
    } else {
        FILE *f = ctx->out;
        print_head(ctx, &h);
        print_memory(f, &h);
        print_users(f, &h);
        print_budget(f, &h, &b);
        host_disk_print_windows(f, &h);
        win_print_catalogue(f, &h);
        print_notes(f, &h);
    }
    win_host_release(&h);
    return EXIT_OK;
}

CLI_VALUES(sub_values, "windows subcommand", "status", "script");
/* The subcommands run_windows() dispatches on. */
static const char *const windows_subcommands[] = {"status", "script", NULL};

static const char *item_word(size_t i)
{
    return i < win_nitems ? win_items[i].id : NULL;
}

static const struct complete_spec windows_complete[] = {
    {"apply", NULL, COMPLETE_WORDS, item_word, NULL},
    {NULL, NULL, COMPLETE_END, NULL, NULL},
};

static int run_windows(struct ctx *ctx, int argc, char **argv)
{
    const char *sub = argv[0];
    if (strcmp(sub, "status") == 0) {
        if (argc > 1)
            return cli_usage_error(ctx->cmd, "unexpected argument '%s'", argv[1]);
        if (win_args.apply.n || win_args.recommended || win_args.undo || win_args.output ||
            win_args.dry_run || win_args.compact)
            return cli_usage_error(ctx->cmd, "--apply, --recommended, --undo, --compact, -o and "
                                             "--dry-run go with 'windows script'");
        if (ctx->json || !text_wrap_cols())
            return run_status(ctx);
        /* prose: wrapped to the terminal as a whole (a script never is) */
        char *buf = NULL;
        size_t len = 0;
        FILE *out = ctx->out, *m = open_memstream(&buf, &len);
        if (!m)
            return run_status(ctx);
        ctx->out = m;
        int st = run_status(ctx);
        fclose(m);
        ctx->out = out;
        text_wrap_block(out, buf ? buf : "", len, text_wrap_cols());
        free(buf);
        return st;
    }
    if (strcmp(sub, "script") == 0) {
        int st = windows_run_script(ctx, argc, argv);
        opt_list_free(&win_args.apply);
        return st;
    }
    char s[80], hint[80];
    return cli_usage_error(ctx->cmd, "'%s' is not a windows subcommand%s (status, script)",
                           win_san(sub, s, sizeof(s)),
                           cli_did_you_mean(&sub_values, sub, hint, sizeof(hint)));
}

const struct command cmd_windows = {
    .name = "windows",
    .summary = "the Windows host: RAM and what uses it; an undoable tuning script",
    .usage = "windows status [--json] | windows script [--apply ITEM...|--recommended|--undo "
             "STATE.json|--compact [DISTRO...]] [-o FILE] [--dry-run]",
    .description =
        "windows status\n"
        "  Reads the Windows host (through WSL interop: headroom-win.exe, else one\n"
        "  powershell.exe call; under --root only the snapshot's .headroom/host.json) and\n"
        "  shows its RAM, what uses it (the WSL VM's Vmmem, browsers, the largest processes\n"
        "  and services), the budget left for WSL, and per catalogued service its state,\n"
        "  start type, measured memory and what changing it would save (only running\n"
        "  services save anything). Savings claimed by a widely shared tuning guide are\n"
        "  shown as claimed, beside what the public sources and the measurement show.\n"
        "\n"
        "windows script\n"
        "  Writes a PowerShell script (UTF-8 with BOM) to run as administrator with\n"
        "  'powershell -ExecutionPolicy Bypass -File'. It records the current state to\n"
        "  headroom-state.json beside itself first (a later run keeps what the first\n"
        "  recorded: the file holds the state before headroom's first change), applies\n"
        "  each item, reads it back and prints ok, boot (set in the registry, which the\n"
        "  service manager reads at the next boot) or FAILED. --undo STATE.json writes\n"
        "  the script that restores exactly that recorded state. Items come only\n"
        "  from the catalogue: dosvc, do-peering, wsearch, sysmain, xbox, spooler, ndu,\n"
        "  widgets, pagefile (the page file to system managed; --recommended picks it\n"
        "  when the page file is fixed or absent and the commit limit is short for the\n"
        "  VM, as doctor's windows.commit-headroom). AppXSvc, WaaSMedicSvc, wuauserv\n"
        "  and BITS are never touched.\n"
        "\n"
        "windows script --compact [DISTRO...]\n"
        "  Writes the script that compacts the virtual disks (ext4.vhdx) of the named WSL\n"
        "  distributions, else of every WSL2 one the host lists: it reads each disk's path\n"
        "  from HKCU\\...\\Lxss when it runs, asks, runs wsl --shutdown, compacts each disk\n"
        "  (Optimize-VHD -Mode Full where the Hyper-V module is installed, else diskpart's\n"
        "  compact vdisk on the disk attached read-only), reads its size back (ok or\n"
        "  FAILED), records before and after under \"compactions\" in headroom-state.json\n"
        "  beside itself and restarts nothing. Compacting changes no data inside, so there\n"
        "  is nothing to undo. Run sudo fstrim -v / inside WSL first.\n"
        "\n"
        "Examples:\n"
        "  headroom windows status\n"
        "  headroom windows status --json | jq .host.memory\n"
        "  headroom windows script --recommended --dry-run\n"
        "  headroom windows script --apply sysmain xbox -o /mnt/c/Users/me/tune.ps1\n"
        "  headroom windows script --undo /mnt/c/Users/me/headroom-state.json "
        "-o /mnt/c/Users/me/undo.ps1\n"
        "  headroom windows script --compact --dry-run\n"
        "  headroom windows script --compact Ubuntu -o /mnt/c/Users/me/compact.ps1\n",
    .opts = windows_opts,
    .min_args = 1,
    .max_args = UINT32_MAX,
    .run = run_windows,
    .exit_status = "0 shown, or the script written (with --dry-run: the plan printed); 2 bad\n"
                   "usage (an unknown item, a state file that is not one); 3 no Windows host\n"
                   "data, or a file that cannot be read or written.",
    .subcommands = windows_subcommands,
    .complete = windows_complete,
};

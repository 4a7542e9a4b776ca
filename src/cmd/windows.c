/* headroom windows status | script: the Windows host as measured (RAM, what
 * uses it, the catalogued services and what disabling them would save), and
 * an undoable PowerShell script that makes the catalogued changes. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmds.h"
#include "out/json.h"
#include "out/text.h"
#include "out/win-host-json.h"
#include "util/strbuf.h"
#include "util/atomic-write.h"
#include "util/parse.h"
#include "util/size.h"
#include "util/xalloc.h"
#include "win/catalog.h"
#include "win/host.h"
#include "win/script.h"
#include "wslconfig/eval.h"

static struct opt_list arg_apply;
static bool arg_recommended, arg_dry_run;
static const char *arg_output, *arg_undo;

static const struct opt windows_opts[] = {
    {"apply", 0, OPT_LIST, &arg_apply, "ITEM",
     "script: the catalogue items to change (repeat, or a comma list; more may follow as "
     "arguments)"},
    {"recommended", 0, OPT_FLAG, &arg_recommended, NULL,
     "script: the items this host's measurements recommend"},
    {"undo", 0, OPT_STRING, &arg_undo, "STATE.json",
     "script: write the script that restores the state an apply script recorded"},
    {"output", 'o', OPT_STRING, &arg_output, "FILE",
     "script: write the script to FILE (a new file) instead of stdout"},
    {"dry-run", 0, OPT_FLAG, &arg_dry_run, NULL, "script: print the plan, write no script"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static const char *san(const char *s, char *buf, size_t n)
{
    return text_sanitize(s ? s : "", s ? strlen(s) : 0, buf, n);
}

/* Loads host data; on failure reports it and returns the exit status. */
static int load_host(struct ctx *ctx, struct win_host *h)
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
    return cli_error(ctx, EXIT_SYSTEM, "no Windows host data: %s", san(h->reason, r, sizeof(r)));
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

static const char *u64_or(const struct win_u64 *v, char *buf, size_t n)
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
        fprintf(f, "%s", san(h->product_name.s, b, sizeof(b)));
    else
        fprintf(f, "Windows (version unknown: %s)", san(h->build.why, b, sizeof(b)));
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
                san(h->origin, o, sizeof(o)), h->spawned, h->spawned == 1 ? "" : "es",
                (unsigned long long)h->wall_ms);
}

static void mem_row(struct table *t, const char *label, const struct win_u64 *v, const char *note)
{
    char val[32], why[200];
    const char *cells[] = {label, u64_or(v, val, sizeof(val)),
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

#define TOP_ROWS 8

static void print_users(FILE *f, const struct win_host *h)
{
    char b[300], n[160];
    fprintf(f, "\n%sWhat uses it%s (working sets from %s; shared pages count in every process)\n",
            tc(TC_BOLD), tc(TC_RESET), win_host_evidence(h, "processes"));
    if (h->has_vmmem)
        fprintf(f, "  %-22s %10s  the WSL VM (pid %llu)\n", san(h->vmmem.name, n, sizeof(n)),
                h->vmmem.working_set.known ? size_str(h->vmmem.working_set.v) : "?",
                (unsigned long long)h->vmmem.pid);
    else
        fprintf(f, "  %-22s %10s  %s\n", "vmmemWSL", "-", san(h->vmmem_why, b, sizeof(b)));
    if (h->has_browsers) {
        uint64_t np;
        uint64_t ws = win_host_browsers_ws(h, &np);
        char detail[300] = "";
        size_t off = 0;
        for (size_t i = 0; i < h->nbrowsers && off < sizeof(detail); i++)
            off += (size_t)snprintf(detail + off, sizeof(detail) - off, "%s%s %llu", i ? ", " : "",
                                    san(h->browsers[i].name, n, sizeof(n)),
                                    (unsigned long long)h->browsers[i].processes);
        fprintf(f, "  %-22s %10s  processes: %s\n", "browsers", size_str(ws), detail);
    } else {
        fprintf(f, "  %-22s %10s  %s\n", "browsers", "-", san(h->browsers_why, b, sizeof(b)));
    }
    if (h->has_widgets)
        fprintf(f, "  %-22s %10s  %llu process%s\n", "widgets", size_str(h->widgets.working_set),
                (unsigned long long)h->widgets.processes, h->widgets.processes == 1 ? "" : "es");

    if (h->has_top && h->ntop) {
        static const char *hd[] = {"PROCESS", "PID", "WORKING SET", "PRIVATE"};
        static const enum table_align al[] = {TA_LEFT, TA_RIGHT, TA_RIGHT, TA_RIGHT};
        struct table t;
        table_init(&t, 4, hd, al);
        for (size_t i = 0; i < h->ntop && i < TOP_ROWS; i++) {
            const struct win_proc *p = &h->top[i];
            char pid[24], ws[32], pb[32];
            snprintf(pid, sizeof(pid), "%llu", (unsigned long long)p->pid);
            const char *cells[] = {san(p->name, n, sizeof(n)), pid,
                                   u64_or(&p->working_set, ws, sizeof(ws)),
                                   u64_or(&p->private_bytes, pb, sizeof(pb))};
            table_add_row(&t, cells);
        }
        fputs("\n  Largest processes\n", f);
        table_print(&t, f, 4);
        table_release(&t);
    }
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
            for (size_t i = 0; i < nr && i < TOP_ROWS; i++) {
                char pid[24], ws[32], sh[48];
                u64_or(&run[i]->pid, pid, sizeof(pid));
                if (run[i]->pid.known)
                    snprintf(pid, sizeof(pid), "%llu", (unsigned long long)run[i]->pid.v);
                if (run[i]->process_services > 1)
                    snprintf(sh, sizeof(sh), "%llu other service%s",
                             (unsigned long long)run[i]->process_services - 1,
                             run[i]->process_services == 2 ? "" : "s");
                else
                    snprintf(sh, sizeof(sh), "-");
                const char *cells[] = {san(run[i]->name, n, sizeof(n)), pid,
                                       u64_or(&run[i]->working_set, ws, sizeof(ws)), sh};
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
        fprintf(f, "  unknown: %s\n",
                san(h->mem_total.known ? h->mem_available.why : h->mem_total.why, w, sizeof(w)));
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

static void item_rows(struct table *t, const struct win_item *it, const struct win_host *h,
                      const struct win_saving *sv)
{
    char n[160], mem[32], saves[64], start[48];
    const char *risk = win_risk_name(it->risk);
    if (it->kind == WIN_ITEM_SERVICES) {
        bool first = true;
        for (const char *const *nm = it->names; *nm; nm++, first = false) {
            const struct win_service *s = win_host_service(h, *nm);
            const char *state = "-", *st = "-";
            snprintf(mem, sizeof(mem), "-");
            if (!s) {
                state = h->has_services ? "not installed" : "?";
            } else {
                state = win_svc_state_name(s->state) ? win_svc_state_name(s->state) : "?";
                st = win_start_type_name(s->start_type) ? win_start_type_name(s->start_type) : "?";
                if (s->state == WIN_SVC_RUNNING)
                    u64_or(&s->working_set, mem, sizeof(mem));
            }
            snprintf(start, sizeof(start), "%s%s", st,
                     s && s->delayed_auto_start.known && s->delayed_auto_start.v ? " (delayed)"
                                                                                 : "");
            if (!s)
                snprintf(saves, sizeof(saves), h->has_services ? "0 (not installed)" : "unknown");
            else if (s->state == WIN_SVC_UNKNOWN)
                snprintf(saves, sizeof(saves), "unknown");
            else if (s->state != WIN_SVC_RUNNING)
                snprintf(saves, sizeof(saves), "0 (not running)");
            else if (!s->working_set.known)
                snprintf(saves, sizeof(saves), "unknown");
            else if (s->process_services > 1)
                snprintf(saves, sizeof(saves), "? (shared process)");
            else
                snprintf(saves, sizeof(saves), "up to %s", size_str(s->working_set.v));
            const char *cells[] = {first ? it->id : "", *nm, state, start, mem, saves,
                                   first ? risk : ""};
            table_add_row(t, cells);
        }
        return;
    }
    if (it->kind == WIN_ITEM_DRIVER) {
        char sn[48];
        if (h->ndu_start.known)
            snprintf(sn, sizeof(sn), "Start=%llu", (unsigned long long)h->ndu_start.v);
        else
            snprintf(sn, sizeof(sn), "not installed");
        const char *state =
            win_svc_state_name(h->ndu_state) ? win_svc_state_name(h->ndu_state) : "?";
        snprintf(n, sizeof(n), "%s (driver)", it->names[0]);
        const char *cells[] = {it->id,           n,   h->ndu_start.known ? state : "-", sn, "-",
                               "not measurable", risk};
        table_add_row(t, cells);
        return;
    }
    if (it->kind == WIN_ITEM_APPX) {
        snprintf(mem, sizeof(mem), "%s", sv->known ? size_str(sv->bytes) : "?");
        if (sv->known && sv->bytes)
            snprintf(saves, sizeof(saves), "up to %s", size_str(sv->bytes));
        else
            snprintf(saves, sizeof(saves), sv->known ? "0 (not running)" : "unknown");
        char pr[48];
        snprintf(pr, sizeof(pr), "%llu process%s", (unsigned long long)h->widgets.processes,
                 h->widgets.processes == 1 ? "" : "es");
        const char *cells[] = {it->id, "(AppX package)", sv->known ? pr : "?", "-", mem, saves,
                               risk};
        table_add_row(t, cells);
        return;
    }
    const char *cells[] = {it->id, "(policy value)", "-", "-", "-", "-", risk};
    table_add_row(t, cells);
}

static void print_catalogue(FILE *f, const struct win_host *h)
{
    static const char *hd[] = {"ITEM", "NAME", "STATE", "START", "MEMORY", "SAVES IF CHANGED",
                               "RISK"};
    static const enum table_align al[] = {TA_LEFT,  TA_LEFT, TA_LEFT, TA_LEFT,
                                          TA_RIGHT, TA_LEFT, TA_LEFT};
    struct table t;
    table_init(&t, 7, hd, al);
    for (size_t i = 0; i < win_nitems; i++) {
        struct win_saving sv;
        win_item_measure(&win_items[i], h, &sv);
        item_rows(&t, &win_items[i], h, &sv);
    }
    fprintf(f,
            "\n%sCatalogued changes%s (headroom windows script --apply ITEM; MEMORY is the "
            "hosting process's working set, measured)\n",
            tc(TC_BOLD), tc(TC_RESET));
    table_print(&t, f, 2);
    table_release(&t);

    fputs("\n  What a widely shared tuning guide claims, beside what was found:\n", f);
    for (size_t i = 0; i < win_nitems; i++) {
        const struct win_item *it = &win_items[i];
        if (!it->claimed)
            continue;
        fprintf(f, "  • %s: claimed: %s. Found: %s.\n", it->id, it->claimed, it->verdict);
    }
    for (size_t i = 0; i < win_nclaims; i++)
        fprintf(f, "  • %s: claimed: %s. Found: %s. Source: %s.\n", win_claims[i].topic,
                win_claims[i].claim, win_claims[i].verdict, win_claims[i].source);

    fputs("\n  Never changed by headroom:\n", f);
    for (size_t i = 0; win_protected[i][0]; i++) {
        const struct win_service *s = win_host_service(h, win_protected[i][0]);
        char st[64];
        if (s)
            snprintf(st, sizeof(st), "%s, %s",
                     win_svc_state_name(s->state) ? win_svc_state_name(s->state) : "?",
                     win_start_type_name(s->start_type) ? win_start_type_name(s->start_type) : "?");
        else
            snprintf(st, sizeof(st), h->has_services ? "not installed" : "unknown");
        fprintf(f, "  • %s (%s): %s\n", win_protected[i][0], st, win_protected[i][1]);
    }
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
                  san(a->description, b, sizeof(b)), a->killer ? "Killer" : "MSI",
                  (unsigned long long)h->ndu_start.v);
    const struct win_service *ax = win_host_service(h, "AppXSvc");
    if (ax && ax->start_type == WIN_START_AUTOMATIC)
        text_note(
            &notes,
            "AppXSvc starts automatically: KB5072033 (Dec 2025) made it so on purpose; the "
            "story linking that update to a DoSvc leak mixes two changes (its release notes)");
    if (!h->has_adapters)
        text_note(&notes, "adapters unknown: %s", san(h->adapters_why, b, sizeof(b)));
    if (!h->has_services)
        text_note(&notes, "services unknown: %s", san(h->services_why, b, sizeof(b)));
    if (!h->ndu_start.known)
        text_note(&notes, "Ndu: %s", san(h->ndu_start.why, b, sizeof(b)));
    if (h->profile_path.s)
        text_note(&notes, "profile %s: %s", san(h->profile_path.s, b, sizeof(b)),
                  h->wslconfig.known ? (h->wslconfig.v ? ".wslconfig present" : "no .wslconfig")
                                     : san(h->wslconfig.why, b2, sizeof(b2)));
    /* the first service whose delayed-start flag could not be read, as a sample */
    for (size_t i = 0; i < h->nservices; i++)
        if (!h->services[i].delayed_auto_start.known) {
            text_note(&notes, "delayed start unknown for some services (e.g. %s: %s)",
                      san(h->services[i].name, b2, sizeof(b2)),
                      san(h->services[i].delayed_auto_start.why, b, sizeof(b)));
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
    }
    return "?";
}

static void item_json(struct json *j, const struct win_item *it, const struct win_host *h)
{
    struct win_saving sv;
    char why[300];
    win_item_measure(it, h, &sv);
    bool rec = win_item_recommended(it, h, why, sizeof(why));
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

static int run_status(struct ctx *ctx)
{
    struct win_host h;
    int st = load_host(ctx, &h);
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
        for (size_t i = 0; i < win_nitems; i++)
            item_json(&j, &win_items[i], &h);
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
        print_catalogue(f, &h);
        print_notes(f, &h);
    }
    win_host_release(&h);
    return EXIT_OK;
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
        return cli_usage_error(ctx->cmd, "'%s' is not a catalogue item (items: %s)",
                               san(id, s, sizeof(s)), list);
    }
    chosen[it - win_items] = true;
    return 0;
}

/* --apply values (comma lists) and the arguments after "script". */
static int collect_items(struct ctx *ctx, int argc, char **argv, bool *chosen)
{
    for (size_t i = 0; i < arg_apply.n; i++) {
        char *copy = xstrdup(arg_apply.items[i]), *save = NULL;
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

static int read_user_file(const char *path, size_t cap, struct strbuf *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -errno;
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        int e = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
        close(fd);
        return e;
    }
    char buf[65536];
    for (;;) {
        ssize_t k = read(fd, buf, sizeof(buf));
        if (k < 0) {
            int e = -errno;
            close(fd);
            return e;
        }
        if (k == 0)
            break;
        if (out->len + (size_t)k > cap) {
            close(fd);
            return -EFBIG;
        }
        strbuf_add(out, buf, (size_t)k);
    }
    close(fd);
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
                    san(h->reason, why, sizeof(why)));
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

static void plan_recommended_text(FILE *f, const struct win_host *h)
{
    char why[300];
    fputs("What this host's measurements recommend:\n", f);
    for (size_t i = 0; i < win_nitems; i++) {
        bool rec = win_item_recommended(&win_items[i], h, why, sizeof(why));
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
                      size_t n, const struct win_host *h)
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
        item_json(&j, items[i], h);
    json_arr_end(&j);
    json_obj_end(&j);
    json_finish(&j);
}

static int emit_script(struct ctx *ctx, const struct strbuf *script, size_t nitems)
{
    if (!arg_output) {
        if (fwrite(script->buf, 1, script->len, ctx->out) != script->len)
            return cli_error(ctx, EXIT_SYSTEM, "cannot write the script: %s", strerror(errno));
        return EXIT_OK;
    }
    if (access(arg_output, F_OK) == 0)
        return cli_error(ctx, EXIT_USAGE, "'%s' exists; give a new file name", arg_output);
    int e = atomic_write(arg_output, script->buf, script->len, NULL);
    if (e < 0)
        return cli_error(ctx, EXIT_SYSTEM, "cannot write '%s': %s", arg_output, strerror(-e));
    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        json_kv_str(&j, "path", arg_output);
        json_kv_u64(&j, "bytes", script->len);
        json_kv_u64(&j, "items", nitems);
        json_obj_end(&j);
        json_finish(&j);
    } else {
        /* a bash line that starts an elevated PowerShell on the script's
         * real Windows path (wslpath -w); the path in single quotes */
        struct strbuf q = STRBUF_INIT;
        strbuf_addch(&q, '\'');
        for (const char *c = arg_output; *c; c++)
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
            arg_output, nitems, nitems == 1 ? "" : "s", q.buf);
        strbuf_release(&q);
    }
    return EXIT_OK;
}

static int run_undo(struct ctx *ctx)
{
    struct strbuf sb = STRBUF_INIT;
    int e = read_user_file(arg_undo, 1024 * 1024, &sb);
    if (e < 0) {
        strbuf_release(&sb);
        if (e == -EFBIG)
            return cli_error(ctx, EXIT_USAGE, "%s: larger than 1 MiB: not a state file", arg_undo);
        return cli_error(
            ctx, e == -ENOENT || e == -EISDIR || e == -EINVAL ? EXIT_USAGE : EXIT_SYSTEM,
            "cannot read %s: %s", arg_undo, e == -EINVAL ? "not a regular file" : strerror(-e));
    }
    struct win_state st;
    struct diag d;
    diag_clear(&d);
    int r = win_state_parse(sb.buf, sb.len, &st, &d);
    strbuf_release(&sb);
    if (r < 0) {
        char m[900];
        diag_set_file(&d, arg_undo);
        diag_format(&d, m, sizeof(m));
        return cli_error(ctx, EXIT_USAGE, "%s", m);
    }
    if (arg_dry_run) {
        if (ctx->json) {
            struct win_host none;
            memset(&none, 0, sizeof(none));
            snprintf(none.reason, sizeof(none.reason), "not needed for an undo");
            const struct win_item *items[16];
            for (size_t i = 0; i < st.nitems; i++)
                items[i] = st.items[i].item;
            plan_json(ctx, "undo", items, st.nitems, &none);
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

static int run_script(struct ctx *ctx, int argc, char **argv)
{
    int modes = (arg_apply.n > 0 || argc > 1) + arg_recommended + (arg_undo != NULL);
    if (modes != 1)
        return cli_usage_error(ctx->cmd, "give exactly one of --apply ITEM..., --recommended or "
                                         "--undo STATE.json");
    if (arg_undo && argc > 1)
        return cli_usage_error(ctx->cmd, "unexpected argument '%s'", argv[1]);
    if (ctx->json && !arg_dry_run && !arg_output)
        return cli_usage_error(ctx->cmd, "--json goes with --dry-run or -o FILE (the script "
                                         "itself is not JSON)");
    if (arg_output && access(arg_output, F_OK) == 0)
        return cli_error(ctx, EXIT_USAGE, "'%s' exists; give a new file name", arg_output);
    if (arg_undo)
        return run_undo(ctx);

    bool chosen[64] = {false};
    struct win_host h;
    memset(&h, 0, sizeof(h));
    int st = EXIT_OK;
    if (arg_recommended) {
        st = load_host(ctx, &h);
        if (st != EXIT_OK) {
            win_host_release(&h);
            return st;
        }
        char why[300];
        for (size_t i = 0; i < win_nitems; i++)
            chosen[i] = win_item_recommended(&win_items[i], &h, why, sizeof(why));
    } else {
        st = collect_items(ctx, argc, argv, chosen);
        if (st != EXIT_OK)
            return st;
        /* measurements for the plan only; a script does not need them */
        if (arg_dry_run)
            win_host_load(ctx->root, NULL, &h);
    }
    const struct win_item *items[64];
    size_t n = 0;
    for (size_t i = 0; i < win_nitems; i++)
        if (chosen[i])
            items[n++] = &win_items[i];

    if (arg_dry_run) {
        if (ctx->json)
            plan_json(ctx, arg_recommended ? "recommended" : "apply", items, n, &h);
        else if (arg_recommended)
            plan_recommended_text(ctx->out, &h);
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

static int run_windows(struct ctx *ctx, int argc, char **argv)
{
    const char *sub = argv[0];
    if (strcmp(sub, "status") == 0) {
        if (argc > 1)
            return cli_usage_error(ctx->cmd, "unexpected argument '%s'", argv[1]);
        if (arg_apply.n || arg_recommended || arg_undo || arg_output || arg_dry_run)
            return cli_usage_error(ctx->cmd, "--apply, --recommended, --undo, -o and --dry-run "
                                             "go with 'windows script'");
        return run_status(ctx);
    }
    if (strcmp(sub, "script") == 0) {
        int st = run_script(ctx, argc, argv);
        opt_list_free(&arg_apply);
        return st;
    }
    char s[80];
    return cli_usage_error(ctx->cmd, "'%s' is not a windows subcommand (status, script)",
                           san(sub, s, sizeof(s)));
}

const struct command cmd_windows = {
    .name = "windows",
    .summary = "the Windows host: RAM and what uses it; an undoable tuning script",
    .usage = "windows status [--json] | windows script [--apply ITEM...|--recommended|--undo "
             "STATE.json] [-o FILE] [--dry-run]",
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
        "  widgets. AppXSvc, WaaSMedicSvc, wuauserv and BITS are never touched.\n"
        "\n"
        "Examples:\n"
        "  headroom windows status\n"
        "  headroom windows status --json | jq .host.memory\n"
        "  headroom windows script --recommended --dry-run\n"
        "  headroom windows script --apply sysmain xbox -o /mnt/c/Users/me/tune.ps1\n"
        "  headroom windows script --undo /mnt/c/Users/me/headroom-state.json "
        "-o /mnt/c/Users/me/undo.ps1\n",
    .opts = windows_opts,
    .min_args = 1,
    .max_args = UINT32_MAX,
    .run = run_windows,
};

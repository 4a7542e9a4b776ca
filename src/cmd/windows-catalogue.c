/* windows status: the catalogue of Windows items (what each holds now and
 * what changing it would save), a widely shared tuning guide's claims beside
 * what was found, and the services headroom never changes. */
#include <stdio.h>
#include <string.h>

#include "cmd/windows.h"
#include "out/text.h"
#include "util/size.h"
#include "win/catalog.h"
#include "win/host.h"

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
                    win_u64_or(&s->working_set, mem, sizeof(mem));
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
    if (it->kind == WIN_ITEM_PAGEFILE) {
        /* the page file: its state is the settings; it saves no memory */
        const char *state = !h->has_pagefile          ? "unknown"
                            : win_pagefile_managed(h) ? "system managed"
                            : h->npaging_files == 0   ? "no page file"
                                                      : "fixed size";
        const char *cells[] = {it->id, "(page file)", state, "-", "-", "0 (commit limit)", risk};
        table_add_row(t, cells);
        return;
    }
    const char *cells[] = {it->id, "(policy value)", "-", "-", "-", "-", risk};
    table_add_row(t, cells);
}

void win_print_catalogue(FILE *f, const struct win_host *h)
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
        text_bullet(f, "%s: claimed: %s. Found: %s.", it->id, it->claimed, it->verdict);
    }
    for (size_t i = 0; i < win_nclaims; i++)
        text_bullet(f, "%s: claimed: %s. Found: %s. Source: %s.", win_claims[i].topic,
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
        text_bullet(f, "%s (%s): %s", win_protected[i][0], st, win_protected[i][1]);
    }
}

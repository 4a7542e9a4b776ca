/* Windows host rules, from the host data (src/win/host.h): the helper's or
 * PowerShell's measurement on a live machine, or a snapshot's host.json.
 * Savings are only ever the measured ones; a widely shared guide's figures appear
 * as "claimed" (src/win/catalog.c). */
#include <stdio.h>
#include <string.h>

#include "util/sanitize.h"
#include "rules/rules.h"
#include "util/size.h"
#include "win/catalog.h"

#define HOST_LOW_AVAILABLE_PCT 20
#define SERVICE_REPORT_MIN     (64 * MIB)
#define SERVICE_WARN_MIN       (256 * MIB)

static bool need_host(const struct doctor_input *in, struct rule_out *o)
{
    if (!in->host || in->host->state != WIN_HOST_OK) {
        rule_skip(o, "no Windows host data: %s",
                  in->host && in->host->reason[0] ? in->host->reason : "not loaded");
        return false;
    }
    return true;
}

void check_windows_host_ram(const struct doctor_input *in, struct rule_out *o)
{
    const struct win_host *h = in->host;
    if (!need_host(in, o))
        return;
    if (!h->mem_total.known || !h->mem_available.known) {
        rule_skip(o, "the host's memory figures are unknown: %s",
                  h->mem_total.known ? h->mem_available.why : h->mem_total.why);
        return;
    }
    uint64_t total = h->mem_total.v, avail = h->mem_available.v;
    unsigned pct = total ? (unsigned)((long double)avail * 100 / total) : 0;
    uint64_t guest = in->m->meminfo.mem_total;
    struct finding *f =
        rule_emit(o, pct < HOST_LOW_AVAILABLE_PCT ? SEV_WARNING : SEV_INFO,
                  "Windows has %s of %s available (%u%%); the WSL VM may grow to %s",
                  size_str(avail), size_str(total), pct, size_str(guest));
    uint64_t browsers_n = 0, browsers = win_host_browsers_ws(h, &browsers_n);
    struct strbuf ev = STRBUF_INIT;
    strbuf_addf(&ev, "host total %s, available %s (%s)", size_str(total), size_str(avail),
                win_host_evidence(h, "memory.total"));
    if (h->has_vmmem && h->vmmem.working_set.known)
        strbuf_addf(&ev, "; %s working set %s", h->vmmem.name ? h->vmmem.name : "vmmem",
                    size_str(h->vmmem.working_set.v));
    if (browsers_n)
        strbuf_addf(&ev, "; browsers %s in %llu processes", size_str(browsers),
                    (unsigned long long)browsers_n);
    strbuf_addf(&ev, "; guest MemTotal %s (/proc/meminfo)", size_str(guest));
    finding_set_evidence(f, "%s", ev.buf);
    strbuf_release(&ev);
    if (pct < HOST_LOW_AVAILABLE_PCT)
        finding_set_fix(f, "$ headroom windows status   # what uses the host's memory\n"
                           "close browser tabs or apps you do not need before loading a model");
    else
        finding_set_fix(f, "nothing to do now; headroom windows status shows what uses the host's "
                           "memory");
}

void check_windows_dosvc(const struct doctor_input *in, struct rule_out *o)
{
    const struct win_host *h = in->host;
    if (!need_host(in, o))
        return;
    const struct win_service *s = win_host_service(h, "DoSvc");
    if (!s) {
        rule_skip(o, "DoSvc is not in the host's service list");
        return;
    }
    if (s->state != WIN_SVC_RUNNING || !s->working_set.known)
        return;
    const struct win_item *it = win_item_find("dosvc");
    /* the same threshold and the same items as `windows script --recommended` */
    bool big = it && s->working_set.v >= it->recommend_min;
    struct finding *f =
        rule_emit(o, big ? SEV_WARNING : SEV_INFO, "Delivery Optimization (DoSvc) holds %s%s",
                  size_str(s->working_set.v),
                  big ? ": users report it growing on 24H2 (not confirmed by "
                        "Microsoft)"
                      : "");
    finding_set_evidence(f,
                         "DoSvc running, working set %s of its svchost (PID %llu, %llu "
                         "service%s in it) (%s); a widely shared guide claims: %s",
                         size_str(s->working_set.v), (unsigned long long)s->pid.v,
                         (unsigned long long)s->process_services,
                         s->process_services == 1 ? "" : "s", win_host_evidence(h, "services"),
                         it ? it->claimed : "-");
    /* the items --recommended picks for DoSvc: one list (win/catalog.c) */
    const struct win_item *rec[4];
    size_t nrec = win_dosvc_recommended(h, rec, 4);
    struct strbuf fix = STRBUF_INIT;
    if (nrec == 0) {
        char why[256] = "";
        if (it)
            win_item_recommended(it, h, why, sizeof(why));
        strbuf_addf(&fix,
                    "nothing is recommended for DoSvc here (%s); the dry run says why per item:\n"
                    "$ headroom windows script --recommended --dry-run",
                    why);
    } else {
        strbuf_addstr(&fix, "what --recommended picks for DoSvc; the script runs as "
                            "administrator, and the service manager applies it at the next "
                            "boot:\n$ headroom windows script --apply ");
        for (size_t i = 0; i < nrec; i++)
            strbuf_addf(&fix, "%s%s", i ? "," : "", rec[i]->id);
        strbuf_addstr(&fix,
                      " -o ~/headroom-dosvc.ps1\n" RUN_SCRIPT_ELEVATED("~/headroom-dosvc.ps1"));
    }
    finding_set_fix(f, "%s", fix.buf);
    strbuf_release(&fix);
    finding_set_source(f, it ? it->source
                             : "privacy.sexy src/application/collections/windows.yaml (DoSvc): "
                               "https://github.com/undergroundwires/privacy.sexy");
}

void check_windows_ndu(const struct doctor_input *in, struct rule_out *o)
{
    const struct win_host *h = in->host;
    if (!need_host(in, o))
        return;
    const struct win_adapter *a = win_host_killer_adapter(h);
    if (!a)
        return;
    if (!h->ndu_start.known) {
        rule_skip(o, "the Ndu driver's Start value is unknown: %s", h->ndu_start.why);
        return;
    }
    if (h->ndu_start.v == 4)
        return;
    char desc[200];
    const char *d = a->description ? a->description : a->name ? a->name : "";
    text_sanitize(d, strlen(d), desc, sizeof(desc));
    struct finding *f =
        rule_emit(o, SEV_WARNING,
                  "A %s adapter with the Ndu driver enabled: non-paged pool can grow "
                  "(reported with these adapters)",
                  a->killer ? "Killer" : "MSI");
    struct strbuf ev = STRBUF_INIT;
    strbuf_addf(&ev, "adapter \"%s\"; Ndu Start=%llu (%s)", desc,
                (unsigned long long)h->ndu_start.v, win_host_evidence(h, "ndu"));
    if (h->nonpaged_pool.known)
        strbuf_addf(&ev, "; non-paged pool %s (%s)", size_str(h->nonpaged_pool.v),
                    win_host_evidence(h, "memory.pool"));
    finding_set_evidence(f, "%s", ev.buf);
    strbuf_release(&ev);
    finding_set_fix(
        f, "run the script as administrator, then reboot; Task Manager's per-app "
           "network use stops updating:\n"
           "$ headroom windows script --apply ndu -o ~/headroom-ndu.ps1\n" RUN_SCRIPT_ELEVATED(
               "~/headroom-ndu.ps1"));
}

void check_windows_service_memory(const struct doctor_input *in, struct rule_out *o)
{
    const struct win_host *h = in->host;
    if (!need_host(in, o))
        return;
    for (size_t i = 0; i < win_nitems; i++) {
        const struct win_item *it = &win_items[i];
        /* DoSvc and Ndu have rules of their own */
        if (it->kind != WIN_ITEM_SERVICES && it->kind != WIN_ITEM_APPX)
            continue;
        if (strcmp(it->id, "dosvc") == 0)
            continue;
        struct win_saving s;
        win_item_measure(it, h, &s);
        if (!s.known || !s.running || s.bytes < SERVICE_REPORT_MIN)
            continue;
        struct finding *f = rule_emit(o, s.bytes >= SERVICE_WARN_MIN ? SEV_WARNING : SEV_INFO,
                                      "%s uses %s%s", it->title, size_str(s.bytes),
                                      s.shared ? " (shared with other services)" : "");
        finding_set_evidence(
            f, "%s (%s)%s%s%s", s.note,
            win_host_evidence(h, it->kind == WIN_ITEM_APPX ? "processes" : "services"),
            it->claimed ? "; a widely shared guide claims: " : "", it->claimed ? it->claimed : "",
            it->claimed ? " (unverified)" : "");
        finding_set_fix(
            f,
            "risk: %s; run the script as administrator; headroom windows script "
            "--undo with the state file it writes restores it\n"
            "$ headroom windows script --apply %s -o ~/headroom-%s.ps1\n" RUN_SCRIPT_ELEVATED(
                "~/headroom-%s.ps1"),
            it->risk_text, it->id, it->id, it->id);
        finding_set_source(f, it->source);
    }
}

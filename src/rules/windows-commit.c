/* windows.commit-headroom: the Windows commit limit against what the VM may
 * still take. */
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "util/parse.h"
#include "util/sanitize.h"
#include "util/size.h"

#define COMMIT_MARGIN (1 * GIB) /* for Windows itself while the VM grows */

void check_windows_commit_headroom(const struct doctor_input *in, struct rule_out *o)
{
    const struct win_host *h = in->host;
    const struct machine *m = in->m;
    if (!h || h->state != WIN_HOST_OK) {
        rule_skip(o, "no Windows host data");
        return;
    }
    if (!h->commit_total.known || !h->commit_limit.known) {
        rule_skip(o, "the host's commit figures are unknown: %s",
                  h->commit_total.known ? h->commit_limit.why : h->commit_total.why);
        return;
    }
    if (m->wsl.kind != WSL_2 || m->meminfo_st.state != PROBE_OK) {
        rule_skip(o, "not read inside a WSL2 VM");
        return;
    }
    uint64_t room = sat_sub_u64(h->commit_limit.v, h->commit_total.v);
    uint64_t resident = h->has_vmmem && h->vmmem.working_set.known ? h->vmmem.working_set.v : 0;
    uint64_t grow = sat_sub_u64(m->meminfo.mem_total, resident);
    uint64_t need = sat_add_u64(grow, COMMIT_MARGIN);
    if (room >= need)
        return;
    struct finding *f = rule_emit(o, SEV_WARNING,
                                  "Windows can commit only %s more, and the VM may still grow by "
                                  "%s",
                                  size_str(room), size_str(grow));
    finding_set_evidence(
        f,
        "commit limit %s − commit charge %s = %s (%s); the VM's MemTotal %s "
        "(what memory= gives it) − %s resident in %s = %s it may still take, plus a %s "
        "margin for Windows",
        size_str(h->commit_limit.v), size_str(h->commit_total.v), size_str(room),
        win_host_evidence(h, "memory.commit"), size_str(m->meminfo.mem_total), size_str(resident),
        h->has_vmmem && h->vmmem.name ? h->vmmem.name : "Vmmem", size_str(grow),
        size_str(COMMIT_MARGIN));
    struct strbuf pf = STRBUF_INIT;
    for (size_t i = 0; i < h->npaging_files; i++) {
        const struct win_paging_file *p = &h->paging_files[i];
        char path[sizeof(p->path)];
        text_sanitize(p->path, strlen(p->path), path, sizeof(path));
        if (p->system_managed)
            strbuf_addf(&pf, "%s%s system managed", pf.len ? ", " : "", path);
        else
            strbuf_addf(&pf, "%s%s fixed at %llu-%llu MB", pf.len ? ", " : "", path,
                        (unsigned long long)p->initial_mb, (unsigned long long)p->max_mb);
    }
    const char *then = "WSL is reported to fail to start, and programs on Windows to fail, "
                       "when the commit limit is reached";
    if (h->has_pagefile && win_pagefile_managed(h))
        finding_set_fix(f,
                        "the page file is already system managed (%s): a smaller memory= for "
                        "the VM, or fewer programs on Windows; %s",
                        pf.buf, then);
    else if (h->has_pagefile && h->npaging_files == 0)
        finding_set_fix(f,
                        "there is no page file: let Windows manage one (System Properties, "
                        "Advanced, Performance Settings, Advanced, Virtual memory), or a "
                        "smaller memory= for the VM; %s",
                        then);
    else
        finding_set_fix(f,
                        "let Windows size the page file%s%s%s: System Properties, Advanced, "
                        "Performance Settings, Advanced, Virtual memory, Automatically manage "
                        "paging file size for all drives; or a smaller memory= for the VM; %s",
                        pf.len ? " (now " : "", pf.buf, pf.len ? ")" : "", then);
    strbuf_release(&pf);
    finding_set_source(f, "microsoft/WSL#5231 (WSL failing to start near the commit limit); "
                          "Microsoft Learn, Introduction to the page file: "
                          "https://learn.microsoft.com/en-us/troubleshoot/windows-client/"
                          "performance/introduction-to-the-page-file");
}

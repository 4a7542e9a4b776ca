/* windows.commit-headroom: the Windows commit limit against what the VM may
 * still take. */
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "util/parse.h"
#include "util/sanitize.h"
#include "util/size.h"

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
    struct win_commit c;
    win_commit_check(h, m->meminfo.mem_total, &c); /* the one test (win/pagefile.h) */
    if (!c.short_of)
        return;
    struct finding *f = rule_emit(o, SEV_WARNING,
                                  "Windows can commit only %s more, and the VM may still grow by "
                                  "%s",
                                  size_str(c.room), size_str(c.grow));
    finding_set_evidence(
        f,
        "commit limit %s − commit charge %s = %s (%s); the VM's MemTotal %s "
        "(what memory= gives it) − %s resident in %s = %s it may still take, plus a %s "
        "margin for Windows",
        size_str(h->commit_limit.v), size_str(h->commit_total.v), size_str(c.room),
        win_host_evidence(h, "memory.commit"), size_str(m->meminfo.mem_total), size_str(c.resident),
        h->has_vmmem && h->vmmem.name ? h->vmmem.name : "Vmmem", size_str(c.grow),
        size_str(WIN_COMMIT_MARGIN));
    char pf[300];
    win_pagefile_describe(h, pf, sizeof(pf));
    const char *then = "WSL is reported to fail to start, and programs on Windows to fail, "
                       "when the commit limit is reached";
    if (h->has_pagefile && win_pagefile_managed(h))
        finding_set_fix(f,
                        "the page file is already system managed (%s): a smaller memory= for "
                        "the VM, or fewer programs on Windows; %s",
                        pf, then);
    else if (h->has_pagefile && h->npaging_files == 0)
        finding_set_fix(f,
                        "there is no page file: let Windows manage one (System Properties, "
                        "Advanced, Performance Settings, Advanced, Virtual memory), or a "
                        "smaller memory= for the VM; %s. This writes a script that sets the "
                        "page file to system managed, recording the settings it replaces for "
                        "--undo, and runs it as administrator (Windows applies it at the next "
                        "restart):\n"
                        "$ headroom windows script --apply pagefile -o "
                        "~/headroom-pagefile.ps1\n" RUN_SCRIPT_ELEVATED("~/headroom-pagefile.ps1"),
                        then);
    else
        finding_set_fix(f,
                        "let Windows size the page file%s%s%s: System Properties, Advanced, "
                        "Performance Settings, Advanced, Virtual memory, Automatically manage "
                        "paging file size for all drives; or a smaller memory= for the VM; %s. "
                        "This writes a script that sets the page file to system managed, "
                        "recording the settings it replaces for --undo, and runs it as "
                        "administrator (Windows applies it at the next restart):\n"
                        "$ headroom windows script --apply pagefile -o "
                        "~/headroom-pagefile.ps1\n" RUN_SCRIPT_ELEVATED("~/headroom-pagefile.ps1"),
                        pf[0] ? " (now " : "", pf, pf[0] ? ")" : "", then);
    finding_set_source(f, "microsoft/WSL#5231 (WSL failing to start near the commit limit); "
                          "Microsoft Learn, Introduction to the page file: "
                          "https://learn.microsoft.com/en-us/troubleshoot/windows-client/"
                          "performance/introduction-to-the-page-file");
}

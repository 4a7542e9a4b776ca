/* WSL rules that need only the guest's own files (the .wslconfig ones live
 * in config.c). */
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "wslconfig/wslconfig.h"
#include "util/size.h"

void check_wsl_not_wsl(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    if (m->wsl.kind == WSL_2)
        return;
    const char *rel = machine_kernel_release(m);
    struct finding *f;
    if (m->wsl.kind == WSL_1) {
        f = rule_emit(
            o, SEV_INFO,
            "This is WSL1: there is no VM, so WSL2 memory, GPU and audio checks are skipped");
        finding_set_evidence(f,
                             "kernel release '%s' (/proc/sys/kernel/osrelease or /proc/version): "
                             "a capital-M \"Microsoft\" is WSL1",
                             rel ? rel : "unknown");
        finding_set_fix(f,
                        "move this distro to WSL2; it stops while it converts, and wsl.exe --list "
                        "shows the result:\n"
                        "$ wsl.exe --set-version \"$WSL_DISTRO_NAME\" 2");
    } else {
        f = rule_emit(
            o, SEV_INFO,
            "This is native Linux, not WSL2: WSL checks are skipped, Linux-side checks ran");
        finding_set_evidence(
            f,
            "kernel release '%s' has no WSL marker; no "
            "/proc/sys/fs/binfmt_misc/WSLInterop, no /run/WSL, no /usr/lib/wsl/lib",
            rel ? rel : "unknown");
        finding_set_fix(f, "to check a WSL machine, run headroom snapshot -o snap.tar on it, copy "
                           "snap.tar here, and read it with tar -xf snap.tar && headroom doctor "
                           "--root snap");
    }
}

void check_wsl_swap_missing(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    if (!rules_need_wsl2(in, o))
        return;
    if (m->swaps_st.state != PROBE_OK) {
        rule_skip(o, "/proc/swaps could not be read");
        return;
    }
    if (m->swaps.n > 0 || m->meminfo.swap_total > 0)
        return;
    struct finding *f = rule_emit(o, SEV_WARNING,
                                  "No swap: a spike while a model loads is OOM-killed instead of "
                                  "swapping");
    /* what the .wslconfig says about swap decides the fix */
    const struct wsl_setting *s =
        in->wslconfig ? wsl_eval_get(&in->wslconfig->ev, "wsl2.swap") : NULL;
    if (s && s->from_file) {
        unsigned line = wsl_stmt_line(&in->wslconfig->ev.syn.v[s->stmt]);
        /* an override (swap of 256 GB or more) made it 0; the user asked
         * for swap */
        bool chosen = s->bytes == 0 && !s->overridden;
        finding_set_evidence(f,
                             "/proc/swaps lists no swap area; SwapTotal 0 B (/proc/meminfo); "
                             "swap=%s (%s:%u)%s%s",
                             s->text, in->wslconfig_display, line,
                             chosen          ? ": no swap was asked for"
                             : s->overridden ? ": "
                                             : "",
                             s->overridden ? s->why : "");
    } else {
        finding_set_evidence(f, "/proc/swaps lists no swap area; SwapTotal 0 B (/proc/meminfo)");
    }
    if (in->wslconfig)
        finding_set_fix(f,
                        "$ headroom config set swap=4GB   # in %s\n"
                        "$ wsl.exe --shutdown   # restarts WSL: closes every WSL window",
                        in->wslconfig_display);
    else
        finding_set_fix(f, "headroom writes the key into %%UserProfile%%\\.wslconfig; restarting "
                           "WSL closes every WSL window\n"
                           "$ headroom config set swap=4GB\n"
                           "$ wsl.exe --shutdown");
}

void check_wsl_old_version(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    if (!rules_need_wsl2(in, o))
        return;
    struct finding *f;
    if (m->wsl.version[0]) {
        if (wsl_version_cmp(m->wsl.version, 2, 1, 3) >= 0)
            return;
        f = rule_emit(o, SEV_WARNING,
                      "WSL %s is older than 2.1.3: autoMemoryReclaim is not on by default",
                      m->wsl.version);
        finding_set_evidence(f, "wslinfo --version: %s (%s)", m->wsl.version,
                             m->wsl.version_source ? m->wsl.version_source : "wslinfo");
    } else if (m->live && !m->wsl.wslinfo_present) {
        f = rule_emit(o, SEV_WARNING,
                      "WSL looks older than 2.0.4 (no wslinfo): autoMemoryReclaim is not on by "
                      "default");
        finding_set_evidence(f, "neither /usr/bin/wslinfo nor /bin/wslinfo exists; WSL ships it "
                                "since about 2.0.4 (reported, not confirmed)");
    } else {
        rule_skip(o, "the WSL version is unknown (no wslinfo output recorded)");
        return;
    }
    finding_set_fix(f, "$ wsl.exe --update\n$ wsl.exe --shutdown");
}

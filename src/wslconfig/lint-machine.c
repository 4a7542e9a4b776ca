/* config lint: the rules that need the host's facts (its RAM and CPUs,
 * Docker Desktop, systemd, WSLg). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/size.h"
#include "util/strbuf.h"
#include "wslconfig/lint-impl.h"

const struct wsl_stmt *lint_stmt_of(const struct lint *L, const struct wsl_setting *s)
{
    return s && s->stmt >= 0 ? &L->ev->syn.v[s->stmt] : NULL;
}

void lint_machine(struct lint *L)
{
    const struct wsl_facts none = {0};
    const struct wsl_facts *fa = L->facts ? L->facts : &none;
    const struct wsl_eval *ev = L->ev;
    struct wsl_vm vm;
    wsl_eval_vm(ev, fa->host_ram, fa->host_cpus, &vm);
    struct finding *f;

    const struct wsl_setting *mem = wsl_eval_get(ev, "wsl2.memory");
    const struct wsl_stmt *mst = lint_stmt_of(L, mem);
    if (mst && mem->from_file && mem->bytes) {
        if (fa->host_ram && mem->bytes > fa->host_ram) {
            f = lint_add(L, "memory-over-host", SEV_WARNING, mst->start.line, mst->vstart.col,
                         "memory=%s is more than the host's %s of RAM: WSL clamps it to %s, which "
                         "leaves Windows nothing",
                         mst->value, size_str(fa->host_ram), size_str(fa->host_ram));
            finding_set_evidence(f, "line %u: memory=%s (%s); host RAM %s (%s)",
                                 mst->start.line + 1, mst->value, size_str(mem->bytes),
                                 size_str(fa->host_ram),
                                 fa->host_ram_from ? fa->host_ram_from : "given");
            finding_set_fix(f,
                            "set memory= below the host's RAM; this prints a value sized for "
                            "the host:\n$ headroom config recommend --host-ram %lluGB",
                            (unsigned long long)(fa->host_ram / GIB));
            finding_set_source(f, SRC_CONFIG " (Initialize: clamped to physical memory)");
        }
        if (mem->bytes < WSL_MEMORY_FLOOR) {
            f = lint_add(L, "memory-too-small", SEV_WARNING, mst->start.line, mst->vstart.col,
                         "memory=%s is %s, below WSL's floor of 256 MB: WSL raises it to 256 MB, "
                         "far too little for local AI%s",
                         mst->value, size_str(mem->bytes),
                         strspn(mst->value, "0123456789") == strlen(mst->value)
                             ? " (a bare number is bytes: was GB meant?)"
                             : "");
            lint_evidence_line(L, f, mst->start.line);
            finding_set_fix(f, "or what headroom config recommend says\n"
                               "$ headroom config set memory=6GB");
            finding_set_source(f, SRC_CONFIG " (Initialize: at least 256 MB)");
        } else if (mem->bytes < AI_MEMORY_MIN && fa->memory_suggested &&
                   mem->bytes >= fa->memory_suggested) {
            /* a small host: this is what it can spare, asking for more
             * would take it from Windows */
            f = lint_add(L, "memory-too-small", SEV_INFO, mst->start.line, mst->vstart.col,
                         "memory=%s (%s) is all this host can spare by the typical budget: small "
                         "models only (a 7B model quantised to 4 bits needs more once its "
                         "context is counted)",
                         mst->value, size_str(mem->bytes));
            lint_evidence_line(L, f, mst->start.line);
            finding_set_fix(f, "headroom fit MODEL says whether a model fits; headroom budget "
                               "shows where the host's RAM goes");
        } else if (mem->bytes < AI_MEMORY_MIN) {
            f = lint_add(L, "memory-too-small", SEV_WARNING, mst->start.line, mst->vstart.col,
                         "memory=%s (%s) is too small for local AI: a 7B model quantised to 4 bits "
                         "does not fit in it once its context is counted",
                         mst->value, size_str(mem->bytes));
            lint_evidence_line(L, f, mst->start.line);
            finding_set_fix(f, "headroom fit MODEL gives the figure for a model; headroom config "
                               "recommend gives a memory= sized for this host\n"
                               "$ headroom config set memory=6GB");
        }
    }

    const struct wsl_setting *cpu = wsl_eval_get(ev, "wsl2.processors");
    const struct wsl_stmt *cst = lint_stmt_of(L, cpu);
    if (cst && cpu->from_file && fa->host_cpus && cpu->i > 0 && (unsigned)cpu->i > fa->host_cpus) {
        f = lint_add(L, "processors-over-host", SEV_WARNING, cst->start.line, cst->vstart.col,
                     "processors=%d is more than the host's %u logical CPUs: WSL warns "
                     "\"wsl2.processors cannot exceed...\" and uses %u",
                     cpu->i, fa->host_cpus, fa->host_cpus);
        finding_set_evidence(f, "line %u: processors=%s; host CPUs %u (%s)", cst->start.line + 1,
                             cst->value, fa->host_cpus,
                             fa->host_cpus_from ? fa->host_cpus_from : "given");
        finding_set_fix(f, "$ headroom config set processors=%u",
                        fa->host_cpus > 2 ? fa->host_cpus - 2 : 1);
        finding_set_source(f, SRC_CONFIG " (Initialize: MessageTooManyProcessors)");
    }

    const struct wsl_setting *sp = wsl_eval_get(ev, "experimental.sparseVhd");
    const struct wsl_stmt *sst = lint_stmt_of(L, sp);
    if (sst && sp->from_file && sp->b) {
        f = lint_add(L, "sparse-disabled", SEV_WARNING, sst->start.line, sst->vstart.col,
                     "sparseVhd=true does nothing on current WSL: new disks are created non-sparse "
                     "with the warning \"Sparse VHD support is currently disabled due to potential "
                     "data corruption\"");
        lint_evidence_line(L, f, sst->start.line);
        finding_set_fix(f, "to make an existing disk sparse anyway, at your own risk: wsl.exe "
                           "--manage <distro> --set-sparse true --allow-unsafe\n"
                           "$ headroom config unset sparseVhd");
        finding_set_source(f, "microsoft/WSL src/windows/common/WslCoreFilesystem.cpp @3e27a6a; "
                              "microsoft/WSL#13075, microsoft/WSL#12103");
    }

    const struct wsl_setting *rc = wsl_eval_get(ev, "experimental.autoMemoryReclaim");
    const struct wsl_stmt *rst = lint_stmt_of(L, rc);
    if (rst && rc->from_file && rc->e == WSL_RECLAIM_GRADUAL) {
        struct strbuf who = STRBUF_INIT, ev_sb = STRBUF_INIT;
        struct strbuf srcs = STRBUF_INIT;
        if (fa->docker_desktop == TRI_YES) {
            strbuf_addstr(&who, "Docker Desktop");
            strbuf_addf(&ev_sb, "Docker Desktop: %s",
                        fa->docker_desktop_from ? fa->docker_desktop_from : "present");
            strbuf_addstr(&srcs, "microsoft/WSL#12635; docker/for-win#14656 (the Resource Saver "
                                 "freeze, in every reclaim mode)");
        }
        if (fa->systemd == TRI_YES) {
            strbuf_addf(&who, "%sdistro systemd", who.len ? ", " : "");
            strbuf_addf(&ev_sb, "%ssystemd: %s", ev_sb.len ? "; " : "",
                        fa->systemd_from ? fa->systemd_from : "present");
            strbuf_addf(&srcs, "%smicrosoft/WSL#10675", srcs.len ? ", " : "");
        }
        if (fa->wslg == TRI_YES && vm.gui) {
            strbuf_addf(&who, "%sWSLg", who.len ? ", " : "");
            strbuf_addf(&ev_sb, "%sWSLg: %s", ev_sb.len ? "; " : "",
                        fa->wslg_from ? fa->wslg_from : "present");
            strbuf_addf(&srcs, "%smicrosoft/WSL#13542", srcs.len ? ", " : "");
        }
        bool unknown = fa->docker_desktop == TRI_UNKNOWN || fa->systemd == TRI_UNKNOWN ||
                       (fa->wslg == TRI_UNKNOWN && vm.gui);
        if (who.len) {
            f = lint_add(
                L, "gradual-hazard", SEV_WARNING, rst->start.line, rst->vstart.col,
                "autoMemoryReclaim=gradual with %s present: hangs and lag are reported for "
                "exactly this combination",
                who.buf);
            finding_set_evidence(f, "line %u: autoMemoryReclaim=%s; %s", rst->start.line + 1,
                                 rst->value, ev_sb.buf);
            finding_set_fix(f, "%s$ headroom config set autoMemoryReclaim=dropcache",
                            fa->docker_desktop == TRI_YES ? DOCKER_SAVER_ADVICE "\n" : "");
            finding_set_source(f, srcs.buf);
        } else if (unknown) {
            f = lint_add(
                L, "gradual-hazard", SEV_INFO, rst->start.line, rst->vstart.col,
                "autoMemoryReclaim=gradual: hangs are reported with Docker Desktop, distro "
                "systemd and WSLg; headroom could not tell which of them this machine has");
            lint_evidence_line(L, f, rst->start.line);
            finding_set_fix(f, "if any of them runs:\n"
                               "$ headroom config set autoMemoryReclaim=dropcache");
            finding_set_source(f, "microsoft/WSL#10675, microsoft/WSL#13542");
        }
        strbuf_release(&who);
        strbuf_release(&ev_sb);
        strbuf_release(&srcs);
    }

    if (vm.swap_known && vm.swap == 0) {
        bool small_host = fa->host_ram && fa->host_ram <= SMALL_HOST;
        bool small_vm = vm.memory_known && vm.memory <= SMALL_HOST / 2;
        const struct wsl_setting *sw = wsl_eval_get(ev, "wsl2.swap");
        const struct wsl_stmt *wst = lint_stmt_of(L, sw);
        if (!wst || !sw->from_file)
            wst = lint_stmt_of(L, wsl_eval_get(ev, "wsl2.safeMode"));
        if (wst && (small_host || small_vm)) {
            f = lint_add(L, "no-swap-small-host", SEV_WARNING, wst->start.line, wst->vstart.col,
                         "no swap on a %s: a spike while a model loads goes straight to the OOM "
                         "killer",
                         small_host ? "host of 16 GB or less" : "VM of 8 GB or less");
            if (small_host)
                finding_set_evidence(f, "line %u: %s=%s; host RAM %s (%s)", wst->start.line + 1,
                                     wst->name, wst->value, size_str(fa->host_ram),
                                     fa->host_ram_from ? fa->host_ram_from : "given");
            else
                finding_set_evidence(f, "line %u: %s=%s; VM memory %s", wst->start.line + 1,
                                     wst->name, wst->value, size_str(vm.memory));
            finding_set_fix(f, "$ headroom config set swap=4GB");
            finding_set_source(f, "Microsoft Learn, Advanced settings configuration in WSL (swap: "
                                  "25 % of memory by default; swap=0 turns it off): "
                                  "https://learn.microsoft.com/en-us/windows/wsl/wsl-config");
        }
    }

    /* settings WSL ignores because of another one */
    const struct wsl_setting *s;
    const struct wsl_stmt *st;
    if (vm.networking != WSL_NET_MIRRORED) {
        static const char *const mirrored_only[] = {"experimental.hostAddressLoopback",
                                                    "experimental.ignoredPorts"};
        for (size_t i = 0; i < 2; i++) {
            s = wsl_eval_get(ev, mirrored_only[i]);
            st = lint_stmt_of(L, s);
            if (st && s->from_file && (s->key->type != WT_BOOL || s->overridden)) {
                f = lint_add(L, "no-effect", SEV_WARNING, st->start.line, st->vstart.col,
                             "%s only works with networkingMode=mirrored (this file gives %s): WSL "
                             "turns it off",
                             s->key->name,
                             wsl_schema_lookup(WSLF_WSLCONFIG, "wsl2.networkingMode")
                                 ->values[vm.networking]);
                lint_evidence_line(L, f, st->start.line);
                finding_set_fix(f,
                                "or switch to mirrored networking: headroom config set "
                                "networkingMode=mirrored\n$ headroom config unset %s",
                                s->key->name);
                finding_set_source(f, SRC_CONFIG " (Initialize)");
            }
        }
    }
    s = wsl_eval_get(ev, "wsl2.virtio9p");
    st = lint_stmt_of(L, s);
    if (st && s->from_file && s->overridden) { /* WSL's rules turned the true off */
        f = lint_add(L, "no-effect", SEV_WARNING, st->start.line, st->vstart.col,
                     "virtio9p=true is refused: WSL warns and forces it off");
        lint_evidence_line(L, f, st->start.line);
        finding_set_fix(f, "$ headroom config unset virtio9p");
        finding_set_source(f, SRC_CONFIG " (Initialize)");
    }
    s = wsl_eval_get(ev, "wsl2.safeMode");
    st = lint_stmt_of(L, s);
    if (st && s->from_file && s->b) {
        f = lint_add(L, "no-effect", SEV_WARNING, st->start.line, st->vstart.col,
                     "safeMode=true turns off swap, the GPU, WSLg, custom kernels, nested "
                     "virtualisation and networking, whatever the other lines say");
        lint_evidence_line(L, f, st->start.line);
        finding_set_fix(f, "once WSL starts again\n$ headroom config unset safeMode");
        finding_set_source(f, SRC_CONFIG " (Initialize: safe mode)");
    }
}

/* Memory rules: room left, pressure, page cache held by Vmmem, and models
 * whose memory-mapped weights stay there. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "rules/thresholds.h"
#include "util/parse.h"
#include "util/size.h"

/* Thresholds, in one place so the doc and the tests agree (the memory
 * ones top colours by are in rules/thresholds.h). */
#define CACHE_HELD_MIN   (1 * GIB)
#define CACHE_HELD_PCT   20
#define MAPPED_MODEL_MIN (512 * MIB)
#define MAPPED_ANY_MIN   (2 * GIB)

static unsigned pct(uint64_t part, uint64_t whole)
{
    return whole ? (unsigned)((long double)part * 100 / whole) : 0;
}

void check_mem_low_available(const struct doctor_input *in, struct rule_out *o)
{
    const struct meminfo *mi = &in->m->meminfo;
    if (in->m->meminfo_st.state != PROBE_OK) {
        rule_skip(o, "/proc/meminfo could not be read");
        return;
    }
    unsigned p = pct(mi->mem_available, mi->mem_total);
    if (p >= LOW_AVAILABLE_WARN_PCT)
        return;
    enum severity sev = p < LOW_AVAILABLE_CRIT_PCT ? SEV_CRITICAL : SEV_WARNING;
    struct finding *f = rule_emit(o, sev,
                                  "Only %s available (%u%% of %s): the next allocation may "
                                  "swap or be OOM-killed",
                                  size_str(mi->mem_available), p, size_str(mi->mem_total));
    finding_set_evidence(f, "MemAvailable %s, MemTotal %s, SwapFree %s (/proc/meminfo)",
                         size_str(mi->mem_available), size_str(mi->mem_total),
                         size_str(mi->swap_free));
    const struct proc_info *top = in->m->procs.n ? &in->m->procs.procs[0] : NULL;
    if (top)
        finding_set_fix(f,
                        "stop what you do not need before loading a model; the largest process "
                        "is %s (PID %d, RSS %s), and this stops it:\n"
                        "$ kill %d",
                        top->name, top->pid, size_str(top->rss), top->pid);
    else
        finding_set_fix(f,
                        "stop what you do not need before loading a model (headroom status shows "
                        "the largest processes)");
}

void check_mem_pressure(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    if (m->psi_st.state != PROBE_OK) {
        rule_skip(o, "PSI is unavailable (see mem.psi-unavailable)");
        return;
    }
    const struct psi *p = &m->psi;
    bool crit = p->has_full && p->full.avg60 >= PSI_FULL_CRIT;
    if (!crit && p->some.avg60 < PSI_SOME_WARN)
        return;
    struct finding *f =
        rule_emit(o, crit ? SEV_CRITICAL : SEV_WARNING,
                  crit ? "Memory is thrashing: all tasks stalled on memory %llu.%02llu%% "
                         "of the last minute"
                       : "Memory pressure: tasks stalled on memory %llu.%02llu%% of the "
                         "last minute",
                  (unsigned long long)((crit ? p->full.avg60 : p->some.avg60) / 100),
                  (unsigned long long)((crit ? p->full.avg60 : p->some.avg60) % 100));
    finding_set_evidence(
        f,
        "some avg10 %llu.%02llu avg60 %llu.%02llu avg300 %llu.%02llu; full avg60 "
        "%llu.%02llu (/proc/pressure/memory)",
        (unsigned long long)(p->some.avg10 / 100), (unsigned long long)(p->some.avg10 % 100),
        (unsigned long long)(p->some.avg60 / 100), (unsigned long long)(p->some.avg60 % 100),
        (unsigned long long)(p->some.avg300 / 100), (unsigned long long)(p->some.avg300 % 100),
        (unsigned long long)(p->full.avg60 / 100), (unsigned long long)(p->full.avg60 % 100));
    finding_set_fix(f,
                    "shrink the working set: a smaller quantization or context (headroom fit MODEL "
                    "--ctx N shows what fits), one model at a time, or more memory= in .wslconfig");
}

void check_mem_psi_unavailable(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    if (m->psi_st.state == PROBE_OK)
        return;
    if (m->psi_st.state == PROBE_MALFORMED) {
        char why[700];
        struct finding *f = rule_emit(o, SEV_WARNING, "Memory pressure (PSI) could not be parsed");
        finding_set_evidence(f, "%s", probe_status_reason(&m->psi_st, why, sizeof(why)));
        finding_set_fix(f, "report what the file holds, with a snapshot of this machine:\n"
                           "$ cat /proc/pressure/memory\n"
                           "$ headroom snapshot -o snap.tar");
        return;
    }
    bool wsl = m->wsl.kind == WSL_2;
    struct finding *f = rule_emit(o, SEV_INFO,
                                  "Memory pressure (PSI) is switched off: stalls cannot be seen "
                                  "before an OOM kill");
    const char *state = m->psi_st.error == -ENOENT       ? "not present"
                        : m->psi_st.error == -EOPNOTSUPP ? "reading fails with EOPNOTSUPP"
                                                         : "unreadable";
    if (m->cmdline_st.state == PROBE_OK)
        finding_set_evidence(f,
                             "/proc/pressure/memory: %s; the kernel command line has %s "
                             "(/proc/cmdline)",
                             state, m->cmdline.psi == 0 ? "psi=0" : "no psi=1");
    else
        finding_set_evidence(f, "/proc/pressure/memory: %s", state);
    const char *rel = machine_kernel_release(m);
    unsigned major = 0, minor = 0;
    bool wsl_kernel =
        rel && strstr(rel, "-microsoft-standard") && sscanf(rel, "%u.%u", &major, &minor) == 2;
    if (wsl && wsl_kernel && (major < 6 || (major == 6 && minor < 6))) {
        /* microsoft/WSL#11147: the 5.15 kernel is built with CONFIG_PSI
         * unset, so no boot option can turn it on */
        finding_set_fix(f,
                        "WSL's %u.%u kernel is built without PSI, so psi=1 would do nothing here; "
                        "WSL's 6.6 kernels have it: update WSL, restart it, and run headroom "
                        "doctor again (if /proc/pressure is still missing, then "
                        "headroom config set kernelCommandLine=psi=1 turns it on)\n"
                        "$ wsl.exe --update\n"
                        "$ wsl.exe --shutdown",
                        major, minor);
        finding_set_source(f, "microsoft/WSL#11147 (the 5.15 kernel is built with CONFIG_PSI "
                              "unset)");
    } else if (wsl) {
        finding_set_fix(f,
                        "turn PSI on at boot (WSL adds kernelCommandLine to the kernel's command "
                        "line; it does nothing on a kernel built without CONFIG_PSI, and a "
                        "policy that forbids a custom command line drops it), then restart WSL\n"
                        "$ headroom config set kernelCommandLine=psi=1\n"
                        "$ wsl.exe --shutdown");
        finding_set_source(f, "Linux Documentation/accounting/psi.rst (psi=1 where "
                              "CONFIG_PSI_DEFAULT_DISABLED=y): "
                              "https://docs.kernel.org/accounting/psi.html; microsoft/WSL#11147");
    } else {
        finding_set_fix(f, "boot with psi=1 on the kernel command line (GRUB_CMDLINE_LINUX in "
                           "/etc/default/grub, then update-grub); it does nothing on a kernel "
                           "built without CONFIG_PSI");
        finding_set_source(f, "Linux Documentation/accounting/psi.rst (the psi= boot parameter): "
                              "https://docs.kernel.org/accounting/psi.html");
    }
}

void check_mem_cache_held(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    if (!rules_need_wsl2(in, o))
        return;
    if (m->meminfo_st.state != PROBE_OK) {
        rule_skip(o, "/proc/meminfo could not be read");
        return;
    }
    const struct meminfo *mi = &m->meminfo;
    uint64_t droppable = machine_droppable_cache(m);
    if (droppable < CACHE_HELD_MIN || pct(droppable, mi->mem_total) < CACHE_HELD_PCT)
        return;
    struct finding *f =
        rule_emit(o, SEV_WARNING, "%s of page cache is held by Vmmem that Windows could use",
                  size_str(droppable));
    finding_set_evidence(f,
                         "Buffers %s + Cached %s + SReclaimable %s − Shmem %s − Mapped %s = %s "
                         "not mapped by any process; Windows sees %s used (MemTotal − MemFree) "
                         "(/proc/meminfo)",
                         size_str(mi->buffers), size_str(mi->cached), size_str(mi->s_reclaimable),
                         size_str(mi->shmem), size_str(mi->mapped), size_str(droppable),
                         size_str(machine_host_view_used(m)));
    finding_set_fix(f, "drop it (the second command does the same by hand)\n"
                       "$ sudo headroom reclaim --cache\n"
                       "$ sudo sh -c 'sync; echo 1 > /proc/sys/vm/drop_caches'");
    finding_set_source(f, "microsoft/WSL#4166 (the VM's page cache stays in Vmmem until dropped); "
                          "Linux Documentation/admin-guide/sysctl/vm.rst (drop_caches): "
                          "https://docs.kernel.org/admin-guide/sysctl/vm.html");
}

/* Processes that load model weights. comm is cut at 15 characters. */
static bool inference_name(const char *n)
{
    static const char *const names[] = {
        "llama-server", "llama-cli",       "llama-bench",    "llama-run",   "llama-simple",
        "ollama",       "ollama_llama_se", "whisper-server", "whisper-cli", "whisper-stream",
        "koboldcpp",    "llamafile",       "llama.cpp",
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(n, names[i]) == 0)
            return true;
    return false;
}

void check_mem_mapped_model(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    if (m->procs_st.state != PROBE_OK) {
        rule_skip(o, "processes could not be read");
        return;
    }
    for (size_t i = 0; i < m->procs.n; i++) {
        const struct proc_info *p = &m->procs.procs[i];
        if (!(inference_name(p->name) && p->rss_file >= MAPPED_MODEL_MIN) &&
            p->rss_file < MAPPED_ANY_MIN)
            continue;
        const struct meminfo *mi = &m->meminfo;
        /* MemAvailable counts mapped file pages as reclaimable: the room it
         * promises is smaller while the model is in use. */
        uint64_t real_room = sat_sub_u64(mi->mem_available, p->rss_file);
        bool tight = pct(real_room, mi->mem_total) < LOW_AVAILABLE_WARN_PCT;
        struct finding *f = rule_emit(o, tight ? SEV_WARNING : SEV_INFO,
                                      "%s (PID %d) maps %s of model weights: they stay in %s while "
                                      "it runs, and dropping caches cannot free them",
                                      p->name, p->pid, size_str(p->rss_file),
                                      m->wsl.kind == WSL_2 ? "Vmmem" : "memory");
        finding_set_evidence(f,
                             "RssFile %s, RssAnon %s (/proc/%d/status); MemAvailable %s counts "
                             "them as reclaimable, leaving about %s once they are in use",
                             size_str(p->rss_file), size_str(p->rss_anon), p->pid,
                             size_str(mi->mem_available), size_str(real_room));
        finding_set_fix(f, "nothing while it runs; to keep weights out of the page cache, start "
                           "llama.cpp with --no-mmap (slower load), or pin them with --mlock; "
                           "after it exits, drop the cache:\n"
                           "$ sudo headroom reclaim --cache");
        finding_set_source(f,
                           "ggml-org/llama.cpp src/llama-mmap.cpp (weights are mapped from "
                           "the file; mapped pages survive drop_caches): "
                           "https://github.com/ggml-org/llama.cpp/blob/master/src/llama-mmap.cpp");
    }
}

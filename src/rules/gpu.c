/* GPU rules (GPU passthrough and CUDA): the Windows driver is
 * the only driver; WSL exposes it as /dev/dxg plus libraries in
 * /usr/lib/wsl/lib, and nothing inside the guest may replace them. */
#include <stdio.h>
#include <string.h>

#include "util/sanitize.h"
#include "util/shell-word.h"
#include "rules/rules.h"
#include "util/size.h"
#include "util/strbuf.h"

void check_gpu_driver_in_guest(const struct doctor_input *in, struct rule_out *o)
{
    const struct gpu_info *g = &in->m->gpu;
    if (!rules_need_wsl2(in, o))
        return;
    if (g->n_driver_pkgs == 0 && g->n_shadow_libcuda == 0) {
        if (g->dpkg_st.state == PROBE_MALFORMED) {
            char why[700];
            rule_skip(o, "%s", probe_status_reason(&g->dpkg_st, why, sizeof(why)));
        }
        return;
    }
    struct strbuf ev = STRBUF_INIT, fix = STRBUF_INIT;
    if (g->n_driver_pkgs) {
        strbuf_addstr(&ev, "installed packages:");
        strbuf_addstr(&fix, "$ sudo apt-get remove --purge");
        for (unsigned i = 0; i < g->n_driver_pkgs; i++) {
            strbuf_addf(&ev, " %s", g->driver_pkgs[i]);
            strbuf_addf(&fix, " %s", g->driver_pkgs[i]);
        }
        strbuf_addf(&ev, " (%s)", gpu_pkgs_source(g));
    }
    if (g->n_shadow_libcuda) {
        strbuf_addf(&ev, "%slibcuda outside /usr/lib/wsl/lib:", ev.len ? "; " : "");
        for (unsigned i = 0; i < g->n_shadow_libcuda; i++)
            strbuf_addf(&ev, " %s", g->shadow_libcuda[i]);
        strbuf_addf(&fix, "%s", fix.len ? "\n" : "");
        size_t at = fix.len;
        strbuf_addstr(&fix, "$ dpkg -S ");
        if (shell_word_add(&fix, g->shadow_libcuda[0]))
            strbuf_addstr(&fix, "   # which package put it there; remove that package");
        else {
            strbuf_setlen(&fix, at);
            strbuf_addstr(&fix, "its name holds control characters (shown as ?), so no command "
                                "is given for it; dpkg -S on the real path names its package");
        }
    }
    struct finding *f = rule_emit(o, SEV_CRITICAL,
                                  "A Linux NVIDIA driver is installed inside WSL: it shadows the "
                                  "Windows driver and breaks CUDA");
    finding_set_evidence(f, "%s", ev.buf);
    finding_set_fix(f,
                    "the Windows driver is the only driver WSL needs; to build CUDA programs, "
                    "install the toolkit only (cuda-toolkit-12-6 from NVIDIA's wsl-ubuntu "
                    "repository)\n%s",
                    fix.buf);
    strbuf_release(&ev);
    strbuf_release(&fix);
}

void check_gpu_no_dxg(const struct doctor_input *in, struct rule_out *o)
{
    if (!rules_need_wsl2(in, o))
        return;
    if (in->m->gpu.dxg)
        return;
    struct finding *f = rule_emit(
        o, SEV_WARNING, "No GPU in WSL: the paravirtualized GPU device /dev/dxg is missing");
    finding_set_evidence(f, "/dev/dxg not present");
    finding_set_fix(f, "update the GPU driver on Windows (a WDDM 2.9+ driver exposes the GPU to "
                       "WSL2) and make sure .wslconfig does not set gpuSupport=false; then restart "
                       "WSL:\n"
                       "$ wsl.exe --shutdown");
}

void check_gpu_libcuda_missing(const struct doctor_input *in, struct rule_out *o)
{
    const struct gpu_info *g = &in->m->gpu;
    if (!rules_need_wsl2(in, o))
        return;
    if (!g->dxg) {
        rule_skip(o, "no /dev/dxg (see gpu.no-dxg)");
        return;
    }
    if (g->n_wsl_libcuda > 0)
        return;
    struct finding *f = rule_emit(o, SEV_INFO,
                                  "No CUDA driver from Windows: /usr/lib/wsl/lib has no libcuda.so "
                                  "(no NVIDIA GPU, or no NVIDIA driver on Windows)");
    finding_set_evidence(f, g->wsl_lib_dir ? "/usr/lib/wsl/lib holds no libcuda.so*"
                                           : "/usr/lib/wsl/lib not present");
    finding_set_fix(f, "until then llama.cpp and Ollama run on the CPU; for an NVIDIA GPU, install "
                       "NVIDIA's driver on Windows (never in WSL), then restart WSL:\n"
                       "$ wsl.exe --shutdown");
}

void check_gpu_ld_conf(const struct doctor_input *in, struct rule_out *o)
{
    const struct gpu_info *g = &in->m->gpu;
    if (!rules_need_wsl2(in, o))
        return;
    if (!g->wsl_lib_dir) {
        rule_skip(o, "no /usr/lib/wsl/lib");
        return;
    }
    if (g->ld_wsl_conf && g->ld_wsl_conf_lists_lib)
        return;
    /* a live guest always has /etc/ld.so.conf.d (ld.so reads it); a
     * snapshot without it did not record /etc, as it records no PATH */
    if (!in->m->live && !g->ld_conf_dir) {
        rule_skip(o, "/etc/ld.so.conf.d was not recorded in this snapshot");
        return;
    }
    struct finding *f = rule_emit(o, SEV_WARNING,
                                  "The loader does not search /usr/lib/wsl/lib: programs cannot "
                                  "find libcuda.so");
    finding_set_evidence(f, g->ld_wsl_conf
                                ? "/etc/ld.so.conf.d/ld.wsl.conf does not name "
                                  "/usr/lib/wsl/lib"
                                : "/etc/ld.so.conf.d/ld.wsl.conf not present (WSL writes "
                                  "it unless [automount] ldconfig=false in /etc/wsl.conf)");
    finding_set_fix(f, "$ echo /usr/lib/wsl/lib | sudo tee /etc/ld.so.conf.d/ld.wsl.conf && sudo "
                       "ldconfig");
}

void check_gpu_nvidia_smi_path(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    const struct gpu_info *g = &m->gpu;
    if (!rules_need_wsl2(in, o))
        return;
    if (!g->wsl_nvidia_smi) {
        rule_skip(o, "no /usr/lib/wsl/lib/nvidia-smi");
        return;
    }
    struct finding *f;
    if (g->other_nvidia_smi[0]) {
        f = rule_emit(o, SEV_WARNING, "%s shadows WSL's nvidia-smi", g->other_nvidia_smi);
        finding_set_evidence(f,
                             "%s and /usr/lib/wsl/lib/nvidia-smi both exist; the first on PATH "
                             "wins",
                             g->other_nvidia_smi);
        struct strbuf cmd = STRBUF_INIT;
        if (shell_word_add(&cmd, g->other_nvidia_smi))
            finding_set_fix(f,
                            "remove the Linux driver package that installed it; this names it:\n"
                            "$ dpkg -S %s",
                            cmd.buf);
        else
            finding_set_fix(f, "remove the Linux driver package that installed it (dpkg -S on "
                               "the file names it; its name holds control characters)");
        strbuf_release(&cmd);
        return;
    }
    char path[4096];
    enum machine_env_state st = machine_getenv(m, "PATH", path, sizeof(path));
    if (st == ENV_NOT_RECORDED) {
        rule_skip(o, "PATH was not recorded (snapshots keep only WSL_* variables)");
        return;
    }
    if (st == ENV_SET && (strstr(path, "/usr/lib/wsl/lib:") || strstr(path, ":/usr/lib/wsl/lib") ||
                          strcmp(path, "/usr/lib/wsl/lib") == 0))
        return;
    f = rule_emit(o, SEV_WARNING, "nvidia-smi is not on PATH");
    finding_set_evidence(f, "/usr/lib/wsl/lib/nvidia-smi exists; PATH does not contain "
                            "/usr/lib/wsl/lib");
    finding_set_fix(f, "put WSL's library folder on PATH (appendLibPath=true under [gpu] in "
                       "/etc/wsl.conf, the default, does it for new shells):\n"
                       "$ echo 'export PATH=\"$PATH:/usr/lib/wsl/lib\"' >> ~/.bashrc");
}

void check_gpu_vram(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    if (m->nvml_st.state != PROBE_OK || m->nvml.n == 0) {
        char why[700];
        rule_skip(o, "no NVML figures: %s",
                  m->nvml_st.state == PROBE_UNREAD
                      ? "not read"
                      : probe_status_reason(&m->nvml_st, why, sizeof(why)));
        return;
    }
    const struct nvml_gpu *g = &m->nvml.gpu[0];
    char name[100];
    text_sanitize(g->name, strlen(g->name), name, sizeof(name));
    struct finding *f =
        rule_emit(o, SEV_INFO, "%s: %s of %s VRAM free%s", name, size_str(g->free),
                  size_str(g->total), m->nvml.n > 1 ? " (first of several GPUs)" : "");
    finding_set_evidence(f, "nvmlDeviceGetMemoryInfo: total %s, free %s, used %s; driver %s (%s)",
                         size_str(g->total), size_str(g->free), size_str(g->used),
                         m->nvml.driver[0] ? m->nvml.driver : "unknown",
                         m->live ? "libnvidia-ml.so.1" : ".headroom/nvml in the snapshot");
    finding_set_fix(f, "headroom fit MODEL --ngl auto shows how many layers of a model fit in it");
}

void check_gpu_cuda_toolkit(const struct doctor_input *in, struct rule_out *o)
{
    const struct gpu_info *g = &in->m->gpu;
    if (!rules_need_wsl2(in, o))
        return;
    if (g->n_wsl_libcuda == 0) {
        rule_skip(o, "no CUDA driver (see gpu.libcuda-missing)");
        return;
    }
    struct finding *f;
    if (g->cuda_version[0] || g->n_toolkit_pkgs) {
        f = rule_emit(o, SEV_INFO, "CUDA toolkit %s installed",
                      g->cuda_version[0] ? g->cuda_version : g->toolkit_pkgs[0]);
        struct strbuf ev = STRBUF_INIT;
        if (g->cuda_version[0])
            strbuf_addf(&ev, "version %s (/usr/local/cuda/version.json)", g->cuda_version);
        for (unsigned i = 0; i < g->n_toolkit_pkgs; i++)
            strbuf_addf(&ev, "%s%s",
                        ev.len ? (i ? " " : "; packages: ") : "packages: ", g->toolkit_pkgs[i]);
        if (g->n_toolkit_pkgs)
            strbuf_addf(&ev, " (%s)", gpu_pkgs_source(g));
        finding_set_evidence(f, "%s", ev.buf);
        strbuf_release(&ev);
        finding_set_fix(f, "keep the toolkit at or below the CUDA version nvidia-smi reports for "
                           "the Windows driver\n"
                           "$ /usr/lib/wsl/lib/nvidia-smi");
    } else {
        f = rule_emit(o, SEV_INFO,
                      "No CUDA toolkit installed (needed only to build CUDA programs "
                      "such as llama.cpp from source)");
        finding_set_evidence(f, "no /usr/local/cuda/version.json; no cuda-toolkit package (%s)",
                             gpu_pkgs_source(g));
        finding_set_fix(f, "to build CUDA programs, install the toolkit from NVIDIA's wsl-ubuntu "
                           "repository, never the cuda or cuda-drivers packages (they bring a "
                           "Linux driver)\n"
                           "$ sudo apt-get install cuda-toolkit-12-6");
    }
}

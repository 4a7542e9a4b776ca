/* gpu.cudnn-missing: CTranslate2 (faster-whisper) without the cuDNN and
 * cuBLAS it loads at run time. */
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"

#define CUDNN_SOURCE                                                                               \
    "SYSTRAN/faster-whisper README, GPU (cuBLAS for CUDA 12 and cuDNN 9; ctranslate2 4.4.0 for "   \
    "cuDNN 8; the pip wheels and LD_LIBRARY_PATH): https://github.com/SYSTRAN/faster-whisper; "    \
    "SYSTRAN/faster-whisper#516"

/* A path safe to paste unquoted into a command. */
static bool plain(const char *p)
{
    for (; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '/' || *p == '.' || *p == '-' || *p == '_'))
            return false;
    return true;
}

void check_gpu_cudnn_missing(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    const struct cudalibs *c = &m->cudalibs;
    if (!c->has_ct2) {
        rule_skip(o, "no CTranslate2 in a Python environment (home/*/{.venv,venv,env}, ~/.local)");
        return;
    }
    if (m->gpu.n_wsl_libcuda == 0 && m->gpu.n_shadow_libcuda == 0 && m->nvml_st.state != PROBE_OK) {
        rule_skip(o, "no CUDA driver (see gpu.libcuda-missing)");
        return;
    }
    unsigned need = cudalibs_cudnn_needed(c);
    bool new_ct2 = c->ct2_major >= 4; /* built for CUDA 12: cuBLAS 12 */
    bool sys_ok = (need == 9 ? c->sys_cudnn9 : c->sys_cudnn8) && (!new_ct2 || c->sys_cublas12);
    if (sys_ok)
        return;
    char site[CUDALIBS_PATH + 1];
    snprintf(site, sizeof(site), "/%s", c->site);
    char want[CUDALIBS_PATH + 32];
    snprintf(want, sizeof(want), "%s/nvidia/cudnn/lib", site);
    char ld[1024];
    if (machine_getenv(m, "LD_LIBRARY_PATH", ld, sizeof(ld)) == ENV_SET && strstr(ld, want))
        return;
    bool wheel_ok = (need == 9 ? c->wheel_cudnn9 : c->wheel_cudnn8) &&
                    (!new_ct2 || c->wheel_cublas12 || c->sys_cublas12);
    char where[CUDALIBS_PATH + 1];
    snprintf(where, sizeof(where), "/%s", c->venv[0] ? c->venv : c->site);
    struct finding *f;
    if (wheel_ok)
        f = rule_emit(o, SEV_WARNING,
                      "CTranslate2 %u.%u.%u needs cuDNN %u: it is in %s, where the loader does "
                      "not look",
                      c->ct2_major, c->ct2_minor, c->ct2_patch, need, where);
    else
        f = rule_emit(o, SEV_WARNING,
                      "CTranslate2 %u.%u.%u (faster-whisper) needs cuDNN %u%s, and %s found",
                      c->ct2_major, c->ct2_minor, c->ct2_patch, need,
                      new_ct2 ? " and cuBLAS 12" : "", new_ct2 ? "neither was" : "it was not");
    finding_set_evidence(
        f,
        "ctranslate2 %u.%u.%u in %s (its dist-info); system libraries: cuDNN 8 %s, cuDNN 9 %s, "
        "cuBLAS 12 %s%s%s%s; in its site-packages: nvidia/cudnn/lib %s, nvidia/cublas/lib %s",
        c->ct2_major, c->ct2_minor, c->ct2_patch, site, c->sys_cudnn8 ? "yes" : "no",
        c->sys_cudnn9 ? "yes" : "no", c->sys_cublas12 ? "yes" : "no",
        c->sys_cudnn_dir[0] ? " (cuDNN in " : "", c->sys_cudnn_dir[0] ? c->sys_cudnn_dir : "",
        c->sys_cudnn_dir[0] ? ")" : "",
        need == 9 ? (c->wheel_cudnn9 ? "libcudnn.so.9" : "none")
                  : (c->wheel_cudnn8 ? "libcudnn.so.8" : "none"),
        c->wheel_cublas12 ? "libcublas.so.12" : "none");
    if (!plain(site)) {
        finding_set_fix(f, "put the wheels' nvidia/cublas/lib and nvidia/cudnn/lib directories "
                           "of that site-packages on LD_LIBRARY_PATH (faster-whisper's README "
                           "shows the line)");
    } else if (wheel_ok) {
        finding_set_fix(f,
                        "put them on the loader's path for the shell that runs it (add the line "
                        "to the environment's bin/activate or ~/.bashrc to keep it)\n"
                        "$ export LD_LIBRARY_PATH=%s/nvidia/cublas/lib:%s/nvidia/cudnn/lib"
                        "${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}",
                        site, site);
    } else {
        char pip[CUDALIBS_PATH + 64];
        if (c->user_site)
            snprintf(pip, sizeof(pip), "pip install --user");
        else
            snprintf(pip, sizeof(pip), "%s/bin/pip install", where);
        finding_set_fix(f,
                        "install NVIDIA's wheels into the same environment, then put them on the "
                        "loader's path\n"
                        "$ %s nvidia-cublas-cu12 'nvidia-cudnn-cu12==%u.*'\n"
                        "$ export LD_LIBRARY_PATH=%s/nvidia/cublas/lib:%s/nvidia/cudnn/lib"
                        "${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}",
                        pip, need, site, site);
    }
    finding_set_source(f, CUDNN_SOURCE);
}

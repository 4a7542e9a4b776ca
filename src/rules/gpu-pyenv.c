/* The GPU frameworks in the Python environments (probe/pyenv.h) against the
 * GPU and the CUDA version its driver supports (NVML):
 *   gpu.torch-cpu-only              a CPU-only PyTorch wheel on a machine with a GPU
 *   gpu.torch-cuda-newer-than-driver a wheel built for a newer CUDA than the driver's
 *   gpu.onnxruntime-no-cuda         ONNX Runtime without its CUDA execution provider */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rules/rules.h"
#include "util/sanitize.h"
#include "util/shell-word.h"

#define TORCH_SOURCE                                                                               \
    "PyTorch, Start Locally (the CUDA builds' --index-url): "                                      \
    "https://pytorch.org/get-started/locally/; pytorch/pytorch tools/generate_torch_version.py "   \
    "(torch/version.py's cuda)"
#define CUDA_COMPAT_SOURCE                                                                         \
    "NVIDIA, CUDA Compatibility (minimum driver per CUDA major, minor version compatibility): "    \
    "https://docs.nvidia.com/deploy/cuda-compatibility/"
#define ORT_SOURCE                                                                                 \
    "ONNX Runtime, Install (onnxruntime-gpu for CUDA) and the CUDA Execution Provider's "          \
    "requirements: https://onnxruntime.ai/docs/install/, "                                         \
    "https://onnxruntime.ai/docs/execution-providers/CUDA-ExecutionProvider.html"

/* The CUDA versions download.pytorch.org/whl/cuXYZ has wheels for, oldest
 * first (PyTorch's Start Locally and Previous Versions pages). */
static const struct {
    unsigned major, minor;
} torch_indexes[] = {{11, 8}, {12, 1}, {12, 4}, {12, 6}, {12, 8}, {12, 9}, {13, 0}};

/* The newest index at or below the driver's CUDA version: "cu126" (12.6)
 * for a driver that supports 12.7. False when the driver is older than all. */
struct torch_index {
    char tag[16];
    unsigned major, minor;
};
static bool torch_index(unsigned major, unsigned minor, struct torch_index *ret)
{
    bool found = false;
    for (size_t i = 0; i < sizeof(torch_indexes) / sizeof(torch_indexes[0]); i++)
        if (torch_indexes[i].major < major ||
            (torch_indexes[i].major == major && torch_indexes[i].minor <= minor)) {
            ret->major = torch_indexes[i].major;
            ret->minor = torch_indexes[i].minor;
            snprintf(ret->tag, sizeof(ret->tag), "cu%u%u", ret->major, ret->minor);
            found = true;
        }
    return found;
}

/* Is there an NVIDIA GPU for CUDA? Says which evidence, into `why`. */
static bool gpu_present(const struct machine *m, char *why, size_t n)
{
    if (m->nvml_st.state == PROBE_OK && m->nvml.n > 0) {
        char name[100];
        text_sanitize(m->nvml.gpu[0].name, strlen(m->nvml.gpu[0].name), name, sizeof(name));
        if (m->nvml.cuda_major)
            snprintf(why, n, "NVML: %s, driver %s, CUDA %u.%u", name,
                     m->nvml.driver[0] ? m->nvml.driver : "unknown", m->nvml.cuda_major,
                     m->nvml.cuda_minor);
        else
            snprintf(why, n, "NVML: %s, driver %s (its CUDA version not known)", name,
                     m->nvml.driver[0] ? m->nvml.driver : "unknown");
        return true;
    }
    if (m->gpu.n_wsl_libcuda > 0) {
        snprintf(why, n, "the Windows driver's %s in /usr/lib/wsl/lib", m->gpu.wsl_libcuda[0]);
        return true;
    }
    return false;
}

/* "/home/alex/.venv" for messages (sanitized). */
static void where(const struct pyenv *e, char *buf, size_t n)
{
    char p[PYENV_PATH + 2];
    snprintf(p, sizeof(p), "/%s", e->prefix);
    text_sanitize(p, strlen(p), buf, n);
}

/* How pip is run for the environment: "/home/alex/.venv/bin/python -m pip",
 * "python3.11 -m pip" (user site, install takes --user), "sudo python3.11
 * -m pip" (/usr/local). False when no command is right: Debian's own
 * dist-packages (apt's packages) or a path that is not one shell word. */
struct pip_cmd {
    char run[PYENV_PATH + 32];
    const char *install_flag; /* " --user" or "" */
    const char *tail;         /* " --break-system-packages" (PEP 668) or "" */
};
static bool pip_for(const struct pyenv *e, struct pip_cmd *p)
{
    struct strbuf sb = STRBUF_INIT;
    bool ok = true;
    p->install_flag = "";
    p->tail = e->externally_managed ? " --break-system-packages" : "";
    switch (e->kind) {
    case PYENV_VENV:
    case PYENV_CONDA: {
        char py[PYENV_PATH + 16];
        snprintf(py, sizeof(py), "/%s/bin/python", e->prefix);
        ok = shell_word_add(&sb, py);
        strbuf_addstr(&sb, " -m pip");
        break;
    }
    case PYENV_USER_SITE:
        ok = shell_word_add(&sb, e->python);
        strbuf_addstr(&sb, " -m pip");
        p->install_flag = " --user";
        break;
    case PYENV_SYSTEM:
        ok = strcmp(e->prefix, "usr/local") == 0;
        strbuf_addstr(&sb, "sudo ");
        ok = ok && shell_word_add(&sb, e->python);
        strbuf_addstr(&sb, " -m pip");
        break;
    }
    ok = ok && sb.len < sizeof(p->run);
    if (ok)
        snprintf(p->run, sizeof(p->run), "%s", sb.buf);
    strbuf_release(&sb);
    return ok;
}

/* torch plus torchvision / torchaudio when installed: they are built
 * against one torch and come from the same index. */
static void torch_pkgs(const struct pyenv *e, char *buf, size_t n)
{
    snprintf(buf, n, "torch%s%s", e->has_torchvision ? " torchvision" : "",
             e->has_torchaudio ? " torchaudio" : "");
}

/* The fix that replaces torch with the build of index `tag`. */
static void torch_reinstall_fix(struct finding *f, const struct pyenv *e, const char *advice,
                                const char *tag)
{
    struct pip_cmd p;
    char pkgs[64], at[PYENV_PATH + 2];
    torch_pkgs(e, pkgs, sizeof(pkgs));
    where(e, at, sizeof(at));
    if (!pip_for(e, &p)) {
        finding_set_fix(f,
                        "%s; %s is %s, so create a virtual environment (python3 -m venv) and "
                        "install there with pip install %s --index-url "
                        "https://download.pytorch.org/whl/%s",
                        advice, at,
                        e->kind == PYENV_SYSTEM ? "Debian's own (apt's packages)"
                                                : "a path that cannot be pasted as it is",
                        pkgs, tag);
        return;
    }
    /* pip keeps an installed torch that satisfies "torch" (a +cpu build
     * does): uninstall first, then install from the index */
    finding_set_fix(f,
                    "%s (pip would keep the installed build, so it is removed first):\n"
                    "$ %s uninstall -y %s%s\n"
                    "$ %s install%s %s --index-url https://download.pytorch.org/whl/%s%s",
                    advice, p.run, pkgs, p.tail, p.run, p.install_flag, pkgs, tag, p.tail);
}

static void skip_none(struct rule_out *o, const struct machine *m, const char *what)
{
    if (m->pyenvs.n == 0)
        rule_skip(o, "no Python environment found (dist-packages, ~/.local, a pyvenv.cfg under "
                     "the home directories, conda)");
    else
        rule_skip(o, "no %s in the %u Python environment%s found", what, m->pyenvs.n,
                  m->pyenvs.n == 1 ? "" : "s");
}

static bool any_torch(const struct machine *m)
{
    for (unsigned i = 0; i < m->pyenvs.n; i++)
        if (m->pyenvs.env[i].torch_st.state == PROBE_OK)
            return true;
    return false;
}

static void torch_evidence(struct finding *f, const struct pyenv *e, const char *gpu)
{
    char site[PYENV_PATH + 2], cuda[16] = "None";
    snprintf(site, sizeof(site), "/%s", e->site);
    char s[PYENV_PATH + 2];
    text_sanitize(site, strlen(site), s, sizeof(s));
    if (e->torch.cuda)
        snprintf(cuda, sizeof(cuda), "'%u.%u'", e->torch.cuda_major, e->torch.cuda_minor);
    finding_set_evidence(f, "%s/torch/version.py: __version__ '%s', cuda %s (%s environment); %s",
                         s, e->torch.version, cuda, pyenv_kind_name(e->kind), gpu);
}

void check_gpu_torch_cpu_only(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    char gpu[256];
    if (!any_torch(m)) {
        skip_none(o, m, "PyTorch");
        return;
    }
    if (!gpu_present(m, gpu, sizeof(gpu))) {
        rule_skip(o, "no NVIDIA GPU seen (no NVML GPU, no libcuda in /usr/lib/wsl/lib)");
        return;
    }
    for (unsigned i = 0; i < m->pyenvs.n; i++) {
        const struct pyenv *e = &m->pyenvs.env[i];
        if (e->torch_st.state != PROBE_OK || e->torch.cuda || e->torch.hip)
            continue;
        char at[PYENV_PATH + 2];
        where(e, at, sizeof(at));
        struct finding *f = rule_emit(o, SEV_WARNING,
                                      "PyTorch %s in %s is a CPU-only build: "
                                      "torch.cuda.is_available() is False there",
                                      e->torch.version, at);
        torch_evidence(f, e, gpu);
        finding_set_source(f, TORCH_SOURCE);
        struct torch_index ix;
        if (m->nvml.cuda_major && torch_index(m->nvml.cuda_major, m->nvml.cuda_minor, &ix)) {
            char advice[160];
            snprintf(advice, sizeof(advice),
                     "install the CUDA %u.%u build, the newest PyTorch has for the driver's "
                     "CUDA %u.%u",
                     ix.major, ix.minor, m->nvml.cuda_major, m->nvml.cuda_minor);
            torch_reinstall_fix(f, e, advice, ix.tag);
        } else {
            finding_set_fix(f,
                            "install a CUDA build of PyTorch: pick the cuXYZ index at or below "
                            "the CUDA Version nvidia-smi prints for the driver (cu126 for 12.6 "
                            "or 12.7) and use pip install torch --index-url "
                            "https://download.pytorch.org/whl/cuXYZ in that environment\n"
                            "$ %s",
                            m->gpu.wsl_nvidia_smi ? "/usr/lib/wsl/lib/nvidia-smi" : "nvidia-smi");
        }
    }
}

void check_gpu_torch_cuda_newer_than_driver(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    if (!any_torch(m)) {
        skip_none(o, m, "PyTorch");
        return;
    }
    if (m->nvml_st.state != PROBE_OK || !m->nvml.cuda_major) {
        rule_skip(o, "the driver's CUDA version is not known (no NVML record of it)");
        return;
    }
    char gpu[256];
    gpu_present(m, gpu, sizeof(gpu));
    unsigned dmaj = m->nvml.cuda_major, dmin = m->nvml.cuda_minor;
    for (unsigned i = 0; i < m->pyenvs.n; i++) {
        const struct pyenv *e = &m->pyenvs.env[i];
        if (e->torch_st.state != PROBE_OK || !e->torch.cuda)
            continue;
        unsigned tmaj = e->torch.cuda_major, tmin = e->torch.cuda_minor;
        if (tmaj < dmaj || (tmaj == dmaj && tmin <= dmin))
            continue;
        char at[PYENV_PATH + 2];
        where(e, at, sizeof(at));
        struct finding *f;
        if (tmaj > dmaj)
            f = rule_emit(o, SEV_WARNING,
                          "PyTorch %s in %s is built for CUDA %u.%u; the driver supports CUDA "
                          "%u.%u, so torch.cuda.is_available() is False",
                          e->torch.version, at, tmaj, tmin, dmaj, dmin);
        else
            f = rule_emit(o, SEV_INFO,
                          "PyTorch %s in %s is built for CUDA %u.%u, newer than the driver's "
                          "%u.%u: it runs by CUDA's minor version compatibility, and what needs "
                          "the newer driver (PTX compiled at run time) fails",
                          e->torch.version, at, tmaj, tmin, dmaj, dmin);
        torch_evidence(f, e, gpu);
        /* WSL's driver is the Windows one; elsewhere the machine's own */
        const char *update = m->wsl.kind == WSL_2 ? "update the NVIDIA driver on Windows (WSL "
                                                    "uses it; never install a Linux driver in WSL)"
                                                  : "update the NVIDIA driver";
        struct torch_index ix;
        if (torch_index(dmaj, dmin, &ix)) {
            char advice[240];
            snprintf(advice, sizeof(advice), "%s, or install the CUDA %u.%u build", update,
                     ix.major, ix.minor);
            torch_reinstall_fix(f, e, advice, ix.tag);
        } else {
            finding_set_fix(f, "%s: PyTorch has no build for CUDA %u.%u", update, dmaj, dmin);
        }
        finding_set_source(f, TORCH_SOURCE "; " CUDA_COMPAT_SOURCE);
    }
}

void check_gpu_onnxruntime_no_cuda(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    bool any = false;
    for (unsigned i = 0; i < m->pyenvs.n; i++)
        any |= m->pyenvs.env[i].has_ort;
    if (!any) {
        skip_none(o, m, "ONNX Runtime");
        return;
    }
    char gpu[256];
    if (!gpu_present(m, gpu, sizeof(gpu))) {
        rule_skip(o, "no NVIDIA GPU seen (no NVML GPU, no libcuda in /usr/lib/wsl/lib)");
        return;
    }
    for (unsigned i = 0; i < m->pyenvs.n; i++) {
        const struct pyenv *e = &m->pyenvs.env[i];
        if (!e->has_ort || e->ort_cuda_provider)
            continue;
        /* another execution provider's build (OpenVINO, DirectML...) alone
         * was chosen for it: not a missing CUDA provider */
        bool cpu_pkg = !e->ort_package[0] || strcasecmp(e->ort_package, "onnxruntime") == 0;
        bool gpu_pkg = strcasecmp(e->ort_package, "onnxruntime_gpu") == 0;
        if (!cpu_pkg && !gpu_pkg && e->ort_dists < 2)
            continue;
        char at[PYENV_PATH + 2], site[PYENV_PATH + 2], s[PYENV_PATH + 2];
        where(e, at, sizeof(at));
        snprintf(site, sizeof(site), "/%s", e->site);
        text_sanitize(site, strlen(site), s, sizeof(s));
        bool both = e->ort_dists >= 2;
        struct finding *f;
        if (both) {
            char other[32]; /* the pip name: onnxruntime_gpu -> onnxruntime-gpu */
            snprintf(other, sizeof(other), "%s", cpu_pkg ? "onnxruntime_gpu" : e->ort_package);
            for (char *c = other; *c; c++)
                if (*c == '_')
                    *c = '-';
            f = rule_emit(o, SEV_WARNING,
                          "onnxruntime and %s are both installed in %s, and the CUDA provider "
                          "is missing: only the CPU runs models",
                          other, at);
        } else
            f = rule_emit(o, SEV_WARNING,
                          "ONNX Runtime in %s has no CUDA execution provider: it runs models on "
                          "the CPU",
                          at);
        finding_set_evidence(f,
                             "%s: %s %s, no onnxruntime/capi/libonnxruntime_providers_cuda.so; "
                             "%u onnxruntime dist-info%s; %s",
                             s, e->ort_package[0] ? e->ort_package : "onnxruntime (no dist-info)",
                             e->ort_version[0] ? e->ort_version : "", e->ort_dists,
                             e->ort_dists == 1 ? "" : "s", gpu);
        finding_set_source(f, ORT_SOURCE);
        struct pip_cmd p;
        char pkgs[64];
        if (cpu_pkg && !both)
            snprintf(pkgs, sizeof(pkgs), "onnxruntime");
        else if (gpu_pkg || !shell_word_ok(e->ort_package))
            snprintf(pkgs, sizeof(pkgs), "onnxruntime onnxruntime-gpu");
        else /* the CPU package and another build: both go */
            snprintf(pkgs, sizeof(pkgs), "onnxruntime %s", e->ort_package);
        if (pip_for(e, &p))
            finding_set_fix(f,
                            "replace it with the GPU package, which ships the CUDA provider "
                            "(built for CUDA 12 and cuDNN 9, which it loads at run time):\n"
                            "$ %s uninstall -y %s%s\n"
                            "$ %s install%s onnxruntime-gpu%s",
                            p.run, pkgs, p.tail, p.run, p.install_flag, p.tail);
        else
            finding_set_fix(f, "install onnxruntime-gpu (not onnxruntime) in a virtual "
                               "environment: the two packages share one directory, so only one "
                               "may be installed");
    }
}

/* The Python environments of a machine and the GPU frameworks in each, by
 * reading files through the root (nothing is imported or run):
 *   - system: usr/lib/python3*\/dist-packages (Debian's packages, pip as
 *     root on Debian puts them in usr/local/lib/python3*\/dist-packages);
 *   - user site (pip install --user): ~/.local/lib/python3.N/site-packages
 *     for each home/USER and root;
 *   - virtual environments: a pyvenv.cfg (PEP 405) in a directory at most 3
 *     levels below a home directory (dot directories other than .venv and
 *     .virtualenvs are not entered), at most PYENV_WALK_DIRS directories
 *     looked at per home; and $VIRTUAL_ENV, the active one;
 *   - conda: ~/miniconda3, ~/anaconda3, ~/miniforge3, /opt/conda and their
 *     envs/NAME; $CONDA_PREFIX, the active one.
 * In each site-packages:
 *   - PyTorch: torch/version.py, which the build writes (pytorch/pytorch
 *     tools/generate_torch_version.py): `cuda` is the CUDA version the
 *     wheel was built for, None in a CPU-only wheel;
 *   - ONNX Runtime: onnxruntime/, its dist-info (onnxruntime or
 *     onnxruntime_gpu) and onnxruntime/capi/libonnxruntime_providers_cuda.so,
 *     the CUDA execution provider, which only the GPU package ships;
 *   - TensorFlow: tensorflow/ and its dist-info's version. */
#ifndef HEADROOM_PYENV_H
#define HEADROOM_PYENV_H

#include <stdbool.h>
#include <stddef.h>

#include "probe/probe.h"

#define PYENV_MAX       16
#define PYENV_PATH      320
#define PYENV_WALK_DIRS 400

enum pyenv_kind { PYENV_SYSTEM, PYENV_USER_SITE, PYENV_VENV, PYENV_CONDA };

/* What torch/version.py says. */
struct torch_build {
    char version[48]; /* __version__: "2.5.0+cu124", "2.7.0+cpu" */
    bool cuda;        /* cuda is a version string (a CUDA build) */
    unsigned cuda_major, cuda_minor;
    bool hip; /* hip is a version string (a ROCm build; cuda is None there) */
};

struct pyenv {
    enum pyenv_kind kind;
    char prefix[PYENV_PATH]; /* "home/alex/.venv", "usr/local", "home/alex/.local" */
    char site[PYENV_PATH];   /* "home/alex/.venv/lib/python3.11/site-packages" */
    char python[16];         /* "python3.11" (the lib/ directory's name) */
    bool active;             /* $VIRTUAL_ENV or $CONDA_PREFIX names it */
    /* the interpreter's EXTERNALLY-MANAGED marker (PEP 668) is there:
     * pip refuses to install outside a virtual environment without
     * --break-system-packages */
    bool externally_managed;

    /* PyTorch. torch_st: UNREAD = no torch/version.py; OK; MALFORMED (its
     * diag names the file and line); UNAVAILABLE (could not be read). */
    struct probe_status torch_st;
    struct torch_build torch;
    bool has_torchvision, has_torchaudio; /* reinstalled together with torch */

    /* ONNX Runtime */
    bool has_ort;           /* site-packages/onnxruntime */
    char ort_package[32];   /* "onnxruntime", "onnxruntime_gpu", "" when no dist-info */
    char ort_version[32];   /* of that dist-info */
    unsigned ort_dists;     /* onnxruntime* dist-infos (2: both packages installed) */
    bool ort_cuda_provider; /* capi/libonnxruntime_providers_cuda.so */

    /* TensorFlow */
    bool has_tf;
    char tf_version[32]; /* from tensorflow-X.dist-info, "" when none */
};

struct pyenv_list {
    unsigned n;
    struct pyenv env[PYENV_MAX];
    bool truncated; /* more environments than PYENV_MAX */
};

/* torch/version.py as the build writes it:
 *   __version__ = '2.5.0+cu124'
 *   debug = False
 *   cuda: Optional[str] = '12.4'
 *   git_version = '32f585d9346e316e554c8d9bf7548af9f62141fc'
 *   hip: Optional[str] = None
 * (older builds: `cuda = '10.2'`, without the annotation). Returns 0, or
 * -EBADMSG (d: line and column) when __version__ or cuda is missing or not
 * a string / None. */
int torch_version_parse(const char *buf, size_t len, struct torch_build *ret, struct diag *d);

/* A dist-info directory's name: "onnxruntime_gpu-1.20.1.dist-info" ->
 * "onnxruntime_gpu", "1.20.1". False when not of that form or a part does
 * not fit (pkg_n, ver_n bytes with the NUL). */
bool pyenv_dist_info(const char *name, char *pkg, size_t pkg_n, char *ver, size_t ver_n);

/* Looks through the root. virtual_env / conda_prefix: the variables'
 * values ("" or NULL when unset). Never fails: what is not there is not
 * listed. */
void pyenv_read(const struct rootfs *r, const char *virtual_env, const char *conda_prefix,
                struct pyenv_list *ret);

/* "system", "user-site", "venv", "conda" */
const char *pyenv_kind_name(enum pyenv_kind k);

#endif

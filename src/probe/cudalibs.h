/* The CUDA user-space libraries a Python GPU stack loads (cuDNN, cuBLAS),
 * and CTranslate2 (faster-whisper's engine), which needs them: where they
 * are, by file name, through the root.
 *   - the loader's usual directories: usr/lib/x86_64-linux-gnu,
 *     lib/x86_64-linux-gnu, usr/local/cuda/lib64,
 *     usr/local/cuda/targets/x86_64-linux/lib;
 *   - each user's virtual environments (home/USER/{.venv,venv,env}) and
 *     ~/.local: lib/python3.N/site-packages/nvidia/{cudnn,cublas}/lib, where
 *     the nvidia-cudnn-cu12 / nvidia-cublas-cu12 wheels put them, which the
 *     loader does not search (SYSTRAN/faster-whisper#516);
 *   - CTranslate2's version from site-packages/ctranslate2-X.Y.Z.dist-info.
 * CTranslate2 4.5 and later are built for CUDA 12 with cuDNN 9; 4.0 to 4.4
 * for cuDNN 8 (faster-whisper README, "GPU"). */
#ifndef HEADROOM_CUDALIBS_H
#define HEADROOM_CUDALIBS_H

#include <stdbool.h>

#include "util/rootfs.h"

#define CUDALIBS_PATH 384

struct cudalibs {
    /* the loader's directories */
    bool sys_cudnn8, sys_cudnn9, sys_cublas12;
    char sys_cudnn_dir[CUDALIBS_PATH]; /* where one was found, "" when none */
    /* the first Python site-packages holding CTranslate2 */
    bool has_ct2;
    unsigned ct2_major, ct2_minor, ct2_patch;
    char site[CUDALIBS_PATH]; /* "home/alex/.venv/lib/python3.11/site-packages" */
    bool user_site;           /* it is ~/.local (pip install --user) */
    char venv[CUDALIBS_PATH]; /* "home/alex/.venv", "" for ~/.local */
    /* the wheels in that site-packages */
    bool wheel_cudnn8, wheel_cudnn9, wheel_cublas12;
};

/* "ctranslate2-4.5.0.dist-info" -> 4, 5, 0. False when not of that form. */
bool cudalibs_ct2_version(const char *name, unsigned *major, unsigned *minor, unsigned *patch);
/* Looks through the root. Never fails: what is not there is false/"". */
void cudalibs_read(const struct rootfs *r, struct cudalibs *ret);
/* The cuDNN major CTranslate2 needs: 9 from 4.5, else 8. */
unsigned cudalibs_cudnn_needed(const struct cudalibs *c);

#endif

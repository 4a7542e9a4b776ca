/* The VRAM margin `fit --ngl auto` keeps free on the GPU, one definition
 * for every command (fit, report, the doctor's gpu.vram-held-by-windows).
 *
 * llama.cpp's --fit keeps 1 GiB free. On WSL the GPU is shared with the
 * Windows desktop: NVML in the guest reports the adapter's free memory at
 * one moment, while what Windows' processes hold there moves as they draw
 * (a browser's GPU process, the compositor), and WSL's CUDA does not spill
 * into system RAM when they take it back (microsoft/WSL#11050); the
 * effective residency ceiling has been reported below NVML's free
 * (microsoft/WSL#41176). So when the Windows host data lists the dedicated
 * GPU memory of each process (the helper's PDH "GPU Process Memory"
 * counters, src/win/gpumem.h), the margin is what Windows' processes hold
 * now, measured on this machine, and never less than llama.cpp's 1 GiB.
 * The WSL VM's own process (vmmem) is not counted: what it holds is WSL's. */
#ifndef HEADROOM_FIT_VRAM_H
#define HEADROOM_FIT_VRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "win/host.h"

#define FIT_VRAM_MARGIN_LLAMA (1ULL << 30) /* llama.cpp --fit's default target */

struct fit_vram_margin {
    uint64_t bytes;        /* kept free */
    bool windows_known;    /* the host data has GPU memory per process */
    uint64_t windows_held; /* dedicated GPU memory Windows' processes hold (not vmmem) */
    char source[200];      /* where `bytes` comes from, for text and JSON */
};

/* The margin for `windows_held` bytes held by Windows' processes. */
uint64_t fit_vram_margin_bytes(uint64_t windows_held);
/* The dedicated GPU memory Windows' processes hold, from the host data:
 * false when `h` is NULL, not ok or has no GPU memory per process. */
bool fit_vram_windows_held(const struct win_host *h, uint64_t *ret);
/* The margin for this machine: from `h` (may be NULL) when it has GPU
 * memory per process, else llama.cpp's 1 GiB. */
void fit_vram_margin_for(const struct win_host *h, struct fit_vram_margin *ret);

#endif

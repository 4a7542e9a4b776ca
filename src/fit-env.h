/* What `fit` solves against, taken from the machine: the one definition used
 * by `headroom fit` and the report's model table. */
#ifndef HEADROOM_FIT_ENV_H
#define HEADROOM_FIT_ENV_H

#include <stdbool.h>
#include <stdint.h>

#include "fit-vram.h"
#include "machine.h"
#include "model/estimate.h"

struct fit_env {
    struct fit_budget b;
    const char *ram_source;        /* "MemAvailable", "MemFree + cache" or "--ram" */
    char vram_source[160];         /* "NVML: <name>", "--vram" or why there is none */
    bool avx2, avx512;             /* what the CPU backend repacks weights for */
    const char *cpu_source;        /* "/proc/cpuinfo"; NULL: assumed (not read) */
    bool vram_measured;            /* b.vram is NVML's (not --vram) */
    struct fit_vram_margin margin; /* b.vram_margin and where it comes from */
};

/* Figures the user gave instead of measuring them; 0 = measure. */
struct fit_env_given {
    uint64_t ram, vram, reserve;
};

/* RAM: the kernel's MemAvailable (what can be used without swapping: free
 * memory plus the page cache and slab the kernel can reclaim), or --ram,
 * less --reserve. VRAM: NVML's free memory summed over the GPUs, or --vram,
 * with 1 GiB kept free as llama.cpp's --fit keeps by default (more, for
 * what Windows holds, after fit_env_windows_margin()). CPU: the first
 * CPU's flags; AVX2 is assumed when /proc/cpuinfo was not read (the common
 * case for these laptops), AVX-512 is not. The machine must have been loaded
 * with MACHINE_NVML and MACHINE_CPUINFO (or MACHINE_SETUP). Returns 0, or -1
 * when the RAM was to be measured and meminfo was not read (m->meminfo_st
 * says why). */
int fit_env_from_machine(const struct machine *m, const struct fit_env_given *given,
                         struct fit_env *ret);

/* When the VRAM was measured (NVML), the margin for what Windows'
 * processes hold on the GPU from the host data `h` (may be NULL or not
 * ok: llama.cpp's 1 GiB stays), fit-vram.h's one definition. */
void fit_env_windows_margin(struct fit_env *e, const struct win_host *h);

#endif

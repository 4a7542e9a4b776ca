/* GPU memory per Windows process, from the helper's "gpu_processes" (PDH
 * "GPU Process Memory": win/helper/gpumem.c) and the adapters' dedicated use
 * ("gpu_dedicated_used"). The PowerShell fallback does not print them: then
 * they are unknown, "missing from the host document". */
#ifndef HEADROOM_WIN_GPUMEM_H
#define HEADROOM_WIN_GPUMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

#define WIN_MAX_GPU_PROCS 64

struct win_host;
struct jv;

struct win_gpu_proc {
    uint64_t pid;
    char *name;                 /* NULL when the helper could not name it */
    uint64_t dedicated, shared; /* bytes */
};

/* Maps the two keys of the document's root onto h (has_gpu_procs, gpu_procs,
 * gpu_dedicated_used). 0, or -EBADMSG with d at the bad value. */
int win_gpu_map(const char *buf, size_t len, const struct jv *root, struct win_host *h,
                struct diag *d);
void win_gpu_release(struct win_host *h);

/* Windows' own processes that hold GPU memory and are not closed to free it
 * (the desktop compositor, the shell, the WSL VM itself). */
bool win_gpu_system_process(const char *name);

#endif

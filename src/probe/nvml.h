/* NVIDIA GPU memory through NVML, loaded at run time with
 * dlopen("libnvidia-ml.so.1") — no build dependency; on WSL2 the library is
 * the Windows driver's, mounted in /usr/lib/wsl/lib. Only the live machine is
 * asked. Under --root the figures come from what `headroom snapshot` recorded
 * in .headroom/nvml; nothing in a root is loaded or executed.
 *
 * The recorded form (one line per item, sizes in bytes):
 *   driver 566.14
 *   cuda 12.7
 *   gpu 0 total 8585740288 free 7431389184 used 1154351104 name NVIDIA GeForce RTX 4060 Laptop GPU
 */
#ifndef HEADROOM_NVML_H
#define HEADROOM_NVML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/probe.h"
#include "util/strbuf.h"

#define NVML_MAX_GPUS      8
#define NVML_SNAPSHOT_PATH ".headroom/nvml"

struct nvml_gpu {
    char name[96];
    uint64_t total, free, used; /* bytes, as nvmlDeviceGetMemoryInfo reports them */
};

struct nvml_info {
    unsigned n; /* GPUs (at most NVML_MAX_GPUS kept) */
    struct nvml_gpu gpu[NVML_MAX_GPUS];
    char driver[48]; /* "" when unknown */
    /* the newest CUDA the driver supports (nvmlSystemGetCudaDriverVersion,
     * 12070 = 12.7, the "CUDA Version" nvidia-smi prints); 0.0 when unknown
     * (an older snapshot, or NVML without the call) */
    unsigned cuda_major, cuda_minor;
};

/* Asks NVML on this machine. Returns 0; -ENOENT when libnvidia-ml.so.1 (or a
 * symbol) is missing; -ENODEV when NVML fails to initialise or sees no GPU. */
int nvml_query(struct nvml_info *ret);
/* Pure parser of the recorded form. 0 or -EBADMSG (d: line and column). */
int nvml_parse(const char *buf, size_t len, struct nvml_info *ret, struct diag *d);
/* Writes the recorded form. */
void nvml_format(const struct nvml_info *n, struct strbuf *out);
/* Live root: nvml_query(); otherwise the snapshot's record. st: ok,
 * unavailable (no library, no GPU, not recorded) or malformed. */
int nvml_read(const struct rootfs *r, struct nvml_info *ret, struct probe_status *st);
/* Sum of free memory over the GPUs (llama.cpp splits layers across them). */
uint64_t nvml_total_free(const struct nvml_info *n);

#endif

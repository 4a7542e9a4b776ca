/* /sys/devices/system/cpu/online: the CPUs the guest runs on, as a list of
 * ranges. With .wslconfig `processors=N`, WSL boots the VM with nr_cpus=N. */
#ifndef HEADROOM_CPUS_H
#define HEADROOM_CPUS_H

#include <stdbool.h>

#include "probe/probe.h"

#define CPUS_MAX_ID 8191

struct cpus {
    unsigned online; /* count */
    unsigned max_id; /* highest online CPU number */
};

/* 0-3,5,7-9
 * Returns 0 or -EBADMSG (empty list, bad range, id above CPUS_MAX_ID). */
int cpus_parse(const char *buf, size_t len, struct cpus *ret, struct diag *d);
int cpus_read(const struct rootfs *r, struct cpus *ret, struct probe_status *st);

/* /proc/cpuinfo: the instruction-set flags of the first CPU, which decide the
 * row width llama.cpp repacks weights to (src/model/estimate.c). On x86 the
 * line is "flags\t\t: fpu vme ... avx2 ... avx512f ..."; arm64 writes
 * "Features\t: fp asimd ..." instead. */
struct cpu_features {
    bool known; /* a flags (or Features) line was found */
    bool avx2, avx512f;
};

/* Returns 0 (known false when no flags line is present: not x86, or a
 * kernel that writes none) or -EBADMSG when a flags line has no ':'. Only
 * the first CPU's block is read. */
int cpuinfo_flags_parse(const char *buf, size_t len, struct cpu_features *ret, struct diag *d);
/* Reads at most 1 MiB; a longer file (hundreds of CPUs) is parsed from its
 * first MiB, which holds the first CPU's block. */
int cpuinfo_read(const struct rootfs *r, struct cpu_features *ret, struct probe_status *st);

#endif

/* /proc/vmstat: the kernel's event counters (pages, cumulative since boot).
 * `watch` uses the refault counters as a brake (microsoft/WSL src/linux/init/util.cpp,
 * StartMemoryReductionThread, WSL #40779): a page that is read back soon after being evicted is a
 * "refault", so a rise in workingset_refault_file while reclaiming means the
 * cache being reclaimed was still in use. Kernels before 5.9 have a single
 * workingset_refault counter, taken as the file one. */
#ifndef HEADROOM_VMSTAT_H
#define HEADROOM_VMSTAT_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/probe.h"

struct vmstat {
    uint64_t workingset_refault_file, workingset_refault_anon;
    uint64_t pgmajfault, pgscan_direct, pgsteal_direct, pgscan_kswapd, pgsteal_kswapd;
    uint64_t drop_pagecache, drop_slab, compact_stall;
    bool has_refault;      /* either refault counter was present */
    bool has_refault_anon; /* 5.9+ split counters */
    uint64_t oom_kill;     /* OOM kills since boot (4.13+) */
    bool has_oom_kill;
};

/* workingset_refault_file 393061
 * Every line must be "name number"; unknown names are skipped. Returns 0 or
 * -EBADMSG. */
int vmstat_parse(const char *buf, size_t len, struct vmstat *ret, struct diag *d);
int vmstat_read(const struct rootfs *r, struct vmstat *ret, struct probe_status *st);

/* /proc/sys/vm/min_unmapped_ratio: "1\n", the percentage of a node's memory
 * node reclaim leaves as unmapped page cache (0-100). Returns 0 or -EBADMSG. */
int vm_percent_parse(const char *buf, size_t len, unsigned *ret, struct diag *d);
int vm_min_unmapped_ratio_read(const struct rootfs *r, unsigned *ret, struct probe_status *st);

#endif

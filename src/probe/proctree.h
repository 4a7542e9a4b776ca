/* The memory of one process tree, for `headroom run` when no cgroup can be
 * made: every process whose parent chain reaches `top` (the run's own pid;
 * `run` is a child subreaper, so orphaned grandchildren stay in its tree).
 * One pass reads every /proc/<pid>/stat (for the parent links), then
 * status of the members (VmRSS, RssFile, VmSwap, VmHWM). */
#ifndef HEADROOM_PROCTREE_H
#define HEADROOM_PROCTREE_H

#include <stdint.h>

#include "probe/probe.h"

struct proctree_sample {
    unsigned nprocs;
    uint64_t rss, rss_file, swap; /* sums over the members */
    uint64_t max_hwm;             /* the largest VmHWM among them */
};

/* Returns 0, or -errno when /proc cannot be listed. `top` itself is not
 * counted. */
int proctree_read(const struct rootfs *r, int top, struct proctree_sample *ret);

#endif

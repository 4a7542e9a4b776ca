/* /proc/stat: the aggregate "cpu" line, the CPU time of the whole machine
 * since boot in clock ticks (USER_HZ). `watch` measures idleness from the
 * difference of two samples, the way WSL's autoMemoryReclaim does
 * (microsoft/WSL src/linux/init/util.cpp, StartMemoryReductionThread): busy = user + nice + system
 * + irq + softirq + steal, idle = idle + iowait (guest and guest_nice are already inside user and
 * nice). Only the first line is needed, so a reader may hand over just the
 * start of the file. */
#ifndef HEADROOM_STAT_H
#define HEADROOM_STAT_H

#include <stdint.h>

#include "probe/probe.h"

struct cpu_times {
    uint64_t user, nice, system, idle, iowait, irq, softirq, steal;
    unsigned nfields; /* how many of the 8 the kernel wrote (4 on pre-2.6 kernels) */
};

/* cpu  10132153 290696 3084719 46828483 16683 0 25195 0 175628 0
 * The first line must be the aggregate "cpu" line with at least 4 numbers;
 * later lines are not looked at (they may be cut off). Returns 0 or -EBADMSG. */
int cpu_times_parse(const char *buf, size_t len, struct cpu_times *ret, struct diag *d);
int cpu_times_read(const struct rootfs *r, struct cpu_times *ret, struct probe_status *st);

/* The "btime" line: the time of boot in seconds since the epoch, which the
 * kernel computes as the real-time clock less the time since boot:
 *   btime 1795481460
 * (this project's development VM). 0, -ENOENT when there is no such line,
 * or -EBADMSG (d: line and column). */
int stat_btime_parse(const char *buf, size_t len, uint64_t *ret, struct diag *d);
/* /proc/stat through the root; st: ok, unavailable (no file, or no btime
 * line: error -ENOENT) or malformed. */
int stat_btime_read(const struct rootfs *r, uint64_t *ret, struct probe_status *st);

/* Saturating sums of the fields, in ticks. */
uint64_t cpu_times_busy(const struct cpu_times *t);
uint64_t cpu_times_idle(const struct cpu_times *t);

#endif

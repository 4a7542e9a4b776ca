/* /proc/uptime: seconds since boot and the idle time of all CPUs summed, both
 * with two decimals ("350735.47 1329438.28"). `watch` measures idleness from
 * it rather than from /proc/stat: the kernel adds up the same per-CPU idle
 * time for both files, but /proc/stat also prints a line per CPU and sums
 * every interrupt counter, which made it the costliest read of a sample
 * (about 20 us against 3 us, measured at 1 Hz; bench/watch-vs-earlyoom.sh).
 * What uptime cannot split is iowait, so it counts as busy: a machine
 * waiting for its disk is not idle. */
#ifndef HEADROOM_UPTIME_H
#define HEADROOM_UPTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/probe.h"

struct uptime {
    uint64_t up_cs;   /* since boot (CLOCK_BOOTTIME), in hundredths of a second */
    uint64_t idle_cs; /* idle time of every CPU added up, in hundredths */
};

/* "350735.47 1329438.28\n": two decimal numbers with up to 9 fraction digits
 * (the kernel writes two; more are cut, fewer padded). Returns 0 or -EBADMSG. */
int uptime_parse(const char *buf, size_t len, struct uptime *ret, struct diag *d);
/* /proc/uptime through the root. */
int uptime_read(const struct rootfs *r, struct uptime *ret, struct probe_status *st);

/* Cumulative busy and idle CPU time, in hundredths of a second, from uptime
 * and the number of online CPUs: all = up * cpus, busy = all - idle. False
 * when idle exceeds what `cpus` CPUs could have had, i.e. the count is
 * stale (a CPU came online since it was read). */
bool uptime_cpu_times(const struct uptime *u, unsigned cpus, uint64_t *busy_cs, uint64_t *idle_cs);

#endif

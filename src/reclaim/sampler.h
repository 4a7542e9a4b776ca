/* What `watch` reads every interval, cheaply. Each file is opened once through
 * the root and re-read from offset 0 with pread() (earlyoom's rewind-and-read,
 * without stdio):
 *   /proc/meminfo            every sample;
 *   /proc/uptime             at most every 2 s: the CPUs' idle time
 *                            (probe/uptime.h), with the online count from
 *                            /sys/devices/system/cpu/online, re-read every 30 s;
 *                            where either is missing (an old snapshot), the
 *                            first line of /proc/stat instead. The counters are
 *                            cumulative, so a sample in between loses nothing:
 *                            idleness is judged over ticks of 10-30 s;
 *   /proc/pressure/memory    at most every 2 s: the kernel updates avg10 every
 *                            2 s, so reading it more often only costs time.
 * Each read is a system call, and at 1 Hz (cold caches, in a VM) one costs
 * 5-10 us: the price of a sample is mostly how many files it reads.
 *   /proc/vmstat             when asked (a gradual reclaim could follow), at
 *                            most every 2 s: the refault rate is taken over
 *                            the time between two readings.
 * A file that vanishes (ENOENT on open, or a held file whose link count dropped
 * to 0, as in a test root where it was deleted or replaced) is reported
 * unavailable for that sample and opened again on a later one. */
#ifndef HEADROOM_SAMPLER_H
#define HEADROOM_SAMPLER_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/meminfo.h"
#include "probe/psi.h"
#include "probe/stat.h"
#include "probe/uptime.h"
#include "probe/vmstat.h"

struct sampler_file {
    const char *path; /* relative to the root */
    int fd;           /* -1 when closed */
    size_t cap;       /* bytes read at most */
};

struct sampler {
    const struct rootfs *root; /* borrowed */
    struct sampler_file f_meminfo, f_uptime, f_cpus, f_stat, f_psi, f_vmstat;
    struct meminfo meminfo;
    struct psi psi;
    struct vmstat vmstat;
    /* cumulative CPU time in hundredths of a second (USER_HZ ticks from
     * /proc/stat are hundredths too), valid when cpu_st is PROBE_OK */
    uint64_t cpu_busy, cpu_idle;
    const char *cpu_source; /* "proc/uptime" or "proc/stat" */
    unsigned ncpu;          /* online CPUs; 0 = to be read */
    uint64_t ncpu_ms, cpu_ms, psi_ms, vmstat_ms;
    bool cpu_read, psi_read;
    struct probe_status meminfo_st, cpu_st, psi_st, vmstat_st;
    unsigned long long opens, vanished;
};

void sampler_init(struct sampler *s, const struct rootfs *root);
/* One sample at now_ms (monotonic): meminfo always, the CPU times and PSI when
 * 2 s have passed since they were last read (their values and statuses are
 * otherwise kept), vmstat the same way but only while asked for (else its
 * status is PROBE_UNREAD). Each status says what came. */
void sampler_read(struct sampler *s, uint64_t now_ms, bool want_vmstat);
/* Just /proc/meminfo (after an action, for what it freed). */
void sampler_read_meminfo(struct sampler *s);
void sampler_close(struct sampler *s);

#endif

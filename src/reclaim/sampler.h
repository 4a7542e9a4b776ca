/* What `watch` reads, cheaply. Each file is opened once through the root and
 * re-read from offset 0 with pread() (earlyoom's rewind-and-read, without
 * stdio). Each read is a system call, and at 1 Hz (cold caches, in a VM) one
 * costs 5-50 us: the price of a sample is mostly how many files it reads
 * (bench/watch-vs-earlyoom.sh). So:
 *   sysinfo(2)               every sample on the live root: MemFree and
 *                            SwapFree from the same kernel counters, in one
 *                            system call (about 3 us against the ~30 us of a
 *                            cold /proc/meminfo read and parse);
 *   /proc/meminfo            when sysinfo says memory moved (below), every
 *                            10 s, right before an action, and every sample
 *                            on a test root (sysinfo describes this machine);
 *   the details              every 10 s, and again right before an action
 *                            (sampler_refresh), so that what decides is fresh:
 *     /proc/uptime           the CPUs' idle time (probe/uptime.h), with the
 *                            online count from /sys/devices/system/cpu/online,
 *                            re-read every 30 s; where either is missing (an
 *                            old snapshot), the first line of /proc/stat;
 *     /proc/pressure/memory  PSI (the kernel updates avg10 every 2 s);
 *     /proc/vmstat           refaults, only while asked (a gradual reclaim
 *                            could follow); the rate is taken over the time
 *                            between two readings.
 * The CPU and refault counters are cumulative, so a sample in between loses
 * nothing: idleness is judged over ticks of 10-30 s, and actions are at least
 * 30 s apart.
 * Why MemFree decides when meminfo is read: MemAvailable is computed from the
 * same free-page counter, and as long as free memory is above the kernel's
 * watermarks, pages that become anonymous memory, page cache or slab come out
 * of it and pages given back return to it. Reclaim moves them apart (kswapd
 * turns cache into free pages that are taken again), and the kernel reclaims
 * only when free memory nears the watermarks: about 0.5 % of RAM, up to 2.5
 * times that with watermark boost. So meminfo is read when MemFree or
 * SwapFree moved by 1/256 of MemTotal (at least 16 MiB) since the last read,
 * and on every sample while MemFree is under 1/16 of MemTotal (at least
 * 256 MiB). One blind spot, shared with meminfo's own MemAvailable: pages on
 * the per-CPU free lists are not in the counter, so allocations served from
 * them move AnonPages or Cached but not MemFree. Those lists are small on
 * older kernels; on this project's 6.18 VM they held 1.5 GB (/proc/zoneinfo
 * "count:"), and 200 MiB taken there left MemFree where it was. The cache
 * figure can then be up to 10 s old by that much; the cap is no emergency
 * brake, and what decides an action is read fresh right before it.
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

/* What sysinfo(2) says of memory, in bytes. */
struct mem_glance {
    uint64_t total, free, swap_free;
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
    const char *cpu_source;                      /* "proc/uptime" or "proc/stat" */
    unsigned ncpu;                               /* online CPUs; 0 = to be read */
    uint64_t ncpu_ms, cpu_ms, psi_ms, vmstat_ms; /* when last read (PROBE_UNREAD: never) */
    struct probe_status meminfo_st, cpu_st, psi_st, vmstat_st;
    /* the glance (live root only): sysinfo's figures at the last meminfo
     * read, when that was, and whether this sample read it */
    bool glance;
    bool have_at_read;
    struct mem_glance at_read;
    struct mem_glance sampled; /* the glance this sample took (live root only) */
    uint64_t meminfo_ms;
    bool meminfo_fresh;
    unsigned long long opens, vanished, meminfo_reads, meminfo_skips;
};

void sampler_init(struct sampler *s, const struct rootfs *root);
#define SAMPLER_DETAIL_EVERY_MS 10000

/* True when /proc/meminfo must be read again: `then` is the glance at the last
 * read, `now` this sample's, age_ms the time since that read (see above). */
bool sampler_meminfo_due(const struct mem_glance *then, const struct mem_glance *now,
                         uint64_t age_ms);
/* sysinfo(2) as a glance; false when it fails. */
bool sampler_glance(struct mem_glance *g);

/* One sample at now_ms (monotonic): meminfo when due (meminfo_fresh says
 * whether it was read), the CPU times and PSI when SAMPLER_DETAIL_EVERY_MS
 * have passed since they were last read, vmstat the same way but only while
 * asked for (else its status is PROBE_UNREAD). What is not read keeps its
 * values and status; each status says what came. */
void sampler_read(struct sampler *s, uint64_t now_ms, bool want_vmstat);
/* Reads meminfo when this sample did not, and the details (CPU, PSI, vmstat
 * when asked) not read at now_ms; true when it read any. For a decision about
 * to be carried out. */
bool sampler_refresh(struct sampler *s, uint64_t now_ms, bool want_vmstat);
/* Just /proc/meminfo, now (after an action, for what it freed; for a sample
 * line in the log). */
void sampler_read_meminfo(struct sampler *s);
void sampler_close(struct sampler *s);

#endif

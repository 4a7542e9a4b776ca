/* What `watch` reads every interval, cheaply: /proc/meminfo, /proc/stat (its
 * first line), /proc/pressure/memory and (gradual mode) /proc/vmstat. Each
 * file is opened once through the root and re-read from offset 0 with
 * pread() (earlyoom's rewind-and-read, without stdio). A file that vanishes
 * (ENOENT on open, or a held file whose link count dropped to 0, as in a
 * test root where it was deleted or replaced) is reported unavailable for
 * that sample and opened again on a later one. */
#ifndef HEADROOM_SAMPLER_H
#define HEADROOM_SAMPLER_H

#include <stdbool.h>

#include "probe/meminfo.h"
#include "probe/psi.h"
#include "probe/stat.h"
#include "probe/vmstat.h"

struct sampler_file {
    const char *path; /* relative to the root */
    int fd;           /* -1 when closed */
    size_t cap;       /* bytes read at most */
};

struct sampler {
    const struct rootfs *root; /* borrowed */
    struct sampler_file f_meminfo, f_stat, f_psi, f_vmstat;
    struct meminfo meminfo;
    struct cpu_times cpu;
    struct psi psi;
    struct vmstat vmstat;
    struct probe_status meminfo_st, cpu_st, psi_st, vmstat_st;
    unsigned long long opens, vanished;
};

void sampler_init(struct sampler *s, const struct rootfs *root);
/* Reads every file (vmstat only when asked); each status says what came. */
void sampler_read(struct sampler *s, bool want_vmstat);
void sampler_close(struct sampler *s);

#endif

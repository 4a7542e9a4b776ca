/* Pressure stall information, /proc/pressure/memory. WSL kernels build PSI
 * but switch it off by default (CONFIG_PSI_DEFAULT_DISABLED): the file is then
 * missing or reading it fails with EOPNOTSUPP, and the probe says
 * "unavailable"; `kernelCommandLine=psi=1` in .wslconfig turns it on. */
#ifndef HEADROOM_PSI_H
#define HEADROOM_PSI_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/probe.h"

struct psi_line {
    uint64_t avg10, avg60, avg300; /* percent, in hundredths (12.34% -> 1234) */
    uint64_t total_us;             /* cumulative stall time */
};

struct psi {
    struct psi_line some, full;
    bool has_full;
};

/* some avg10=0.00 avg60=0.00 avg300=0.00 total=0
 * full avg10=0.00 avg60=0.00 avg300=0.00 total=0
 * "some" is required; "full" optional. Returns 0 or -EBADMSG. */
int psi_parse(const char *buf, size_t len, struct psi *ret, struct diag *d);
/* Reads /proc/pressure/memory, or `path` relative to the root when not NULL
 * (e.g. a cgroup's memory.pressure). */
int psi_read(const struct rootfs *r, const char *path, struct psi *ret, struct probe_status *st);

#endif

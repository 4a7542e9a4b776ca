/* /sys/devices/system/cpu/online: the CPUs the guest runs on, as a list of
 * ranges. With .wslconfig `processors=N`, WSL boots the VM with nr_cpus=N. */
#ifndef HEADROOM_CPUS_H
#define HEADROOM_CPUS_H

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

#endif

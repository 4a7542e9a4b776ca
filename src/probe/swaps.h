/* /proc/swaps: the active swap areas (sizes in bytes). */
#ifndef HEADROOM_SWAPS_H
#define HEADROOM_SWAPS_H

#include <stdint.h>

#include "probe/probe.h"

#define SWAPS_MAX 32

struct swap_area {
    char filename[256]; /* unescaped (\040 -> space) */
    char type[16];      /* partition, file */
    uint64_t size, used;
    int64_t priority;
};

struct swaps {
    struct swap_area areas[SWAPS_MAX];
    size_t n;
    uint64_t total, used;
};

/* Filename				Type		Size		Used		Priority
 * /dev/sdb                                partition	4194304		0		-2
 * Returns 0 or -EBADMSG. An empty file or a header alone means no swap. */
int swaps_parse(const char *buf, size_t len, struct swaps *ret, struct diag *d);
int swaps_read(const struct rootfs *r, struct swaps *ret, struct probe_status *st);

#endif

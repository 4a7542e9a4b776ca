/* /proc/buddyinfo: free blocks per zone and order. Free page reporting hands
 * the host only blocks at or above page_reporting_order, so free memory in
 * smaller blocks still counts against Windows (mm/page_reporting.c: only free pages go back). */
#ifndef HEADROOM_BUDDYINFO_H
#define HEADROOM_BUDDYINFO_H

#include <stdint.h>

#include "probe/probe.h"

#define BUDDY_MAX_ZONES  16
#define BUDDY_MAX_ORDERS 16

struct buddy_zone {
    unsigned node;
    char zone[16];
    uint64_t free[BUDDY_MAX_ORDERS]; /* number of free blocks of 2^order pages */
    unsigned norders;
};

struct buddyinfo {
    struct buddy_zone zones[BUDDY_MAX_ZONES];
    size_t n;
};

/* Node 0, zone      DMA      1      1      1      0      2      1      1      0      1      1 3
 * Returns 0 or -EBADMSG. */
int buddyinfo_parse(const char *buf, size_t len, struct buddyinfo *ret, struct diag *d);
int buddyinfo_read(const struct rootfs *r, struct buddyinfo *ret, struct probe_status *st);
/* Bytes of free memory in blocks of order below `order`, for pages of
 * `page_size` bytes (saturating). */
uint64_t buddyinfo_free_below(const struct buddyinfo *b, unsigned order, uint64_t page_size);
/* All free bytes the table shows. */
uint64_t buddyinfo_free_total(const struct buddyinfo *b, uint64_t page_size);

#endif

/* Prometheus text exposition format (version 0.0.4) of what `watch` knows:
 * guest memory, the host's view (MemTotal - MemFree: what Vmmem holds), page
 * cache, PSI, refaults, and the reclaim counters. Read by node_exporter's
 * textfile collector (--metrics-file) or scraped from /metrics (--listen). */
#ifndef HEADROOM_PROM_H
#define HEADROOM_PROM_H

#include <stdbool.h>
#include <stdint.h>

#include "util/strbuf.h"

struct prom_metrics {
    bool has_mem;
    uint64_t mem_total, mem_free, mem_available, cached, buffers, file_cache, shmem, mapped;
    uint64_t swap_total, swap_free;
    bool has_psi, has_psi_full;
    uint64_t psi_some_avg10, psi_full_avg10; /* hundredths of a percent */
    uint64_t psi_some_total_us, psi_full_total_us;
    bool has_refault;
    uint64_t refault_file_bytes;
    uint64_t protected_bytes, floor_bytes;
    const char *mode; /* "off", "dropcache", "gradual" */
    bool dry_run, idle;
    /* counters since start */
    uint64_t samples, actions, drops, reclaims, bytes_asked, bytes_freed;
    uint64_t stops_pressure, stops_refault, rate_limited, errors;
    uint64_t reclaim_seconds_us; /* time spent in reclaim writes */
};

/* Appends the whole exposition to `out`. */
void prom_render(const struct prom_metrics *m, struct strbuf *out);

#endif

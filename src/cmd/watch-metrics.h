/* headroom watch's metrics (watch-metrics.c). */
#ifndef HEADROOM_WATCH_METRICS_H
#define HEADROOM_WATCH_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "out/prom.h"
#include "reclaim/policy.h"
#include "reclaim/sampler.h"

/* The metrics of one sample: the sampler's readings, the policy's state
 * and counters, watch's own error count and time spent reclaiming.
 * Keeps m's sample count. */
void watch_metrics_fill(struct prom_metrics *m, const struct sampler *s,
                        const struct policy_sample *x, const struct policy *p, bool dry_run,
                        uint64_t errors, uint64_t reclaim_us);

/* Writes them to path for node_exporter's textfile collector, atomically
 * (temp, fsync, rename). 0 or -errno. */
int watch_metrics_write(const char *path, const struct prom_metrics *pm);
/* Listens on ARG ("PORT", "ADDR:PORT" or "[ADDR6]:PORT"; 127.0.0.1 unless
 * an address is given), non-blocking. 0 with *ret_fd set, or EXIT_USAGE /
 * EXIT_SYSTEM with the one-line reason in err. */
int watch_http_listen(const char *arg, int *ret_fd, char *err, size_t errn);
/* Accepts one connection and answers it: /metrics from pm, / a pointer to
 * it, anything else 404. The client has 1 s to send its request. */
void watch_http_serve_one(int listen_fd, const struct prom_metrics *pm);

#endif

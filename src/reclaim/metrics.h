/* headroom watch's metrics: filled each tick, written to a file, served over HTTP. */
#ifndef HEADROOM_RECLAIM_METRICS_H
#define HEADROOM_RECLAIM_METRICS_H

#include <signal.h>
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
/* The metrics server: non-blocking, on the sampling thread (metrics.c). */
#define WATCH_HTTP_CONNS       32
#define WATCH_HTTP_DEADLINE_MS 1000 /* a connection's whole life */
#define WATCH_HTTP_REQ_MAX     2047

struct watch_http_conn {
    int fd; /* -1: free */
    bool writing;
    uint64_t deadline_ms;
    char *buf; /* the request as it arrives, then the response */
    size_t len, off;
};

struct watch_http {
    int listen_fd; /* -1: not serving */
    struct watch_http_conn conn[WATCH_HTTP_CONNS];
    uint64_t evicted, timed_out;
};

void watch_http_init(struct watch_http *h);
/* Listens on ARG ("PORT", "ADDR:PORT" or "[ADDR6]:PORT"; 127.0.0.1 unless
 * an address is given), non-blocking. 0 with h->listen_fd set, or -EINVAL
 * (not an address) / another -errno, with the one-line reason in err. */
int watch_http_listen(const char *arg, struct watch_http *h, char *err, size_t errn);
/* Waits at most wait_ms (less when a connection's deadline comes first) for
 * the listener, a connection or a signal not in mask, and does the work that
 * is ready without blocking: accept, read, answer from pm, write, close.
 * now is the caller's monotonic clock in ms. Returns ppoll's count, 0 on a
 * timeout, or -errno (-EINTR for a signal). */
int watch_http_wait(struct watch_http *h, const struct prom_metrics *pm, uint64_t now,
                    uint64_t wait_ms, const sigset_t *mask);
void watch_http_close(struct watch_http *h);

#endif

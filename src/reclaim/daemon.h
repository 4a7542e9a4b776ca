/* headroom watch's daemon, one tick at a time: sample, decide, act, log.
 * The command (src/cmd/watch.c) reads the options and the settings file,
 * opens the log, handles the signals and waits between ticks; everything a
 * tick does is here. */
#ifndef HEADROOM_RECLAIM_DAEMON_H
#define HEADROOM_RECLAIM_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "probe/inference.h"
#include "reclaim/cgroup.h"
#include "reclaim/metrics.h"
#include "reclaim/policy.h"
#include "reclaim/sampler.h"
#include "util/rootfs.h"

struct watch_daemon {
    const struct rootfs *root; /* borrowed */
    bool dry_run;              /* decide and log, write nothing */
    bool metrics_wanted;       /* fill pm every tick (a metrics file or --listen) */
    FILE *log;                 /* borrowed: the JSON log */
    struct policy policy;
    struct sampler sampler;
    struct reclaim_target target;
    struct inference_list inf;
    uint64_t last_scan_ms;
    uint64_t scan_mapped; /* meminfo's Mapped at that walk */
    uint64_t page_size;
    uint64_t self_cs;
    struct prom_metrics pm;
    uint64_t errors, reclaim_us;
    bool meminfo_failing; /* the last meminfo read failed, and that was logged */
};

/* Finds the reclaim target (none with dry_run), opens the sampler's files. */
void watch_daemon_init(struct watch_daemon *w, const struct rootfs *root,
                       const struct policy_config *cfg, bool dry_run, FILE *log);
/* One tick at `now` (monotonic ms): reads, decides, acts and logs; with
 * log_sample, a "sample" line too. *x is the sample decided on (for the
 * caller's interval). Returns whether it acted. */
bool watch_daemon_tick(struct watch_daemon *w, uint64_t now, bool log_sample,
                       struct policy_sample *x);
/* A start, stop, reload or error line in the log. */
void watch_daemon_event(struct watch_daemon *w, const char *event, const char *detail);
void watch_daemon_close(struct watch_daemon *w);

#endif

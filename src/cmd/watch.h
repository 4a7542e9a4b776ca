/* headroom watch's state, shared by the loop (watch.c) and the writer of
 * its JSON log (watch-log.c). */
#ifndef HEADROOM_CMD_WATCH_H
#define HEADROOM_CMD_WATCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "cmd/watch-metrics.h"
#include "probe/inference.h"
#include "reclaim/cgroup.h"
#include "reclaim/policy.h"
#include "reclaim/sampler.h"

struct watch {
    struct ctx *ctx;
    struct policy_config base; /* defaults + command line, before the file */
    struct policy policy;
    struct sampler sampler;
    struct reclaim_target target;
    struct inference_list inf;
    uint64_t last_scan_ms;
    uint64_t scan_mapped; /* meminfo's Mapped at that walk */
    FILE *log;
    struct watch_http http;
    uint64_t page_size;
    uint64_t self_cs;
    struct prom_metrics pm;
    uint64_t last_metrics_ms;
    uint64_t errors, reclaim_us;
    const char *config_path;
    bool config_required;
    bool meminfo_failing; /* the last meminfo read failed, and that was logged */
};

/* The log: one JSON object per line, each starting with its UTC time. */
void log_time(FILE *f);
void log_kv_str(FILE *f, const char *k, const char *v);
void log_event(struct watch *w, const char *event, const char *detail);
/* One error line when /proc/meminfo stops reading, one when it reads again. */
void log_meminfo_state(struct watch *w);
/* A sample line for the report's timeline: the figures of one tick. */
void log_sample(struct watch *w, const struct policy_sample *x);

#endif

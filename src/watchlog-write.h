/* Writing the log `headroom watch` keeps (the format is described in
 * watchlog.h, whose parser reads it back): the one writer, used by the
 * daemon (src/reclaim/daemon.c). Each function writes one whole line and
 * flushes it, so a reader never sees half a line. */
#ifndef HEADROOM_WATCHLOG_WRITE_H
#define HEADROOM_WATCHLOG_WRITE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "watchlog.h"

/* start, stop, reload, error, recovered: {"time","event","mode","detail"} */
void watchlog_write_event(FILE *f, const char *event, const char *mode, const char *detail);
/* {"time","event":"sample","mem_total",...,"psi_some_avg10"}: s->t_ms is
 * ignored, the line gets the time it is written. */
void watchlog_write_sample(FILE *f, const struct watch_sample *s);

/* One action of the daemon: a "drop" or a "reclaim" line. */
struct watchlog_action {
    const char *event;  /* "drop" or "reclaim" */
    const char *mode;   /* the policy's mode */
    const char *target; /* "drop_caches", "memory.reclaim", ... */
    const char *value;  /* what was written, or NULL */
    uint64_t bytes_asked, bytes_freed;
    double duration_ms;
    bool has_reclaim_detail; /* a memory.reclaim write was made: eagain, timed_out */
    unsigned eagain;
    bool timed_out;
    bool compacted;
    uint64_t protected_bytes;
    const char *reason;
    bool dry_run;
    const char *error; /* NULL: it worked */
};
void watchlog_write_action(FILE *f, const struct watchlog_action *a);

#endif

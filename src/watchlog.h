/* The log `headroom watch --log FILE --sample-every D` writes: one JSON
 * object per line. "sample" lines carry the memory figures of one tick;
 * "drop" and "reclaim" lines the actions. The report draws them as a
 * timeline. The file is untrusted input: every line is parsed with the
 * bounded JSON reader, the number of points is capped, and a malformed line
 * is an error naming its line number.
 *
 * {"time":"2026-11-24T02:17:22.300Z","event":"sample","mem_total":N,"mem_free":N,
 *  "mem_available":N,"file_cache":N,"psi_some_avg10":0.00}
 * {"time":"...","event":"drop","mode":"dropcache",...,"bytes_freed":N,"duration_ms":1.2,
 *  "reason":"...","dry_run":false,"error":null} */
#ifndef HEADROOM_WATCHLOG_H
#define HEADROOM_WATCHLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

#define WATCHLOG_MAX_LINES 1000000
#define WATCHLOG_MAX_BYTES (256u * 1024 * 1024)

struct watch_sample {
    int64_t t_ms; /* milliseconds since the epoch (UTC) */
    uint64_t mem_total, mem_free, mem_available, file_cache;
    bool has_psi;
    double psi_some_avg10; /* percent */
};

struct watch_event {
    int64_t t_ms;
    char kind[16]; /* "drop" or "reclaim" */
    uint64_t bytes_freed;
    bool dry_run, failed;
    char reason[112];
};

struct watchlog {
    struct watch_sample *samples;
    size_t nsamples;
    struct watch_event *events;
    size_t nevents;
    size_t other_lines; /* start, stop, reload, error lines */
};

/* "2026-11-24T02:17:22.298Z" (fraction optional) -> ms since the epoch.
 * Returns 0 or -EINVAL. */
int watchlog_time_parse(const char *s, int64_t *ret_ms);
/* Parses the whole log. Returns 0 or -EBADMSG with d at the bad line. */
int watchlog_parse(const char *buf, size_t len, struct watchlog *ret, struct diag *d);
void watchlog_release(struct watchlog *l);

#endif

/* The last sample of `headroom watch`'s log, for the post-mortem: a watch
 * log outlives the VM (it is on the VM's disk), so a last sample older than
 * this boot says the VM went away after it, and with what memory.
 *
 * The log is read at WATCHTAIL_PATH, the path `headroom watch --help`
 * gives for its log, through the root (a snapshot or fixture holds it at
 * the same path). Only its last WATCHTAIL_BYTES are read: a log grows for
 * months; the lines are those src/watchlog.h describes:
 *   {"time":"2026-11-24T02:17:22.300Z","event":"sample","mem_total":8258562048,
 *    "mem_free":104857600,"mem_available":209715200,"file_cache":73400320,
 *    "psi_some_avg10":41.20} */
#ifndef HEADROOM_WATCHTAIL_H
#define HEADROOM_WATCHTAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/probe.h"
#include "util/strbuf.h"
#include "watchlog.h"

#define WATCHTAIL_PATH  "var/log/headroom-watch.log"
#define WATCHTAIL_BYTES (64 * 1024)

struct watch_tail {
    bool has_sample;
    struct watch_sample last; /* the last "sample" line */
    uint64_t last_offset;     /* its byte offset in the file */
    size_t samples;           /* sample lines in what was read */
};

/* The complete lines of `buf`, the last `len` bytes of a log whose first
 * byte is at `file_offset`: when that is not 0 the first (partial) line is
 * skipped; a last line with no '\n' is one being written (or cut by the VM
 * stopping) and is skipped too. Returns 0, or -EBADMSG with d at the byte
 * offset in the file of the bad line. */
int watch_tail_parse(const char *buf, size_t len, uint64_t file_offset, struct watch_tail *ret,
                     struct diag *d);
/* The complete lines of the log's last WATCHTAIL_BYTES, through the root,
 * into `out` (reset first): what a snapshot records at WATCHTAIL_PATH.
 * 0 or -errno (-ENOENT: no log). */
int watch_tail_raw(const struct rootfs *r, struct strbuf *out);
/* The log through the root; st: ok, unavailable (no log) or malformed. */
int watch_tail_read(const struct rootfs *r, struct watch_tail *ret, struct probe_status *st);

#endif

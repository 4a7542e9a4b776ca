/* Shared by every probe. A probe is a pure parser over bytes
 * (x_parse(buf, len, ret, diag)) plus a reader through the root
 * (x_read(root, ret, status)). Each reader reports one of three states:
 *   ok           the file was read and parsed
 *   unavailable  missing, permission denied, or switched off (PSI); `error`
 *                holds the -errno
 *   malformed    the bytes did not parse; `diag` says where */
#ifndef HEADROOM_PROBE_H
#define HEADROOM_PROBE_H

#include <stdint.h>

#include "util/diag.h"
#include "util/rootfs.h"
#include "util/strbuf.h"

enum probe_state { PROBE_UNREAD = 0, PROBE_OK, PROBE_UNAVAILABLE, PROBE_MALFORMED };

struct probe_status {
    enum probe_state state;
    int error;        /* -errno, for PROBE_UNAVAILABLE */
    const char *path; /* the main file, relative to the root (static string) */
    struct diag diag; /* for PROBE_MALFORMED */
};

const char *probe_state_name(enum probe_state s);
/* One line describing why a probe is not ok: "no such file", "malformed:
 * proc/meminfo:3:9: expected a number", ... Written into buf. */
const char *probe_status_reason(const struct probe_status *st, char *buf, size_t n);

/* Reads `path` (at most `cap` bytes) into `out` (reset first) and fills
 * st->path and, on failure, st->state/error. Returns 0 when read; a negative
 * errno otherwise (then st says unavailable or, for an oversized file,
 * malformed). */
int probe_read_file(const struct rootfs *r, const char *path, size_t cap, struct strbuf *out,
                    struct probe_status *st);
/* Marks st malformed from a parser's diag; the diag's file is set to st->path
 * when the parser left it empty. */
void probe_set_malformed(struct probe_status *st, const struct diag *d);
void probe_set_ok(struct probe_status *st);

/* The common reader: reads `path`, runs `parse` over the bytes, and sets st
 * to ok, unavailable or malformed. Returns 0 or the negative errno. */
typedef int (*probe_parse_fn)(const char *buf, size_t len, void *ret, struct diag *d);
int probe_load(const struct rootfs *r, const char *path, size_t cap, probe_parse_fn parse,
               void *ret, struct probe_status *st);

/* Files of "name value" lines (/proc/vmstat, a cgroup's memory.stat): each
 * line is a name, one space and a decimal number. For each name in `keys`
 * the value is stored as a uint64_t at base + off and bit i of *ret_seen is
 * set (keys beyond 64 are stored but not flagged); other names are skipped.
 * Returns 0, or -EBADMSG with d set (line and column). */
struct probe_kv {
    const char *key;
    size_t off;
};
int probe_kv_parse(const char *buf, size_t len, const struct probe_kv *keys, size_t nkeys,
                   void *base, uint64_t *ret_seen, struct diag *d);

/* Size caps for the files probes read: /proc files are small, and a
 * hostile snapshot must not make us read gigabytes. */
#define PROBE_CAP_SMALL (64 * 1024)
#define PROBE_CAP_LARGE (1024 * 1024)

#endif

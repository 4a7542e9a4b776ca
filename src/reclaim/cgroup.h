/* Reclaim through the kernel's proactive-reclaim files, and a cgroup for one
 * command (`headroom run`). Documentation/admin-guide/cgroup-v2.rst:
 *   - cgroup v2 memory.reclaim (5.19+) takes "<bytes>"; "<bytes> swappiness=0"
 *     (6.8+) keeps it to file pages. Older kernels reject the key with EINVAL:
 *     we then write bare bytes. A shortfall is EAGAIN: the kernel freed what
 *     it could, which is not an error.
 *   - where the root cgroup has no memory.reclaim (cgroup v1 or hybrid, the
 *     memory controller bound to v1), the per-node
 *     /sys/devices/system/node/nodeN/reclaim (6.17+) takes the same words.
 * Each request is written in chunks with a time budget, so a reclaim that the
 * kernel makes slow (WSL #10534, #10675: hangs) ends on time.
 * `prefix` is "" on the live machine; tests pass a scratch directory. */
#ifndef HEADROOM_RECLAIM_CGROUP_H
#define HEADROOM_RECLAIM_CGROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "util/rootfs.h"

#define RECLAIM_MAX_NODES 16

enum reclaim_kind { RECLAIM_NONE = 0, RECLAIM_CGROUP, RECLAIM_NODE };

struct reclaim_target {
    enum reclaim_kind kind;
    char paths[RECLAIM_MAX_NODES][256]; /* one for the cgroup; one per node */
    unsigned n;
    bool no_swappiness; /* the kernel refused "swappiness=": bare bytes are written */
    char why_none[200]; /* for RECLAIM_NONE: why neither file is usable */
};

const char *reclaim_kind_name(enum reclaim_kind k);

/* Finds where to write: PREFIX/<v2_mount>/memory.reclaim when it exists
 * (v2_mount may be "" when no cgroup2 is mounted), else the nodes'
 * reclaim files. Never fails: kind NONE says why. */
void reclaim_target_find(const char *prefix, const char *v2_mount, struct reclaim_target *ret);

struct reclaim_mem_result {
    uint64_t asked;   /* bytes requested in total */
    uint64_t written; /* bytes of the requests the kernel took (full or EAGAIN) */
    unsigned writes;  /* write() calls */
    unsigned eagain;  /* of which the kernel could not reclaim all (EAGAIN) */
    bool file_only;   /* "swappiness=0" was accepted */
    bool timed_out;   /* the time budget ended the request */
    int error;        /* 0, or the -errno that stopped it */
    uint64_t ns;
    char last_value[64];
};

/* Asks for `bytes` in chunks of at most `chunk` bytes (0: 256 MiB), shared
 * across the target's files, until done or `budget_ns` has passed
 * (0: no limit). Returns result->error. */
int reclaim_memory(struct reclaim_target *t, uint64_t bytes, uint64_t chunk, uint64_t budget_ns,
                   struct reclaim_mem_result *ret);

/* A cgroup for `headroom run`: PREFIX/<v2_mount>/headroom/<name>. */
struct run_cgroup {
    char dir[1024]; /* relative to the prefix, without a leading '/' */
    char abs[1024]; /* PREFIX/dir, for writes */
    int procs_fd;   /* open cgroup.procs for the child to join; -1 when closed */
};

/* Creates the cgroup: needs the memory controller in the v2 hierarchy
 * (PREFIX/<v2_mount>/cgroup.controllers lists "memory"), enables it for the
 * headroom/ parent, makes <name>, writes memory.max when `limit` is not 0,
 * and opens cgroup.procs. Returns 0, or -errno with one line in `why`. */
int run_cgroup_create(const char *prefix, const char *v2_mount, const char *name, uint64_t limit,
                      struct run_cgroup *ret, char *why, size_t whyn);
/* In the child, before exec: moves the calling process into the cgroup. */
int run_cgroup_join(const struct run_cgroup *cg);
/* Removes the (empty) cgroup; the headroom/ parent is left for the next run. */
int run_cgroup_remove(struct run_cgroup *cg);

/* "memory" among the words of a cgroup.controllers line. */
bool cgroup_controllers_has(const char *buf, size_t len, const char *name);

#endif

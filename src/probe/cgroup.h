/* Control groups: which hierarchy is mounted (v1, v2, hybrid) from
 * /proc/self/mounts, our own cgroup from /proc/self/cgroup, and for v2 the
 * memory files of the root and of our own cgroup: memory.current,
 * memory.max, memory.peak, memory.stat (anon, file, shmem, ...). */
#ifndef HEADROOM_CGROUP_H
#define HEADROOM_CGROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/probe.h"

enum cgroup_mode { CGROUP_UNKNOWN = 0, CGROUP_NONE, CGROUP_V1, CGROUP_V2, CGROUP_HYBRID };

struct cgroup_mounts {
    enum cgroup_mode mode;
    char v2_mount[256]; /* where cgroup2 is mounted (unescaped), or "" */
    unsigned v1_count;  /* number of v1 (cgroup) mounts */
};

struct cgroup_mem {
    bool has_current, has_max, has_peak, has_stat;
    uint64_t current, peak;
    uint64_t max; /* UINT64_MAX for "max" */
    uint64_t anon, file, shmem, file_mapped, active_file, inactive_file;
};

struct cgroup_info {
    enum cgroup_mode mode;
    char v2_mount[256];
    char own_path[512]; /* "/user.slice/..." from the "0::" line; "" when unknown */
    struct cgroup_mem root, own;
    struct probe_status mounts_st, self_st, root_st, own_st;
};

/* cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime 0 0
 * Returns 0 or -EBADMSG (a line without 3 fields). */
int cgroup_mounts_parse(const char *buf, size_t len, struct cgroup_mounts *ret, struct diag *d);
/* 0::/user.slice/user-1000.slice/session-2.scope
 * Writes the v2 path ("" when the file has no "0::" line). Returns 0 or
 * -EBADMSG (a line not of the form ID:CONTROLLERS:PATH). */
int cgroup_self_parse(const char *buf, size_t len, char *ret_path, size_t n, struct diag *d);
/* anon 1234\nfile 5678\n...  (only the fields above are kept) */
int cgroup_memstat_parse(const char *buf, size_t len, struct cgroup_mem *ret, struct diag *d);
/* "max\n" or "123456\n" */
int cgroup_value_parse(const char *buf, size_t len, uint64_t *ret, struct diag *d);

/* memory.events of a v2 cgroup, counts since it was made:
 * "low 0\nhigh 0\nmax 1843\noom 1\noom_kill 1\noom_group_kill 0\n" */
struct cgroup_events {
    uint64_t low, high, max, oom, oom_kill;
};
int cgroup_events_parse(const char *buf, size_t len, struct cgroup_events *ret, struct diag *d);

/* The memory files of one cgroup directory (relative to the root):
 * memory.current, .max, .peak and .stat. `st` ends ok when at least one
 * file was read and none was malformed. */
void cgroup_mem_read(const struct rootfs *r, const char *dir, struct cgroup_mem *m,
                     struct probe_status *st);
/* DIR/memory.events; 0 or -errno (-EBADMSG when malformed). */
int cgroup_events_read(const struct rootfs *r, const char *dir, struct cgroup_events *ret);

/* Fills info; each part's status says what could be read. */
void cgroup_read(const struct rootfs *r, struct cgroup_info *info);
const char *cgroup_mode_name(enum cgroup_mode m);

#endif

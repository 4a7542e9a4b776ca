/* The writes that give memory back, each timed: sync, drop_caches,
 * compact_memory (Documentation/admin-guide/cgroup-v2.rst). They act on the live machine:
 * `prefix` is "" there; unit tests pass a scratch directory holding
 * proc/sys/vm/... as plain files. Callers check privileges and --root first;
 * nothing here decides whether to act. */
#ifndef HEADROOM_DROP_H
#define HEADROOM_DROP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct reclaim_step {
    char what[32];  /* "sync", "drop_caches", "compact_memory", "memory.reclaim" */
    char path[256]; /* the file written ("" for sync) */
    char value[64]; /* what was written, without the newline */
    int error;      /* 0 or -errno */
    uint64_t ns;    /* how long it took */
};

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t reclaim_now_ns(void);
/* Opens `path` for writing (no O_CREAT) and writes `value` in one write().
 * Returns 0 or -errno (a short write is -EIO). */
int reclaim_write_file(const char *path, const char *value);

/* sync(2): dirty pages cannot be dropped, so every drop starts with it. */
void reclaim_sync(struct reclaim_step *st);
/* Writes 1 (page cache) or 3 (page cache + dentries and inodes) to
 * PREFIX/proc/sys/vm/drop_caches. Returns st->error. */
int reclaim_drop_caches(const char *prefix, unsigned level, struct reclaim_step *st);
/* Writes 1 to PREFIX/proc/sys/vm/compact_memory. Returns st->error. */
int reclaim_compact(const char *prefix, struct reclaim_step *st);

/* The drop, in one place: sync, drop_caches at `level`, then, when
 * `compact` and the drop worked, compact_memory. Fills steps[0..*ret_n) (at
 * most 3). The caller holds the lock. Returns the first error. */
int reclaim_drop_steps(const char *prefix, unsigned level, bool compact,
                       struct reclaim_step steps[3], size_t *ret_n);

/* One reclaim at a time across processes (`watch`, `reclaim`, `top`, `run`):
 * an exclusive flock on PREFIX/run/headroom/reclaim.lock, in a directory
 * created 0700 and used only when it is ours and writable by nobody else
 * (not /run/lock, which every user can write), waiting up to `wait_ms`.
 * Returns the fd to pass to reclaim_unlock(), -EWOULDBLOCK when another
 * holds it, -EPERM when the directory cannot be trusted, or another -errno
 * when the lock file cannot be opened (the caller may go on unlocked). */
int reclaim_lock(const char *prefix, unsigned wait_ms);
void reclaim_unlock(int fd);

struct rootfs;

/* The drop `top`'s r and `run --reclaim` make, in one place: take the lock
 * (waiting up to wait_ms), read MemFree and Cached through `root`, sync,
 * drop at `level`, read them again, unlock. */
struct reclaim_drop_result {
    struct reclaim_step sync, drop;
    bool measured; /* both readings of /proc/meminfo succeeded */
    uint64_t free_before, free_after, cached_before, cached_after;
};
/* 0; -EWOULDBLOCK when another reclaim holds the lock (nothing written);
 * else the drop's -errno. A lock file that cannot be opened does not stop
 * the drop (as reclaim_lock() says). */
int reclaim_drop_measured(const char *prefix, const struct rootfs *root, unsigned level,
                          unsigned wait_ms, struct reclaim_drop_result *ret);

#endif

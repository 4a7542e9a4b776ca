#include "reclaim/drop.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "probe/meminfo.h"

uint64_t reclaim_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int reclaim_write_file(const char *path, const char *value)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -errno;
    size_t n = strlen(value);
    ssize_t w;
    do
        w = write(fd, value, n);
    while (w < 0 && errno == EINTR);
    int e = w < 0 ? -errno : (size_t)w != n ? -EIO : 0;
    if (close(fd) < 0 && e == 0 && errno != EINTR)
        e = -errno;
    return e;
}

static void step_init(struct reclaim_step *st, const char *what)
{
    memset(st, 0, sizeof(*st));
    snprintf(st->what, sizeof(st->what), "%s", what);
}

void reclaim_sync(struct reclaim_step *st)
{
    step_init(st, "sync");
    uint64_t t0 = reclaim_now_ns();
    sync();
    st->ns = reclaim_now_ns() - t0;
}

static int write_step(struct reclaim_step *st, const char *prefix, const char *rel,
                      const char *value)
{
    snprintf(st->path, sizeof(st->path), "%s/%s", prefix, rel);
    snprintf(st->value, sizeof(st->value), "%s", value);
    char line[72];
    snprintf(line, sizeof(line), "%s\n", value);
    uint64_t t0 = reclaim_now_ns();
    st->error = reclaim_write_file(st->path, line);
    st->ns = reclaim_now_ns() - t0;
    return st->error;
}

int reclaim_drop_caches(const char *prefix, unsigned level, struct reclaim_step *st)
{
    step_init(st, "drop_caches");
    if (level != 1 && level != 2 && level != 3) {
        st->error = -EINVAL;
        return st->error;
    }
    char v[4] = {(char)('0' + level), '\0'};
    return write_step(st, prefix, "proc/sys/vm/drop_caches", v);
}

int reclaim_compact(const char *prefix, struct reclaim_step *st)
{
    step_init(st, "compact_memory");
    return write_step(st, prefix, "proc/sys/vm/compact_memory", "1");
}

int reclaim_drop_steps(const char *prefix, unsigned level, bool compact,
                       struct reclaim_step steps[3], size_t *ret_n)
{
    size_t n = 0;
    reclaim_sync(&steps[n++]);
    int e = reclaim_drop_caches(prefix, level, &steps[n++]);
    if (e == 0 && compact)
        e = reclaim_compact(prefix, &steps[n++]);
    *ret_n = n;
    return e;
}

/* PREFIX/run/headroom, created 0700 when missing, and trusted only when it
 * is a real directory of ours that nobody else can write: /run/lock is
 * world-writable, so any user could hold a lock there or plant a link. */
static int lock_dir(const char *prefix)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/run/headroom", prefix);
    if (mkdir(path, 0700) < 0 && errno != EEXIST)
        return -errno;
    int dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0)
        return -errno;
    struct stat st;
    if (fstat(dfd, &st) < 0 || st.st_uid != geteuid() || (st.st_mode & 022)) {
        close(dfd);
        return -EPERM;
    }
    return dfd;
}

int reclaim_lock(const char *prefix, unsigned wait_ms)
{
    int dfd = lock_dir(prefix);
    if (dfd < 0)
        return dfd;
    int fd = openat(dfd, "reclaim.lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    int open_err = errno;
    close(dfd);
    if (fd < 0)
        return -open_err;
    for (unsigned waited = 0;; waited += 50) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            return fd;
        if (errno != EWOULDBLOCK && errno != EINTR) {
            int e = -errno;
            close(fd);
            return e;
        }
        if (waited >= wait_ms) {
            close(fd);
            return -EWOULDBLOCK;
        }
        usleep(50000);
    }
}

void reclaim_unlock(int fd)
{
    if (fd >= 0) {
        flock(fd, LOCK_UN);
        close(fd);
    }
}

static bool read_mem(const struct rootfs *root, uint64_t *free_, uint64_t *cached)
{
    struct meminfo mi;
    struct probe_status st = {0};
    if (meminfo_read(root, &mi, &st) < 0)
        return false;
    *free_ = mi.mem_free;
    *cached = mi.cached;
    return true;
}

int reclaim_drop_measured(const char *prefix, const struct rootfs *root, unsigned level,
                          unsigned wait_ms, struct reclaim_drop_result *ret)
{
    memset(ret, 0, sizeof(*ret));
    int lock = reclaim_lock(prefix, wait_ms);
    if (lock == -EWOULDBLOCK)
        return -EWOULDBLOCK;
    bool before = read_mem(root, &ret->free_before, &ret->cached_before);
    struct reclaim_step steps[3];
    size_t n;
    int e = reclaim_drop_steps(prefix, level, false, steps, &n);
    ret->sync = steps[0];
    ret->drop = steps[1];
    ret->measured = before && read_mem(root, &ret->free_after, &ret->cached_after);
    reclaim_unlock(lock);
    return e;
}

#include "util/lockfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/io.h"
#include "util/parse.h"
#include "util/xalloc.h"

/* Removes the lock when its holder is provably gone: the PID it names is no
 * process on this machine (kill(pid, 0): ESRCH), and it is older than a
 * second (a lock being created has no PID in it yet). The inode is checked
 * again just before the unlink, so a lock another process has just taken in
 * the meantime is not removed (a window of two system calls remains). A
 * lock we cannot read, or that names a live process, is left alone. */
static bool remove_if_stale(const char *lock)
{
    int fd = open(lock, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return false;
    struct stat st;
    char buf[32];
    ssize_t n = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? read(fd, buf, sizeof(buf) - 1) : -1;
    close(fd);
    if (n <= 0 || time(NULL) - st.st_mtime < 1)
        return false;
    buf[n] = '\0';
    uint64_t pid;
    const char *p = buf, *end = buf + strcspn(buf, "\n");
    if (parse_u64_dec(&p, end, &pid) < 0 || p != end || pid == 0 || pid >= (1u << 22))
        return false;
    if (!(kill((pid_t)pid, 0) < 0 && errno == ESRCH))
        return false;
    struct stat now;
    if (stat(lock, &now) < 0 || now.st_ino != st.st_ino || now.st_dev != st.st_dev)
        return false;
    return unlink(lock) == 0;
}

int lockfile_acquire(struct lockfile *lk, const char *path, unsigned wait_ms)
{
    lk->path = NULL;
    char *lock = xasprintf("%s.lock", path);
    for (unsigned waited = 0;; waited += 50) {
        int fd = open(lock, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0) {
            char pid[24];
            int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
            int e = write_all(fd, pid, (size_t)n);
            if (close(fd) < 0 && e == 0)
                e = -errno;
            if (e < 0) {
                unlink(lock);
                free(lock);
                return e;
            }
            lk->path = lock;
            return 0;
        }
        int e = -errno;
        if (e != -EEXIST) {
            free(lock);
            return e;
        }
        if (remove_if_stale(lock))
            continue;
        if (waited >= wait_ms) {
            free(lock);
            return -EWOULDBLOCK;
        }
        usleep(50000);
    }
}

void lockfile_release(struct lockfile *lk)
{
    if (!lk->path)
        return;
    unlink(lk->path);
    free(lk->path);
    lk->path = NULL;
}

/* A lock beside a file, as git takes one (lockfile.c): PATH.lock created
 * with O_CREAT|O_EXCL, so two editors of the same file take turns instead
 * of one losing the other's edit. The lock holds the holder's PID; a lock
 * left by a process that is gone (killed, for instance) is removed and
 * taken once it is a second old. */
#ifndef HEADROOM_LOCKFILE_H
#define HEADROOM_LOCKFILE_H

#include <stddef.h>

struct lockfile {
    char *path; /* PATH.lock while held, else NULL */
};

/* Takes PATH.lock, waiting up to wait_ms while another live process holds
 * it. 0; -EWOULDBLOCK when it is still held after the wait; else -errno
 * (the directory cannot be written, for instance). */
int lockfile_acquire(struct lockfile *lk, const char *path, unsigned wait_ms);
/* Removes the lock (nothing when not held). */
void lockfile_release(struct lockfile *lk);

#endif

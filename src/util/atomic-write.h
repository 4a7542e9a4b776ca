/* Replacing a user's file without ever leaving it truncated or missing:
 *   1. the backup (when asked) is made first and made durable;
 *   2. the new bytes go to a temporary file in the same directory, which is
 *      given the original's owner, group and permission bits (the backup
 *      too) and fsync()ed;
 *   3. rename() puts it in place (atomic on POSIX file systems), then the
 *      directory is fsync()ed.
 * A crash at any step leaves either the old file or the new one at `path`.
 *
 * For tests, HEADROOM_FAULT_AT=<step> kills the process with SIGKILL at that
 * step: backup, temp-created, temp-half-written, temp-synced, renamed. */
#ifndef HEADROOM_ATOMIC_WRITE_H
#define HEADROOM_ATOMIC_WRITE_H

#include <stddef.h>

/* Writes `len` bytes to `path`. When `backup_path` is not NULL and `path`
 * exists, the current contents are first copied there (an existing backup is
 * never overwritten: -EEXIST). A new file gets mode 0644 (before umask).
 * Returns 0 or -errno; on failure `path` is unchanged. */
int atomic_write(const char *path, const void *data, size_t len, const char *backup_path);

/* Copies a file's bytes to `dst` durably (temp + fsync + rename); refuses to
 * replace an existing dst (-EEXIST). */
int copy_file_durable(const char *src, const char *dst);

/* Test hook: kills the process if HEADROOM_FAULT_AT names `step`. Compiled
 * in only with -DHEADROOM_TEST_HOOKS (build/headroom-faults and the unit
 * test, see the Makefile); in the binary that is installed it is nothing. */
#ifdef HEADROOM_TEST_HOOKS
void fault_point(const char *step);
#else
static inline void fault_point(const char *step)
{
    (void)step;
}
#endif

#endif

/* Every file headroom reads about a machine goes through a `struct rootfs`:
 * a directory opened once at start-up (`--root DIR`, HEADROOM_ROOT, or "/")
 * and walked with openat(), one component at a time, so that no path can
 * leave it:
 *   - a ".." component in a requested path is refused (-EINVAL);
 *   - a symlink is followed by hand; a relative target may climb with ".."
 *     only as far as the root (further: -EXDEV), and an absolute target is
 *     refused (-EXDEV) unless the root is the live "/" (where it cannot leave);
 *   - more than 40 links in one walk is -ELOOP.
 * Paths are relative to the root; a leading '/' is ignored.
 *
 * Fast paths with the same rules: on the live root a plain openat() (nothing
 * can leave "/"); elsewhere openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS),
 * which the kernel enforces in one call. The hand walk remains for kernels
 * without openat2 (before 5.6).
 *
 * A recorder, when set, sees every successful read, listing and existence
 * check: `headroom snapshot` uses it to copy exactly what the probes read. */
#ifndef HEADROOM_ROOTFS_H
#define HEADROOM_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "util/strbuf.h"

struct rootfs_recorder {
    void (*file)(void *ud, const char *path, const char *data, size_t len);
    void (*dir)(void *ud, const char *path);
    /* A path whose existence (and type: S_IFREG, S_IFDIR, ...) was checked but
     * whose contents were not read. */
    void (*exists)(void *ud, const char *path, mode_t type);
    /* A symbolic link that was read (not followed). */
    void (*link)(void *ud, const char *path, const char *target);
    void *ud;
};

struct rootfs {
    int fd;         /* O_PATH directory fd of the root; owned */
    char *path;     /* as the user gave it, for messages; owned */
    bool live;      /* the root is this machine's "/" */
    bool walk_only; /* tests: skip the openat2() fast path, use the hand walk */
    const struct rootfs_recorder *rec;
};

/* Opens the root. -ENOENT when missing, -ENOTDIR when not a directory, other
 * -errno on failure. The caller frees the result with rootfs_free(). */
int rootfs_new(const char *path, struct rootfs **ret);
void rootfs_free(struct rootfs *r);

/* Resolves `path` inside the root and opens it with `flags` (O_CLOEXEC is
 * added). Returns 0 and the fd in *ret_fd, or -errno. */
int rootfs_open(const struct rootfs *r, const char *path, int flags, int *ret_fd);

/* Reads a whole file, at most `cap` bytes: appends to `out` (NUL-terminated
 * by strbuf). Returns 0; -EFBIG when the file holds more than `cap` bytes
 * (out then holds the first `cap`); -errno otherwise (-ENOENT, -EACCES,
 * -EOPNOTSUPP, -EISDIR, ...). */
/* For an error of rootfs_read(): why the path holds bad input rather than no
 * file (a directory, a FIFO, socket or device, a link that leaves the root
 * or loops), or NULL when the error is not of that kind (ENOENT, EACCES...).
 * Every reader treats these as a malformed snapshot: exit 2. */
const char *rootfs_refusal(int e);
int rootfs_read(const struct rootfs *r, const char *path, size_t cap, struct strbuf *out);

/* Like rootfs_read, with one read() and no second one to see the end: for a
 * file the kernel writes whole in one go (a /proc file of one record such as
 * /proc/PID/stat or status) or a small regular file. Open, read, close: three
 * system calls, against four, which counts in a walk over every process. A
 * read that fills `cap` gives -EFBIG (out holds the first `cap` bytes). */
int rootfs_read_once(const struct rootfs *r, const char *path, size_t cap, struct strbuf *out);

/* stat() of a path inside the root (symlinks followed within the root). */
int rootfs_stat(const struct rootfs *r, const char *path, struct stat *ret);
/* statfs() of the file system holding a path inside the root (symlinks
 * followed within the root). Nothing is recorded: the caller records what it
 * keeps (probe/disk.c writes .headroom/statfs). */
struct statfs;
int rootfs_statfs(const struct rootfs *r, const char *path, struct statfs *ret);
/* True when the root directory is itself a mount point (its device differs
 * from its parent's, or it is "/"): a mounted distro image given as --root,
 * as against a snapshot or fixture directory on the build machine's disk. */
bool rootfs_is_mount_point(const struct rootfs *r);
/* True when the path exists (any type); records it as existing. */
bool rootfs_exists(const struct rootfs *r, const char *path);

/* Lists a directory's entries (without "." and ".."), sorted bytewise; at
 * most `cap` names. The caller frees each name and the array. */
int rootfs_list(const struct rootfs *r, const char *path, size_t cap, char ***ret_names,
                size_t *ret_n);
void rootfs_names_free(char **names, size_t n);

/* Lists `dir` and keeps the names matching any fnmatch(3) pattern of the
 * NULL-terminated `patterns` (one listing however many patterns); each
 * match is also stat()ed so that a recorder sees it (a snapshot then holds
 * exactly the matches, and the same glob over it gives the same answer).
 * Missing directory: 0 names. Returns 0 or -errno. */
int rootfs_glob(const struct rootfs *r, const char *dir, const char *const *patterns, size_t cap,
                char ***ret_names, size_t *ret_n);

/* Reads a symbolic link itself (never following it) into buf (NUL-
 * terminated). Returns the target's length, -EINVAL when `path` is not a
 * link, or another -errno. */
int rootfs_readlink(const struct rootfs *r, const char *path, char *buf, size_t n);

#endif

#include "util/atomic-write.h"

#include <errno.h>
#include <time.h>
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/io.h"
#include "util/parse.h"

#ifdef HEADROOM_TEST_HOOKS
void fault_point(const char *step)
{
    const char *at = getenv("HEADROOM_FAULT_AT");
    if (at && strcmp(at, step) == 0)
        raise(SIGKILL);
}
#endif

static char *dir_of(const char *path)
{
    char *copy = xstrdup(path);
    char *d = xstrdup(dirname(copy));
    free(copy);
    return d;
}

static int fsync_dir(const char *path)
{
    char *d = dir_of(path);
    int fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    free(d);
    if (fd < 0)
        return -errno;
    /* Some file systems (e.g. drvfs on /mnt/c) refuse fsync on directories;
     * the rename itself is still atomic there, so that is not an error. */
    (void)fsync(fd);
    close(fd);
    return 0;
}

/* Removes .BASE.tmp-PID-XXXXXX files in `dir` left by a writer that was
 * killed: the PID is no process (kill(pid, 0): ESRCH) and the file is over
 * a second old. A file of a live writer, or one in another form, stays. */
static void remove_dead_temps(const char *dir, const char *base)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    char prefix[300];
    int pn = snprintf(prefix, sizeof(prefix), ".%s.tmp-", base);
    if (pn <= 0 || (size_t)pn >= sizeof(prefix)) {
        closedir(dp);
        return;
    }
    struct dirent *e;
    time_t now = time(NULL);
    while ((e = readdir(dp))) {
        if (strncmp(e->d_name, prefix, (size_t)pn) != 0)
            continue;
        const char *p = e->d_name + pn, *end = p + strcspn(p, "-");
        uint64_t pid;
        if (*end != '-' || parse_u64_dec(&p, end, &pid) < 0 || p != end || pid == 0 ||
            pid >= (1u << 22))
            continue;
        struct stat st;
        if (fstatat(dirfd(dp), e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode) ||
            now - st.st_mtime < 1)
            continue;
        if (kill((pid_t)pid, 0) < 0 && errno == ESRCH)
            unlinkat(dirfd(dp), e->d_name, 0);
    }
    closedir(dp);
}

/* Writes data into a fresh temporary file beside `path` and fsyncs it;
 * returns its name in *ret_tmp. `like` (NULL for a new file) is the file
 * being replaced: the temporary gets its owner and group, so an edit made
 * under sudo leaves a user's file the user's. `faults` enables the test
 * hook's steps. */
static int write_temp(const char *path, const void *data, size_t len, mode_t mode,
                      const struct stat *like, bool faults, char **ret_tmp)
{
    char *d = dir_of(path);
    char *copy = xstrdup(path);
    const char *base = basename(copy);
    remove_dead_temps(d, base);
    /* the PID in the name lets a later run tell a temporary file whose
     * writer was killed from one being written now */
    char *tmp = xasprintf("%s/.%s.tmp-%ld-XXXXXX", d, base, (long)getpid());
    free(d);
    free(copy);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = -errno;
        free(tmp);
        return e;
    }
    if (faults)
        fault_point("temp-created");
    int r = 0;
    /* chown before chmod: chown clears set-id bits. EPERM: not root, and
     * then the file is already ours */
    if (like && (like->st_uid != geteuid() || like->st_gid != getegid()) &&
        fchown(fd, like->st_uid, like->st_gid) < 0 && errno != EPERM)
        r = -errno;
    if (r == 0 && fchmod(fd, mode) < 0 && errno != EPERM)
        r = -errno;
    size_t first = len / 2;
    if (r == 0)
        r = write_all(fd, data, first);
    if (r == 0 && faults)
        fault_point("temp-half-written");
    if (r == 0)
        r = write_all(fd, (const char *)data + first, len - first);
    if (r == 0 && fsync(fd) < 0)
        r = -errno;
    if (close(fd) < 0 && r == 0)
        r = -errno;
    if (r < 0) {
        unlink(tmp);
        free(tmp);
        return r;
    }
    if (faults)
        fault_point("temp-synced");
    *ret_tmp = tmp;
    return 0;
}

int copy_file_durable(const char *src, const char *dst)
{
    if (access(dst, F_OK) == 0)
        return -EEXIST;
    struct strbuf sb = STRBUF_INIT;
    mode_t mode;
    struct stat st;
    int r = stat(src, &st) < 0 ? -errno : read_file_capped(src, SIZE_MAX, &sb, &mode);
    char *tmp = NULL;
    if (r == 0)
        r = write_temp(dst, sb.buf, sb.len, mode, &st, false, &tmp);
    strbuf_release(&sb);
    if (r < 0)
        return r;
    /* link() refuses to replace an existing dst, closing the race with
     * access() above; fall back to rename where hard links are unsupported. */
    if (link(tmp, dst) == 0) {
        unlink(tmp);
    } else if (errno == EEXIST) {
        unlink(tmp);
        free(tmp);
        return -EEXIST;
    } else if (rename(tmp, dst) < 0) {
        r = -errno;
        unlink(tmp);
    }
    free(tmp);
    if (r == 0)
        fsync_dir(dst);
    return r;
}

int atomic_write(const char *path, const void *data, size_t len, const char *backup_path)
{
    mode_t mode;
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (exists)
        mode = st.st_mode & 07777;
    else {
        mode_t um = umask(0);
        umask(um);
        mode = 0644 & ~um;
    }
    int r;
    if (backup_path && exists) {
        r = copy_file_durable(path, backup_path);
        if (r < 0)
            return r;
        fault_point("backup");
    }
    char *tmp = NULL;
    r = write_temp(path, data, len, mode, exists ? &st : NULL, true, &tmp);
    if (r < 0)
        return r;
    if (rename(tmp, path) < 0) {
        r = -errno;
        unlink(tmp);
        free(tmp);
        return r;
    }
    free(tmp);
    fault_point("renamed");
    fsync_dir(path);
    return 0;
}

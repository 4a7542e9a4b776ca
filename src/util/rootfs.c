#include "util/rootfs.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/io.h"
#include "util/xalloc.h"

#define MAX_LINKS 40
#define MAX_DEPTH 128

int rootfs_new(const char *path, struct rootfs **ret)
{
    int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        /* Tell "exists but is a file" apart from "missing". */
        struct stat st;
        if (e == ENOTDIR || (stat(path, &st) == 0 && !S_ISDIR(st.st_mode)))
            return -ENOTDIR;
        return -e;
    }
    struct stat st, rootst;
    bool live = fstat(fd, &st) == 0 && stat("/", &rootst) == 0 && st.st_dev == rootst.st_dev &&
                st.st_ino == rootst.st_ino;
    struct rootfs *r = xcalloc(1, sizeof(*r));
    r->fd = fd;
    r->path = xstrdup(path);
    r->live = live;
    *ret = r;
    return 0;
}

void rootfs_free(struct rootfs *r)
{
    if (!r)
        return;
    if (r->fd >= 0)
        close(r->fd);
    free(r->path);
    free(r);
}

static const char *strip_slashes(const char *p)
{
    while (*p == '/')
        p++;
    return p;
}

/* Refuses ".." anywhere in a path a caller asked for. */
static bool has_dotdot(const char *p)
{
    while (*p) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 2 && p[0] == '.' && p[1] == '.')
            return true;
        if (!e)
            break;
        p = e + 1;
    }
    return false;
}

struct walk {
    int stack[MAX_DEPTH]; /* stack[0] is the root fd (not owned) */
    int depth;
};

static void walk_release(struct walk *w)
{
    for (int i = 1; i < w->depth; i++)
        close(w->stack[i]);
    w->depth = 0;
}

/* Pops the next component from *rest (a mutable string) into comp. */
static bool next_component(struct strbuf *rest, struct strbuf *comp)
{
    strbuf_reset(comp);
    size_t i = 0;
    while (i < rest->len && rest->buf[i] == '/')
        i++;
    size_t start = i;
    while (i < rest->len && rest->buf[i] != '/')
        i++;
    if (i == start) {
        strbuf_reset(rest);
        return false;
    }
    strbuf_add(comp, rest->buf + start, i - start);
    /* shift the remainder down */
    memmove(rest->buf, rest->buf + i, rest->len - i);
    strbuf_setlen(rest, rest->len - i);
    return true;
}

static bool rest_is_empty(const struct strbuf *rest)
{
    for (size_t i = 0; i < rest->len; i++)
        if (rest->buf[i] != '/')
            return false;
    return true;
}

/* openat2() without depending on libc headers that may predate it. */
struct open_how_compat {
    uint64_t flags, mode, resolve;
};
#define RESOLVE_NO_MAGICLINKS_COMPAT 0x02
#define RESOLVE_BENEATH_COMPAT       0x08

static int open_beneath(int dirfd, const char *path, int flags)
{
#ifdef SYS_openat2
    struct open_how_compat how = {
        .flags = (uint64_t)(unsigned)(flags | O_CLOEXEC),
        .mode = 0,
        .resolve = RESOLVE_BENEATH_COMPAT | RESOLVE_NO_MAGICLINKS_COMPAT,
    };
    long fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
    return fd < 0 ? -errno : (int)fd;
#else
    (void)dirfd;
    (void)path;
    (void)flags;
    return -ENOSYS;
#endif
}

static int walk_open(const struct rootfs *r, const char *path, int flags, int *ret_fd);

int rootfs_open(const struct rootfs *r, const char *path, int flags, int *ret_fd)
{
    path = strip_slashes(path);
    if (has_dotdot(path))
        return -EINVAL;
    if (r->live) {
        /* ".." at "/" stays at "/": a live root cannot be left */
        int fd = openat(r->fd, *path ? path : ".", flags | O_CLOEXEC);
        if (fd < 0)
            return -errno;
        *ret_fd = fd;
        return 0;
    }
    if (!r->walk_only) {
        int fd = open_beneath(r->fd, *path ? path : ".", flags);
        if (fd >= 0) {
            *ret_fd = fd;
            return 0;
        }
        if (fd != -ENOSYS && fd != -EPERM) /* EPERM: a seccomp filter refusing openat2 */
            return fd;
    }
    return walk_open(r, path, flags, ret_fd);
}

static int walk_open(const struct rootfs *r, const char *path, int flags, int *ret_fd)
{
    struct walk w = {.stack = {r->fd}, .depth = 1};
    struct strbuf rest = STRBUF_INIT, comp = STRBUF_INIT;
    int links = 0, ret;
    strbuf_addstr(&rest, path);

    if (rest_is_empty(&rest)) {
        int fd = openat(r->fd, ".", flags | O_CLOEXEC);
        ret = fd < 0 ? -errno : 0;
        if (fd >= 0)
            *ret_fd = fd;
        goto out;
    }

    while (next_component(&rest, &comp)) {
        bool last = rest_is_empty(&rest);
        int top = w.stack[w.depth - 1];
        if (strcmp(comp.buf, ".") == 0) {
            if (last) {
                int fd = openat(top, ".", flags | O_CLOEXEC);
                ret = fd < 0 ? -errno : 0;
                if (fd >= 0)
                    *ret_fd = fd;
                goto out;
            }
            continue;
        }
        if (strcmp(comp.buf, "..") == 0) { /* only from a symlink target */
            if (w.depth <= 1) {
                ret = -EXDEV;
                goto out;
            }
            close(w.stack[--w.depth]);
            if (last) {
                int fd = openat(w.stack[w.depth - 1], ".", flags | O_CLOEXEC);
                ret = fd < 0 ? -errno : 0;
                if (fd >= 0)
                    *ret_fd = fd;
                goto out;
            }
            continue;
        }

        int fd = openat(top, comp.buf, O_PATH | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0) {
            ret = -errno;
            goto out;
        }
        struct stat st;
        if (fstat(fd, &st) < 0) {
            ret = -errno;
            close(fd);
            goto out;
        }
        if (S_ISLNK(st.st_mode)) {
            char target[4096];
            ssize_t n = readlinkat(fd, "", target, sizeof(target) - 1);
            close(fd);
            if (n < 0) {
                ret = -errno;
                goto out;
            }
            target[n] = '\0';
            if (++links > MAX_LINKS) {
                ret = -ELOOP;
                goto out;
            }
            if (target[0] == '/') {
                if (!r->live) {
                    ret = -EXDEV; /* would leave the snapshot for the host */
                    goto out;
                }
                for (int i = 1; i < w.depth; i++)
                    close(w.stack[i]);
                w.depth = 1;
            }
            /* rest = target + "/" + rest */
            struct strbuf nr = STRBUF_INIT;
            strbuf_addstr(&nr, target);
            if (rest.len) {
                strbuf_addch(&nr, '/');
                strbuf_add(&nr, rest.buf, rest.len);
            }
            strbuf_release(&rest);
            rest = nr;
            continue;
        }
        if (last) {
            close(fd);
            /* O_NOFOLLOW: if the entry was swapped for a link since, fail
             * rather than follow it out of the root. */
            int rfd = openat(top, comp.buf, flags | O_NOFOLLOW | O_CLOEXEC);
            if (rfd < 0) {
                ret = -errno;
                goto out;
            }
            *ret_fd = rfd;
            ret = 0;
            goto out;
        }
        if (!S_ISDIR(st.st_mode)) {
            close(fd);
            ret = -ENOTDIR;
            goto out;
        }
        if (w.depth >= MAX_DEPTH) {
            close(fd);
            ret = -ENAMETOOLONG;
            goto out;
        }
        w.stack[w.depth++] = fd;
    }
    ret = -ENOENT; /* only reachable with an empty component list */
out:
    walk_release(&w);
    strbuf_release(&rest);
    strbuf_release(&comp);
    return ret;
}

/* rootfs_read and rootfs_read_once: `once` stops after the first read(). */
static int read_file(const struct rootfs *r, const char *path, size_t cap, struct strbuf *out,
                     bool once)
{
    /* O_NONBLOCK and the type check: a FIFO (or a device) planted in a
     * snapshot would otherwise block the open or the read for ever; the
     * files of /proc and /sys are regular */
    int fd, ret = rootfs_open(r, path, O_RDONLY | O_NONBLOCK, &fd);
    if (ret == -ENXIO) /* a socket: open() cannot open one */
        return -EINVAL;
    if (ret < 0)
        return ret;
    ret = io_require_regular(fd, NULL);
    if (ret < 0) {
        close(fd);
        return ret;
    }
    size_t start = out->len;
    for (;;) {
        size_t room = cap - (out->len - start);
        /* +1 to notice "more than cap" */
        size_t want = room < 65536 || once ? room + 1 : 65536;
        strbuf_grow(out, want);
        ssize_t n = read(fd, out->buf + out->len, want);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            ret = -errno;
            break;
        }
        if (n == 0)
            break;
        if ((size_t)n > room) {
            out->len += room;
            out->buf[out->len] = '\0';
            ret = -EFBIG;
            break;
        }
        out->len += (size_t)n;
        out->buf[out->len] = '\0';
        if (once)
            break;
    }
    close(fd);
    if (ret == 0 && r->rec && r->rec->file)
        r->rec->file(r->rec->ud, strip_slashes(path), out->buf + start, out->len - start);
    return ret;
}

const char *rootfs_refusal(int e)
{
    switch (e) {
    case -EISDIR:
        return "a directory, not a file";
    case -EINVAL:
        return "not a regular file";
    case -EXDEV:
        return "a link that leads outside the root";
    case -ELOOP:
        return "a loop of links";
    }
    return NULL;
}

int rootfs_read(const struct rootfs *r, const char *path, size_t cap, struct strbuf *out)
{
    return read_file(r, path, cap, out, false);
}

int rootfs_read_once(const struct rootfs *r, const char *path, size_t cap, struct strbuf *out)
{
    return read_file(r, path, cap, out, true);
}

int rootfs_stat(const struct rootfs *r, const char *path, struct stat *ret)
{
    int fd, e = rootfs_open(r, path, O_PATH, &fd);
    if (e < 0)
        return e;
    e = fstat(fd, ret) < 0 ? -errno : 0;
    close(fd);
    if (e == 0 && r->rec && r->rec->exists)
        r->rec->exists(r->rec->ud, strip_slashes(path), ret->st_mode & S_IFMT);
    return e;
}

int rootfs_statfs(const struct rootfs *r, const char *path, struct statfs *ret)
{
    int fd, e = rootfs_open(r, path, O_PATH, &fd);
    if (e < 0)
        return e;
    e = fstatfs(fd, ret) < 0 ? -errno : 0;
    close(fd);
    return e;
}

bool rootfs_is_mount_point(const struct rootfs *r)
{
    struct stat self, parent;
    if (r->live)
        return true;
    if (fstat(r->fd, &self) < 0 || fstatat(r->fd, "..", &parent, 0) < 0)
        return false;
    /* "/" is its own parent; any other mount point sits on another device */
    return self.st_dev != parent.st_dev ||
           (self.st_ino == parent.st_ino && self.st_dev == parent.st_dev);
}

bool rootfs_exists(const struct rootfs *r, const char *path)
{
    struct stat st;
    return rootfs_stat(r, path, &st) == 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool matches_any(const char *const *patterns, const char *name);

/* Lists a directory, keeping only names matching `patterns` (all when NULL):
 * filtering while reading avoids copying and sorting thousands of names of a
 * large directory (/usr/lib/x86_64-linux-gnu, dpkg's info). */
static int list_filtered(const struct rootfs *r, const char *path, const char *const *patterns,
                         size_t cap, char ***ret_names, size_t *ret_n)
{
    int fd, e = rootfs_open(r, path, O_RDONLY | O_DIRECTORY, &fd);
    if (e < 0)
        return e;
    DIR *d = fdopendir(fd);
    if (!d) {
        e = -errno;
        close(fd);
        return e;
    }
    char **names = NULL;
    size_t n = 0, alloc = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (patterns && !matches_any(patterns, de->d_name))
            continue;
        if (n >= cap)
            break;
        names = xgrow(names, n + 1, sizeof(*names), &alloc);
        names[n++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof(*names), cmp_names);
    if (r->rec && r->rec->dir)
        r->rec->dir(r->rec->ud, strip_slashes(path));
    *ret_names = names;
    *ret_n = n;
    return 0;
}

int rootfs_list(const struct rootfs *r, const char *path, size_t cap, char ***ret_names,
                size_t *ret_n)
{
    return list_filtered(r, path, NULL, cap, ret_names, ret_n);
}

void rootfs_names_free(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* True when `path` is a symbolic link (read, and so recorded, as one). */
static bool errno_is_link(const struct rootfs *r, const char *path)
{
    char target[256];
    return rootfs_readlink(r, path, target, sizeof(target)) >= 0;
}

static bool matches_any(const char *const *patterns, const char *name)
{
    for (; *patterns; patterns++)
        if (fnmatch(*patterns, name, FNM_PERIOD) == 0)
            return true;
    return false;
}

int rootfs_glob(const struct rootfs *r, const char *dir, const char *const *patterns, size_t cap,
                char ***ret_names, size_t *ret_n)
{
    char **all;
    size_t n;
    int e = list_filtered(r, dir, patterns, cap, &all, &n);
    if (e == -ENOENT || e == -ENOTDIR) {
        *ret_names = NULL;
        *ret_n = 0;
        return 0;
    }
    if (e < 0)
        return e;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        char *path = xasprintf("%s/%s", dir, all[i]);
        struct stat st;
        /* a dangling or escaping link still counts as present (and is
         * recorded as a link) */
        if (rootfs_stat(r, path, &st) == 0 || errno_is_link(r, path))
            all[k++] = all[i];
        else
            free(all[i]);
        free(path);
    }
    *ret_names = all;
    *ret_n = k;
    return 0;
}

int rootfs_readlink(const struct rootfs *r, const char *path, char *buf, size_t n)
{
    path = strip_slashes(path);
    if (has_dotdot(path) || !*path || n == 0)
        return -EINVAL;
    const char *slash = strrchr(path, '/');
    char *parent = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
    const char *base = slash ? slash + 1 : path;
    int dfd, e = rootfs_open(r, parent, O_PATH | O_DIRECTORY, &dfd);
    free(parent);
    if (e < 0)
        return e;
    ssize_t k = readlinkat(dfd, base, buf, n - 1);
    e = k < 0 ? -errno : 0;
    close(dfd);
    if (e < 0)
        return e;
    buf[k] = '\0';
    if (r->rec && r->rec->link)
        r->rec->link(r->rec->ud, path, buf);
    return (int)k;
}

#include "snapshot.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/atomic-write.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "util/io.h"

static struct snap_entry *find(struct snapshot *s, const char *path)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->entries[i].path, path) == 0)
            return &s->entries[i];
    return NULL;
}

static struct snap_entry *add(struct snapshot *s, const char *path, enum snap_kind kind)
{
    struct snap_entry *e = find(s, path);
    if (e) {
        /* a file or a link beats a directory beats a placeholder; a link
         * read as such is not replaced by what following it found */
        if (kind == SNAP_PLACEHOLDER ||
            (kind == SNAP_DIR && (e->kind == SNAP_FILE || e->kind == SNAP_LINK)) ||
            (kind != SNAP_LINK && e->kind == SNAP_LINK))
            return NULL;
        free(e->data);
        e->data = NULL;
        e->len = 0;
        e->kind = kind;
        return e;
    }
    s->entries = xgrow(s->entries, s->n + 1, sizeof(*s->entries), &s->alloc);
    e = &s->entries[s->n++];
    e->path = xstrdup(path);
    e->kind = kind;
    e->data = NULL;
    e->len = 0;
    return e;
}

void snapshot_add_file(struct snapshot *s, const char *path, const char *data, size_t len)
{
    struct snap_entry *e = add(s, path, SNAP_FILE);
    if (!e)
        return;
    e->data = xmalloc(len ? len : 1);
    memcpy(e->data, data, len);
    e->len = len;
}

/* A file read twice while recording (a process's status, read by the
 * machine's walk and again for the models it maps) keeps its first bytes:
 * those are what the machine's figures, and so the snapshot's own status,
 * were computed from. */
static void on_file(void *ud, const char *path, const char *data, size_t len)
{
    const struct snap_entry *e = find(ud, path);
    if (e && e->kind == SNAP_FILE)
        return;
    snapshot_add_file(ud, path, data, len);
}

static void on_dir(void *ud, const char *path)
{
    if (*path)
        add(ud, path, SNAP_DIR);
}

static void on_link(void *ud, const char *path, const char *target)
{
    struct snap_entry *e = add(ud, path, SNAP_LINK);
    if (!e)
        return;
    e->data = xstrdup(target);
    e->len = 0; /* a link holds no file bytes */
}

static void on_exists(void *ud, const char *path, mode_t type)
{
    if (*path)
        add(ud, path, type == S_IFDIR ? SNAP_DIR : SNAP_PLACEHOLDER);
}

void snapshot_init(struct snapshot *s)
{
    memset(s, 0, sizeof(*s));
    s->rec.file = on_file;
    s->rec.dir = on_dir;
    s->rec.exists = on_exists;
    s->rec.link = on_link;
    s->rec.ud = s;
}

void snapshot_release(struct snapshot *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->entries[i].path);
        free(s->entries[i].data);
    }
    free(s->entries);
    memset(s, 0, sizeof(*s));
}

void snapshot_attach(struct snapshot *s, struct rootfs *r)
{
    r->rec = &s->rec;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const struct snap_entry *)a)->path, ((const struct snap_entry *)b)->path);
}

void snapshot_finish(struct snapshot *s)
{
    if (s->n)
        qsort(s->entries, s->n, sizeof(*s->entries), by_path);
}

uint64_t snapshot_bytes(const struct snapshot *s)
{
    uint64_t b = 0;
    for (size_t i = 0; i < s->n; i++)
        b += s->entries[i].len;
    return b;
}

size_t snapshot_file_count(const struct snapshot *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->entries[i].kind != SNAP_DIR;
    return n;
}

/* A recorded path must stay inside the output directory. */
static bool safe_path(const char *p)
{
    if (!*p || *p == '/')
        return false;
    for (const char *c = p; *c;) {
        const char *e = strchr(c, '/');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            return false;
        if (!e)
            break;
        c = e + 1;
    }
    return true;
}

/* mkdir -p of every parent of `path` under dirfd. */
static int make_parents(int dirfd, const char *path)
{
    char buf[4096];
    if (strlen(path) >= sizeof(buf))
        return -ENAMETOOLONG;
    strcpy(buf, path);
    for (char *c = buf; (c = strchr(c, '/')); c++) {
        *c = '\0';
        if (mkdirat(dirfd, buf, 0755) < 0 && errno != EEXIST)
            return -errno;
        *c = '/';
    }
    return 0;
}

static bool dir_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return false;
    struct dirent *de;
    bool empty = true;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            empty = false;
            break;
        }
    closedir(d);
    return empty;
}

int snapshot_write_dir(const struct snapshot *s, const char *dir)
{
    if (mkdir(dir, 0755) < 0) {
        if (errno != EEXIST)
            return -errno;
        if (!dir_is_empty(dir))
            return -EEXIST;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0)
        return -errno;
    int r = 0;
    for (size_t i = 0; i < s->n && r == 0; i++) {
        const struct snap_entry *e = &s->entries[i];
        if (!safe_path(e->path)) {
            r = -EINVAL;
            break;
        }
        r = make_parents(dfd, e->path);
        if (r < 0)
            break;
        if (e->kind == SNAP_DIR) {
            if (mkdirat(dfd, e->path, 0755) < 0 && errno != EEXIST)
                r = -errno;
            continue;
        }
        if (e->kind == SNAP_LINK) {
            if (symlinkat(e->data, dfd, e->path) < 0)
                r = -errno;
            continue;
        }
        int fd = openat(dfd, e->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0) {
            r = -errno;
            break;
        }
        if (e->kind == SNAP_FILE)
            r = write_all(fd, e->data, e->len);
        if (close(fd) < 0 && r == 0)
            r = -errno;
    }
    close(dfd);
    return r;
}

/* ustar header for one entry; name split into prefix/name when long. */
static int tar_header(char h[512], const char *name, char type, size_t size, time_t mtime,
                      const char *link)
{
    memset(h, 0, 512);
    size_t n = strlen(name);
    if (n <= 100) {
        memcpy(h, name, n);
    } else {
        /* split at a '/' so that prefix <= 155 and name <= 100 */
        const char *cut = NULL;
        for (const char *c = name; (c = strchr(c, '/')); c++)
            if ((size_t)(c - name) <= 155 && n - (size_t)(c - name) - 1 <= 100)
                cut = c;
        if (!cut)
            return -ENAMETOOLONG;
        memcpy(h + 345, name, (size_t)(cut - name));
        memcpy(h, cut + 1, n - (size_t)(cut - name) - 1);
    }
    bool is_dir = type == '5';
    if (link) {
        if (strlen(link) > 100)
            return -ENAMETOOLONG;
        memcpy(h + 157, link, strlen(link));
    }
    snprintf(h + 100, 8, "%07o", is_dir ? 0755 : link ? 0777 : 0644);
    snprintf(h + 108, 8, "%07o", 0);
    snprintf(h + 116, 8, "%07o", 0);
    char num[32];
    /* 11 octal digits hold sizes and times below 8 GiB / year 2242 */
    snprintf(num, sizeof(num), "%011llo", (unsigned long long)size & 077777777777ULL);
    memcpy(h + 124, num, 12);
    snprintf(num, sizeof(num), "%011llo",
             (unsigned long long)(mtime > 0 ? mtime : 0) & 077777777777ULL);
    memcpy(h + 136, num, 12);
    h[156] = type;
    memcpy(h + 257, "ustar", 6);
    memcpy(h + 263, "00", 2);
    memset(h + 148, ' ', 8);
    unsigned sum = 0;
    for (int i = 0; i < 512; i++)
        sum += (unsigned char)h[i];
    snprintf(h + 148, 8, "%06o", sum);
    h[155] = ' ';
    return 0;
}

int snapshot_write_tar(const struct snapshot *s, const char *file, const char *top, time_t mtime)
{
    struct strbuf out = STRBUF_INIT;
    char h[512];
    int r = 0;
    char *topdir = xasprintf("%s/", top);
    if (tar_header(h, topdir, '5', 0, mtime, NULL) == 0)
        strbuf_add(&out, h, 512);
    free(topdir);
    for (size_t i = 0; i < s->n && r == 0; i++) {
        const struct snap_entry *e = &s->entries[i];
        if (!safe_path(e->path)) {
            r = -EINVAL;
            break;
        }
        bool dir = e->kind == SNAP_DIR;
        char *name = xasprintf("%s/%s%s", top, e->path, dir ? "/" : "");
        bool link = e->kind == SNAP_LINK;
        r = tar_header(h, name, dir ? '5' : link ? '2' : '0', e->len, mtime, link ? e->data : NULL);
        free(name);
        if (r < 0)
            break;
        strbuf_add(&out, h, 512);
        if (e->len) {
            strbuf_add(&out, e->data, e->len);
            size_t pad = (512 - e->len % 512) % 512;
            memset(h, 0, sizeof(h));
            strbuf_add(&out, h, pad);
        }
    }
    if (r == 0) {
        memset(h, 0, sizeof(h));
        strbuf_add(&out, h, 512);
        strbuf_add(&out, h, 512);
        r = atomic_write(file, out.buf, out.len, NULL);
    }
    strbuf_release(&out);
    return r;
}

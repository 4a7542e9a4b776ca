#include "model/dups.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "probe/placement.h"
#include "util/parse.h"
#include "util/xalloc.h"

uint64_t dups_fnv1a(const void *buf, size_t n)
{
    const unsigned char *p = buf;
    uint64_t h = 14695981039346656037ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ull;
    }
    return h;
}

struct file {
    const struct model_ref *ref;
    char real[512];
    uint64_t size, dev, ino, head;
    bool hashed, digest; /* an Ollama blob: its name is its sha256 */
    const char *blob;    /* "sha256-<hex>" inside real */
};

static int cmp_size(const void *a, const void *b)
{
    const struct file *x = a, *y = b;
    if (x->size != y->size)
        return x->size < y->size ? -1 : 1;
    return 0;
}

static bool head_hash(const struct rootfs *r, const char *path, uint64_t *ret)
{
    int fd;
    if (rootfs_open(r, path, O_RDONLY | O_CLOEXEC, &fd) < 0)
        return false;
    char *buf = xmalloc(DUPS_HEAD_BYTES);
    size_t got = 0;
    while (got < DUPS_HEAD_BYTES) {
        ssize_t n = read(fd, buf + got, DUPS_HEAD_BYTES - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    *ret = dups_fnv1a(buf, got);
    free(buf);
    return got > 0;
}

/* the same content: one sha256 (both Ollama blobs), else size and head */
static bool same(const struct file *a, const struct file *b)
{
    if (a->size != b->size)
        return false;
    if (a->digest && b->digest)
        return strcmp(a->blob, b->blob) == 0;
    return a->hashed && b->hashed && a->head == b->head;
}

static void fill_copy(struct dup_copy *c, const struct file *f, const struct mount_table *t)
{
    memset(c, 0, sizeof(*c));
    snprintf(c->name, sizeof(c->name), "%s", f->ref->name);
    c->kind = f->ref->kind;
    snprintf(c->path, sizeof(c->path), "/%s", f->ref->path);
    snprintf(c->real, sizeof(c->real), "%s", f->real);
    const struct mount_entry *m = t ? mount_table_find(t, f->real) : NULL;
    if (m) {
        snprintf(c->mount, sizeof(c->mount), "%s", m->target);
        snprintf(c->fstype, sizeof(c->fstype), "%s", m->fstype);
        c->windows_drive = m->windows_drive;
    } else {
        /* no mount table: the device number stands for the file system */
        snprintf(c->mount, sizeof(c->mount), "device %llu", (unsigned long long)f->dev);
    }
}

void model_dups_find(const struct rootfs *r, const char *home, const struct mount_table *t,
                     struct model_dups *ret)
{
    memset(ret, 0, sizeof(*ret));
    if (t && t->n == 0)
        t = NULL;
    struct model_list l = {0};
    stores_find_all(r, home, &l, NULL, NULL);
    struct file *fs = xcalloc(l.n ? l.n : 1, sizeof(*fs));
    size_t n = 0;
    for (size_t i = 0; i < l.n; i++) {
        struct file *f = &fs[n];
        char abs[600];
        snprintf(abs, sizeof(abs), "/%s", l.v[i].path);
        if (!placement_resolve(r, abs, f->real, sizeof(f->real)))
            continue;
        struct stat st;
        if (rootfs_stat(r, f->real, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size <= 0)
            continue;
        f->ref = &l.v[i];
        f->size = (uint64_t)st.st_size;
        f->dev = (uint64_t)st.st_dev;
        f->ino = (uint64_t)st.st_ino;
        const char *b = strstr(f->real, "/blobs/sha256-");
        f->digest = l.v[i].kind == STORE_OLLAMA && b && strlen(b + 7) == 7 + 64;
        f->blob = f->digest ? b + 7 : NULL;
        /* one file under two paths (a link, a second manifest): once */
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++)
            seen = strcmp(fs[j].real, f->real) == 0 || (fs[j].dev == f->dev && fs[j].ino == f->ino);
        if (!seen)
            n++;
    }
    ret->models_seen = (unsigned)n;
    qsort(fs, n, sizeof(*fs), cmp_size);
    /* the first MiB of every file whose size another file shares */
    for (size_t i = 0; i < n; i++) {
        bool shared =
            (i > 0 && fs[i - 1].size == fs[i].size) || (i + 1 < n && fs[i + 1].size == fs[i].size);
        if (!shared)
            continue;
        if (ret->hashed == DUPS_HASH_MAX) {
            ret->truncated = true;
            break;
        }
        ret->hashed++;
        fs[i].hashed = head_hash(r, fs[i].real, &fs[i].head);
    }
    bool *taken = xcalloc(n ? n : 1, sizeof(*taken));
    for (size_t i = 0; i < n; i++) {
        if (taken[i])
            continue;
        struct dup_group g;
        memset(&g, 0, sizeof(g));
        g.size = fs[i].size;
        g.same_digest = fs[i].digest;
        for (size_t j = i; j < n && fs[j].size == fs[i].size; j++) {
            if (taken[j] || (j != i && !same(&fs[i], &fs[j])))
                continue;
            taken[j] = true;
            if (g.n == DUPS_COPIES_MAX) {
                ret->truncated = true;
                continue;
            }
            g.same_digest = g.same_digest && fs[j].digest;
            fill_copy(&g.c[g.n++], &fs[j], t);
        }
        if (g.n < 2)
            continue;
        if (g.same_digest)
            snprintf(g.digest, sizeof(g.digest), "%s", fs[i].blob);
        if (ret->n == DUPS_GROUPS_MAX) {
            ret->truncated = true;
            continue;
        }
        ret->g[ret->n++] = g;
    }
    free(taken);
    free(fs);
    model_list_release(&l);
}

uint64_t dup_wasted(uint64_t size, unsigned copies)
{
    /* every copy beyond the first */
    return copies > 1 ? sat_mul_u64(size, copies - 1) : 0;
}

uint64_t dup_group_wasted(const struct dup_group *g)
{
    return dup_wasted(g->size, g->n);
}

#include "probe/placement.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "probe/inference.h"
#include "probe/maps.h"
#include "util/strbuf.h"

#define READ_SPEED_NOT_LIVE "not measured: a snapshot, not this machine's disk"

static uint64_t mono_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

void read_speed_measure(const struct rootfs *r, const char *path, uint64_t max_bytes,
                        unsigned max_ms, struct read_speed *ret)
{
    memset(ret, 0, sizeof(*ret));
    if (!r->live) {
        snprintf(ret->why_not, sizeof(ret->why_not), "%s", READ_SPEED_NOT_LIVE);
        return;
    }
    int fd;
    int e = rootfs_open(r, path, O_RDONLY | O_CLOEXEC, &fd);
    if (e < 0) {
        snprintf(ret->why_not, sizeof(ret->why_not), "not measured: cannot open it: %s",
                 strerror(-e));
        return;
    }
    /* a hint: clean pages nobody maps leave the cache, so what follows reads
     * the disk (mapped pages stay and read fast: the figure is then high) */
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    enum { CHUNK = 1 << 20 };
    char *buf = malloc(CHUNK);
    if (!buf) {
        close(fd);
        snprintf(ret->why_not, sizeof(ret->why_not), "not measured: out of memory");
        return;
    }
    uint64_t t0 = mono_ns(), done = 0, limit = (uint64_t)max_ms * 1000000u, el = 0;
    while (done < max_bytes && (done == 0 || el < limit)) { /* one chunk at least */
        size_t want = max_bytes - done < CHUNK ? (size_t)(max_bytes - done) : CHUNK;
        ssize_t n = read(fd, buf, want);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            e = -errno;
            break;
        }
        if (n == 0)
            break;
        done += (uint64_t)n;
        el = mono_ns() - t0;
    }
    el = mono_ns() - t0;
    free(buf);
    close(fd);
    if (e < 0 || done == 0) {
        snprintf(ret->why_not, sizeof(ret->why_not), "not measured: %s",
                 e < 0 ? strerror(-e) : "the file is empty");
        return;
    }
    ret->measured = true;
    ret->bytes = done;
    ret->ns = el ? el : 1;
}

uint64_t read_speed_bps(const struct read_speed *s)
{
    if (!s->measured || !s->ns)
        return 0;
    /* bytes ≤ 64 MiB and ns ≥ 1: bytes * 1e9 fits in 64 bits up to 18 GB */
    return (uint64_t)((double)s->bytes * 1e9 / (double)s->ns);
}

/* Appends component c (len n) to the normalized absolute path in buf. */
static bool push(char *buf, size_t cap, const char *c, size_t n)
{
    if (n == 0 || (n == 1 && c[0] == '.'))
        return true;
    size_t l = strlen(buf);
    if (n == 2 && c[0] == '.' && c[1] == '.') {
        char *slash = strrchr(buf, '/');
        if (slash)
            *slash = '\0';
        return true;
    }
    if (l + 1 + n + 1 > cap)
        return false;
    buf[l] = '/';
    memcpy(buf + l + 1, c, n);
    buf[l + 1 + n] = '\0';
    return true;
}

bool placement_resolve(const struct rootfs *r, const char *path, char *buf, size_t n)
{
    /* todo holds what is left to walk; done (buf) the resolved prefix */
    char todo[1024], link[1024], done[1024] = "";
    if (strlen(path) >= sizeof(todo))
        return false;
    snprintf(todo, sizeof(todo), "%s", path);
    unsigned links = 0;
    const char *p = todo;
    while (*p) {
        while (*p == '/')
            p++;
        if (!*p)
            break;
        size_t cl = strcspn(p, "/");
        char save[sizeof(done)];
        memcpy(save, done, sizeof(save));
        if (!push(done, sizeof(done), p, cl))
            return false;
        p += cl;
        if ((cl == 2 && p[-1] == '.' && p[-2] == '.') || (cl == 1 && p[-1] == '.'))
            continue;
        int ln = done[0] ? rootfs_readlink(r, done, link, sizeof(link)) : -EINVAL;
        if (ln < 0)
            continue; /* not a link, or not there: kept as written */
        if (++links > 40 || (size_t)ln + strlen(p) + 2 > sizeof(todo))
            return false;
        /* the rest of the walk is the link's target, then what followed */
        char rest[2 * 1024 + 2];
        int rl = snprintf(rest, sizeof(rest), "%s/%s", link, p);
        if (rl < 0 || (size_t)rl >= sizeof(todo))
            return false;
        memcpy(todo, rest, (size_t)rl + 1);
        p = todo;
        if (link[0] == '/')
            done[0] = '\0';
        else
            memcpy(done, save, sizeof(done));
    }
    if (!done[0])
        snprintf(done, sizeof(done), "/");
    if (strlen(done) >= n)
        return false;
    snprintf(buf, n, "%s", done);
    return true;
}

void placement_of(const struct rootfs *r, const struct mount_table *t, const char *path,
                  bool measure, struct model_placement *ret)
{
    memset(ret, 0, sizeof(*ret));
    snprintf(ret->path, sizeof(ret->path), "%s", path);
    if (!placement_resolve(r, path, ret->real, sizeof(ret->real)))
        snprintf(ret->real, sizeof(ret->real), "%s", path);
    path = ret->real;
    const struct mount_entry *m = mount_table_find(t, path);
    if (!m)
        return;
    snprintf(ret->mount_target, sizeof(ret->mount_target), "%s", m->target);
    snprintf(ret->fstype, sizeof(ret->fstype), "%s", m->fstype);
    if (!m->windows_drive)
        return;
    ret->on_windows_drive = true;
    snprintf(ret->windows_path, sizeof(ret->windows_path), "%s", m->windows_path);
    struct stat st;
    if (rootfs_stat(r, path, &st) == 0)
        ret->size = (uint64_t)st.st_size;
    if (measure)
        read_speed_measure(r, path, PLACEMENT_READ_MAX, PLACEMENT_READ_MS, &ret->speed);
    else
        snprintf(ret->speed.why_not, sizeof(ret->speed.why_not), "%s",
                 r->live ? "not measured" : READ_SPEED_NOT_LIVE);
}

/* An argument that names a model file: *.gguf, ggml-*.bin, an Ollama blob */
static bool model_arg(const char *a)
{
    return a[0] == '/' && (maps_is_model_path(a, strlen(a)) || strstr(a, "/blobs/sha256-"));
}

const char *placement_cmdline_model(const char *buf, size_t len)
{
    if (len == 0 || buf[len - 1] != '\0')
        return NULL;
    const char *prev = NULL;
    for (const char *a = buf; a < buf + len; a += strlen(a) + 1) {
        if (prev && (strcmp(prev, "-m") == 0 || strcmp(prev, "--model") == 0) && a[0] == '/')
            return a;
        if (strncmp(a, "--model=/", 9) == 0)
            return a + 8;
        if (model_arg(a))
            return a;
        prev = a;
    }
    return NULL;
}

static void add(struct drvfs_models *l, const struct rootfs *r, const struct mount_table *t,
                const char *path, const struct inference_proc *p, bool mapped, bool measure)
{
    for (unsigned i = 0; i < l->n; i++)
        if (strcmp(l->v[i].path, path) == 0)
            return;
    if (l->n == DRVFS_MODELS_MAX)
        return;
    struct model_placement pl;
    placement_of(r, t, path, false, &pl);
    if (!pl.on_windows_drive)
        return;
    /* each measurement may take PLACEMENT_READ_MS: the first two only */
    unsigned measured = 0;
    for (unsigned i = 0; i < l->n; i++)
        measured += l->v[i].speed.measured;
    if (measure && measured < PLACEMENT_MEASURE_MAX)
        read_speed_measure(r, pl.real, PLACEMENT_READ_MAX, PLACEMENT_READ_MS, &pl.speed);
    else if (measure)
        snprintf(pl.speed.why_not, sizeof(pl.speed.why_not),
                 "not measured: %u files were, the most one run reads", PLACEMENT_MEASURE_MAX);
    pl.pid = p->pid;
    snprintf(pl.proc_name, sizeof(pl.proc_name), "%s", p->name);
    pl.mapped = mapped;
    l->v[l->n++] = pl;
}

void drvfs_models_scan(const struct rootfs *r, const struct mount_table *t, uint64_t page_size,
                       bool measure, struct drvfs_models *ret)
{
    memset(ret, 0, sizeof(*ret));
    struct inference_list inf;
    if (inference_scan(r, NULL, 0, page_size, &inf) < 0)
        return;
    struct strbuf sb = STRBUF_INIT;
    for (unsigned i = 0; i < inf.n; i++) {
        const struct inference_proc *p = &inf.procs[i];
        ret->procs_seen++;
        if (p->model[0])
            add(ret, r, t, p->model, p, true, measure);
        char path[64];
        snprintf(path, sizeof(path), "proc/%d/cmdline", p->pid);
        strbuf_reset(&sb);
        if (rootfs_read_once(r, path, PROBE_CAP_SMALL, &sb) < 0 || sb.len == 0)
            continue;
        /* NUL-terminate the last argument so the walk stays inside */
        if (sb.buf[sb.len - 1] != '\0')
            strbuf_addch(&sb, '\0');
        const char *m = placement_cmdline_model(sb.buf, sb.len);
        if (m && strlen(m) < sizeof(ret->v[0].path))
            add(ret, r, t, m, p, false, measure);
    }
    strbuf_release(&sb);
}

#include "reclaim/cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reclaim/drop.h"
#include "util/size.h"

const char *reclaim_kind_name(enum reclaim_kind k)
{
    switch (k) {
    case RECLAIM_CGROUP:
        return "memory.reclaim";
    case RECLAIM_NODE:
        return "node reclaim";
    case RECLAIM_NONE:
        break;
    }
    return "none";
}

static bool writable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 0222);
}

void reclaim_target_find(const char *prefix, const char *v2_mount, struct reclaim_target *ret)
{
    memset(ret, 0, sizeof(*ret));
    if (v2_mount && v2_mount[0]) {
        snprintf(ret->paths[0], sizeof(ret->paths[0]), "%s%s/memory.reclaim", prefix, v2_mount);
        if (writable_file(ret->paths[0])) {
            ret->kind = RECLAIM_CGROUP;
            ret->n = 1;
            return;
        }
    }
    for (unsigned node = 0; node < 1024 && ret->n < RECLAIM_MAX_NODES; node++) {
        char p[256];
        snprintf(p, sizeof(p), "%s/sys/devices/system/node/node%u/reclaim", prefix, node);
        if (writable_file(p))
            snprintf(ret->paths[ret->n++], sizeof(ret->paths[0]), "%s", p);
        else if (node > 64 && ret->n == 0)
            break;
    }
    if (ret->n) {
        ret->kind = RECLAIM_NODE;
        return;
    }
    memset(ret->paths[0], 0, sizeof(ret->paths[0]));
    if (!v2_mount || !v2_mount[0])
        snprintf(ret->why_none, sizeof(ret->why_none),
                 "no cgroup v2 is mounted and this kernel has no per-node reclaim file "
                 "(6.17+)");
    else
        snprintf(ret->why_none, sizeof(ret->why_none),
                 "%s/memory.reclaim is absent (kernel before 5.19, or the memory controller "
                 "is bound to cgroup v1) and there is no per-node reclaim file (6.17+)",
                 v2_mount);
}

/* One request to one file, with the swappiness fallback. */
static int write_request(struct reclaim_target *t, const char *path, uint64_t bytes,
                         struct reclaim_mem_result *r)
{
    char v[64];
    int e;
    if (!t->no_swappiness) {
        snprintf(v, sizeof(v), "%llu swappiness=0", (unsigned long long)bytes);
        r->writes++;
        e = reclaim_write_file(path, v);
        if (e != -EINVAL) {
            snprintf(r->last_value, sizeof(r->last_value), "%s", v);
            if (e == 0 || e == -EAGAIN)
                r->file_only = true;
            return e;
        }
        t->no_swappiness = true; /* before 6.8: the key is unknown */
    }
    snprintf(v, sizeof(v), "%llu", (unsigned long long)bytes);
    snprintf(r->last_value, sizeof(r->last_value), "%s", v);
    r->writes++;
    return reclaim_write_file(path, v);
}

int reclaim_memory(struct reclaim_target *t, uint64_t bytes, uint64_t chunk, uint64_t budget_ns,
                   struct reclaim_mem_result *ret)
{
    memset(ret, 0, sizeof(*ret));
    ret->asked = bytes;
    if (t->kind == RECLAIM_NONE || t->n == 0) {
        ret->error = -EOPNOTSUPP;
        return ret->error;
    }
    if (!chunk)
        chunk = 256 * MIB;
    uint64_t t0 = reclaim_now_ns();
    uint64_t left = bytes;
    unsigned next = 0;
    while (left > 0) {
        if (budget_ns && reclaim_now_ns() - t0 >= budget_ns) {
            ret->timed_out = true;
            break;
        }
        uint64_t ask = left < chunk ? left : chunk;
        int e = write_request(t, t->paths[next], ask, ret);
        next = (next + 1) % t->n;
        if (e == -EAGAIN) {
            ret->eagain++;
            ret->written += ask;
            left -= ask;
            continue;
        }
        if (e == -EINTR)
            continue;
        if (e < 0) {
            ret->error = e;
            break;
        }
        ret->written += ask;
        left -= ask;
    }
    ret->ns = reclaim_now_ns() - t0;
    return ret->error;
}

bool cgroup_controllers_has(const char *buf, size_t len, const char *name)
{
    size_t nl = strlen(name), i = 0;
    while (i < len) {
        while (i < len && (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\t'))
            i++;
        size_t s = i;
        while (i < len && buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\t')
            i++;
        if (i - s == nl && memcmp(buf + s, name, nl) == 0)
            return true;
    }
    return false;
}

static bool file_has_word(const char *path, const char *word)
{
    char buf[512];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    close(fd);
    return n > 0 && cgroup_controllers_has(buf, (size_t)n, word);
}

static int enable_memory(const char *dir)
{
    char p[1024];
    snprintf(p, sizeof(p), "%s/cgroup.subtree_control", dir);
    if (file_has_word(p, "memory"))
        return 0;
    return reclaim_write_file(p, "+memory");
}

int run_cgroup_create(const char *prefix, const char *v2_mount, const char *name, uint64_t limit,
                      struct run_cgroup *ret, char *why, size_t whyn)
{
    memset(ret, 0, sizeof(*ret));
    ret->procs_fd = -1;
    if (!v2_mount || !v2_mount[0]) {
        snprintf(why, whyn, "no cgroup v2 hierarchy is mounted");
        return -EOPNOTSUPP;
    }
    char root[512], parent[600], p[1100];
    snprintf(root, sizeof(root), "%s%s", prefix, v2_mount);
    snprintf(p, sizeof(p), "%s/cgroup.controllers", root);
    if (!file_has_word(p, "memory")) {
        snprintf(why, whyn, "the memory controller is not available in %s (bound to cgroup v1?)",
                 v2_mount);
        return -EOPNOTSUPP;
    }
    int e = enable_memory(root);
    if (e < 0) {
        snprintf(why, whyn, "cannot enable memory in %s/cgroup.subtree_control: %s", v2_mount,
                 strerror(-e));
        return e;
    }
    snprintf(parent, sizeof(parent), "%s/headroom", root);
    if (mkdir(parent, 0755) < 0 && errno != EEXIST) {
        e = -errno;
        snprintf(why, whyn, "cannot create %s/headroom: %s", v2_mount, strerror(errno));
        return e;
    }
    e = enable_memory(parent);
    if (e < 0) {
        snprintf(why, whyn, "cannot enable memory in %s/headroom: %s", v2_mount, strerror(-e));
        return e;
    }
    snprintf(ret->dir, sizeof(ret->dir), "%s/headroom/%s",
             v2_mount[0] == '/' ? v2_mount + 1 : v2_mount, name);
    snprintf(ret->abs, sizeof(ret->abs), "%s/headroom/%s", root, name);
    if (mkdir(ret->abs, 0755) < 0) {
        e = -errno;
        snprintf(why, whyn, "cannot create %s/headroom/%s: %s", v2_mount, name, strerror(errno));
        return e;
    }
    if (limit) {
        char v[32];
        snprintf(v, sizeof(v), "%llu", (unsigned long long)limit);
        snprintf(p, sizeof(p), "%s/memory.max", ret->abs);
        e = reclaim_write_file(p, v);
        if (e < 0) {
            snprintf(why, whyn, "cannot write memory.max: %s", strerror(-e));
            rmdir(ret->abs);
            return e;
        }
    }
    snprintf(p, sizeof(p), "%s/cgroup.procs", ret->abs);
    ret->procs_fd = open(p, O_WRONLY | O_CLOEXEC);
    if (ret->procs_fd < 0) {
        e = -errno;
        snprintf(why, whyn, "cannot open cgroup.procs: %s", strerror(errno));
        rmdir(ret->abs);
        return e;
    }
    return 0;
}

int run_cgroup_join(const struct run_cgroup *cg)
{
    if (cg->procs_fd < 0)
        return -EBADF;
    ssize_t w = write(cg->procs_fd, "0\n", 2);
    return w == 2 ? 0 : w < 0 ? -errno : -EIO;
}

int run_cgroup_remove(struct run_cgroup *cg)
{
    if (cg->procs_fd >= 0) {
        close(cg->procs_fd);
        cg->procs_fd = -1;
    }
    if (!cg->abs[0])
        return 0;
    /* the last processes may take a moment to leave after being reaped */
    for (int i = 0; i < 50; i++) {
        if (rmdir(cg->abs) == 0 || errno == ENOENT)
            return 0;
        if (errno != EBUSY)
            return -errno;
        usleep(10000);
    }
    return -EBUSY;
}

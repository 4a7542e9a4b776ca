#include "probe/cgroup.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/lines.h"
#include "util/parse.h"
#include "util/fields.h"
#include "util/xalloc.h"

const char *cgroup_mode_name(enum cgroup_mode m)
{
    switch (m) {
    case CGROUP_NONE:
        return "none";
    case CGROUP_V1:
        return "v1";
    case CGROUP_V2:
        return "v2";
    case CGROUP_HYBRID:
        return "hybrid";
    case CGROUP_UNKNOWN:
        break;
    }
    return "unknown";
}

int cgroup_mounts_parse(const char *buf, size_t len, struct cgroup_mounts *ret, struct diag *d)
{
    struct cgroup_mounts m;
    memset(&m, 0, sizeof(m));
    char unified[256] = "";
    bool v2_at_root = false, v2_unified = false;
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        if (n == 0)
            continue;
        const char *p = s, *e = s + n, *dev, *mnt, *type;
        size_t devn, mntn, typen;
        if (!field_next(&p, e, &dev, &devn) || !field_next(&p, e, &mnt, &mntn) ||
            !field_next(&p, e, &type, &typen)) {
            diag_set(d, NULL, it.lineno, 1, "expected 'device mountpoint type ...'");
            return -EBADMSG;
        }
        char mp[256];
        size_t mpn = unescape_octal(mnt, mntn, mp, sizeof(mp));
        if (mp[0] != '/' || strlen(mp) != mpn) {
            diag_set(d, NULL, it.lineno, (unsigned)(mnt - s) + 1,
                     "mount point is not an absolute path");
            return -EBADMSG;
        }
        if (typen == 7 && memcmp(type, "cgroup2", 7) == 0) {
            if (strcmp(mp, "/sys/fs/cgroup") == 0) {
                v2_at_root = true;
                snprintf(m.v2_mount, sizeof(m.v2_mount), "%s", mp);
            } else if (!unified[0]) {
                v2_unified = true;
                snprintf(unified, sizeof(unified), "%s", mp);
            }
        } else if (typen == 6 && memcmp(type, "cgroup", 6) == 0) {
            m.v1_count++;
        }
    }
    if (v2_at_root)
        m.mode = CGROUP_V2;
    else if (m.v1_count && v2_unified) {
        m.mode = CGROUP_HYBRID;
        snprintf(m.v2_mount, sizeof(m.v2_mount), "%s", unified);
    } else if (m.v1_count)
        m.mode = CGROUP_V1;
    else if (v2_unified) {
        m.mode = CGROUP_V2; /* cgroup2 somewhere else only */
        snprintf(m.v2_mount, sizeof(m.v2_mount), "%s", unified);
    } else
        m.mode = CGROUP_NONE;
    *ret = m;
    return 0;
}

int cgroup_self_parse(const char *buf, size_t len, char *ret_path, size_t n, struct diag *d)
{
    struct lines it;
    const char *s;
    size_t ln;
    char path[512] = "";
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &ln)) {
        if (ln == 0)
            continue;
        const char *c1 = memchr(s, ':', ln);
        const char *c2 = c1 ? memchr(c1 + 1, ':', ln - (size_t)(c1 + 1 - s)) : NULL;
        if (!c1 || !c2 || c1 == s) {
            diag_set(d, NULL, it.lineno, 1, "expected 'ID:CONTROLLERS:PATH'");
            return -EBADMSG;
        }
        const char *pe = s + ln;
        if (c1 - s == 1 && s[0] == '0' && c2 == c1 + 1) {
            size_t pn = (size_t)(pe - (c2 + 1));
            if (pn == 0 || c2[1] != '/' || pn >= sizeof(path)) {
                diag_set(d, NULL, it.lineno, (unsigned)(c2 - s) + 2, "bad cgroup path");
                return -EBADMSG;
            }
            memcpy(path, c2 + 1, pn);
            path[pn] = '\0';
        }
    }
    snprintf(ret_path, n, "%s", path);
    return 0;
}

int cgroup_memstat_parse(const char *buf, size_t len, struct cgroup_mem *ret, struct diag *d)
{
    static const struct probe_kv keys[] = {
        {"anon", offsetof(struct cgroup_mem, anon)},
        {"file", offsetof(struct cgroup_mem, file)},
        {"shmem", offsetof(struct cgroup_mem, shmem)},
        {"file_mapped", offsetof(struct cgroup_mem, file_mapped)},
        {"active_file", offsetof(struct cgroup_mem, active_file)},
        {"inactive_file", offsetof(struct cgroup_mem, inactive_file)},
    };
    struct cgroup_mem m = *ret;
    uint64_t seen;
    if (probe_kv_parse(buf, len, keys, sizeof(keys) / sizeof(keys[0]), &m, &seen, d) < 0)
        return -EBADMSG;
    m.has_stat = true;
    *ret = m;
    return 0;
}

int cgroup_value_parse(const char *buf, size_t len, uint64_t *ret, struct diag *d)
{
    size_t n = len;
    if (n && buf[n - 1] == '\n')
        n--;
    if (n == 3 && memcmp(buf, "max", 3) == 0) {
        *ret = UINT64_MAX;
        return 0;
    }
    const char *p = buf;
    uint64_t v;
    if (parse_u64_dec(&p, buf + n, &v) < 0 || p != buf + n) {
        diag_set(d, NULL, 1, (unsigned)(p - buf) + 1, "expected a number or 'max'");
        return -EBADMSG;
    }
    *ret = v;
    return 0;
}

static int value_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return cgroup_value_parse(buf, len, ret, d);
}

static int memstat_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return cgroup_memstat_parse(buf, len, ret, d);
}

void cgroup_mem_read(const struct rootfs *r, const char *dir, struct cgroup_mem *m,
                     struct probe_status *st)
{
    static const char *const names[] = {"memory.current", "memory.max", "memory.peak"};
    uint64_t *dst[] = {&m->current, &m->max, &m->peak};
    bool *has[] = {&m->has_current, &m->has_max, &m->has_peak};
    bool any = false;
    memset(m, 0, sizeof(*m));
    for (int i = 0; i < 3; i++) {
        char *path = xasprintf("%s/%s", dir, names[i]);
        struct probe_status fs = {0};
        if (probe_load(r, path, PROBE_CAP_SMALL, value_cb, dst[i], &fs) == 0) {
            *has[i] = true;
            any = true;
        } else if (fs.state == PROBE_MALFORMED) {
            *st = fs;
            st->path = NULL; /* the dynamic path does not outlive this call */
            free(path);
            return;
        }
        free(path);
    }
    char *path = xasprintf("%s/memory.stat", dir);
    struct probe_status fs = {0};
    int e = probe_load(r, path, PROBE_CAP_SMALL, memstat_cb, m, &fs);
    free(path);
    if (e == 0)
        any = true;
    else if (fs.state == PROBE_MALFORMED) {
        *st = fs;
        st->path = NULL;
        return;
    }
    st->state = any ? PROBE_OK : PROBE_UNAVAILABLE;
    st->error = any ? 0 : -ENOENT;
}

int cgroup_events_parse(const char *buf, size_t len, struct cgroup_events *ret, struct diag *d)
{
    static const struct probe_kv keys[] = {
        {"low", offsetof(struct cgroup_events, low)},
        {"high", offsetof(struct cgroup_events, high)},
        {"max", offsetof(struct cgroup_events, max)},
        {"oom", offsetof(struct cgroup_events, oom)},
        {"oom_kill", offsetof(struct cgroup_events, oom_kill)},
    };
    struct cgroup_events ev = {0};
    uint64_t seen;
    if (probe_kv_parse(buf, len, keys, sizeof(keys) / sizeof(keys[0]), &ev, &seen, d) < 0)
        return -EBADMSG;
    *ret = ev;
    return 0;
}

static int events_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return cgroup_events_parse(buf, len, ret, d);
}

int cgroup_events_read(const struct rootfs *r, const char *dir, struct cgroup_events *ret)
{
    char *path = xasprintf("%s/memory.events", dir);
    struct probe_status st = {0};
    memset(ret, 0, sizeof(*ret));
    int e = probe_load(r, path, PROBE_CAP_SMALL, events_cb, ret, &st);
    free(path);
    return e < 0 ? e : 0;
}

static int mounts_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return cgroup_mounts_parse(buf, len, ret, d);
}

struct self_ctx {
    char path[512];
};

static int self_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    struct self_ctx *c = ret;
    return cgroup_self_parse(buf, len, c->path, sizeof(c->path), d);
}

void cgroup_read(const struct rootfs *r, struct cgroup_info *info)
{
    memset(info, 0, sizeof(*info));
    struct cgroup_mounts mounts;
    if (probe_load(r, "proc/self/mounts", PROBE_CAP_LARGE, mounts_cb, &mounts, &info->mounts_st) <
        0) {
        info->mode = CGROUP_UNKNOWN;
        return;
    }
    info->mode = mounts.mode;
    snprintf(info->v2_mount, sizeof(info->v2_mount), "%s", mounts.v2_mount);
    struct self_ctx self = {""};
    if (probe_load(r, "proc/self/cgroup", PROBE_CAP_SMALL, self_cb, &self, &info->self_st) == 0)
        snprintf(info->own_path, sizeof(info->own_path), "%s", self.path);
    if (!info->v2_mount[0])
        return;
    cgroup_mem_read(r, info->v2_mount, &info->root, &info->root_st);
    if (info->own_path[0] && strcmp(info->own_path, "/") != 0) {
        char *dir = xasprintf("%s%s", info->v2_mount, info->own_path);
        cgroup_mem_read(r, dir, &info->own, &info->own_st);
        free(dir);
    } else if (info->own_path[0]) {
        info->own = info->root;
        info->own_st = info->root_st;
    }
}

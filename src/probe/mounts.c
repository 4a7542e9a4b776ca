#include "probe/mounts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fields.h"
#include "util/lines.h"
#include "util/xalloc.h"

/* The options: the rest of the line less the two numbers at its end. The
 * kernel does not escape 9p's aname, so drvfs's "path=C:\Program Files\..."
 * holds a raw space. */
static bool options_field(const char **p, const char *e, const char **ret_s, size_t *ret_n)
{
    const char *s = *p;
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    const char *end = e;
    for (int k = 0; k < 2; k++) {
        while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
            end--;
        const char *q = end;
        while (q > s && q[-1] >= '0' && q[-1] <= '9')
            q--;
        if (q == end || q == s || (q[-1] != ' ' && q[-1] != '\t'))
            break; /* no number there: leave the rest as the options */
        end = q;
    }
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (end == s)
        return false;
    *ret_s = s;
    *ret_n = (size_t)(end - s);
    *p = e;
    return true;
}

/* The kernel's \ooo escapes undone, NUL-terminated; a NUL byte written
 * as \000 ends the string there. */
static char *unescape(const char *s, size_t n)
{
    char *out = xmalloc(n + 1);
    unescape_octal(s, n, out, n + 1);
    return out;
}

/* The value of option `key` ("aname") in a 9p option string, where drvfs's
 * own options ride inside aname, separated by ';' ("aname=drvfs;path=C:\;
 * uid=1000"). Returns its length and start in *ret, or 0. */
static size_t option(const char *opts, size_t n, const char *key, char sep, const char **ret)
{
    size_t k = strlen(key);
    for (size_t i = 0; i + k < n; i++) {
        if ((i == 0 || opts[i - 1] == ',' || opts[i - 1] == ';') && memcmp(opts + i, key, k) == 0 &&
            opts[i + k] == '=') {
            const char *v = opts + i + k + 1;
            size_t l = 0;
            while (v + l < opts + n && v[l] != ',' && v[l] != sep)
                l++;
            *ret = v;
            return l;
        }
    }
    return 0;
}

void mount_table_release(struct mount_table *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].source);
        free(t->v[i].target);
        free(t->v[i].fstype);
    }
    free(t->v);
    memset(t, 0, sizeof(*t));
}

int mounts_parse(const char *buf, size_t len, struct mount_table *ret, struct diag *d)
{
    struct mount_table t;
    memset(&t, 0, sizeof(t));
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        if (n == 0)
            continue;
        const char *p = s, *e = s + n, *src, *mnt, *type, *opts;
        size_t srcn, mntn, typen, optsn;
        if (!field_next(&p, e, &src, &srcn) || !field_next(&p, e, &mnt, &mntn) ||
            !field_next(&p, e, &type, &typen) || !options_field(&p, e, &opts, &optsn)) {
            diag_set(d, NULL, it.lineno, 1, "expected 'device mountpoint type options ...'");
            mount_table_release(&t);
            return -EBADMSG;
        }
        if (t.n == MOUNTS_MAX) {
            diag_set(d, NULL, it.lineno, 1, "more than %u mounts", MOUNTS_MAX);
            mount_table_release(&t);
            return -EBADMSG;
        }
        char *target = unescape(mnt, mntn);
        if (target[0] != '/') {
            free(target);
            diag_set(d, NULL, it.lineno, (unsigned)(mnt - s) + 1,
                     "mount point is not an absolute path");
            mount_table_release(&t);
            return -EBADMSG;
        }
        t.v = xgrow(t.v, t.n + 1, sizeof(*t.v), &t.alloc);
        struct mount_entry *m = &t.v[t.n++];
        memset(m, 0, sizeof(*m));
        m->target = target;
        m->source = unescape(src, srcn);
        m->fstype = unescape(type, typen);
        const char *v;
        size_t vn = option(opts, optsn, "aname", ';', &v);
        bool drvfs_9p = strcmp(m->fstype, "9p") == 0 && vn == 5 && memcmp(v, "drvfs", 5) == 0;
        m->windows_drive = drvfs_9p || strcmp(m->fstype, "drvfs") == 0;
        if (!m->windows_drive)
            continue;
        /* "path=C:\" inside aname (9p), or the source ("C:", WSL1) */
        vn = drvfs_9p ? option(opts, optsn, "path", ';', &v) : 0;
        if (vn) {
            char *w = unescape(v, vn);
            snprintf(m->windows_path, sizeof(m->windows_path), "%s", w);
            free(w);
        } else {
            snprintf(m->windows_path, sizeof(m->windows_path), "%s", m->source);
        }
    }
    *ret = t;
    return 0;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return mounts_parse(buf, len, ret, d);
}

int mounts_read(const struct rootfs *r, struct mount_table *ret, struct probe_status *st)
{
    return probe_load(r, "proc/self/mounts", PROBE_CAP_LARGE, parse_cb, ret, st);
}

const struct mount_entry *mount_table_find(const struct mount_table *t, const char *path)
{
    if (!path || path[0] != '/')
        return NULL;
    const struct mount_entry *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < t->n; i++) {
        const char *tg = t->v[i].target;
        size_t l = strlen(tg);
        while (l > 1 && tg[l - 1] == '/')
            l--;
        bool under =
            l == 1 ? true : strncmp(path, tg, l) == 0 && (path[l] == '/' || path[l] == '\0');
        /* longest target wins; among equals, the later (it hides the other) */
        if (under && (!best || l >= best_len)) {
            best = &t->v[i];
            best_len = l;
        }
    }
    return best;
}

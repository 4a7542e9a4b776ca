#include "probe/procs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/lines.h"
#include "util/parse.h"
#include "util/xalloc.h"

int proc_stat_parse(const char *buf, size_t len, struct proc_stat *ret, struct diag *d)
{
    struct proc_stat s;
    memset(&s, 0, sizeof(s));
    const char *e = buf + len, *p = buf;
    const char *open = memchr(buf, '(', len);
    const char *close = NULL;
    for (const char *q = e; q > buf; q--) {
        if (q[-1] == ')') {
            close = q - 1;
            break;
        }
    }
    if (!open || !close || close < open) {
        diag_set(d, NULL, 1, 1, "expected 'PID (NAME) ...'");
        return -EBADMSG;
    }
    int64_t pid;
    if (parse_i64_dec(&p, open, &pid) < 0 || pid <= 0 || pid > 0x7fffffff ||
        skip_blanks(p, open) != open) {
        diag_set(d, NULL, 1, 1, "expected a PID");
        return -EBADMSG;
    }
    s.pid = (int)pid;
    size_t cn = (size_t)(close - open - 1);
    if (cn >= sizeof(s.comm))
        cn = sizeof(s.comm) - 1;
    memcpy(s.comm, open + 1, cn);

    /* fields after ')' start at field 3 (state) */
    p = close + 1;
    uint64_t vals[22]; /* fields 4..24 as numbers (index = field - 3) */
    unsigned field = 3;
    while (field <= 24) {
        p = skip_blanks(p, e);
        if (p >= e || *p == '\n') {
            unsigned line, col;
            diag_locate(buf, len, (size_t)(p - buf), &line, &col);
            diag_set(d, NULL, line, col, "only %u fields; expected at least 24", field - 1);
            return -EBADMSG;
        }
        if (field == 3) {
            s.state = *p++;
            if (p < e && *p != ' ' && *p != '\n') {
                diag_set(d, NULL, 1, (unsigned)(p - buf) + 1, "bad state field");
                return -EBADMSG;
            }
        } else {
            int64_t v;
            const char *at = p;
            if (parse_i64_dec(&p, e, &v) < 0 || (p < e && *p != ' ' && *p != '\n')) {
                unsigned line, col;
                diag_locate(buf, len, (size_t)(at - buf), &line, &col);
                diag_set(d, NULL, line, col, "field %u is not a number", field);
                return -EBADMSG;
            }
            vals[field - 3] = (uint64_t)v;
            if (field == 4)
                s.ppid = v < 0 || v > 0x7fffffff ? 0 : (int)v;
        }
        field++;
    }
    s.utime = vals[14 - 3];
    s.stime = vals[15 - 3];
    s.starttime = vals[22 - 3];
    /* rss (field 24) is signed in the kernel's output; clamp negatives */
    s.rss_pages = (int64_t)vals[24 - 3] < 0 ? 0 : vals[24 - 3];
    *ret = s;
    return 0;
}

/* Parses "<spaces>N kB" at p; returns false if it is not that. */
static bool kb_value(const char *p, const char *e, uint64_t *ret)
{
    uint64_t v;
    p = skip_blanks(p, e);
    if (parse_u64_dec(&p, e, &v) < 0)
        return false;
    p = skip_blanks(p, e);
    if (e - p != 2 || p[0] != 'k' || p[1] != 'B')
        return false;
    return mul_u64(v, 1024, ret);
}

static bool key_is(const char *s, size_t n, const char *key, const char **ret_val)
{
    size_t kl = strlen(key);
    if (n < kl + 1 || memcmp(s, key, kl) != 0 || s[kl] != ':')
        return false;
    *ret_val = s + kl + 1;
    return true;
}

int proc_status_parse(const char *buf, size_t len, struct proc_status *ret, struct diag *d)
{
    struct proc_status st;
    memset(&st, 0, sizeof(st));
    static const struct {
        const char *key;
        size_t off;
    } keys[] = {
        {"VmRSS", offsetof(struct proc_status, vm_rss)},
        {"RssAnon", offsetof(struct proc_status, rss_anon)},
        {"RssFile", offsetof(struct proc_status, rss_file)},
        {"RssShmem", offsetof(struct proc_status, rss_shmem)},
        {"VmHWM", offsetof(struct proc_status, vm_hwm)},
        {"VmSwap", offsetof(struct proc_status, vm_swap)},
    };
    unsigned breakdown = 0;
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        const char *v, *e = s + n;
        if (key_is(s, n, "Uid", &v)) {
            uint64_t uid;
            v = skip_blanks(v, e);
            if (parse_u64_dec(&v, e, &uid) < 0 || uid > 0xffffffffu) {
                diag_set(d, NULL, it.lineno, 5, "bad Uid line");
                return -EBADMSG;
            }
            st.uid = (unsigned)uid;
            st.has_uid = true;
            continue;
        }
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
            if (!key_is(s, n, keys[i].key, &v))
                continue;
            uint64_t val;
            if (!kb_value(v, e, &val)) {
                diag_set(d, NULL, it.lineno, (unsigned)(v - s) + 1, "expected 'N kB' for %s",
                         keys[i].key);
                return -EBADMSG;
            }
            *(uint64_t *)((char *)&st + keys[i].off) = val;
            if (i == 0)
                st.has_rss = true;
            else if (i <= 3)
                breakdown++;
            else if (i == 4)
                st.has_hwm = true;
            else
                st.has_swap = true;
            break;
        }
    }
    st.has_breakdown = breakdown == 3;
    *ret = st;
    return 0;
}

int proc_smaps_parse(const char *buf, size_t len, struct proc_smaps *ret, struct diag *d)
{
    struct proc_smaps sm;
    memset(&sm, 0, sizeof(sm));
    static const struct {
        const char *key;
        size_t off;
    } keys[] = {
        {"Rss", offsetof(struct proc_smaps, rss)},
        {"Pss", offsetof(struct proc_smaps, pss)},
        {"Pss_Anon", offsetof(struct proc_smaps, pss_anon)},
        {"Pss_File", offsetof(struct proc_smaps, pss_file)},
        {"Pss_Shmem", offsetof(struct proc_smaps, pss_shmem)},
        {"Swap", offsetof(struct proc_smaps, swap)},
        {"SwapPss", offsetof(struct proc_smaps, swap_pss)},
    };
    bool has_rss = false, has_pss = false;
    unsigned split = 0;
    struct lines it;
    const char *s;
    size_t n;
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &n)) {
        const char *v, *e = s + n;
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
            if (!key_is(s, n, keys[i].key, &v))
                continue;
            uint64_t val;
            if (!kb_value(v, e, &val)) {
                diag_set(d, NULL, it.lineno, (unsigned)(v - s) + 1, "expected 'N kB' for %s",
                         keys[i].key);
                return -EBADMSG;
            }
            *(uint64_t *)((char *)&sm + keys[i].off) = val;
            if (i == 0)
                has_rss = true;
            else if (i == 1)
                has_pss = true;
            else if (i <= 4)
                split++;
            break;
        }
    }
    if (!has_rss || !has_pss) {
        diag_set(d, NULL, it.lineno ? it.lineno : 1, 0, "no %s line", has_rss ? "Pss" : "Rss");
        return -EBADMSG;
    }
    sm.has_pss_split = split == 3;
    *ret = sm;
    return 0;
}

static int stat_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return proc_stat_parse(buf, len, ret, d);
}

static int status_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return proc_status_parse(buf, len, ret, d);
}

static int smaps_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return proc_smaps_parse(buf, len, ret, d);
}

bool proc_is_pid_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static int by_rss_desc(const void *a, const void *b)
{
    const struct proc_info *x = a, *y = b;
    uint64_t rx = x->has_status ? x->rss : x->stat_rss_pages;
    uint64_t ry = y->has_status ? y->rss : y->stat_rss_pages;
    if (rx != ry)
        return rx > ry ? -1 : 1;
    return x->pid < y->pid ? -1 : x->pid > y->pid;
}

/* Fills the costly details of one process; false when it vanished or its
 * status file is unusable. */
static bool load_details(const struct rootfs *r, bool pss, struct proc_info *p)
{
    char path[64];
    struct probe_status st = {0};
    struct proc_status status;
    snprintf(path, sizeof(path), "proc/%d/status", p->pid);
    if (probe_load(r, path, PROBE_CAP_SMALL, status_cb, &status, &st) < 0 || !status.has_rss)
        return false;
    p->has_status = true;
    p->rss = status.vm_rss;
    p->rss_anon = status.rss_anon;
    p->rss_file = status.rss_file;
    p->rss_shmem = status.rss_shmem;
    p->vm_hwm = status.vm_hwm;
    p->swap = status.vm_swap;
    p->uid = status.uid;

    struct strbuf sb = STRBUF_INIT;
    snprintf(path, sizeof(path), "proc/%d/comm", p->pid);
    if (rootfs_read(r, path, 256, &sb) == 0 && sb.len) {
        size_t n = sb.len;
        if (sb.buf[n - 1] == '\n')
            n--; /* only the kernel's newline; one inside the name stays */
        if (n >= sizeof(p->name))
            n = sizeof(p->name) - 1;
        memcpy(p->name, sb.buf, n);
        p->name[n] = '\0';
    }
    strbuf_release(&sb);

    if (!pss)
        return true;
    struct proc_smaps sm;
    struct probe_status st2 = {0};
    snprintf(path, sizeof(path), "proc/%d/smaps_rollup", p->pid);
    if (probe_load(r, path, PROBE_CAP_SMALL, smaps_cb, &sm, &st2) == 0) {
        p->has_smaps = true;
        p->pss = sm.pss;
        p->pss_anon = sm.pss_anon;
        p->pss_file = sm.pss_file;
        p->pss_shmem = sm.pss_shmem;
    }
    return true;
}

int procs_read(const struct rootfs *r, unsigned top_n, bool pss, struct proc_list *ret,
               struct probe_status *st)
{
    char **names;
    size_t nn;
    memset(ret, 0, sizeof(*ret));
    st->path = "proc";
    int e = rootfs_list(r, "proc", 1u << 20, &names, &nn);
    if (e < 0) {
        st->state = PROBE_UNAVAILABLE;
        st->error = e;
        return e;
    }
    struct proc_info *all = NULL;
    size_t n = 0, alloc = 0, all_alloc = 0;
    for (size_t i = 0; i < nn; i++) {
        if (!proc_is_pid_name(names[i]))
            continue;
        char path[64];
        snprintf(path, sizeof(path), "proc/%.20s/stat", names[i]);
        struct proc_stat ps;
        struct probe_status pst = {0};
        if (probe_load(r, path, PROBE_CAP_SMALL, stat_cb, &ps, &pst) < 0) {
            ret->skipped++;
            continue;
        }
        ret->seen++;
        struct proc_brief *b;
        ret->all = xgrow(ret->all, ret->nall + 1, sizeof(*ret->all), &all_alloc);
        b = &ret->all[ret->nall++];
        b->pid = ps.pid;
        b->rss_pages = ps.rss_pages;
        snprintf(b->name, sizeof(b->name), "%s", ps.comm);
        if (ps.rss_pages == 0)
            continue; /* kernel threads and zombies hold no memory */
        all = xgrow(all, n + 1, sizeof(*all), &alloc);
        struct proc_info *p = &all[n++];
        memset(p, 0, sizeof(*p));
        p->pid = ps.pid;
        p->ppid = ps.ppid;
        p->state = ps.state;
        p->stat_rss_pages = ps.rss_pages;
        snprintf(p->name, sizeof(p->name), "%s", ps.comm);
    }
    rootfs_names_free(names, nn);
    if (n)
        qsort(all, n, sizeof(*all), by_rss_desc);

    /* Details for the top N; a process that vanished is replaced by the next. */
    size_t kept = 0;
    for (size_t i = 0; i < n && kept < top_n; i++) {
        if (!load_details(r, pss, &all[i])) {
            ret->skipped++;
            continue;
        }
        all[kept++] = all[i];
    }
    if (kept)
        qsort(all, kept, sizeof(*all), by_rss_desc);
    ret->procs = all;
    ret->n = kept;
    probe_set_ok(st);
    return 0;
}

void proc_list_release(struct proc_list *l)
{
    free(l->procs);
    free(l->all);
    memset(l, 0, sizeof(*l));
}

const struct proc_brief *proc_list_find(const struct proc_list *l, const char *name)
{
    for (size_t i = 0; i < l->nall; i++)
        if (strcmp(l->all[i].name, name) == 0)
            return &l->all[i];
    return NULL;
}

char *proc_cmdline_join(const char *buf, size_t len, char *ret, size_t n)
{
    size_t at = 0;
    if (!n)
        return ret;
    /* the last argument's NUL ends the line, not a separator */
    while (len && buf[len - 1] == '\0')
        len--;
    for (size_t i = 0; i < len && at + 1 < n; i++)
        ret[at++] = buf[i] == '\0' ? ' ' : buf[i];
    ret[at] = '\0';
    return ret;
}

int proc_cmdline_read(const struct rootfs *r, int pid, char *ret, size_t n)
{
    char path[48];
    struct strbuf sb = STRBUF_INIT;
    if (n)
        ret[0] = '\0';
    snprintf(path, sizeof(path), "proc/%d/cmdline", pid);
    int e = rootfs_read_once(r, path, PROBE_CAP_SMALL, &sb);
    if (e >= 0)
        proc_cmdline_join(sb.buf, sb.len, ret, n);
    strbuf_release(&sb);
    return e < 0 ? e : 0;
}

#include "probe/oomlog.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/lines.h"
#include "util/parse.h"
#include "util/sanitize.h"

/* The report being read: what came before its kill line. */
struct pending {
    struct oom_kill k;
    int summary_pid; /* the oom-kill: line's pid=, 0 when none */
};

static bool starts(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n >= k && memcmp(s, lit, k) == 0;
}

static const char *find(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (memcmp(s + i, lit, k) == 0)
            return s + i;
    return NULL;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Splits one line into its text and, where the form gives it, the time since
 * boot. Returns 1 for a line to read, 0 for one to skip (a kmsg continuation
 * line), -1 for a /dev/kmsg record with a broken prefix (*bad_col set). */
static int split_line(const char *s, size_t n, const char **msg, size_t *mlen, bool *has_time,
                      uint64_t *t_us, unsigned *bad_col)
{
    const char *e = s + n;
    *has_time = false;
    if (n && s[0] == ' ')
        return 0;
    if (n && is_digit(s[0])) {
        /* "PRIO,SEQ,USEC,FLAGS;TEXT" — or bare text that starts with a digit */
        const char *p = s;
        uint64_t prio, seq, us;
        if (parse_u64_dec(&p, e, &prio) == 0 && p < e && *p == ',') {
            p++;
            if (parse_u64_dec(&p, e, &seq) < 0 || p >= e || *p != ',') {
                *bad_col = (unsigned)(p - s) + 1;
                return -1;
            }
            p++;
            const char *at = p;
            if (parse_u64_dec(&p, e, &us) < 0 || p == at || p >= e || *p != ',') {
                *bad_col = (unsigned)(p - s) + 1;
                return -1;
            }
            const char *semi = memchr(p, ';', (size_t)(e - p));
            if (!semi) {
                *bad_col = (unsigned)(p - s) + 1;
                return -1;
            }
            *has_time = true;
            *t_us = us;
            *msg = semi + 1;
            *mlen = (size_t)(e - semi - 1);
            return 1;
        }
    }
    if (n && s[0] == '[') {
        /* "[12140.271563] TEXT" (dmesg), "[Wed Dec  2 22:16:07 2026] TEXT" (dmesg -T) */
        const char *close = memchr(s, ']', n);
        if (close) {
            const char *p = s + 1;
            while (p < close && *p == ' ')
                p++;
            uint64_t sec, frac = 0;
            const char *d0 = p;
            if (parse_u64_dec(&p, close, &sec) == 0 && p > d0 && p < close && *p == '.') {
                p++;
                unsigned digits = 0;
                while (p < close && is_digit(*p) && digits < 6) {
                    frac = frac * 10 + (uint64_t)(*p - '0');
                    p++;
                    digits++;
                }
                for (; digits < 6; digits++)
                    frac *= 10;
                uint64_t us;
                if (p == close && mul_u64(sec, 1000000, &us) && add_u64(us, frac, &us)) {
                    *has_time = true;
                    *t_us = us;
                }
            }
            p = close + 1;
            if (p < e && *p == ' ')
                p++;
            *msg = p;
            *mlen = (size_t)(e - p);
            return 1;
        }
    }
    /* "Dec 02 22:16:07 host kernel: TEXT" (journalctl -k, syslog) */
    const char *k = find(s, n < 96 ? n : 96, " kernel: ");
    if (k) {
        *msg = k + 9;
        *mlen = (size_t)(e - k - 9);
        return 1;
    }
    *msg = s;
    *mlen = n;
    return 1;
}

/* "NkB" at *p: the bytes, saturated (a cgroup's "no limit" is near 2^63). */
static int parse_kb(const char **p, const char *e, uint64_t *ret)
{
    const char *at = *p;
    uint64_t kb;
    if (parse_u64_dec(p, e, &kb) < 0 || *p == at || e - *p < 2 || memcmp(*p, "kB", 2) != 0)
        return -1;
    *p += 2;
    *ret = mul_u64(kb, 1024, &kb) ? kb : UINT64_MAX;
    return 0;
}

/* "memory: usage NkB, limit NkB, failcnt N" after the name and ": usage " */
static int parse_usage(const char *s, const char *e, uint64_t *usage, uint64_t *limit)
{
    const char *p = s;
    if (parse_kb(&p, e, usage) < 0 || e - p < 8 || memcmp(p, ", limit ", 8) != 0)
        return -1;
    p += 8;
    return parse_kb(&p, e, limit);
}

/* The value of `key=` in an oom-kill: summary. Values are cgroup paths and
 * names that may hold commas, so a value runs to the next ",KEY" of a key
 * the kernel writes, not to the next comma. */
static bool summary_value(const char *s, size_t n, const char *key, const char **ret, size_t *rn)
{
    static const char *const keys[] = {
        ",constraint=", ",nodemask=", ",cpuset=", ",mems_allowed=", ",oom_memcg=",
        ",task_memcg=", ",task=",     ",pid=",    ",uid=",          ",global_oom"};
    char want[32];
    snprintf(want, sizeof(want), ",%s=", key);
    /* the first key follows "oom-kill:" with no comma */
    const char *v = NULL;
    if (starts(s, n, want + 1))
        v = s + strlen(want + 1);
    else {
        const char *f = find(s, n, want);
        if (f)
            v = f + strlen(want);
    }
    if (!v)
        return false;
    const char *e = s + n, *end = e;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        const char *f = find(v, (size_t)(e - v), keys[i]);
        if (f && f < end)
            end = f;
    }
    *ret = v;
    *rn = (size_t)(end - v);
    return true;
}

static void read_summary(const char *s, size_t n, struct pending *pd)
{
    const char *v;
    size_t vn;
    if (summary_value(s, n, "constraint", &v, &vn))
        text_copy_field(pd->k.constraint, sizeof(pd->k.constraint), v, vn);
    if (summary_value(s, n, "oom_memcg", &v, &vn))
        text_copy_field(pd->k.oom_memcg, sizeof(pd->k.oom_memcg), v, vn);
    if (summary_value(s, n, "task_memcg", &v, &vn))
        text_copy_field(pd->k.task_memcg, sizeof(pd->k.task_memcg), v, vn);
    pd->k.global_oom = find(s, n, ",global_oom") != NULL;
    if (summary_value(s, n, "pid", &v, &vn)) {
        const char *p = v;
        uint64_t pid;
        if (parse_u64_dec(&p, v + vn, &pid) == 0 && p == v + vn && pid && pid <= INT32_MAX)
            pd->summary_pid = (int)pid;
    }
}

/* "<why>: Killed process PID (NAME) total-vm:NkB, anon-rss:NkB, file-rss:NkB,
 * shmem-rss:NkB, UID:N pgtables:NkB oom_score_adj:N". Kernels before 4.9
 * end after "(NAME)" or the RSS figures; what is there is read. Returns 0,
 * or -1 with *col the column (from msg) of what is not a number. */
static int read_kill(const char *msg, size_t n, const char *killed, struct oom_kill *k, size_t *col)
{
    const char *e = msg + n;
    k->memcg = starts(msg, n, "Memory cgroup out of memory");
    const char *p = killed + strlen(": Killed process ");
    uint64_t pid;
    const char *at = p;
    if (parse_u64_dec(&p, e, &pid) < 0 || p == at || pid == 0 || pid > INT32_MAX || e - p < 2 ||
        memcmp(p, " (", 2) != 0) {
        *col = (size_t)(p - msg);
        return -1;
    }
    k->pid = (int)pid;
    p += 2;
    /* the name may hold ") " itself: it ends at the last ") total-vm:", else
     * at the last ')' */
    const char *close = NULL;
    for (const char *f = p; (f = find(f, (size_t)(e - f), ") total-vm:")); f++)
        close = f;
    if (!close)
        for (const char *f = e; f > p; f--)
            if (f[-1] == ')') {
                close = f - 1;
                break;
            }
    if (!close) {
        *col = (size_t)(e - msg);
        return -1;
    }
    text_copy_field(k->name, sizeof(k->name), p, (size_t)(close - p));
    p = close + 1;

    static const struct {
        const char *key;
        size_t off;
    } sizes[] = {
        {" total-vm:", offsetof(struct oom_kill, total_vm)},
        {" anon-rss:", offsetof(struct oom_kill, anon_rss)},
        {" file-rss:", offsetof(struct oom_kill, file_rss)},
        {" shmem-rss:", offsetof(struct oom_kill, shmem_rss)},
    };
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        const char *f = find(p, (size_t)(e - p), sizes[i].key);
        if (!f)
            continue;
        const char *q = f + strlen(sizes[i].key);
        uint64_t *dst = (uint64_t *)(void *)((char *)k + sizes[i].off);
        if (parse_kb(&q, e, dst) < 0) {
            *col = (size_t)(q - msg);
            return -1;
        }
        if (i == 1)
            k->has_rss = true;
    }
    const char *f = find(p, (size_t)(e - p), " UID:");
    if (f) {
        const char *q = f + 5;
        uint64_t uid;
        if (parse_u64_dec(&q, e, &uid) < 0 || q == f + 5 || uid > UINT32_MAX) {
            *col = (size_t)(q - msg);
            return -1;
        }
        k->has_uid = true;
        k->uid = (unsigned)uid;
    }
    f = find(p, (size_t)(e - p), " oom_score_adj:");
    if (f) {
        const char *q = f + 15;
        int64_t adj;
        if (parse_i64_dec(&q, e, &adj) < 0 || adj < -1000 || adj > 1000) {
            *col = (size_t)(q - msg);
            return -1;
        }
        k->has_adj = true;
        k->oom_score_adj = (int)adj;
    }
    return 0;
}

static void keep(struct oom_log *l, const struct oom_kill *k)
{
    if (l->nkept == OOMLOG_MAX_KILLS) {
        memmove(&l->kills[0], &l->kills[1], sizeof(l->kills[0]) * (OOMLOG_MAX_KILLS - 1));
        l->nkept--;
    }
    l->kills[l->nkept++] = *k;
    l->nkills++;
}

int oomlog_parse(const char *buf, size_t len, struct oom_log *ret, struct diag *d)
{
    struct oom_log l;
    struct pending pd;
    memset(&l, 0, sizeof(l));
    memset(&pd, 0, sizeof(pd));
    struct lines it;
    lines_init(&it, buf, len);
    const char *s;
    size_t n;
    while (lines_next(&it, &s, &n)) {
        const char *msg;
        size_t mn;
        bool has_time;
        uint64_t t_us = 0;
        unsigned bad_col = 0;
        int r = split_line(s, n, &msg, &mn, &has_time, &t_us, &bad_col);
        if (r < 0) {
            diag_set(d, NULL, it.lineno, bad_col,
                     "expected a /dev/kmsg record: PRIORITY,SEQUENCE,MICROSECONDS,FLAGS;TEXT");
            return -EBADMSG;
        }
        if (r == 0)
            continue;
        const char *e = msg + mn, *f;
        uint64_t a, b;
        if ((f = find(msg, mn, " invoked oom-killer: ")) != NULL) {
            memset(&pd, 0, sizeof(pd));
            text_copy_field(pd.k.invoker, sizeof(pd.k.invoker), msg, (size_t)(f - msg));
        } else if (starts(msg, mn, "memory: usage ")) {
            if (parse_usage(msg + 14, e, &a, &b) == 0) {
                pd.k.has_mem_limit = true;
                pd.k.mem_usage = a;
                pd.k.mem_limit = b;
            }
        } else if (starts(msg, mn, "memory+swap: usage ")) {
            if (parse_usage(msg + 19, e, &a, &b) == 0) {
                pd.k.has_memsw_limit = true;
                pd.k.memsw_usage = a;
                pd.k.memsw_limit = b;
            }
        } else if (starts(msg, mn, "swap: usage ")) {
            if (parse_usage(msg + 12, e, &a, &b) == 0) {
                pd.k.has_swap_limit = true;
                pd.k.swap_usage = a;
                pd.k.swap_limit = b;
            }
        } else if (starts(msg, mn, "Free swap  = ")) {
            const char *p = msg + 13;
            if (parse_kb(&p, e, &a) == 0)
                pd.k.swap_free = a;
        } else if (starts(msg, mn, "Total swap = ")) {
            const char *p = msg + 13;
            if (parse_kb(&p, e, &a) == 0) {
                pd.k.swap_total = a;
                pd.k.has_swap_total = true;
            }
        } else if (starts(msg, mn, "oom-kill:")) {
            read_summary(msg + 9, mn - 9, &pd);
        } else if ((f = find(msg, mn, ": Killed process ")) != NULL) {
            struct oom_kill k = pd.k;
            size_t col = 0;
            if (read_kill(msg, mn, f, &k, &col) < 0) {
                diag_set(d, NULL, it.lineno, (unsigned)((size_t)(msg - s) + col) + 1,
                         "a 'Killed process' line without a PID, a name in parentheses "
                         "or a number where the kernel writes one");
                return -EBADMSG;
            }
            /* the report's lines belong to this kill only when its summary
             * named it (or there was no summary) */
            if (pd.summary_pid && pd.summary_pid != k.pid) {
                struct oom_kill bare;
                memset(&bare, 0, sizeof(bare));
                bare.pid = k.pid;
                memcpy(bare.name, k.name, sizeof(bare.name));
                bare.memcg = k.memcg;
                bare.has_rss = k.has_rss;
                bare.total_vm = k.total_vm;
                bare.anon_rss = k.anon_rss;
                bare.file_rss = k.file_rss;
                bare.shmem_rss = k.shmem_rss;
                bare.has_uid = k.has_uid;
                bare.uid = k.uid;
                bare.has_adj = k.has_adj;
                bare.oom_score_adj = k.oom_score_adj;
                k = bare;
            }
            k.has_time = has_time;
            k.t_us = t_us;
            keep(&l, &k);
            memset(&pd, 0, sizeof(pd));
        }
    }
    *ret = l;
    return 0;
}

bool oomlog_line_wanted(const char *line, size_t len)
{
    static const char *const marks[] = {
        " invoked oom-killer: ", "memory: usage ", "memory+swap: usage ", "swap: usage ",
        "Free swap  = ",         "Total swap = ",  "oom-kill:",           ": Killed process ",
    };
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
        if (find(line, len, marks[i]))
            return true;
    return false;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return oomlog_parse(buf, len, ret, d);
}

/* /dev/kmsg: one record per read(), EAGAIN at the end when nonblocking,
 * EPIPE when the record asked for was overwritten (then the next read goes
 * on from the oldest one kept). */
static int read_kmsg(const struct rootfs *r, struct strbuf *out)
{
    int fd;
    int e = rootfs_open(r, "dev/kmsg", O_RDONLY | O_NONBLOCK, &fd);
    if (e < 0)
        return e;
    char rec[8192];
    for (unsigned guard = 0; guard < 1u << 20; guard++) {
        ssize_t got = read(fd, rec, sizeof(rec));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0 && errno == EPIPE)
            continue;
        if (got <= 0)
            break;
        /* the record's first line is its text; continuation lines follow */
        const char *nl = memchr(rec, '\n', (size_t)got);
        size_t first = nl ? (size_t)(nl - rec) : (size_t)got;
        if (oomlog_line_wanted(rec, first) && out->len + first + 1 <= OOMLOG_CAP) {
            strbuf_add(out, rec, first);
            strbuf_addch(out, '\n');
        }
    }
    close(fd);
    return 0;
}

int oomlog_read(const struct rootfs *r, struct oom_log *ret, struct strbuf *raw,
                struct probe_status *st)
{
    memset(st, 0, sizeof(*st));
    if (!r->live) {
        struct strbuf sb = STRBUF_INIT;
        int e = probe_read_file(r, OOMLOG_SNAPSHOT_PATH, OOMLOG_CAP, &sb, st);
        if (e == 0) {
            struct diag d;
            diag_clear(&d);
            if (parse_cb(sb.buf, sb.len, ret, &d) < 0) {
                probe_set_malformed(st, &d);
                e = -EBADMSG;
            } else {
                probe_set_ok(st);
                if (raw)
                    strbuf_add(raw, sb.buf, sb.len);
            }
        }
        strbuf_release(&sb);
        return e;
    }
    st->path = "dev/kmsg";
    struct strbuf sb = STRBUF_INIT;
    int e = read_kmsg(r, &sb);
    if (e < 0) {
        st->state = PROBE_UNAVAILABLE;
        st->error = e;
        strbuf_release(&sb);
        return e;
    }
    struct diag d;
    diag_clear(&d);
    if (oomlog_parse(sb.buf, sb.len, ret, &d) < 0) {
        probe_set_malformed(st, &d);
        e = -EBADMSG;
    } else {
        probe_set_ok(st);
    }
    if (raw)
        strbuf_add(raw, sb.buf, sb.len);
    strbuf_release(&sb);
    return e;
}

const struct oom_kill *oomlog_last(const struct oom_log *l)
{
    return l->nkept ? &l->kills[l->nkept - 1] : NULL;
}

uint64_t oom_kill_rss(const struct oom_kill *k)
{
    return sat_add_u64(sat_add_u64(k->anon_rss, k->file_rss), k->shmem_rss);
}

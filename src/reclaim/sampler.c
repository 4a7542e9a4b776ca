#include "reclaim/sampler.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "probe/cpus.h"
#include "util/io.h"

static void file_init(struct sampler_file *f, const char *path, size_t cap)
{
    f->path = path;
    f->fd = -1;
    f->cap = cap;
}

static void file_close(struct sampler_file *f)
{
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}

/* Reads the file into buf (NUL-terminated); returns the length or -errno. */
static ssize_t file_read(struct sampler *s, struct sampler_file *f, char *buf)
{
    if (f->fd < 0) {
        /* O_NONBLOCK and a regular file only: a FIFO under a test root
         * would block the daemon in open() (and pread() refuses it anyway) */
        int e = rootfs_open(s->root, f->path, O_RDONLY | O_NONBLOCK, &f->fd);
        if (e < 0) {
            f->fd = -1;
            return e;
        }
        if (io_require_regular(f->fd, NULL) < 0) {
            file_close(f);
            return -EINVAL;
        }
        s->opens++;
    }
    size_t n = 0;
    for (;;) {
        ssize_t r = pread(f->fd, buf + n, f->cap - 1 - n, (off_t)n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = -errno;
            file_close(f);
            return e;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        /* A short read is the whole file: procfs generates a record in one
         * go and copies all of it when the buffer is larger, and a regular
         * file reads to its end. Stopping here saves a second read, which
         * on /proc would make the kernel generate the file again. */
        if (n >= f->cap - 1 || (size_t)r < f->cap - 1 - (n - (size_t)r))
            break;
    }
    buf[n] = '\0';
    /* /proc files never vanish; a test root's may (one fstat per file) */
    struct stat st;
    if (!s->root->live && fstat(f->fd, &st) == 0 && st.st_nlink == 0 && S_ISREG(st.st_mode)) {
        /* deleted or replaced under us: what was read is stale */
        file_close(f);
        s->vanished++;
        return -ENOENT;
    }
    return (ssize_t)n;
}

typedef int (*parse_fn)(const char *buf, size_t len, void *ret, struct diag *d);

static int meminfo_cb(const char *b, size_t n, void *r, struct diag *d)
{
    return meminfo_parse_named(b, n, r, d);
}
static int stat_cb(const char *b, size_t n, void *r, struct diag *d)
{
    return cpu_times_parse(b, n, r, d);
}
static int uptime_cb(const char *b, size_t n, void *r, struct diag *d)
{
    return uptime_parse(b, n, r, d);
}
static int cpus_cb(const char *b, size_t n, void *r, struct diag *d)
{
    return cpus_parse(b, n, r, d);
}
static int psi_cb(const char *b, size_t n, void *r, struct diag *d)
{
    return psi_parse(b, n, r, d);
}
static int vmstat_cb(const char *b, size_t n, void *r, struct diag *d)
{
    return vmstat_parse(b, n, r, d);
}

static void load(struct sampler *s, struct sampler_file *f, parse_fn parse, void *ret,
                 struct probe_status *st)
{
    static char buf[16384];
    st->path = f->path;
    ssize_t n = file_read(s, f, buf);
    if (n == -EINVAL) { /* not a regular file: bad input, as probe_read_file() says */
        struct diag d;
        diag_set(&d, f->path, 0, 0, "not a regular file; not read");
        probe_set_malformed(st, &d);
        return;
    }
    if (n < 0) {
        st->state = PROBE_UNAVAILABLE;
        st->error = (int)n;
        return;
    }
    struct diag d;
    diag_clear(&d);
    if (parse(buf, (size_t)n, ret, &d) < 0)
        probe_set_malformed(st, &d);
    else
        probe_set_ok(st);
}

void sampler_init(struct sampler *s, const struct rootfs *root)
{
    memset(s, 0, sizeof(*s));
    s->root = root;
    file_init(&s->f_meminfo, "proc/meminfo", 16384);
    file_init(&s->f_uptime, "proc/uptime", 128);
    file_init(&s->f_cpus, "sys/devices/system/cpu/online", 4096);
    file_init(&s->f_stat, "proc/stat", 4096); /* the first line is all we need */
    file_init(&s->f_psi, "proc/pressure/memory", 1024);
    file_init(&s->f_vmstat, "proc/vmstat", 16384);
    s->glance = root->live;
}

bool sampler_glance(struct mem_glance *g)
{
    struct sysinfo si;
    if (sysinfo(&si) != 0)
        return false;
    uint64_t unit = si.mem_unit ? si.mem_unit : 1;
    g->total = (uint64_t)si.totalram * unit;
    g->free = (uint64_t)si.freeram * unit;
    g->swap_free = (uint64_t)si.freeswap * unit;
    return true;
}

#define GLANCE_LOW_MIN   (256ull << 20)
#define GLANCE_DELTA_MIN (16ull << 20)

static uint64_t distance(uint64_t a, uint64_t b)
{
    return a > b ? a - b : b - a;
}

bool sampler_meminfo_due(const struct mem_glance *then, const struct mem_glance *now,
                         uint64_t age_ms)
{
    if (age_ms >= SAMPLER_DETAIL_EVERY_MS || now->total != then->total)
        return true;
    uint64_t low = now->total / 16, delta = now->total / 256;
    if (low < GLANCE_LOW_MIN)
        low = GLANCE_LOW_MIN;
    if (delta < GLANCE_DELTA_MIN)
        delta = GLANCE_DELTA_MIN;
    return now->free < low || distance(now->free, then->free) >= delta ||
           distance(now->swap_free, then->swap_free) >= delta;
}

#define NCPU_EVERY_MS 30000

static void read_ncpu(struct sampler *s, uint64_t now_ms)
{
    struct cpus c;
    struct probe_status st;
    load(s, &s->f_cpus, cpus_cb, &c, &st);
    s->ncpu = st.state == PROBE_OK ? c.online : 0;
    s->ncpu_ms = now_ms;
}

/* True when /proc/uptime and the CPU count gave the CPU times. */
static bool cpu_from_uptime(struct sampler *s, uint64_t now_ms)
{
    if (s->ncpu == 0 || now_ms - s->ncpu_ms >= NCPU_EVERY_MS)
        read_ncpu(s, now_ms);
    if (s->ncpu == 0)
        return false;
    struct uptime u;
    load(s, &s->f_uptime, uptime_cb, &u, &s->cpu_st);
    if (s->cpu_st.state != PROBE_OK)
        return false;
    if (!uptime_cpu_times(&u, s->ncpu, &s->cpu_busy, &s->cpu_idle)) {
        /* more idle time than the CPUs we know of could have: one came
         * online since the count; count again */
        read_ncpu(s, now_ms);
        if (s->ncpu == 0 || !uptime_cpu_times(&u, s->ncpu, &s->cpu_busy, &s->cpu_idle))
            return false;
    }
    s->cpu_source = s->f_uptime.path;
    return true;
}

static void read_cpu(struct sampler *s, uint64_t now_ms)
{
    if (cpu_from_uptime(s, now_ms))
        return;
    struct cpu_times t;
    load(s, &s->f_stat, stat_cb, &t, &s->cpu_st);
    if (s->cpu_st.state == PROBE_OK) {
        s->cpu_busy = cpu_times_busy(&t);
        s->cpu_idle = cpu_times_idle(&t);
        s->cpu_source = s->f_stat.path;
    }
}

/* The CPU times, PSI and (when wanted) vmstat that are older than max_age_ms;
 * true when something was read. */
static bool read_details(struct sampler *s, uint64_t now_ms, bool want_vmstat, uint64_t max_age_ms)
{
    bool any = false;
    if (s->cpu_st.state == PROBE_UNREAD || now_ms - s->cpu_ms >= max_age_ms) {
        read_cpu(s, now_ms);
        any = true;
        s->cpu_ms = now_ms;
    }
    if (s->psi_st.state == PROBE_UNREAD || now_ms - s->psi_ms >= max_age_ms) {
        load(s, &s->f_psi, psi_cb, &s->psi, &s->psi_st);
        any = true;
        s->psi_ms = now_ms;
    }
    if (!want_vmstat) {
        s->vmstat_st.state = PROBE_UNREAD;
    } else if (s->vmstat_st.state == PROBE_UNREAD || now_ms - s->vmstat_ms >= max_age_ms) {
        load(s, &s->f_vmstat, vmstat_cb, &s->vmstat, &s->vmstat_st);
        s->vmstat_ms = now_ms;
        any = true;
    }
    return any;
}

/* Reads meminfo; `g` is this moment's glance when have_g. */
static void read_meminfo(struct sampler *s, const struct mem_glance *g, bool have_g)
{
    load(s, &s->f_meminfo, meminfo_cb, &s->meminfo, &s->meminfo_st);
    s->meminfo_reads++;
    s->meminfo_fresh = true;
    s->have_at_read = have_g && s->meminfo_st.state == PROBE_OK;
    if (have_g)
        s->at_read = *g;
}

void sampler_read(struct sampler *s, uint64_t now_ms, bool want_vmstat)
{
    struct mem_glance g;
    bool have_g = s->glance && sampler_glance(&g);
    s->meminfo_fresh = false;
    if (have_g)
        s->sampled = g;
    if (!have_g || !s->have_at_read ||
        sampler_meminfo_due(&s->at_read, &g, now_ms - s->meminfo_ms)) {
        read_meminfo(s, &g, have_g);
        s->meminfo_ms = now_ms;
    } else {
        s->meminfo_skips++;
    }
    read_details(s, now_ms, want_vmstat, SAMPLER_DETAIL_EVERY_MS);
}

bool sampler_refresh(struct sampler *s, uint64_t now_ms, bool want_vmstat)
{
    bool any = false;
    if (!s->meminfo_fresh) {
        sampler_read_meminfo(s);
        s->meminfo_ms = now_ms;
        any = true;
    }
    return read_details(s, now_ms, want_vmstat, 1) || any;
}

void sampler_read_meminfo(struct sampler *s)
{
    struct mem_glance g;
    bool have_g = s->glance && sampler_glance(&g);
    read_meminfo(s, &g, have_g);
}

void sampler_close(struct sampler *s)
{
    file_close(&s->f_meminfo);
    file_close(&s->f_uptime);
    file_close(&s->f_cpus);
    file_close(&s->f_stat);
    file_close(&s->f_psi);
    file_close(&s->f_vmstat);
}

#include "reclaim/sampler.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
        int e = rootfs_open(s->root, f->path, O_RDONLY, &f->fd);
        if (e < 0) {
            f->fd = -1;
            return e;
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
    file_init(&s->f_stat, "proc/stat", 4096); /* the first line is all we need */
    file_init(&s->f_psi, "proc/pressure/memory", 1024);
    file_init(&s->f_vmstat, "proc/vmstat", 16384);
}

void sampler_read(struct sampler *s, bool want_vmstat)
{
    load(s, &s->f_meminfo, meminfo_cb, &s->meminfo, &s->meminfo_st);
    load(s, &s->f_stat, stat_cb, &s->cpu, &s->cpu_st);
    load(s, &s->f_psi, psi_cb, &s->psi, &s->psi_st);
    if (want_vmstat)
        load(s, &s->f_vmstat, vmstat_cb, &s->vmstat, &s->vmstat_st);
    else
        s->vmstat_st.state = PROBE_UNREAD;
}

void sampler_close(struct sampler *s)
{
    file_close(&s->f_meminfo);
    file_close(&s->f_stat);
    file_close(&s->f_psi);
    file_close(&s->f_vmstat);
}

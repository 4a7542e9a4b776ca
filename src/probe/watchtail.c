#include "probe/watchtail.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/io.h"
#include "util/xalloc.h"

int watch_tail_parse(const char *buf, size_t len, uint64_t file_offset, struct watch_tail *ret,
                     struct diag *d)
{
    struct watch_tail t;
    memset(&t, 0, sizeof(t));
    const char *p = buf, *end = buf + len;
    if (file_offset) { /* the read starts inside a line */
        const char *nl = memchr(p, '\n', len);
        p = nl ? nl + 1 : end;
    }
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break; /* being written, or cut when the VM stopped */
        size_t n = (size_t)(nl - p);
        uint64_t at = file_offset + (uint64_t)(p - buf);
        struct watchlog l;
        struct diag ld;
        diag_clear(&ld);
        if (watchlog_parse(p, n, &l, &ld) < 0) {
            diag_set_offset(d, NULL, at, "%s", ld.message);
            return -EBADMSG;
        }
        if (l.nsamples) {
            t.has_sample = true;
            t.last = l.samples[l.nsamples - 1];
            t.last_offset = at;
            t.samples++;
        }
        watchlog_release(&l);
        p = nl + 1;
    }
    *ret = t;
    return 0;
}

/* The last WATCHTAIL_BYTES of the log into buf (xmalloc'd); *ret_from is
 * the offset of its first byte. 0 or -errno; st (may be NULL) set on
 * failure. */
static int read_tail(const struct rootfs *r, char **ret_buf, size_t *ret_len, uint64_t *ret_from,
                     struct probe_status *st)
{
    int fd, e = rootfs_open(r, WATCHTAIL_PATH, O_RDONLY | O_NONBLOCK, &fd);
    struct stat sb;
    if (e == 0 && (e = io_require_regular(fd, &sb)) < 0)
        close(fd);
    if (e < 0) {
        const char *bad = rootfs_refusal(e);
        if (st && bad) {
            st->state = PROBE_MALFORMED;
            diag_set(&st->diag, WATCHTAIL_PATH, 0, 0, "%s; not read", bad);
        } else if (st) {
            st->state = PROBE_UNAVAILABLE;
            st->error = e;
        }
        return e;
    }
    uint64_t size = (uint64_t)sb.st_size;
    uint64_t from = size > WATCHTAIL_BYTES ? size - WATCHTAIL_BYTES : 0;
    size_t want = (size_t)(size - from);
    char *buf = xmalloc(want + 1);
    size_t got = 0;
    while (got < want) {
        ssize_t k = pread(fd, buf + got, want - got, (off_t)(from + got));
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break; /* shorter than fstat said: what was read is the log */
        got += (size_t)k;
    }
    close(fd);
    *ret_buf = buf;
    *ret_len = got;
    *ret_from = from;
    return 0;
}

int watch_tail_raw(const struct rootfs *r, struct strbuf *out)
{
    strbuf_reset(out);
    char *buf;
    size_t len;
    uint64_t from;
    int e = read_tail(r, &buf, &len, &from, NULL);
    if (e < 0)
        return e;
    const char *p = buf, *end = buf + len;
    if (from) { /* from the first whole line */
        const char *nl = memchr(p, '\n', len);
        p = nl ? nl + 1 : end;
    }
    const char *last = end > p ? memrchr(p, '\n', (size_t)(end - p)) : NULL;
    if (last)
        strbuf_add(out, p, (size_t)(last + 1 - p));
    free(buf);
    return 0;
}

int watch_tail_read(const struct rootfs *r, struct watch_tail *ret, struct probe_status *st)
{
    memset(st, 0, sizeof(*st));
    st->path = WATCHTAIL_PATH;
    char *buf;
    size_t got;
    uint64_t from;
    int e = read_tail(r, &buf, &got, &from, st);
    if (e < 0)
        return e;
    struct diag d;
    diag_clear(&d);
    e = watch_tail_parse(buf, got, from, ret, &d);
    free(buf);
    if (e < 0)
        probe_set_malformed(st, &d);
    else
        probe_set_ok(st);
    return e;
}

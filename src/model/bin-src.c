#include "model/bin-src.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/diag.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define WIN_CAP (256 * 1024)

struct bin_src *bin_src_mem(const void *buf, size_t len)
{
    struct bin_src *s = xcalloc(1, sizeof(*s));
    s->mem = buf;
    s->fd = -1;
    s->size = len;
    s->avail = len;
    return s;
}

struct bin_src *bin_src_prefix(const void *buf, size_t have, uint64_t size)
{
    struct bin_src *s = bin_src_mem(buf, have);
    s->size = size > have ? size : have;
    return s;
}

void bin_src_want(struct bin_src *s, uint64_t end)
{
    if (end > s->size)
        end = s->size;
    if (end > s->avail && end > s->hint)
        s->hint = end;
}

void bin_src_guess(struct bin_src *s, uint64_t end)
{
    if (end > s->size)
        end = s->size;
    if (end > s->avail && end > s->guess)
        s->guess = end;
}

void bin_src_strings_left(struct bin_src *s, uint64_t pos, uint64_t left_n, uint64_t used,
                          uint64_t done_n, uint64_t rest)
{
    if (s->avail >= s->size)
        return; /* the whole file is there */
    bin_src_want(s, sat_add_u64(sat_add_u64(pos, sat_mul_u64(left_n, 8)), rest));
    if (done_n && pos + 8 >= s->avail) {
        uint64_t avg = used / done_n;
        avg += avg / 4;
        bin_src_guess(s, sat_add_u64(sat_add_u64(pos, sat_mul_u64(left_n, avg)), rest));
    }
}

void bin_src_short(struct bin_src *s, uint64_t end, uint64_t rest, uint64_t family_n)
{
    bin_src_want(s, sat_add_u64(end, rest));
    bin_src_guess(s, sat_add_u64(sat_add_u64(end, rest), sat_mul_u64(family_n, 4)));
}

struct bin_src *bin_src_fd(int fd, uint64_t size)
{
    struct bin_src *s = xcalloc(1, sizeof(*s));
    s->fd = fd;
    s->size = size;
    s->avail = size;
    s->win = xmalloc(WIN_CAP);
    return s;
}

static int pread_full(int fd, void *dst, size_t n, uint64_t off)
{
    uint8_t *p = dst;
    while (n) {
        ssize_t k = pread(fd, p, n, (off_t)off);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (k == 0)
            return -EIO; /* the file shrank under us */
        p += k;
        n -= (size_t)k;
        off += (uint64_t)k;
    }
    return 0;
}

int bin_src_read(struct bin_src *s, uint64_t off, void *dst, size_t n)
{
    if (off > s->size || n > s->size - off)
        return -EIO;
    if (s->mem) {
        if (off + n > s->avail) {
            if (off + n > s->want)
                s->want = off + n;
            return -ENODATA;
        }
        memcpy(dst, s->mem + off, n);
        return 0;
    }
    if (off >= s->win_off && off - s->win_off <= s->win_len &&
        n <= s->win_len - (off - s->win_off)) {
        memcpy(dst, s->win + (off - s->win_off), n);
        return 0;
    }
    if (n > WIN_CAP)
        return pread_full(s->fd, dst, n, off);
    size_t want = s->size - off < WIN_CAP ? (size_t)(s->size - off) : WIN_CAP;
    int e = pread_full(s->fd, s->win, want, off);
    if (e < 0) {
        s->win_len = 0;
        return e;
    }
    s->win_off = off;
    s->win_len = want;
    memcpy(dst, s->win, n);
    return 0;
}

void bin_src_free(struct bin_src *s)
{
    if (!s)
        return;
    if (s->own_fd && s->fd >= 0)
        close(s->fd);
    free(s->win);
    free(s);
}

int bin_fail(struct diag *d, uint64_t off, const char *fmt, ...)
{
    char msg[200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    diag_set_offset(d, NULL, off, "%s", msg);
    return -EBADMSG;
}

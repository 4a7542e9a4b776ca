#include "util/io.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -errno;
        }
        if (n == 0)
            return -EIO;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int io_require_regular(int fd, struct stat *ret_st)
{
    struct stat st;
    if (fstat(fd, &st) < 0)
        return -errno;
    if (ret_st)
        *ret_st = st;
    if (S_ISDIR(st.st_mode))
        return -EISDIR;
    if (!S_ISREG(st.st_mode))
        return -EINVAL;
    if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0)
        return -errno;
    return 0;
}

int read_file_capped(const char *path, size_t cap, struct strbuf *out, mode_t *ret_mode)
{
    /* O_NONBLOCK: opening a FIFO without a writer would wait for one */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return -errno;
    struct stat st;
    int r = io_require_regular(fd, &st);
    if (r) {
        close(fd);
        return r;
    }
    if (ret_mode)
        *ret_mode = st.st_mode & 07777;
    char buf[65536];
    for (;;) {
        ssize_t k = read(fd, buf, sizeof(buf));
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            r = -errno;
            break;
        }
        if (k == 0)
            break;
        if (out->len + (size_t)k > cap || out->len + (size_t)k < out->len) {
            size_t room = cap > out->len ? cap - out->len : 0;
            strbuf_add(out, buf, room);
            r = -EFBIG;
            break;
        }
        strbuf_add(out, buf, (size_t)k);
    }
    close(fd);
    return r;
}

const char *read_file_error(int e)
{
    return e == -EINVAL ? "not a regular file" : strerror(-e);
}

int io_open_append(const char *path, mode_t mode)
{
    int fd = open(
        path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK, mode);
    if (fd < 0)
        return errno == ENXIO || errno == EISDIR ? -EINVAL : -errno;
    struct stat st;
    if (fstat(fd, &st) < 0 || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode))) {
        close(fd);
        return -EINVAL;
    }
    (void)fcntl(fd, F_SETFL, O_APPEND); /* writes may block again, as to any file */
    return fd;
}

/* Random access to the bytes of a model file, for the header readers
 * (gguf.c, ggml-bin.c): a file read with pread() through a 256 KiB window,
 * or a buffer in memory (fuzzing, tests). Reads past the end are -EIO; the
 * readers check lengths against bin_src.size before they ask. */
#ifndef HEADROOM_BIN_SRC_H
#define HEADROOM_BIN_SRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bin_src {
    const uint8_t *mem; /* memory source (borrowed), or NULL */
    int fd;
    bool own_fd; /* close fd in bin_src_free() */
    uint64_t size;
    uint8_t *win;
    uint64_t win_off;
    size_t win_len;
};

/* A source over memory; free with bin_src_free(). */
struct bin_src *bin_src_mem(const void *buf, size_t len);
/* A source over an open regular file of `size` bytes (fd not owned). */
struct bin_src *bin_src_fd(int fd, uint64_t size);
/* Copies n bytes at off. 0, -EIO (past the end or the file shrank), -errno. */
int bin_src_read(struct bin_src *s, uint64_t off, void *dst, size_t n);
void bin_src_free(struct bin_src *s);

struct diag;
/* Sets d to "offset OFF: message" and returns -EBADMSG: the one error the
 * header readers return for malformed bytes. */
int bin_fail(struct diag *d, uint64_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif

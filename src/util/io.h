/* Plain file-descriptor I/O done once, with EINTR and short writes handled
 * the same way everywhere. */
#ifndef HEADROOM_IO_H
#define HEADROOM_IO_H

#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "util/strbuf.h"

/* Writes all `len` bytes, retrying after EINTR and short writes. Returns 0
 * or -errno (-EIO when write() makes no progress). */
int write_all(int fd, const void *data, size_t len);

/* For a descriptor opened with O_NONBLOCK (so that a FIFO could not block
 * the open): 0 when it is a regular file, and then O_NONBLOCK is cleared;
 * -EISDIR for a directory, -EINVAL for anything else, or -errno. Sets
 * *ret_st (may be NULL). The one check behind read_file_capped(),
 * rootfs_read() and the model loaders. */
int io_require_regular(int fd, struct stat *ret_st);
/* Appends the whole of a regular file to `out`, at most `cap` bytes. The
 * file is opened without blocking and checked before a byte is read, so a
 * FIFO, a device or a socket named by the user cannot hang or flood the
 * caller. Returns 0; -EISDIR for a directory; -EINVAL for anything else that
 * is not a regular file; -EFBIG when it holds more than `cap` bytes (`out`
 * then holds the first `cap` or fewer); else -errno of open or read. Sets
 * *ret_mode (may be NULL) to the permission bits. */
int read_file_capped(const char *path, size_t cap, struct strbuf *out, mode_t *ret_mode);
/* The words for read_file_capped()'s errors: "not a regular file" for
 * -EINVAL, strerror() otherwise. */
const char *read_file_error(int e);

/* Opens path to append to it (created with mode when missing) as a log:
 * never through a symbolic link (-ELOOP: one planted in a shared directory
 * would send the lines anywhere), never blocking on a FIFO (-EINVAL, as for a
 * socket or a directory); a regular file or a character device (/dev/null,
 * a terminal). The file descriptor, or -errno. */
int io_open_append(const char *path, mode_t mode);

#endif

/* Plain file-descriptor I/O done once, with EINTR and short writes handled
 * the same way everywhere. */
#ifndef HEADROOM_IO_H
#define HEADROOM_IO_H

#include <stddef.h>

/* Writes all `len` bytes, retrying after EINTR and short writes. Returns 0
 * or -errno (-EIO when write() makes no progress). */
int write_all(int fd, const void *data, size_t len);

#endif

/* What a file given as --root is, when it is not a directory: a snapshot
 * written by `headroom snapshot -o FILE.tar` (or any tar), so that the error
 * can say exactly how to extract it. --root reads directories only: every
 * probe opens files through struct rootfs by file descriptor, which a tar
 * member cannot give without extracting it. */
#ifndef HEADROOM_TAR_PEEK_H
#define HEADROOM_TAR_PEEK_H

#include <stddef.h>

#include "util/strbuf.h"

enum tar_kind {
    TAR_NONE, /* not a tar that we can tell */
    TAR_USTAR,
    TAR_GZIP, /* gzip: a .tar.gz (or .tgz) when the name says so */
};

/* Looks at the first 512 bytes of a file: a ustar (or GNU tar) header whose
 * checksum is right gives TAR_USTAR and the first component of its first
 * member's name in ret_top ("snap" for "snap/" or "snap/proc/meminfo"; ""
 * when that name is not a plain relative path); gzip's magic gives TAR_GZIP.
 * Never reads past len. */
enum tar_kind tar_peek_parse(const unsigned char *buf, size_t len, char *ret_top, size_t n);

/* tar_peek_parse() on the start of the file at `path` (a regular file; a
 * FIFO or device is not opened for reading: TAR_NONE). */
enum tar_kind tar_peek_file(const char *path, char *ret_top, size_t n);

/* Appends what to tell the user about the tar at `path` (kind and top from
 * tar_peek_file()): "a tar file, not a directory; extract it first: mkdir
 * snap && tar -xf snap.tar -C snap, then give --root snap/snap", the
 * commands quoted to paste and run as written. */
void tar_extract_advice(const char *path, enum tar_kind k, const char *top, struct strbuf *out);

#endif

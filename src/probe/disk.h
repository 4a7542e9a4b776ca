/* The file system at the root's "/": statfs(2), read the way df(1) reads it
 * (sizes in f_frsize units; "used" is blocks − free, "available" what an
 * unprivileged user may still write, which is less than free by the blocks
 * ext4 reserves for root).
 *
 * On the live machine, and under a --root that is itself a mount point (a
 * mounted distro image), it is the file system's own statfs; `headroom
 * snapshot` records the reading in .headroom/statfs, and a snapshot or
 * fixture root is read from that file:
 *
 *   block_size 4096
 *   blocks 263940717
 *   blocks_free 250536233
 *   blocks_avail 237066601
 *   fs_type 61267
 *
 * (fs_type is the f_type magic number in decimal: 61267 = 0xEF53, ext4.) */
#ifndef HEADROOM_DISK_H
#define HEADROOM_DISK_H

#include <stdint.h>

#include "probe/probe.h"

#define DISK_STATFS_RECORD ".headroom/statfs"

struct disk_fs {
    uint64_t block_size; /* f_frsize (f_bsize where the kernel leaves it 0) */
    uint64_t blocks;
    uint64_t blocks_free;  /* f_bfree: free, counting root's reserve */
    uint64_t blocks_avail; /* f_bavail: free to an unprivileged user */
    uint64_t fs_type;      /* f_type */
};

/* The recorded form above. Every key is required; unknown keys are skipped.
 * Returns 0 or -EBADMSG (line and column in d). */
int disk_fs_parse(const char *buf, size_t len, struct disk_fs *ret, struct diag *d);
/* Writes the recorded form into buf; returns its length (truncated when n
 * is short, as snprintf). */
int disk_fs_format(const struct disk_fs *fs, char *buf, size_t n);

/* Reads the file system of the root's "/" (see above); st says ok,
 * unavailable (not recorded, statfs failed) or malformed. When the root has
 * a recorder, the live reading is recorded as DISK_STATFS_RECORD. */
int disk_fs_read(const struct rootfs *r, struct disk_fs *ret, struct probe_status *st);

/* The file system holding `path` on this machine (not through a root: for
 * `disk trim`, which acts on the live machine), read and converted exactly
 * as disk_fs_read() reads the root's "/". 0 or -errno. */
int disk_fs_stat_path(const char *path, struct disk_fs *ret);

/* Bytes, saturating: the file system's size, used (size − free, as df), free
 * (f_bfree) and available (f_bavail). */
uint64_t disk_fs_size(const struct disk_fs *fs);
uint64_t disk_fs_used(const struct disk_fs *fs);
uint64_t disk_fs_free(const struct disk_fs *fs);
uint64_t disk_fs_available(const struct disk_fs *fs);
/* "ext4", "9p", ...; NULL for a magic number not in the table. */
const char *disk_fs_type_name(uint64_t magic);

#endif

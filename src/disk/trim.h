/* Telling the disk under a mounted file system which of its blocks are free:
 * fstrim(8) -v on one mount point, run with run_program(), with the file
 * system's figures (statfs, as `status` reads them) before and after. In
 * WSL2 the discards reach the distro's ext4.vhdx, which is what lets a later
 * compaction (or a sparse VHD) give the space back to the Windows drive;
 * trimming frees nothing inside, so used and available stay as they were. */
#ifndef HEADROOM_DISK_TRIM_H
#define HEADROOM_DISK_TRIM_H

#include <stddef.h>
#include <stdint.h>

#include "probe/disk.h"
#include "util/diag.h"

/* fstrim gets this long: a trim of a large, long-untrimmed disk takes a
 * while; stuck, it is killed. */
#define DISK_TRIM_TIMEOUT_MS (10u * 60 * 1000)

struct disk_trim_result {
    uint64_t discarded; /* the bytes fstrim -v reports trimmed */
    struct disk_fs before, after;
};

/* What fstrim said, success or not. */
struct fstrim_said {
    int status;      /* its exit status (0-255, 128 + signal); -1 when it did not run */
    char error[256]; /* its first stderr line, raw (sanitize to show) */
};

/* What `fstrim -v PATH` prints on stdout, one line per file system, e.g.
 * (util-linux 2.38.1, on an ext4 image loop-mounted at /tmp/x):
 *
 *   /tmp/x: 1 GiB (1073766400 bytes) trimmed
 *
 * and, with --all, "... trimmed on /dev/sda1". The figure is the number in
 * the last "(N bytes) trimmed" of each line (a path may hold parentheses);
 * several lines are summed. Returns 0, or -EBADMSG (no such line, a number
 * too large) with the line and column in d. */
int fstrim_output_parse(const char *buf, size_t len, uint64_t *ret_bytes, struct diag *d);

/* The fstrim program of this machine: the first executable "fstrim" on
 * PATH, else /usr/sbin/fstrim or /sbin/fstrim (a user's PATH often lacks
 * sbin). Writes its absolute path into buf; NULL when there is none. */
const char *fstrim_find(char *buf, size_t n);

/* Runs `FSTRIM -v -- PATH` (PATH absolute; LC_ALL=C so the output parses),
 * with statfs of PATH before and after. Returns 0 and fills ret; `said` is
 * always filled. On failure the return is -EOPNOTSUPP (the file system or its device takes no
 * discards: tmpfs, 9p, a device without discard), -EPERM (FITRIM not permitted: not root, or a
 * container without CAP_SYS_ADMIN), -ETIMEDOUT, -EBADMSG (its output did not parse; d says where),
 * -EIO (another failure), or the -errno of statfs or of starting it. */
int disk_trim(const char *fstrim, const char *path, struct disk_trim_result *ret,
              struct fstrim_said *said, struct diag *d);

#endif

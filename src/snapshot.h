/* Recording what the probes read, and writing it out as a tree that
 * `--root` can read back (or as a tar of that tree).
 *
 * The recorder hooks the rootfs: every file read, directory listed and
 * existence checked is kept (path -> bytes / directory / placeholder), so a
 * snapshot holds exactly what one run of the probes saw and nothing else.
 * Paths come from the rootfs, which already refused "..", and are checked
 * again before anything is written. */
#ifndef HEADROOM_SNAPSHOT_H
#define HEADROOM_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/rootfs.h"

enum snap_kind { SNAP_FILE, SNAP_DIR, SNAP_PLACEHOLDER, SNAP_LINK };

struct snap_entry {
    char *path; /* relative, no leading '/' */
    enum snap_kind kind;
    char *data; /* SNAP_FILE: the bytes; SNAP_LINK: the target */
    size_t len;
};

struct snapshot {
    struct snap_entry *entries; /* sorted by path after snapshot_finish() */
    size_t n, alloc;
    struct rootfs_recorder rec;
};

void snapshot_init(struct snapshot *s);
void snapshot_release(struct snapshot *s);
/* Starts recording the reads made through r. */
void snapshot_attach(struct snapshot *s, struct rootfs *r);
/* Adds (or replaces) a file that did not come through the rootfs, such as
 * .headroom/env or the MANIFEST. */
void snapshot_add_file(struct snapshot *s, const char *path, const char *data, size_t len);
/* Sorts entries and drops a placeholder or directory where a file or
 * directory of the same path was recorded. */
void snapshot_finish(struct snapshot *s);
uint64_t snapshot_bytes(const struct snapshot *s);
size_t snapshot_file_count(const struct snapshot *s);

/* Writes the tree under `dir`, which must not exist or be empty (-EEXIST:
 * not empty). Returns 0 or -errno. */
int snapshot_write_dir(const struct snapshot *s, const char *dir);
/* Writes a ustar archive whose entries sit under `top/` to `file`, through
 * a temporary file and rename. Returns 0 or -errno. */
int snapshot_write_tar(const struct snapshot *s, const char *file, const char *top, time_t mtime);

#endif

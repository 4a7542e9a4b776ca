/* The mount table of the root: /proc/self/mounts, one line a mount, fields
 * as the kernel writes them (space, tab, newline and backslash in a field
 * escaped as \ooo). Read for one question: which file system holds a path,
 * and is it a Windows drive? WSL2 mounts a drive over 9p, e.g. (WSL 2.x,
 * kernel 6.6, from a published /proc/mounts dump):
 *
 *   C:\134 /mnt/c 9p
 * rw,noatime,aname=drvfs;path=C:\;uid=1000;gid=1000;symlinkroot=/mnt/,cache=5,access=client,msize=65536,trans=fd,rfd=6,wfd=6
 * 0 0
 *
 * and WSL1 as file system type "drvfs":
 *
 *   C: /mnt/c drvfs rw,noatime,uid=1000,gid=1000,case=off 0 0
 */
#ifndef HEADROOM_MOUNTS_H
#define HEADROOM_MOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "probe/probe.h"

struct mount_entry {
    char *source; /* unescaped: "C:\" */
    char *target; /* unescaped, absolute: "/mnt/c" */
    char *fstype; /* "9p", "ext4", "drvfs" */
    /* a Windows drive: 9p with aname=drvfs (WSL2) or type drvfs (WSL1) */
    bool windows_drive;
    char windows_path[64]; /* from "path=C:\" (9p), else the source; "" when unknown */
};

struct mount_table {
    struct mount_entry *v;
    size_t n, alloc;
};

/* Parses the lines above. Fields after the fourth are ignored; a line with
 * fewer than four fields, or whose mount point is not absolute, is -EBADMSG
 * (line and column in d). At most MOUNTS_MAX entries (more: -EBADMSG). */
#define MOUNTS_MAX 4096
int mounts_parse(const char *buf, size_t len, struct mount_table *ret, struct diag *d);
/* Reads proc/self/mounts through the root; st says ok / unavailable /
 * malformed. */
int mounts_read(const struct rootfs *r, struct mount_table *ret, struct probe_status *st);
void mount_table_release(struct mount_table *t);

/* The mount holding the absolute `path`: the last-mounted entry whose
 * target is the path or one of its parent directories (the later of two
 * mounts on one point hides the earlier). NULL when none (a relative path,
 * an empty table). The path is taken as written: resolve symbolic links
 * first. */
const struct mount_entry *mount_table_find(const struct mount_table *t, const char *path);

#endif

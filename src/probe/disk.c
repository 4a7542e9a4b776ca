#include "probe/disk.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/vfs.h>

#include "util/parse.h"

int disk_fs_parse(const char *buf, size_t len, struct disk_fs *ret, struct diag *d)
{
    static const struct probe_kv keys[] = {
        {"block_size", offsetof(struct disk_fs, block_size)},
        {"blocks", offsetof(struct disk_fs, blocks)},
        {"blocks_free", offsetof(struct disk_fs, blocks_free)},
        {"blocks_avail", offsetof(struct disk_fs, blocks_avail)},
        {"fs_type", offsetof(struct disk_fs, fs_type)},
    };
    struct disk_fs fs;
    memset(&fs, 0, sizeof(fs));
    uint64_t seen;
    if (probe_kv_parse(buf, len, keys, sizeof(keys) / sizeof(keys[0]), &fs, &seen, d) < 0)
        return -EBADMSG;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
        if (!(seen & ((uint64_t)1 << i))) {
            diag_set(d, NULL, 0, 0, "no '%s' line", keys[i].key);
            return -EBADMSG;
        }
    const char *bad = fs.block_size == 0                 ? "block_size is 0"
                      : fs.blocks_free > fs.blocks       ? "blocks_free is above blocks"
                      : fs.blocks_avail > fs.blocks_free ? "blocks_avail is above blocks_free"
                                                         : NULL;
    if (bad) {
        diag_set(d, NULL, 0, 0, "%s", bad);
        return -EBADMSG;
    }
    *ret = fs;
    return 0;
}

int disk_fs_format(const struct disk_fs *fs, char *buf, size_t n)
{
    return snprintf(buf, n,
                    "block_size %llu\nblocks %llu\nblocks_free %llu\nblocks_avail %llu\n"
                    "fs_type %llu\n",
                    (unsigned long long)fs->block_size, (unsigned long long)fs->blocks,
                    (unsigned long long)fs->blocks_free, (unsigned long long)fs->blocks_avail,
                    (unsigned long long)fs->fs_type);
}

/* The one conversion of a statfs(2) reading, for status and disk trim. */
static void disk_fs_from_statfs(const struct statfs *s, struct disk_fs *ret)
{
    ret->block_size = s->f_frsize ? (uint64_t)s->f_frsize : (uint64_t)s->f_bsize;
    ret->blocks = (uint64_t)s->f_blocks;
    ret->blocks_free = (uint64_t)s->f_bfree;
    ret->blocks_avail = (uint64_t)s->f_bavail;
    ret->fs_type = (uint64_t)(unsigned long)s->f_type;
}

int disk_fs_stat_path(const char *path, struct disk_fs *ret)
{
    struct statfs s;
    if (statfs(path, &s) < 0)
        return -errno;
    disk_fs_from_statfs(&s, ret);
    return 0;
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return disk_fs_parse(buf, len, ret, d);
}

int disk_fs_read(const struct rootfs *r, struct disk_fs *ret, struct probe_status *st)
{
    memset(st, 0, sizeof(*st));
    st->path = DISK_STATFS_RECORD;
    if (!r->live) {
        int e = probe_load(r, DISK_STATFS_RECORD, PROBE_CAP_SMALL, parse_cb, ret, st);
        /* a snapshot's record wins; a mounted image has none and is read */
        if (e == 0)
            st->path = "/"; /* what it describes, as on the live machine */
        if (e != -ENOENT || !rootfs_is_mount_point(r))
            return e;
        memset(st, 0, sizeof(*st));
    }
    st->path = "/";
    struct statfs s;
    int e = rootfs_statfs(r, "/", &s);
    if (e < 0) {
        st->state = PROBE_UNAVAILABLE;
        st->error = e;
        return e;
    }
    struct disk_fs fs;
    disk_fs_from_statfs(&s, &fs);
    if (r->rec && r->rec->file) {
        char rec[256];
        int n = disk_fs_format(&fs, rec, sizeof(rec));
        if (n > 0 && (size_t)n < sizeof(rec))
            r->rec->file(r->rec->ud, DISK_STATFS_RECORD, rec, (size_t)n);
    }
    *ret = fs;
    probe_set_ok(st);
    return 0;
}

static uint64_t blocks_bytes(const struct disk_fs *fs, uint64_t blocks)
{
    uint64_t v;
    return mul_u64(blocks, fs->block_size, &v) ? v : UINT64_MAX;
}

uint64_t disk_fs_size(const struct disk_fs *fs)
{
    return blocks_bytes(fs, fs->blocks);
}

uint64_t disk_fs_used(const struct disk_fs *fs)
{
    return blocks_bytes(fs, fs->blocks > fs->blocks_free ? fs->blocks - fs->blocks_free : 0);
}

uint64_t disk_fs_free(const struct disk_fs *fs)
{
    return blocks_bytes(fs, fs->blocks_free);
}

uint64_t disk_fs_available(const struct disk_fs *fs)
{
    return blocks_bytes(fs, fs->blocks_avail);
}

const char *disk_fs_type_name(uint64_t magic)
{
    /* the f_type values of linux/magic.h for the file systems a WSL distro
     * or a model store sits on */
    static const struct {
        uint64_t magic;
        const char *name;
    } types[] = {
        {0xEF53, "ext4"},        {0x01021997, "9p"},   {0x65735546, "fuse"},
        {0x9123683E, "btrfs"},   {0x58465342, "xfs"},  {0x01021994, "tmpfs"},
        {0x794C7630, "overlay"}, {0x5346544E, "ntfs"}, {0x2FC12FC1, "zfs"},
    };
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (types[i].magic == magic)
            return types[i].name;
    return NULL;
}

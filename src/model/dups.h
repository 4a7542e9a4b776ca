/* The same model kept more than once (the rule model.duplicates): every
 * model of every store (model/stores.h), grouped by content. Ollama names
 * its blobs by their sha256, so two Ollama copies with one digest are the
 * same bytes; any other pair is taken as the same model when the files have
 * the same size and the same first MiB (64-bit FNV-1a over it: a header
 * match, not a proof, and the finding says so). Only files whose size
 * another file shares are read, at most DUPS_HASH_MAX of them, 1 MiB each.
 * Paths that are one file (a hard link, a symbolic link such as the
 * Hugging Face cache's snapshots) count once. Each copy's file system comes
 * from the root's mount table. */
#ifndef HEADROOM_DUPS_H
#define HEADROOM_DUPS_H

#include <stdbool.h>
#include <stdint.h>

#include "model/stores.h"
#include "probe/mounts.h"

#define DUPS_HEAD_BYTES (1u << 20)
#define DUPS_HASH_MAX   64
#define DUPS_GROUPS_MAX 16
#define DUPS_COPIES_MAX 8

struct dup_copy {
    char name[160]; /* the store's name for it */
    enum store_kind kind;
    char path[512];  /* absolute in the root, as the store lists it */
    char real[512];  /* links resolved: the file itself */
    char mount[256]; /* mount point of its file system ("" when unknown) */
    char fstype[32];
    bool windows_drive;
};

struct dup_group {
    uint64_t size;
    bool same_digest; /* every copy an Ollama blob of one sha256 */
    char digest[80];  /* "sha256-<hex>" when same_digest */
    unsigned n;
    struct dup_copy c[DUPS_COPIES_MAX];
};

struct model_dups {
    struct dup_group g[DUPS_GROUPS_MAX];
    unsigned n;
    unsigned models_seen; /* distinct files in the stores */
    unsigned hashed;      /* first MiBs read */
    bool truncated;       /* more groups, copies or files to read than kept */
};

/* Finds them through the root. `home` is the live $HOME (NULL under
 * --root); `t` the root's mount table (NULL or empty: file systems unknown,
 * then files are grouped by st_dev). Never fails. */
void model_dups_find(const struct rootfs *r, const char *home, const struct mount_table *t,
                     struct model_dups *ret);

/* Bytes the copies beyond the first take, over all file systems; and
 * what `copies` copies of `size` bytes waste on one file system. */
uint64_t dup_group_wasted(const struct dup_group *g);
uint64_t dup_wasted(uint64_t size, unsigned copies);
/* 64-bit FNV-1a of buf. */
uint64_t dups_fnv1a(const void *buf, size_t n);

#endif

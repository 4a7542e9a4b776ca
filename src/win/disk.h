/* WSL's disks as the Windows host sees them, from the helper's
 * "wsl_distros" and "wsl_swap" (win/helper/disk.c says where each value
 * comes from):
 *
 *   "wsl_distros": [{"guid": "{...}", "name": "Ubuntu", "vm_mode": true,
 *       "base_path": "\\\\?\\C:\\Users\\alex\\AppData\\Local\\Packages\\...\\LocalState",
 *       "vhd_path": "...\\ext4.vhdx", "vhd_size": N, "vhd_allocated": N,
 *       "volume": "C:\\", "volume_total": N, "volume_free": N,
 *       "volume_available": N}],
 *   "wsl_distros_truncated": false,
 *   "wsl_swap": {"swap_file": "D:\\wsl-swap.vhdx" | null, "swap_file_size": N,
 *       "swap_file_allocated": N, "temp_dir": "C:\\Users\\alex\\AppData\\Local\\Temp",
 *       "temp_files": [{"path", "name", "size", "allocated", "age_s", "in_use"}],
 *       "temp_files_truncated": false}
 *
 * The PowerShell fallback does not print them: then they are unknown,
 * "missing from the host document". Paths and names are untrusted: shown
 * through text_sanitize, never put into a script. */
#ifndef HEADROOM_WIN_DISK_H
#define HEADROOM_WIN_DISK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

#define WIN_MAX_DISTROS    64
#define WIN_MAX_SWAP_FILES 64
#define WIN_DISK_WHY_MAX   160

struct win_host;
struct jv;
struct disk_fs;

struct win_dval { /* a value or why not (the host.h win_u64, repeated to stay standalone) */
    bool known;
    uint64_t v;
    char why[WIN_DISK_WHY_MAX];
};

struct win_distro {
    char *guid;      /* "{...}", as the registry key is named */
    char *name;      /* NULL when unknown (name_why) */
    char *base_path; /* as stored, "\\?\" and all; NULL when unknown */
    char *vhd_path;
    char *volume; /* "C:\" (a "\\?\" prefix removed) */
    char name_why[WIN_DISK_WHY_MAX], base_why[WIN_DISK_WHY_MAX];
    char vhd_path_why[WIN_DISK_WHY_MAX], volume_why[WIN_DISK_WHY_MAX];
    int vm_mode; /* 1 WSL2, 0 WSL1, -1 unknown (vm_mode_why) */
    char vm_mode_why[WIN_DISK_WHY_MAX];
    struct win_dval vhd_size;  /* GetFileSizeEx */
    struct win_dval vhd_alloc; /* GetCompressedFileSizeW: what it takes on the drive */
    struct win_dval vol_total, vol_free, vol_avail;
};

struct win_swap_file {
    char *path, *name;
    struct win_dval size, alloc, age_s;
    int in_use; /* 1 attached by the running VM, 0 not, -1 unknown (in_use_why) */
    char in_use_why[WIN_DISK_WHY_MAX];
};

struct win_disk {
    bool has_distros;
    char distros_why[WIN_DISK_WHY_MAX];
    struct win_distro *distros;
    size_t ndistros;
    bool distros_truncated;

    bool has_swap;
    char swap_why[WIN_DISK_WHY_MAX];
    char *swap_file; /* swapFile of .wslconfig (with ".vhdx"); NULL: swap_file_why */
    char swap_file_why[WIN_DISK_WHY_MAX];
    struct win_dval swap_file_size, swap_file_alloc;
    char *temp_dir;
    bool has_temp_files;
    char temp_files_why[WIN_DISK_WHY_MAX];
    struct win_swap_file *temp_files;
    size_t ntemp_files;
    bool temp_files_truncated;
};

/* Maps the two keys of the document's root onto h->disk. 0, or -EBADMSG
 * with d at the bad value. */
int win_disk_map(const char *buf, size_t len, const struct jv *root, struct win_host *h,
                 struct diag *d);
void win_disk_release(struct win_disk *disk);

/* The distribution the guest runs in: the one named `name` (WSL_DISTRO_NAME,
 * without regard to case), else the only one registered; NULL otherwise. */
const struct win_distro *win_disk_distro(const struct win_disk *disk, const char *name);
/* What the virtual disk takes on the Windows drive: its allocated size, else
 * its size. False when neither is known. */
bool win_distro_on_disk(const struct win_distro *d, uint64_t *ret);
/* The estimate of what compacting would give back: on-disk size − the space
 * used inside (disk_fs_used of the guest's "/"), 0 when the disk is smaller.
 * False when the on-disk size is unknown. */
bool win_distro_reclaimable(const struct win_distro *d, const struct disk_fs *fs, uint64_t *ret);
/* Swap disks left in the temp folder that no VM has attached (in_use
 * false): their number, and their bytes on the drive in *ret_bytes. */
size_t win_swap_orphans(const struct win_disk *disk, uint64_t *ret_bytes);
/* Why the distributions are unknown, in words for a user (the document's
 * reason, or that the source does not report them). */
const char *win_disk_distros_why(const struct win_disk *disk);
/* "C:" from "C:\" or "\\?\C:\..." for display (a copy into buf), else the
 * sanitised start of the path. */
const char *win_drive_label(const char *path, char *buf, size_t n);

#endif

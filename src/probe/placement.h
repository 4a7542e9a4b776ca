/* Where a model file lives, for the rule model.on-drvfs and for `fit`: the
 * file system that holds it (from the root's mount table), whether that is
 * a Windows drive (9p/drvfs), and how fast it reads.
 *
 * A model on a Windows drive is read over 9p: slow, and memory-mapping it
 * does not work as on ext4, so llama.cpp and Ollama end up copying the
 * weights into the VM's memory (reported in ggml-org/llama.cpp#1205; Ollama's
 * maintainer in ollama/ollama#6006).
 *
 * The read speed is measured only on the live machine, by one bounded read
 * of the file (at most PLACEMENT_READ_MAX bytes or PLACEMENT_READ_MS). A
 * snapshot or fixture root is never measured: its files are not the
 * machine's disk. */
#ifndef HEADROOM_PLACEMENT_H
#define HEADROOM_PLACEMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/mounts.h"

#define PLACEMENT_READ_MAX    (64u << 20)
#define PLACEMENT_READ_MS     2000u
#define DRVFS_MODELS_MAX      8
#define PLACEMENT_MEASURE_MAX 2 /* files timed per scan */

struct read_speed {
    bool measured;
    uint64_t bytes;    /* read */
    uint64_t ns;       /* taken */
    char why_not[160]; /* when not measured */
};

struct model_placement {
    char path[512]; /* absolute, in the root's namespace, as named */
    char real[512]; /* the same with every symbolic link resolved */
    uint64_t size;  /* bytes; 0 when it could not be stat()ed */
    bool on_windows_drive;
    char mount_target[256]; /* "/mnt/c" */
    char fstype[32];        /* "9p" */
    char windows_path[64];  /* "C:\" */
    struct read_speed speed;
    int pid;            /* the process using it, 0 for `fit` */
    char proc_name[64]; /* its comm */
    bool mapped;        /* the process maps it (else named on its command line) */
};

struct drvfs_models {
    struct model_placement v[DRVFS_MODELS_MAX];
    unsigned n;
    unsigned procs_seen; /* inference processes looked at */
};

/* The placement of `path` (absolute, in the root's namespace): its links
 * resolved, the mount holding it; on a Windows drive, its size and (live
 * only; `measure`) its read speed. */
void placement_of(const struct rootfs *r, const struct mount_table *t, const char *path,
                  bool measure, struct model_placement *ret);

/* `path` (absolute) with its symbolic links resolved through the root, as
 * the kernel would (an absolute target starts again at the root), into buf;
 * "." and ".." taken out. A component that is not a link (or does not
 * exist) is kept as it is. false when the result does not fit or there are
 * more than 40 links. */
bool placement_resolve(const struct rootfs *r, const char *path, char *buf, size_t n);

/* Times one bounded read of `path` through the live root: at most
 * `max_bytes`, stopping after `max_ms`. The file's clean cached pages are
 * dropped first (POSIX_FADV_DONTNEED) so the figure is the disk's, not the
 * page cache's. Under another root: not measured, and why. */
void read_speed_measure(const struct rootfs *r, const char *path, uint64_t max_bytes,
                        unsigned max_ms, struct read_speed *ret);
/* Bytes per second of a measurement (0 when nothing was timed). */
uint64_t read_speed_bps(const struct read_speed *s);

/* The models running inference processes use that live on a Windows
 * drive: the model files they map, and the model path their command line
 * names (-m/--model PATH, --model=PATH, or an argument that is a model file
 * or an Ollama blob), which is all there is when mapping failed and the
 * weights were copied. Never fails: unreadable processes are skipped. */
/* The model path a /proc/PID/cmdline names (NUL-separated arguments, the
 * last one NUL-terminated, else NULL): the absolute argument after -m or
 * --model, a --model=/PATH, or the first absolute argument that is a model
 * file (*.gguf, ggml-*.bin) or an Ollama blob. Points into buf, or NULL. */
const char *placement_cmdline_model(const char *buf, size_t len);

void drvfs_models_scan(const struct rootfs *r, const struct mount_table *t, uint64_t page_size,
                       bool measure, struct drvfs_models *ret);

#endif

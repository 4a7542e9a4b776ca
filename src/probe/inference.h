/* Running inference processes and the page cache they are using: the floor
 * that `watch` and `reclaim` never ask the kernel to go below. A process
 * counts when its name is one of the known servers (llama-server,
 * ollama, whisper-server, ...; comm is cut at 15 bytes, so the names are as
 * the kernel stores them) or when it maps a model file (*.gguf, *.ggml,
 * ggml-*.bin). What it protects is its resident file-backed memory (RssFile),
 * which includes the mapped weights the kernel's reclaim could otherwise
 * evict (memory.reclaim can unmap; drop_caches cannot). */
#ifndef HEADROOM_INFERENCE_H
#define HEADROOM_INFERENCE_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/probe.h"

#define INFERENCE_MAX 16

struct inference_proc {
    int pid;
    char name[64];
    uint64_t rss_file;     /* bytes, from status RssFile */
    uint64_t model_mapped; /* bytes of model-file mappings (0 = matched by name) */
    char model[256];       /* first model path mapped, or "" */
};

struct inference_list {
    struct inference_proc procs[INFERENCE_MAX];
    unsigned n;
    uint64_t protected_bytes; /* sum of rss_file over procs */
};

/* True when a comm value names a known inference server or CLI. */
bool inference_name_known(const char *comm);

/* Scans /proc: reads each process's stat, and status + maps only for known
 * names or processes with at least `min_rss` bytes resident (default when 0:
 * 64 MiB). Extra names (may be NULL) are matched exactly against comm.
 * Returns 0 or -errno when /proc cannot be listed. */
int inference_scan(const struct rootfs *r, const char *const *extra_names, uint64_t min_rss,
                   uint64_t page_size, struct inference_list *ret);

struct proc_brief;
/* The same over a process list already read (probe/procs.h: every process's
 * pid, comm and resident pages), so a caller that walked /proc does not walk
 * it again: only the candidates' status and maps are read. */
void inference_from_procs(const struct rootfs *r, const struct proc_brief *all, size_t n,
                          uint64_t page_size, struct inference_list *ret);

#endif

/* /proc/<pid>/maps, read for one question: does this process map a model
 * file (llama.cpp and whisper.cpp mmap their weights, llama.cpp src/llama-mmap.cpp)
 * and how large are those mappings? `watch` and `reclaim` keep that much
 * page cache out of what they ask the kernel to reclaim. */
#ifndef HEADROOM_MAPS_H
#define HEADROOM_MAPS_H

#include <stdbool.h>
#include <stdint.h>

#include "probe/probe.h"

struct maps_models {
    uint64_t mapped; /* bytes of address space mapping model files */
    unsigned mappings;
    char first_path[256]; /* the first model file seen ("" when none) */
};

/* True for a path naming model weights: "*.gguf", "*.ggml", "ggml-*.bin"
 * (whisper.cpp's legacy models). */
bool maps_is_model_path(const char *path, size_t n);

/* 7f2a1c000000-7f2a9c000000 r--s 00000000 08:20 1234  /models/llama-3-8b.Q4_K_M.gguf
 * Lines need "START-END PERMS OFFSET DEV INODE [PATH]" with hexadecimal
 * START < END. Returns 0 or -EBADMSG. */
int maps_models_parse(const char *buf, size_t len, struct maps_models *ret, struct diag *d);

#endif

/* Shared by the GGUF parser (gguf.c) and its accessors (gguf-get.c); not
 * for use outside src/model/. */
#ifndef HEADROOM_GGUF_INTERNAL_H
#define HEADROOM_GGUF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/gguf.h"

/* Decodes one fixed-size little-endian element of type t from raw bytes. A
 * bool is true for any byte but 0, as ggml reads it. false for a type that is
 * not fixed-size. */
bool gguf_decode_scalar(uint32_t t, const uint8_t *raw, struct gguf_scalar *out);

/* A set of names, to find duplicates (gguf-names.c). */
struct gguf_nameset {
    uint32_t *slot; /* index + 1; 0 = empty */
    size_t cap, n;
};
/* A name as the set compares it: its bytes and their count. */
struct gguf_name {
    const char *s;
    size_t n;
};
typedef struct gguf_name (*gguf_name_of)(const struct gguf_file *g, uint32_t i);
/* Inserts name (stored at index idx of g's array, read back with get())
 * unless an equal one is present: then returns the index of the earlier one
 * + 1; 0 when inserted. Counts what it allocates in g->alloc_bytes. */
size_t gguf_nameset_add(struct gguf_nameset *ns, struct gguf_file *g, struct gguf_name name,
                        uint32_t idx, gguf_name_of get);
/* Key i with all its bytes; tensor i's name up to its first NUL. */
struct gguf_name gguf_kv_name(const struct gguf_file *g, uint32_t i);
struct gguf_name gguf_tensor_name(const struct gguf_file *g, uint32_t i);

#endif

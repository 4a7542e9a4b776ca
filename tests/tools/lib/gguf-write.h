/* The GGUF writer behind gguf-gen (tests/tools/lib/gguf-write.c). */
#ifndef HEADROOM_TESTS_GGUF_WRITE_H
#define HEADROOM_TESTS_GGUF_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

/* write every number big-endian (a GGUF of a big-endian machine) */
extern bool ggufw_big_endian;

/* the metadata written so far: its bytes and its key count */
struct ggufw_kv {
    struct strbuf b;
    uint64_t n;
};

void ggufw_put(struct strbuf *b, const void *v, size_t n);
void ggufw_key(struct ggufw_kv *k, const char *name, uint32_t type);
void ggufw_kv_u32(struct ggufw_kv *k, const char *name, uint32_t v);
void ggufw_kv_f32(struct ggufw_kv *k, const char *name, float v);
void ggufw_kv_u32_arr(struct ggufw_kv *k, const char *name, const uint32_t *v, uint32_t n);
void ggufw_kv_str(struct ggufw_kv *k, const char *name, const char *v);
/* a minimal valid tokenizer: SentencePiece-style (llama) or byte-level BPE */
void ggufw_tokenizer(struct ggufw_kv *k, bool bpe, uint32_t n_vocab);
/* general.file_type (llama_ftype) for a tensor type */
uint32_t ggufw_ftype(uint32_t type);

/* adds a tensor to the list (exits 2 when ne0 is not a whole number of the
 * type's blocks) */
void ggufw_tensor4(const char *name, uint32_t type, uint32_t n_dims, uint64_t ne0, uint64_t ne1,
                   uint64_t ne2, uint64_t ne3);
void ggufw_tensor3(const char *name, uint32_t type, uint32_t n_dims, uint64_t ne0, uint64_t ne1,
                   uint64_t ne2);
void ggufw_tensor(const char *name, uint32_t type, uint32_t n_dims, uint64_t ne0, uint64_t ne1);

/* writes the model: 0, or 3 with the error on stderr */
int ggufw_write_model(const char *out, const struct ggufw_kv *meta, const char *arch,
                      uint32_t split, uint32_t version);

#endif

/* whisper.cpp's legacy ggml model file (.bin; whisper.cpp's legacy loader):
 *   u32 magic 0x67676d6c ("lmgg" on disk), 11 x i32 hyperparameters
 *   (n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
 *   n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype),
 *   the mel filters (i32 n_mel, i32 n_fft, n_mel * n_fft f32), the vocabulary
 *   (i32 count, then u32 length + bytes each), then tensors until EOF:
 *   i32 n_dims, i32 name length, i32 type, i32 ne[n_dims], name, data.
 * Read like gguf.c: header only, every length checked against the bytes left
 * before it is used, tensor data skipped (its size checked, never read). */
#ifndef HEADROOM_GGML_BIN_H
#define HEADROOM_GGML_BIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

#define GGML_BIN_MAGIC       0x67676d6cu
#define GGML_BIN_MAX_TENSORS 100000

struct whisper_hparams {
    int32_t n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer;
    int32_t n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype;
};

struct ggml_bin_tensor {
    char name[64]; /* truncated copy for messages */
    uint32_t n_dims;
    uint64_t ne[4];
    uint32_t type;
    uint64_t offset; /* of the data, in the file */
    uint64_t nbytes;
};

struct ggml_bin {
    struct whisper_hparams hp;
    uint32_t wtype; /* ggml type of the matrices: ftype % 1000 mapped */
    uint32_t qntvr; /* quantization version: ftype / 1000 */
    int32_t n_mel, n_fft;
    uint32_t vocab_count; /* entries stored in the file */
    uint64_t header_end;  /* where the tensors start */
    struct ggml_bin_tensor *tensors;
    size_t n_tensors;
    uint64_t tensor_bytes;
    uint64_t file_size;
};

/* Pure parser over a whole file in memory. Returns 0 or -EBADMSG (d: byte
 * offset and message). */
int ggml_bin_parse_mem(const void *buf, size_t len, struct ggml_bin *ret, struct diag *d);
/* Reads the file at `path` (normal filesystem). 0, -EBADMSG, or -errno. */
int ggml_bin_open(const char *path, struct ggml_bin *ret, struct diag *d);
/* The same for an open descriptor (not closed); `name` is for messages. */
int ggml_bin_open_fd(int fd, const char *name, struct ggml_bin *ret, struct diag *d);
void ggml_bin_free(struct ggml_bin *b);

/* "tiny", "base", "small", "medium", "large", "large-v3" (n_vocab 51866),
 * with ".en" for the English-only vocabulary; "unknown" otherwise. */
const char *ggml_bin_size_class(const struct whisper_hparams *hp, char *buf, size_t n);
/* The RAM whisper.cpp's README gives for this size (bytes), 0 if unknown. */
uint64_t ggml_bin_readme_ram(const struct whisper_hparams *hp);
/* The bytes the weights take, computed from the hyperparameters (the tensor
 * list whisper.cpp's loader creates), for files whose tensors were left out
 * and as a cross-check of the stored ones. */
uint64_t ggml_bin_expected_weights(const struct ggml_bin *b);

#endif

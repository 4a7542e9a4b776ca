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

#endif

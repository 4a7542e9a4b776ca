/* Shared by the GGUF parser (gguf.c) and its accessors (gguf-get.c); not
 * for use outside src/model/. */
#ifndef HEADROOM_GGUF_INTERNAL_H
#define HEADROOM_GGUF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/gguf.h"

/* Reverses n bytes in place (a big-endian file on this little-endian host). */
void gguf_swap_bytes(void *v, size_t n);
/* Decodes one fixed-size element of type t from raw bytes (already in host
 * order). Returns false for a bool other than 0/1. */
bool gguf_decode_scalar(uint32_t t, const uint8_t *raw, struct gguf_scalar *out);

#endif

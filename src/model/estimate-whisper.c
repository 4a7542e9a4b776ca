#include "model/estimate.h"

#include <string.h>

#include "util/parse.h"

#define sat_add sat_add_u64
#define sat_mul sat_mul_u64

static uint64_t pad_to(uint64_t x, uint64_t n)
{
    return (x + n - 1) / n * n;
}

/* whisper.cpp (src/whisper.cpp, f16 caches): self-attention cache of
 * n_text_ctx padded to 256 cells per decoder, cross-attention cache of
 * n_audio_ctx padded (1500 -> 1536), for n_text_layer layers. The compute
 * buffers (conv, encode, cross, decode graphs) are not derivable from the
 * header: 60 MB + 4 * n_audio_ctx * n_audio_state * 53 bytes reproduces the
 * README's RAM column minus weights and caches within 6 % for every size. */
void estimate_whisper(const struct model *m, const struct estimate_opts *o, struct estimate *e)
{
    uint64_t st = m->n_text_state, layers = m->n_text_layer;
    uint64_t self_cells = pad_to(m->n_text_ctx, 256), cross_cells = pad_to(m->n_audio_ctx, 256);
    uint64_t n_dec = o->n_seq ? o->n_seq : 1;
    e->ctx = (uint32_t)self_cells;
    e->weights_bytes = e->weights_ram = m->weights_bytes;
    e->kv_bytes = e->kv_ram_bytes =
        sat_add(sat_mul(sat_mul(sat_mul(2 * 2, st), layers), sat_mul(self_cells, n_dec)),
                sat_mul(sat_mul(sat_mul(2 * 2, st), layers), cross_cells));
    e->compute_bytes = e->compute_reserved_bytes =
        sat_add(60000000ULL, sat_mul(sat_mul(4ULL * 53, m->n_audio_ctx), m->n_audio_state));
    e->ram_bytes = sat_add(sat_add(e->weights_ram, e->kv_ram_bytes), e->compute_bytes);
    e->resident_bytes = e->ram_bytes;
}

/* What whisper.cpp holds while it transcribes, as whisper-cli runs it.
 *
 * Read from whisper.cpp's src/whisper.cpp (1.9.3: whisper_init_state,
 * whisper_build_graph_*, whisper_full_with_state) and measured against it
 * (bench/fit-whisper.sh, bench/fit-whisper-results.md). The peak RSS is the
 * sum of:
 *   - the weights, read into memory (whisper.cpp does not map the file);
 *   - three f16 caches, cleared (so resident) when they are made: self
 *     attention, n_text_ctx padded to 256 cells x n_text_layer, made again
 *     (n + 2) times as large when n > 1 decoders run ("overallocate to
 *     workaround KV cache fragmentation"); cross attention, n_audio_ctx
 *     padded; and a one-layer `kv pad` of n_audio_state x n_audio_ctx padded;
 *   - four graph buffers (conv, encode, cross, decode), each sized by ggml's
 *     allocator for its worst case. The first three run whole and are
 *     resident; the decode buffer is sized for n_text_ctx tokens but only a
 *     batch's share of it is touched: the prompt (earlier text, then sot,
 *     language, task) or one token per decoder;
 *   - the CPU backend's scratch buffer: matrix inputs converted to the
 *     weights' dot-product type, the largest of the graphs;
 *   - the logits of the largest batch, copied out of the graph;
 *   - a runtime part (vocabulary maps, scheduler metadata, per-decoder
 *     sampling buffers) that was measured, not read.
 * The audio's length does not change the buffers (every window is padded to
 * 30 s); it decides whether earlier text is fed back as a prompt, which is
 * what makes the decode batch large. */
#include "model/estimate.h"

#include <string.h>

#include "model/ggml-types.h"
#include "util/parse.h"

#define sat_add sat_add_u64
#define sat_mul sat_mul_u64

/* Every graph buffer measured 1.59 MB above the tensors' share of it, on
 * every size from tiny to large-v3, flash attention on and off. */
#define WHISPER_GRAPH_BASE 1590000ULL
/* The runtime part: 17.0 MB plus 2.4 KB per unit of n_text_state, fitted to
 * the 32 runs of tiny ... medium (n_vocab 51865) within 0.75 MB each. */
#define WHISPER_RUNTIME_BASE      17000000ULL
#define WHISPER_RUNTIME_PER_STATE 2400ULL
/* Each decoder after the first: 28 bytes per vocabulary entry (its sorted
 * logits_id pairs and sampling copies; 6.4 MB measured for 4 at 51865) */
#define WHISPER_DECODER_PER_TOKEN 28ULL

static uint64_t pad_to(uint64_t x, uint64_t n)
{
    return (x + n - 1) / n * n;
}

/* Bytes per 256 elements of a matrix input the CPU backend converts to the
 * dot-product type of weights of type t (ggml-cpu's vec_dot_type): f16 for
 * f16 weights, q8_0 or q8_1 blocks for the legacy quantisations, q8_K for
 * k-quants; f32 weights take their input as it is. */
static uint64_t converted_per_256(uint32_t t)
{
    switch (t) {
    case GGML_T_F32:
        return 0;
    case GGML_T_Q4_0:
    case GGML_T_Q5_0:
    case GGML_T_Q8_0:
        return 8 * 34;
    case GGML_T_Q4_1:
    case GGML_T_Q5_1:
        return 8 * 36;
    case GGML_T_Q2_K:
    case GGML_T_Q3_K:
    case GGML_T_Q4_K:
    case GGML_T_Q5_K:
    case GGML_T_Q6_K:
        return 292;
    default:
        return 512;
    }
}

/* The decoders whose caches and buffers exist at the peak: whisper.cpp
 * decodes with beam_size decoders at temperature 0 (1 when greedy) and with
 * best_of on each temperature fallback. */
static uint32_t whisper_decoders(const struct estimate_opts *o)
{
    uint32_t beam = o->beam_size > 1 ? o->beam_size : 1;
    uint32_t n = beam;
    if (!o->no_fallback && o->best_of > n)
        n = o->best_of;
    return n > 8 ? 8 : n; /* WHISPER_MAX_DECODERS */
}

/* The tokens of the largest decode batch: the prompt (up to n_text_ctx / 2
 * tokens of earlier text, a "previous" marker first, then sot and, for a
 * multilingual model, language and task), or one token per decoder. */
static uint32_t whisper_batch(const struct model *m, const struct estimate_opts *o,
                              uint32_t decoders)
{
    uint64_t context = m->n_text_ctx / 2;
    if (o->max_context >= 0 && (uint64_t)o->max_context < context)
        context = (uint64_t)o->max_context;
    uint64_t prompt = context + (m->n_vocab >= 51865 ? 3 : 1);
    if (prompt < decoders)
        prompt = decoders;
    if (prompt > m->n_text_ctx)
        prompt = m->n_text_ctx;
    return (uint32_t)prompt;
}

void estimate_whisper(const struct model *m, const struct estimate_opts *o, struct estimate *e)
{
    uint64_t st = m->n_text_state, layers = m->n_text_layer, sa = m->n_audio_state;
    uint64_t actx = m->n_audio_ctx, vocab = m->n_vocab;
    uint64_t self_cells = pad_to(m->n_text_ctx, 256), cross_cells = pad_to(actx, 256);
    uint32_t decoders = whisper_decoders(o);
    uint32_t batch = whisper_batch(m, o, decoders);
    e->whisper_decoders = decoders;
    e->whisper_batch_tokens = batch;
    e->ctx = (uint32_t)self_cells;
    e->weights_bytes = e->weights_ram = m->weights_bytes;

    uint64_t per_cell = sat_mul(sat_mul(2 * 2, st), layers); /* K and V, f16 */
    uint64_t self = sat_mul(sat_mul(per_cell, self_cells), decoders > 1 ? decoders + 2 : 1);
    uint64_t cross = sat_mul(per_cell, cross_cells);
    uint64_t pad = sat_mul(sat_mul(2 * 2, sa), cross_cells);
    e->kv_bytes = e->kv_ram_bytes = sat_add(sat_add(self, cross), pad);

    /* the graphs' live tensors at their widest, f32 (src/whisper.cpp):
     * conv: two frames per audio position, the mel input and its im2col
     * (f32 + 3 f16 per mel), and two n_audio_state-wide f32 rows;
     * encode: the FFN's 4 n_audio_state rows and 3 more, or without flash
     * attention the KQ scores of every head (n_audio_ctx^2 f32) and 4 rows;
     * cross: one row per audio position; decode: the logits and 2 rows of
     * n_text_state per token. */
    uint64_t conv = sat_mul(2 * actx, sat_add(sat_mul(10, m->n_mels), sat_mul(8, sa)));
    uint64_t encode = o->flash_attn
                          ? sat_mul(sat_mul(28, actx), sa)
                          : sat_add(sat_mul(sat_mul(16, actx), sa),
                                    sat_mul(sat_mul(sat_mul(4, actx), actx), m->n_audio_head));
    uint64_t cross_graph = sat_mul(sat_mul(4, actx), sa);
    uint64_t per_token = sat_add(sat_mul(4, vocab), sat_mul(8, st));
    uint64_t decode_reserved = sat_mul(m->n_text_ctx, per_token);
    uint64_t decode_touched = sat_mul(batch, per_token);
    uint64_t base = sat_mul(4, WHISPER_GRAPH_BASE);
    uint64_t graphs = sat_add(sat_add(conv, encode), cross_graph);
    /* the scratch: the FFN output projection's input (4 n_audio_state x
     * n_audio_ctx), or without flash attention the scores going into
     * KQ x V, converted to f16 */
    uint64_t ffn_in = sat_mul(sat_mul(4, sa), actx) / 256 * converted_per_256(m->dominant_type);
    uint64_t scores = o->flash_attn ? 0 : sat_mul(sat_mul(sat_mul(2, actx), actx), m->n_audio_head);
    uint64_t scratch = ffn_in > scores ? ffn_in : scores;
    e->compute_reserved_bytes = sat_add(sat_add(graphs, decode_reserved), base);
    e->compute_bytes = sat_add(sat_add(sat_add(graphs, decode_touched), base), scratch);
    e->output_bytes = sat_mul(sat_mul(batch, vocab), 4);
    e->overhead_bytes =
        sat_add(sat_add(WHISPER_RUNTIME_BASE, sat_mul(WHISPER_RUNTIME_PER_STATE, st)),
                sat_mul(sat_mul(decoders - 1, WHISPER_DECODER_PER_TOKEN), vocab));
    e->ram_bytes = sat_add(sat_add(sat_add(e->weights_ram, e->kv_ram_bytes), e->compute_bytes),
                           sat_add(e->output_bytes, e->overhead_bytes));
    e->resident_bytes = e->ram_bytes;
}

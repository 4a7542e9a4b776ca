#include "model/estimate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/ggml-bin.h"
#include "model/ggml-types.h"
#include "util/parse.h"
#include "util/size.h"
#include "util/xalloc.h"

#define sat_add sat_add_u64
#define sat_sub sat_sub_u64
#define sat_mul sat_mul_u64

static uint64_t pad_to(uint64_t x, uint64_t n)
{
    return (x + n - 1) / n * n;
}

/* ---- the estimate ---- */

void estimate_opts_default(struct estimate_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->batch = 2048;
    o->ubatch = 512;
    o->n_seq = 1;
    o->type_k = o->type_v = GGML_T_F16;
    o->ngl = -1;
    o->mmap = true;
    o->flash_attn = true;
    o->cpu_avx2 = true;
    o->beam_size = 5;
    o->best_of = 5;
    o->max_context = -1;
}

static uint64_t row_bytes(uint32_t type, uint64_t n)
{
    uint64_t r;
    if (ggml_row_size(type, n, &r))
        return r;
    /* not a whole number of blocks: llama.cpp refuses the cache type; count
     * it as f16 rather than fail */
    return sat_mul(n, 2);
}

uint64_t estimate_kv_bytes(const struct model *m, uint32_t ctx, uint32_t ubatch, uint32_t type_k,
                           uint32_t type_v, uint32_t n_seq)
{
    uint64_t cells = pad_to(ctx, 256);
    uint64_t swa_cells = pad_to(m->n_swa + ubatch, 256);
    if (swa_cells > cells)
        swa_cells = cells;
    uint64_t total = 0;
    for (uint32_t il = 0; il < m->n_layer; il++) {
        const struct model_layer *L = &m->layers[il];
        if (!L->n_head_kv)
            continue; /* not an attention layer */
        bool swa = L->swa && m->n_swa;
        uint64_t kl = swa ? m->key_len_swa : m->key_len, vl = swa ? m->value_len_swa : m->value_len;
        uint64_t c = swa ? swa_cells : cells;
        uint64_t k = sat_mul(row_bytes(type_k, sat_mul(kl, L->n_head_kv)), c);
        /* MLA: V is a view of the cached latent (llama-kv-cache.cpp has_v) */
        uint64_t v = m->mla ? 0 : sat_mul(row_bytes(type_v, sat_mul(vl, L->n_head_kv)), c);
        total = sat_add(total, sat_mul(sat_add(k, v), n_seq ? n_seq : 1));
    }
    return total;
}

uint32_t estimate_kv_layers(const struct model *m)
{
    uint32_t n = 0;
    for (uint32_t il = 0; il < m->n_layer; il++)
        n += m->layers[il].n_head_kv != 0;
    return n;
}

/* llama_hparams::n_embd_r() / n_embd_s(): for RWKV the token-shift rows and
 * the wkv state; for the mamba family the conv window (d_conv - 1 columns of
 * the conv input: d_inner + 2 * n_group * d_state) and the ssm state
 * (d_state x d_inner). One row each per sequence, f32
 * (llama-memory-recurrent.cpp, n_rs_seq 0). */
uint64_t estimate_state_bytes(const struct model *m, uint32_t il, uint32_t n_seq)
{
    if (il >= m->n_layer || !m->layers[il].recurrent)
        return 0;
    uint64_t r, s;
    if (m->wkv_head_size) {
        r = sat_mul(m->token_shift_count, m->n_embd);
        s = sat_mul(m->n_embd, m->wkv_head_size);
    } else {
        uint64_t conv_cols = m->ssm_d_conv ? m->ssm_d_conv - 1 : 0;
        r = sat_mul(conv_cols,
                    sat_add(m->ssm_d_inner, sat_mul(sat_mul(2, m->ssm_n_group), m->ssm_d_state)));
        s = sat_mul(m->ssm_d_state, m->ssm_d_inner);
    }
    return sat_mul(sat_mul(4, sat_add(r, s)), n_seq ? n_seq : 1);
}

/* Per-layer KV bytes, for the RAM/VRAM split. */
static uint64_t kv_layer(const struct model *m, uint32_t il, uint32_t ctx,
                         const struct estimate_opts *o)
{
    struct model one = *m;
    one.layers = (struct model_layer *)&m->layers[il];
    one.n_layer = 1;
    return estimate_kv_bytes(&one, ctx, o->ubatch, o->type_k, o->type_v, o->n_seq);
}

/* Model constants fitted to peak-RSS measurements of llama.cpp (node-llama-cpp
 * 3.22.1's prebuilt CPU build) on generated models: `make bench-fit`.
 *   - resident compute: the pages of the reserved graph buffer a prompt batch
 *     touches; the logits part stays mostly untouched (one row per
 *     sequence is read), so it scales with the layer widths, not the vocab.
 *     Per token of the batch, f32: COMPUTE_EMBD_ROWS rows n_embd wide (the
 *     residual stream, norms, attention in and out) and COMPUTE_FF_ROWS_X4 / 4
 *     rows as wide as the FFN a token goes through (gate, up, their product:
 *     the widest tensors of a layer). Least squares on the 43 attention rows
 *     of bench/fit-results.md (llama, qwen2, qwen3, phi3, qwen3moe, gemma2,
 *     gemma3; FFN 2.7-6 x n_embd) with the overhead below held fixed: 3.04
 *     and 3.67 (the earlier fixed 13 n_embd rows, fitted on llama shapes
 *     only, missed gemma2's 6 x n_embd FFN by 38 MiB);
 *   - overhead: the vocab tables (token strings, maps) and the rest of a
 *     loaded model's fixed cost. */
#define COMPUTE_EMBD_ROWS  3
#define COMPUTE_FF_ROWS_X4 15
/* the FFN width when the file gives none (a per-layer array) or the block
 * has none (mamba, mamba2): the llama ratio, 2.75 n_embd, in quarters. For
 * mamba and mamba2 this stands in for the mixer's rows (the in-projection,
 * conv, scan output and gate): 13.3 n_embd rows, 26-27 MiB at ubatch 512 on
 * the bench's n_embd 1024 / d_inner 2048 models, which measured 26-33. It
 * follows n_embd, not d_inner: a mixer wider than 2 n_embd is not scaled. */
#define COMPUTE_FF_DEFAULT_X4 11
#define COMPUTE_MLA_ROWS      4
#define DELTA_NET_VALUE_ROWS  7
#define DELTA_NET_KEY_ROWS    3
#define OVERHEAD_BASE         (15 * MIB)
#define OVERHEAD_PER_TOKEN    615 /* bytes per vocabulary entry */

/* The widest FFN a token goes through: a MoE layer runs n_expert_used
 * routed experts and the shared ones side by side (build_moe_ffn: each
 * selected expert's gate and up, n_expert_used x n_ff_exp per token); the
 * dense layers n_ff. 0 when the file does not say. */
static uint64_t ffn_width(const struct model *m)
{
    /* mamba's and mamba2's blocks are a mixer alone: no FFN, whatever
     * feed_forward_length says (src/models/mamba.cpp, mamba2.cpp) */
    if (strcmp(m->arch, "mamba") == 0 || strcmp(m->arch, "mamba2") == 0)
        return 0;
    if (!m->n_expert)
        return m->n_ff;
    uint64_t moe =
        sat_add(sat_mul(m->n_expert_used ? m->n_expert_used : 1, m->n_ff_exp), m->n_ff_shexp);
    return m->n_layer_dense_lead && m->n_ff > moe ? m->n_ff : moe;
}

void estimate_run(const struct model *m, const struct estimate_opts *o, struct estimate *ret)
{
    struct estimate e;
    memset(&e, 0, sizeof(e));
    if (m->format == MODEL_WHISPER) {
        estimate_whisper(m, o, &e);
        *ret = e;
        return;
    }
    uint32_t ubatch = o->ubatch ? o->ubatch : 512;
    uint32_t batch = o->batch ? o->batch : 2048;
    if (ubatch > batch)
        ubatch = batch;
    uint64_t ctx = o->ctx;
    if (!ctx)
        ctx = m->n_ctx_train && m->n_ctx_train < 4096 ? m->n_ctx_train : 4096;
    ctx = pad_to(ctx, 256);
    if (ctx > UINT32_MAX)
        ctx = (uint64_t)UINT32_MAX / 256 * 256;
    e.ctx = (uint32_t)ctx;
    if (ubatch > e.ctx)
        ubatch = e.ctx;
    uint32_t ngl = o->ngl < 0 ? 0 : (uint32_t)o->ngl;
    if (ngl > m->n_layer + 1)
        ngl = m->n_layer + 1;
    e.ngl = ngl;
    /* llama.cpp (2026): i_gpu_start = max(n_layer + 1 - ngl, 0); the output
     * layer (index n_layer) is the first to go */
    uint64_t gpu_start = (uint64_t)m->n_layer + 1 - ngl;
    uint64_t repack_ram = 0;
    bool has_attention = false, has_recurrent = false; /* a hybrid has both */
    for (uint32_t il = 0; il < m->n_layer; il++) {
        const struct model_layer *L = &m->layers[il];
        has_attention = has_attention || L->n_head_kv;
        has_recurrent = has_recurrent || L->recurrent;
        uint64_t kv = kv_layer(m, il, e.ctx, o);
        uint64_t state = estimate_state_bytes(m, il, o->n_seq);
        e.kv_bytes = sat_add(e.kv_bytes, kv);
        e.state_bytes = sat_add(e.state_bytes, state);
        if (il >= gpu_start) {
            uint64_t experts = o->cpu_moe ? L->expert_bytes : 0;
            e.weights_vram = sat_add(e.weights_vram, L->bytes - experts);
            e.weights_ram = sat_add(e.weights_ram, experts);
            e.kv_vram_bytes = sat_add(e.kv_vram_bytes, kv);
            e.state_vram_bytes = sat_add(e.state_vram_bytes, state);
        } else {
            e.weights_ram = sat_add(e.weights_ram, L->bytes);
            e.kv_ram_bytes = sat_add(e.kv_ram_bytes, kv);
            e.state_ram_bytes = sat_add(e.state_ram_bytes, state);
            if (o->cpu_avx2)
                repack_ram = sat_add(repack_ram, L->repack_bytes);
            if (o->cpu_avx512)
                repack_ram = sat_add(repack_ram, L->repack512_bytes);
        }
    }
    /* non-layer tensors: token_embd always on the CPU; the output layer on
     * the GPU when ngl >= 1 (duplicated there when tied to token_embd) */
    e.weights_ram = sat_add(e.weights_ram, sat_add(m->tok_embd_bytes, m->other_bytes));
    if (ngl >= 1) {
        e.weights_vram = sat_add(e.weights_vram, m->output_bytes);
    } else if (!m->output_tied) {
        e.weights_ram = sat_add(e.weights_ram, m->output_bytes);
        if (o->cpu_avx2)
            repack_ram = sat_add(repack_ram, m->output_repack_bytes);
        if (o->cpu_avx512)
            repack_ram = sat_add(repack_ram, m->output_repack512_bytes);
    }
    e.weights_bytes = m->weights_bytes;
    if (o->mmap) {
        /* the mapped file stays resident, less the repacked tensors at its
         * ends, which llama.cpp unmaps after copying them (CPU only) */
        e.mmap_bytes = e.weights_ram;
        if (ngl == 0 && repack_ram)
            e.mmap_bytes = sat_sub(e.mmap_bytes, m->mmap_edge_repack[o->cpu_avx512 ? 1 : 0]);
        e.repack_bytes = repack_ram;
    }
    /* compute: the reserved graph (logits for a ubatch plus the widest
     * layer), and what of it becomes resident */
    uint64_t vocab = m->n_vocab;
    e.compute_reserved_bytes = sat_mul(sat_mul(4, ubatch), sat_add(vocab, sat_mul(2, m->n_embd)));
    if (!o->flash_attn)
        e.compute_reserved_bytes = sat_add(e.compute_reserved_bytes,
                                           sat_mul(sat_mul(sat_mul(4, ubatch), e.ctx), m->n_head));
    uint64_t ffw = ffn_width(m);
    uint64_t rows =
        sat_add(sat_mul(COMPUTE_EMBD_ROWS, m->n_embd),
                ffw ? sat_mul(COMPUTE_FF_ROWS_X4, ffw) / 4
                    : sat_mul(COMPUTE_FF_ROWS_X4, sat_mul(COMPUTE_FF_DEFAULT_X4, m->n_embd)) / 16);
    if (m->mla) {
        /* MLA attends in the latent space: the query of every head is
         * kv_lora_rank + rope wide (key_len), not head_dim */
        uint64_t mla_rows = sat_add(sat_mul(sat_mul(COMPUTE_MLA_ROWS, m->n_head), m->key_len),
                                    sat_mul(2, m->n_embd));
        if (mla_rows > rows)
            rows = mla_rows;
    }
    /* gated delta nets (qwen3next): llama.cpp's chunked scan
     * (delta-net-base.cpp) holds, per token of the batch, about
     * DELTA_NET_VALUE_ROWS f32 rows as wide as the values (d_inner) and
     * DELTA_NET_KEY_ROWS as wide as the keys (n_group x d_state) beyond the
     * rows above. Least squares on three generated qwen3next shapes (values
     * 2048 and 4096 wide, keys 1024 and 2048), checked on a fourth (heads of
     * 64: 0.3 MiB over); not traced op by op. */
    if (m->delta_net)
        rows = sat_add(
            rows, sat_add(sat_mul(DELTA_NET_VALUE_ROWS, m->ssm_d_inner),
                          sat_mul(DELTA_NET_KEY_ROWS, sat_mul(m->ssm_n_group, m->ssm_d_state))));
    e.compute_bytes = sat_mul(sat_mul(4, ubatch), rows);
    /* hybrids (attention and recurrent layers in one model): the resident
     * compute grows with the context, by about one f16 KQ mask over the
     * whole cache (ctx x ubatch x 2 bytes). Measured, not traced in
     * llama.cpp's source: from ctx 4096 to 32768 jamba grew 13-19 MiB,
     * granitehybrid 30, falcon-h1 24 (`make bench-fit`); the models with a
     * plain KV cache do not grow, their mask covering only the cells in use
     * (llama-kv-cache.cpp get_n_kv). */
    if (has_attention && has_recurrent)
        e.compute_bytes = sat_add(e.compute_bytes, sat_mul(sat_mul(2, ubatch), e.ctx));
    if (!o->flash_attn) /* the KQ scores of a full batch, once the context fills */
        e.compute_bytes =
            sat_add(e.compute_bytes, sat_mul(sat_mul(sat_mul(4, ubatch), e.ctx), m->n_head));
    if (e.compute_reserved_bytes < e.compute_bytes) /* the FFN intermediates of a batch */
        e.compute_reserved_bytes = e.compute_bytes;
    if (ngl > 0) {
        e.compute_vram_bytes = e.compute_reserved_bytes;
        /* CUDA context and cuBLAS workspace: not measured here (no GPU) */
        e.vram_overhead_bytes = 256 * MIB;
    }
    e.output_bytes = sat_mul(sat_mul(vocab, 4), o->n_seq ? o->n_seq : 1);
    e.overhead_bytes = sat_add(OVERHEAD_BASE, sat_mul(OVERHEAD_PER_TOKEN, vocab));
    e.resident_bytes = sat_add(sat_add(sat_add(o->mmap ? 0 : e.weights_ram, e.repack_bytes),
                                       sat_add(e.kv_ram_bytes, e.state_ram_bytes)),
                               sat_add(sat_add(e.compute_bytes, e.output_bytes), e.overhead_bytes));
    e.ram_bytes = sat_add(e.resident_bytes, e.mmap_bytes);
    /* while loading with mmap the whole file is populated before the
     * repacked tensors at its ends are unmapped: the file and the repacked
     * copies are resident together (no-mmap reads through small staging
     * buffers, measured as no extra peak) */
    e.load_peak_bytes =
        o->mmap ? sat_add(sat_add(e.weights_ram, e.repack_bytes), e.overhead_bytes) : 0;
    if (e.load_peak_bytes > e.ram_bytes)
        e.ram_bytes = e.load_peak_bytes;
    e.vram_bytes = sat_add(sat_add(e.weights_vram, sat_add(e.kv_vram_bytes, e.state_vram_bytes)),
                           sat_add(e.compute_vram_bytes, e.vram_overhead_bytes));
    *ret = e;
}

static bool fits(const struct estimate *e, const struct fit_budget *b, uint64_t ram_avail)
{
    if (e->ram_bytes > ram_avail)
        return false;
    if (e->vram_bytes == 0)
        return true;
    return b->has_vram && sat_add(e->vram_bytes, b->vram_margin) <= b->vram;
}

void fit_solve(const struct model *m, const struct estimate_opts *o, const struct fit_budget *b,
               uint64_t extra_ram, struct fit_result *ret)
{
    struct fit_result r;
    memset(&r, 0, sizeof(r));
    r.cpu_moe = o->cpu_moe;
    uint64_t ram_avail = sat_sub(b->ram, extra_ram);
    struct estimate_opts oo = *o;
    if (o->ngl < 0) {
        /* auto: as llama.cpp's --fit does, as many layers on the GPU as fit
         * its free memory less the margin; none without a GPU. A MoE model
         * that does not fit whole first keeps its experts on the CPU. */
        oo.ngl = 0;
        if (b->has_vram && m->format == MODEL_GGUF) {
            struct estimate t;
            oo.ngl = (int)m->n_layer + 1;
            estimate_run(m, &oo, &t);
            bool whole = sat_add(t.vram_bytes, b->vram_margin) <= b->vram;
            if (!whole && m->n_expert > 0 && !oo.cpu_moe) {
                oo.cpu_moe = true;
                estimate_run(m, &oo, &t);
                whole = sat_add(t.vram_bytes, b->vram_margin) <= b->vram;
                if (!whole)
                    oo.cpu_moe = o->cpu_moe;
            }
            for (int n = (int)m->n_layer; !whole && n >= 0; n--) {
                oo.ngl = n;
                estimate_run(m, &oo, &t);
                if (n == 0 || sat_add(t.vram_bytes, b->vram_margin) <= b->vram)
                    break;
            }
        }
    }
    estimate_run(m, &oo, &r.est);
    r.cpu_moe = oo.cpu_moe;
    if (fits(&r.est, b, ram_avail)) {
        r.verdict = r.est.ngl > 0 ? FIT_GPU : FIT_RAM;
    } else {
        r.verdict = FIT_NO;
        if (r.est.ram_bytes > ram_avail) {
            r.need = r.est.ram_bytes;
            r.have = ram_avail;
        } else {
            r.need = sat_add(r.est.vram_bytes, b->vram_margin);
            r.have = b->vram;
            r.need_is_vram = true;
        }
    }
    /* the largest context (multiple of 256) that fits with this -ngl */
    uint64_t hi = m->n_ctx_train ? pad_to(m->n_ctx_train, 256) : 1u << 20;
    if (hi > (1u << 24))
        hi = 1u << 24;
    uint64_t lo = 0; /* in units of 256 */
    uint64_t hi_u = hi / 256;
    while (lo < hi_u) {
        uint64_t mid = (lo + hi_u + 1) / 2;
        struct estimate t;
        oo.ctx = (uint32_t)(mid * 256);
        estimate_run(m, &oo, &t);
        if (fits(&t, b, ram_avail))
            lo = mid;
        else
            hi_u = mid - 1;
    }
    r.max_ctx = (uint32_t)(lo * 256);
    *ret = r;
}

/* What a model needs in memory when llama.cpp (or whisper.cpp) runs it, and
 * how it fits a budget of RAM and VRAM.
 *
 * A `struct model` is the view of a file the estimator needs: hyperparameters
 * and, per layer, the bytes of its tensors (exact, from the tensor table).
 * estimate_run() applies llama.cpp's own rules (llama.cpp src/llama-context.cpp,
 * src/llama-kv-cache.cpp), as current releases ship them:
 *   - weights: per layer and non-layer; with -ngl N the last N-1 blocks and the
 *     output layer go to the GPU (the output layer first); token_embd stays;
 *   - mmap: weights are page cache of the mapped file; types the CPU backend
 *     repacks (Q4_0, Q4_K, IQ4_NL, MXFP4 with AVX2; Q2_K with AVX-512) are
 *     then held twice (mapped file + repacked copy);
 *   - KV cache: row_size(type, key_length * n_head_kv(il)) * cells per
 *     attention layer, cells = ctx padded to 256; sliding-window layers hold
 *     pad256(min(ctx, n_swa + n_ubatch)) cells (the per-architecture pattern
 *     of llama.cpp's set_swa_pattern);
 *   - compute: the reserved graph buffer (logits n_vocab * n_ubatch * 4 plus
 *     the widest layer's intermediates), and the part of it that becomes
 *     resident in RAM when a prompt is processed;
 *   - output buffer: n_vocab * 4 bytes per sequence;
 *   - a runtime overhead growing with the vocabulary (vocab tables, threads).
 * Model constants that are not in llama.cpp's source (resident compute,
 * overhead) were fitted to peak-RSS measurements of real llama.cpp
 * (bench/fit-accuracy.mjs); see the comments where they are defined. */
#ifndef HEADROOM_ESTIMATE_H
#define HEADROOM_ESTIMATE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/gguf.h"
#include "util/diag.h"

enum model_format { MODEL_GGUF, MODEL_WHISPER };

struct model_layer {
    uint64_t bytes;           /* all tensors of blk.N */
    uint64_t repack_bytes;    /* of those, the bytes the CPU backend repacks with AVX2 */
    uint64_t repack512_bytes; /* ... and those it repacks only with AVX-512 (Q2_K) */
    uint64_t expert_bytes;    /* MoE expert tensors (ffn_*_exps) */
    uint32_t n_head, n_head_kv;
    bool swa;       /* a sliding-window attention layer */
    bool recurrent; /* holds a recurrent (SSM / RWKV) state per sequence */
};

struct model {
    enum model_format format;
    char arch[64];  /* general.architecture (sanitised) */
    char name[128]; /* general.name, or "" */
    uint32_t n_layer;
    uint64_t n_embd, n_vocab, n_ctx_train, n_ff;
    uint32_t n_head, n_head_kv; /* of layer 0 (or the first attention layer) */
    uint64_t key_len, value_len, key_len_swa, value_len_swa;
    uint64_t n_swa; /* sliding window, 0 when none */
    uint64_t n_expert, n_expert_used;
    /* MoE FFN widths: a routed expert's, all shared experts' together, and
     * the leading dense layers (deepseek2) that use n_ff instead */
    uint64_t n_ff_exp, n_ff_shexp, n_expert_shared, n_layer_dense_lead;
    uint64_t n_params;
    bool has_file_type;
    uint32_t file_type;                   /* general.file_type */
    uint32_t dominant_type;               /* the ggml type holding the most bytes */
    uint64_t gguf_odd_at[GGUF_ODD_COUNT]; /* what ggml accepts but is odd; 0 = none */
    unsigned n_splits;                    /* files the model is made of */
    uint64_t n_tensors;
    struct model_layer *layers; /* n_layer, owned */
    uint64_t weights_bytes;     /* every tensor */
    uint64_t tok_embd_bytes;
    uint64_t output_bytes; /* output.weight; or token_embd's size when tied */
    bool output_tied;      /* no output.weight: llama.cpp duplicates token_embd */
    uint64_t output_repack_bytes, output_repack512_bytes;
    uint64_t other_bytes; /* non-layer tensors besides token_embd and output */
    /* Repacked tensors before the first / after the last tensor the CPU uses
     * straight from the mapping: llama.cpp unmaps those ends of the file
     * after loading ([0] AVX2 repack set, [1] AVX2 + AVX-512 set). */
    uint64_t mmap_edge_repack[2];
    uint64_t file_bytes;  /* on disk, all splits */
    uint64_t vocab_bytes; /* bytes of the tokenizer arrays in the header */
    /* whisper.cpp */
    char whisper_size[16];         /* "tiny" ... "large", "large-v3" */
    uint64_t whisper_readme_ram;   /* the RAM whisper.cpp's README gives for it */
    bool whisper_weights_computed; /* the file holds no tensors: weights from hparams */
    uint32_t n_audio_layer, n_text_layer, n_text_state, n_audio_state, n_text_ctx, n_audio_ctx;
    uint32_t n_audio_head, n_mels;
    /* multi-head latent attention (deepseek2 and its kin): key_length_mla and
     * value_length_mla both given. llama.cpp then caches only K, one head of
     * the compressed latent (kv_lora_rank + the rope part = key_len), and
     * reads V as a view of it: no V cache. */
    bool mla;
    uint64_t kv_lora_rank, key_len_mla, value_len_mla;
    /* recurrent state (mamba, mamba2, rwkv6/7, the recurrent layers of
     * jamba, granitehybrid, falcon-h1, plamo2): {arch}.ssm.* and wkv.* */
    uint64_t ssm_d_conv, ssm_d_inner, ssm_d_state, ssm_n_group;
    uint64_t wkv_head_size, token_shift_count;
    /* the recurrent layers are gated delta nets (qwen3next, qwen35): d_state
     * is the head size, n_group the key heads, d_inner the values' width */
    bool delta_net;
};

/* Builds the model view of a parsed GGUF. Returns 0, or -EBADMSG when the
 * hyperparameters llama.cpp needs are missing or inconsistent (d says which
 * key; a vocab-only file with no tensors is accepted). */
int model_from_gguf(const struct gguf_file *g, struct model *ret, struct diag *d);
/* Adds the tensors of another split of the same model (split.no > 0). */
int model_add_split(struct model *m, const struct gguf_file *g, struct diag *d);
struct ggml_bin;
/* The model view of a whisper.cpp file: the stored tensors, or the weights
 * computed from the hyperparameters when the file holds none. */
void model_from_whisper(const struct ggml_bin *b, struct model *ret);
void model_release(struct model *m);

enum kv_type { KV_F16 = 1, KV_Q8_0 = 8, KV_Q4_0 = 2, KV_F32 = 0, KV_BF16 = 30 };

struct estimate_opts {
    uint32_t ctx;            /* requested context; 0 = 4096 (or the training context if smaller) */
    uint32_t batch;          /* logical batch (llama-server default 2048) */
    uint32_t ubatch;         /* physical batch (default 512) */
    uint32_t n_seq;          /* parallel sequences (default 1) */
    uint32_t type_k, type_v; /* ggml type ids of the KV cache (default F16) */
    int ngl;                 /* layers on the GPU; -1 = as many as the VRAM budget takes */
    bool mmap;               /* default true */
    bool flash_attn;         /* default true (llama.cpp's "auto" turns it on) */
    bool cpu_avx2, cpu_avx512; /* what the CPU backend can repack for */
    bool cpu_moe;              /* MoE expert tensors stay on the CPU (llama.cpp --cpu-moe) */
    /* whisper.cpp, as whisper-cli's options name them */
    uint32_t beam_size;  /* -bs: 1 = greedy (default 5) */
    uint32_t best_of;    /* -bo: the decoders of a temperature fallback (default 5) */
    bool no_fallback;    /* -nf: no temperature fallback */
    int32_t max_context; /* -mc: tokens of earlier text in the prompt; -1 = whisper.cpp's
                            own limit (n_text_ctx / 2), 0 = none */
};

void estimate_opts_default(struct estimate_opts *o);

/* The layers that hold a KV cache: those with KV heads (not the recurrent
 * layers of a hybrid, nor any layer of a recurrent model). */
uint32_t estimate_kv_layers(const struct model *m);
/* The recurrent state of one layer for n_seq sequences (0 for a layer
 * without one): llama_memory_recurrent's r and s rows, f32. */
uint64_t estimate_state_bytes(const struct model *m, uint32_t il, uint32_t n_seq);

struct estimate {
    uint32_t ctx; /* the context llama.cpp allocates (padded to 256) */
    uint32_t ngl; /* layers counted as on the GPU (the output layer counts as one) */
    uint64_t weights_bytes, weights_ram, weights_vram;
    uint64_t repack_bytes; /* the repacked copy held besides the mapped file (mmap only) */
    uint64_t mmap_bytes;   /* page cache of the mapped file in RAM (mmap only) */
    uint64_t kv_bytes, kv_ram_bytes, kv_vram_bytes;
    /* recurrent layers' conv + ssm (or token-shift + wkv) state, f32 */
    uint64_t state_bytes, state_ram_bytes, state_vram_bytes;
    uint64_t compute_bytes;          /* resident in RAM after a prompt batch */
    uint64_t compute_reserved_bytes; /* the graph buffer llama.cpp reserves */
    uint64_t compute_vram_bytes;
    uint64_t output_bytes; /* host output buffer (logits of one token per sequence) */
    uint64_t overhead_bytes;
    uint64_t vram_overhead_bytes;
    /* RAM while loading with mmap: the whole file is populated before the
     * repacked ends are unmapped. ram_bytes is the larger of this and the
     * steady state. 0 without mmap. */
    uint64_t load_peak_bytes;
    /* RAM that must stay resident while it runs: everything but the clean
     * page cache of the mapped file (mmap_bytes), which the kernel may
     * evict under pressure and read again from the file. The steady state
     * is resident_bytes + mmap_bytes. */
    uint64_t resident_bytes;
    uint64_t ram_bytes, vram_bytes; /* totals */
    /* whisper.cpp: the decoders the self-attention cache is sized for, and
     * the tokens of the largest decoder batch (the prompt) */
    uint32_t whisper_decoders, whisper_batch_tokens;
};

/* The estimate for one configuration. */
void estimate_run(const struct model *m, const struct estimate_opts *o, struct estimate *ret);
/* whisper.cpp's share of estimate_run (src/model/estimate-whisper.c). */
void estimate_whisper(const struct model *m, const struct estimate_opts *o, struct estimate *e);

struct fit_budget {
    uint64_t ram;  /* bytes available for models */
    uint64_t vram; /* bytes; meaningful when has_vram */
    bool has_vram;
    uint64_t vram_margin; /* kept free on the GPU (llama.cpp --fit: 1 GiB) */
};

enum fit_verdict { FIT_RAM, FIT_GPU, FIT_NO };

struct fit_result {
    enum fit_verdict verdict;
    struct estimate est; /* at the requested context and the chosen ngl */
    uint32_t max_ctx;    /* the largest context that fits (multiple of 256), 0 = none */
    uint64_t need, have; /* for "does not fit": bytes needed and available */
    bool need_is_vram;
    bool cpu_moe; /* the experts were kept on the CPU to fit */
};

/* Chooses -ngl (o->ngl < 0: auto, as many layers as the VRAM takes, 0
 * without a GPU; for a MoE model that does not fit whole, all layers with
 * the experts on the CPU first, as llama.cpp's --fit does) and the largest
 * context, for `extra_ram` already taken by other models. */
void fit_solve(const struct model *m, const struct estimate_opts *o, const struct fit_budget *b,
               uint64_t extra_ram, struct fit_result *ret);

/* KV cache bytes for ctx cells (one sequence), as llama.cpp allocates. */
uint64_t estimate_kv_bytes(const struct model *m, uint32_t ctx, uint32_t ubatch, uint32_t type_k,
                           uint32_t type_v, uint32_t n_seq);

#endif

#include "unit.h"

#include "model/estimate.h"
#include "model/ggml-bin.h"
#include "model/ggml-types.h"
#include "model/gguf.h"
#include "util/size.h"

/* A llama-shaped model view with n layers of `bytes` each. */
static void mk(struct model *m, uint32_t n_layer, uint32_t heads, uint32_t heads_kv, uint64_t hd,
               uint64_t layer_bytes)
{
    memset(m, 0, sizeof(*m));
    snprintf(m->arch, sizeof(m->arch), "llama");
    m->n_layer = n_layer;
    m->n_head = heads;
    m->n_head_kv = heads_kv;
    m->n_embd = heads * hd;
    m->key_len = m->value_len = m->key_len_swa = m->value_len_swa = hd;
    m->n_vocab = 32000;
    m->n_ctx_train = 131072;
    m->layers = calloc(n_layer, sizeof(*m->layers));
    for (uint32_t i = 0; i < n_layer; i++) {
        m->layers[i].n_head = heads;
        m->layers[i].n_head_kv = heads_kv;
        m->layers[i].bytes = layer_bytes;
    }
    m->tok_embd_bytes = m->output_bytes = 100 * MIB;
    m->weights_bytes = layer_bytes * n_layer + 200 * MIB;
}

/* Options for a CPU-only run (-ngl 0) at ctx (0: the trained context). */
static struct estimate_opts cpu_opts(uint32_t ctx)
{
    struct estimate_opts o;
    estimate_opts_default(&o);
    o.ngl = 0;
    o.ctx = ctx;
    return o;
}

/* A generated model file from the fuzz corpus, parsed and viewed as a
 * model (both must succeed). */
static void open_model(const char *path, struct gguf_file *g, struct model *m)
{
    struct diag d;
    diag_clear(&d);
    assert_int_equal(gguf_open(path, g, &d), 0);
    assert_int_equal(model_from_gguf(g, m, &d), 0);
}

/* research/gguf.md §2.1: Llama-3.1-8B (32 layers, 8 KV heads of 128) takes
 * 128 KiB per token in f16: 1 GiB at 8k; q8_0 is 34/64 of that, q4_0 18/64. */
static void test_kv_llama31_8b(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 32, 32, 8, 128, 200 * MIB);
    assert_int_equal(estimate_kv_bytes(&m, 8192, 512, GGML_T_F16, GGML_T_F16, 1), GIB);
    assert_int_equal(estimate_kv_bytes(&m, 131072, 512, GGML_T_F16, GGML_T_F16, 1), 16 * GIB);
    assert_int_equal(estimate_kv_bytes(&m, 8192, 512, GGML_T_Q8_0, GGML_T_Q8_0, 1), GIB / 64 * 34);
    assert_int_equal(estimate_kv_bytes(&m, 8192, 512, GGML_T_Q4_0, GGML_T_Q4_0, 1), GIB / 64 * 18);
    /* the context is padded to 256 cells: 8000 allocates 8192 */
    assert_int_equal(estimate_kv_bytes(&m, 8000, 512, GGML_T_F16, GGML_T_F16, 1), GIB);
    free(m.layers);
}

/* Measured on llama.cpp (research/gguf.md §5): 4 layers, n_embd 256, 4/2
 * heads: 8.00 MiB at 4096, 16.00 at 8192, 8.50 at 8192 with q8_0; a request
 * for 5000 became 5120. And llama-memory.md: m7 (12 layers, 16 heads of
 * 128) holds 384 MiB at 4096, m2 (8 layers, 2 KV heads of 64) 16 MiB. */
static void test_kv_measured(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 4, 4, 2, 64, MIB);
    assert_int_equal(estimate_kv_bytes(&m, 4096, 512, GGML_T_F16, GGML_T_F16, 1), 8 * MIB);
    assert_int_equal(estimate_kv_bytes(&m, 8192, 512, GGML_T_F16, GGML_T_F16, 1), 16 * MIB);
    assert_int_equal(estimate_kv_bytes(&m, 8192, 512, GGML_T_Q8_0, GGML_T_Q8_0, 1),
                     8 * MIB + MIB / 2);
    assert_int_equal(estimate_kv_bytes(&m, 5000, 512, GGML_T_F16, GGML_T_F16, 1),
                     8 * MIB / 4096 * 5120);
    free(m.layers);
    mk(&m, 12, 16, 16, 128, MIB);
    assert_int_equal(estimate_kv_bytes(&m, 4096, 512, GGML_T_F16, GGML_T_F16, 1), 384 * MIB);
    free(m.layers);
    mk(&m, 8, 8, 2, 64, MIB);
    assert_int_equal(estimate_kv_bytes(&m, 4096, 512, GGML_T_F16, GGML_T_F16, 1), 16 * MIB);
    free(m.layers);
}

/* gemma3 from a real generated file: 6 layers, pattern 6 (5 sliding, 1
 * global), window 128: sliding layers hold pad256(min(ctx, 128 + 512)). */
static void test_swa_from_file(void **state)
{
    (void)state;
    struct gguf_file g;
    struct model m;
    open_model("fuzz/corpus/fuzz-gguf/gemma3-swa-q4_0.gguf", &g, &m);
    assert_string_equal(m.arch, "gemma3");
    assert_int_equal(m.n_layer, 6);
    assert_int_equal(m.n_swa, 128);
    for (int i = 0; i < 5; i++)
        assert_true(m.layers[i].swa);
    assert_false(m.layers[5].swa);
    assert_true(m.output_tied);
    assert_int_equal(m.output_bytes, m.tok_embd_bytes);
    /* head dim 16, 2 KV heads: a cell is 2 * 16 * 2 * 2 = 128 bytes per layer */
    uint64_t cell = 128;
    assert_int_equal(estimate_kv_bytes(&m, 4096, 512, GGML_T_F16, GGML_T_F16, 1),
                     cell * 4096 + 5 * cell * 768);
    /* a context below the window: every layer holds the whole context */
    assert_int_equal(estimate_kv_bytes(&m, 256, 512, GGML_T_F16, GGML_T_F16, 1), 6 * cell * 256);
    /* parameters and bytes from the tensor table */
    assert_int_equal(m.weights_bytes, g.tensor_bytes);
    assert_true(m.n_params > 0);
    assert_int_equal(m.dominant_type, GGML_T_Q4_0);
    model_release(&m);
    gguf_free(&g);
}

/* MLA (deepseek2, from a file gguf-gen wrote and llama.cpp loads): one K
 * head of the latent, kv_lora_rank 32 + rope 16 = 48 wide, and no V cache
 * (llama-kv-cache.cpp: has_v = !is_mla). */
static void test_mla_from_file(void **state)
{
    (void)state;
    struct gguf_file g;
    struct model m;
    open_model("fuzz/corpus/fuzz-gguf/deepseek2-mla-q8_0.gguf", &g, &m);
    assert_string_equal(m.arch, "deepseek2");
    assert_true(m.mla);
    assert_int_equal(m.kv_lora_rank, 32);
    assert_int_equal(m.key_len, 48);
    assert_int_equal(m.key_len_mla, 48);
    assert_int_equal(m.value_len_mla, 32);
    assert_int_equal(m.layers[0].n_head_kv, 1);
    /* 2 layers x 48 f16 per cell: K only */
    assert_int_equal(estimate_kv_bytes(&m, 4096, 512, GGML_T_F16, GGML_T_F16, 1),
                     2 * 48 * 2 * 4096);
    /* without the MLA sizes the same file is multi-head attention with a V */
    m.mla = false;
    assert_int_equal(estimate_kv_bytes(&m, 4096, 512, GGML_T_F16, GGML_T_F16, 1),
                     2 * (48 + 32) * 2 * 4096);
    model_release(&m);
    gguf_free(&g);
}

/* The MLA compute rows, against llama.cpp (node-llama-cpp 3.22.1, CPU):
 * a gguf-gen deepseek2 model (1024 wide, 12 layers, 16 heads,
 * kv_lora_rank 512 + rope 64) peaked at 513.5 MiB at ctx 4096 and 892.8 MiB
 * at 32768 with mmap (`node bench/fit-measure.mjs MODEL CTX 1`); the
 * weights (347.4 MiB mapped), K cache (54 / 432 MiB) and overhead
 * (33.8 MiB) leave 78 MiB of compute, where the n_embd and FFN rows give
 * about 26 MiB. (bench/fit-models.txt's s_deepseek2_q8, 6 layers, is the
 * bench's smaller one.) */
static void test_mla_compute(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 12, 16, 1, 64, 10 * MIB);
    m.mla = true;
    m.kv_lora_rank = 512;
    m.key_len = 576;
    m.value_len = 512;
    m.key_len_mla = 192;
    m.value_len_mla = 128;
    m.n_embd = 1024;
    struct estimate_opts o = cpu_opts(4096);
    o.batch = o.ubatch = 512;
    struct estimate e;
    estimate_run(&m, &o, &e);
    assert_int_equal(e.kv_bytes, 12ULL * 576 * 2 * 4096); /* 54 MiB */
    assert_true(e.compute_bytes > 74 * MIB && e.compute_bytes < 82 * MIB);
    o.ctx = 32768;
    estimate_run(&m, &o, &e);
    assert_int_equal(e.kv_bytes, 12ULL * 576 * 2 * 32768); /* 432 MiB */
    free(m.layers);
}

/* The resident compute follows the FFN a token goes through: n_ff for a
 * dense model; for MoE the n_expert_used routed experts plus the shared
 * ones, not the dense width (qwen3moe files give both). */
static void test_compute_ffn_width(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 4, 16, 4, 64, 10 * MIB);
    m.n_ff = 2816;
    struct estimate_opts o = cpu_opts(4096);
    o.batch = o.ubatch = 512;
    struct estimate dense, moe, wide;
    estimate_run(&m, &o, &dense);
    /* 4 x 512 x (3 x 1024 + 15 / 4 x 2816) */
    assert_int_equal(dense.compute_bytes, 4ULL * 512 * (3 * 1024 + 15 * 2816 / 4));
    m.n_expert = 128;
    m.n_expert_used = 8;
    m.n_ff_exp = 768;
    m.n_ff = 3072; /* not used by any layer */
    estimate_run(&m, &o, &moe);
    assert_int_equal(moe.compute_bytes, 4ULL * 512 * (3 * 1024 + 15 * 8 * 768 / 4));
    m.n_expert = 0;
    estimate_run(&m, &o, &wide);
    assert_true(wide.compute_bytes < moe.compute_bytes);
    free(m.layers);
}

/* mamba2 (a file gguf-gen wrote and llama.cpp loads: 64 wide, 2 layers,
 * d_state 16, 1 group, conv 4): no KV cache; each layer holds per sequence
 * a conv window of 3 x (d_inner 128 + 2 x 16) and an ssm state of
 * 16 x 128, f32 (llama_hparams::n_embd_r / n_embd_s). */
static void test_mamba2_state(void **state)
{
    (void)state;
    struct gguf_file g;
    struct model m;
    open_model("fuzz/corpus/fuzz-gguf/mamba2-q8_0.gguf", &g, &m);
    assert_string_equal(m.arch, "mamba2");
    assert_true(m.layers[0].recurrent && m.layers[1].recurrent);
    uint64_t per_layer = 4 * (3 * (128 + 2 * 16) + 16 * 128);
    assert_int_equal(estimate_state_bytes(&m, 0, 1), per_layer);
    assert_int_equal(estimate_state_bytes(&m, 1, 4), 4 * per_layer);
    struct estimate_opts o = cpu_opts(0);
    struct estimate e;
    estimate_run(&m, &o, &e);
    assert_int_equal(e.kv_bytes, 0);
    assert_int_equal(e.state_bytes, 2 * per_layer);
    /* the state does not grow with the context */
    o.ctx = 32768;
    struct estimate e2;
    estimate_run(&m, &o, &e2);
    assert_int_equal(e2.state_bytes, e.state_bytes);
    assert_int_equal(e2.kv_bytes, 0);
    model_release(&m);
    gguf_free(&g);
}

/* rwkv6 and rwkv7 (files gguf-gen wrote; llama.cpp loads them and logs "RS
 * buffer size = 0.03 MiB"): 64 wide, 2 layers, wkv head 64, 2 token shifts.
 * Each layer holds per sequence the token-shift rows (2 x n_embd) and the
 * wkv state (n_embd x head size), f32 (llama_hparams::n_embd_r / n_embd_s);
 * no KV cache at any context. */
static void test_rwkv_state(void **state)
{
    (void)state;
    static const char *const files[] = {"fuzz/corpus/fuzz-gguf/rwkv6-q8_0.gguf",
                                        "fuzz/corpus/fuzz-gguf/rwkv7-q8_0.gguf"};
    static const char *const archs[] = {"rwkv6", "rwkv7"};
    for (size_t c = 0; c < 2; c++) {
        struct gguf_file g;
        struct model m;
        open_model(files[c], &g, &m);
        assert_string_equal(m.arch, archs[c]);
        assert_true(m.layers[0].recurrent && m.layers[1].recurrent);
        uint64_t per_layer = 4 * (2 * 64 + 64 * 64);
        assert_int_equal(estimate_state_bytes(&m, 0, 1), per_layer);
        assert_int_equal(estimate_state_bytes(&m, 1, 3), 3 * per_layer);
        struct estimate_opts o = cpu_opts(32768);
        struct estimate e;
        estimate_run(&m, &o, &e);
        assert_int_equal(e.kv_bytes, 0);
        assert_int_equal(e.state_bytes, 2 * per_layer);
        model_release(&m);
        gguf_free(&g);
    }
}

/* qwen3next (a file gguf-gen wrote; llama.cpp loads it): 4 layers, every
 * 4th attends (full_attention_interval 4), the others are gated delta nets
 * with 2 key heads and 4 value heads of 16 (d_inner 64), conv 4. llama.cpp
 * logs a KV cache of 0.50 MiB for 1 layer at 4096 cells (1 KV head of 32,
 * f16) and 0.02 MiB of recurrent state: per delta-net layer a conv window
 * of 3 x (64 + 2 x 2 x 16) and a 16 x 64 state, f32. */
static void test_delta_net_layers(void **state)
{
    (void)state;
    struct gguf_file g;
    struct model m;
    open_model("fuzz/corpus/fuzz-gguf/qwen3next-q8_0.gguf", &g, &m);
    assert_true(m.delta_net);
    for (uint32_t il = 0; il < 4; il++) {
        assert_int_equal(m.layers[il].recurrent, il != 3);
        assert_int_equal(m.layers[il].n_head_kv, il == 3 ? 1 : 0);
    }
    struct estimate_opts o = cpu_opts(4096);
    struct estimate e;
    estimate_run(&m, &o, &e);
    assert_int_equal(e.kv_bytes, 524288);
    assert_int_equal(e.state_bytes, 3 * 4 * (3 * (64 + 2 * 2 * 16) + 16 * 64));
    /* the delta net's rows come on top of a plain hybrid's */
    m.delta_net = false;
    struct estimate plain;
    estimate_run(&m, &o, &plain);
    assert_true(e.compute_bytes > plain.compute_bytes);
    model_release(&m);
    gguf_free(&g);
}

/* The hybrids (files gguf-gen wrote; llama.cpp loads them): a layer with no
 * KV heads is recurrent, the others attend (src/models/jamba.cpp,
 * granite-hybrid.cpp: is_recr = n_head_kv(il) == 0); falcon-h1 runs a
 * mamba2 mixer beside attention in every layer, so each holds both
 * (llama-model.cpp create_memory: both filters true). 64 wide, KV heads of
 * 16 (32 for falcon-h1), d_state 16, conv 4, d_inner 128, f16 cache. */
static void test_hybrid_state(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        uint32_t n_layer;
        const char *recr;   /* per layer: r recurrent, a attention */
        uint64_t kv_cell;   /* K + V bytes per cell of an attention layer */
        uint64_t conv_cols; /* d_inner + 2 x n_group x d_state */
    } cases[] = {
        /* mamba (v1) layers: no groups; attention every other layer */
        {"fuzz/corpus/fuzz-gguf/jamba-q8_0.gguf", 4, "rara", 2 * 2 * 16 * 2, 128},
        /* mamba2 layers, 1 group; attention in layer 2 */
        {"fuzz/corpus/fuzz-gguf/granitehybrid-q8_0.gguf", 4, "rrar", 2 * 2 * 16 * 2, 128 + 2 * 16},
        /* both in every layer */
        {"fuzz/corpus/fuzz-gguf/falcon-h1-q8_0.gguf", 2, "bb", 2 * 2 * 32 * 2, 128 + 2 * 16},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
        struct gguf_file g;
        struct model m;
        open_model(cases[c].file, &g, &m);
        assert_int_equal(m.n_layer, cases[c].n_layer);
        uint64_t per_state = 4 * (3 * cases[c].conv_cols + 16 * 128);
        uint64_t kv = 0, st = 0;
        for (uint32_t il = 0; il < m.n_layer; il++) {
            char t = cases[c].recr[il];
            assert_int_equal(m.layers[il].recurrent, t != 'a');
            assert_int_equal(m.layers[il].n_head_kv != 0, t != 'r');
            assert_int_equal(estimate_state_bytes(&m, il, 1), t == 'a' ? 0 : per_state);
            kv += t == 'r' ? 0 : cases[c].kv_cell * 32768;
            st += t == 'a' ? 0 : per_state;
        }
        struct estimate_opts o = cpu_opts(32768);
        struct estimate e;
        estimate_run(&m, &o, &e);
        assert_int_equal(e.kv_bytes, kv);
        assert_int_equal(e.state_bytes, st);
        model_release(&m);
        gguf_free(&g);
    }
}

/* gemma2 without attention.sliding_window: llama.cpp's default window of
 * 4096 (src/models/gemma2.cpp), pattern 2 (every other layer slides). A
 * gguf-gen file: 4 layers, 1 KV head of 32, so 128 bytes a cell a layer. */
static void test_gemma2_default_window(void **state)
{
    (void)state;
    struct gguf_file g;
    struct model m;
    open_model("fuzz/corpus/fuzz-gguf/gemma2-nowindow-q8_0.gguf", &g, &m);
    assert_int_equal(m.n_swa, 4096);
    assert_true(m.layers[0].swa && !m.layers[1].swa && m.layers[2].swa && !m.layers[3].swa);
    /* ctx 32768: 2 layers x 32768 cells, 2 x pad256(4096 + 512) */
    assert_int_equal(estimate_kv_bytes(&m, 32768, 512, GGML_T_F16, GGML_T_F16, 1),
                     128ULL * (2 * 32768 + 2 * 4608));
    model_release(&m);
    gguf_free(&g);
}

/* -ngl: the output layer goes first; token_embd never leaves the CPU. */
static void test_offload_split(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 10, 8, 8, 64, 10 * MIB);
    m.output_tied = false;
    struct estimate_opts o = cpu_opts(4096);
    struct estimate e;
    estimate_run(&m, &o, &e);
    assert_int_equal(e.weights_vram, 0);
    assert_int_equal(e.vram_bytes, 0);
    assert_int_equal(e.weights_ram, 10 * 10 * MIB + 200 * MIB);
    o.ngl = 1; /* only the output layer */
    estimate_run(&m, &o, &e);
    assert_int_equal(e.weights_vram, 100 * MIB);
    assert_int_equal(e.kv_vram_bytes, 0);
    o.ngl = 3; /* output + the last two blocks */
    estimate_run(&m, &o, &e);
    assert_int_equal(e.weights_vram, 100 * MIB + 20 * MIB);
    assert_int_equal(e.kv_vram_bytes, e.kv_bytes / 5);
    o.ngl = 99; /* everything but token_embd */
    estimate_run(&m, &o, &e);
    assert_int_equal(e.ngl, 11);
    assert_int_equal(e.weights_ram, 100 * MIB);
    assert_int_equal(e.kv_ram_bytes, 0);
    assert_true(e.vram_bytes > e.weights_vram);
    free(m.layers);
}

/* Repacked types with mmap are held twice; without mmap once. */
static void test_repack_mmap(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 4, 8, 8, 64, 10 * MIB);
    for (int i = 0; i < 4; i++)
        m.layers[i].repack_bytes = 8 * MIB;
    struct estimate_opts o = cpu_opts(512);
    struct estimate on, off;
    estimate_run(&m, &o, &on);
    o.mmap = false;
    estimate_run(&m, &o, &off);
    assert_int_equal(on.repack_bytes, 32 * MIB);
    assert_int_equal(off.repack_bytes, 0);
    assert_int_equal(on.ram_bytes - off.ram_bytes, 32 * MIB);
    o.mmap = true;
    o.cpu_avx2 = false; /* a CPU without AVX2 repacks nothing */
    estimate_run(&m, &o, &on);
    assert_int_equal(on.repack_bytes, 0);
    free(m.layers);
}

/* fit_solve: auto -ngl fills the VRAM budget less the margin, and the
 * largest context is a multiple of 256 that fits. */
static void test_fit_solve(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 32, 32, 8, 128, 200 * MIB);
    struct estimate_opts o;
    estimate_opts_default(&o);
    o.ctx = 8192;
    struct fit_budget b = {.ram = 64 * GIB};
    struct fit_result r;
    fit_solve(&m, &o, &b, 0, &r);
    assert_int_equal(r.verdict, FIT_RAM);
    assert_int_equal(r.est.ngl, 0);
    assert_int_equal(r.max_ctx, 131072); /* the training context */
    b.ram = 4 * GIB;
    fit_solve(&m, &o, &b, 0, &r);
    assert_int_equal(r.verdict, FIT_NO);
    assert_int_equal(r.need, r.est.ram_bytes);
    assert_int_equal(r.have, 4 * GIB);
    assert_int_equal(r.max_ctx, 0); /* the weights alone do not fit */
    b.ram = 16 * GIB;
    b.has_vram = true;
    b.vram = 6 * GIB;
    b.vram_margin = GIB;
    fit_solve(&m, &o, &b, 0, &r);
    assert_int_equal(r.verdict, FIT_GPU);
    assert_true(r.est.ngl > 0 && r.est.ngl < 33);
    assert_true(r.est.vram_bytes + GIB <= 6 * GIB);
    struct estimate more;
    struct estimate_opts o2 = o;
    o2.ngl = (int)r.est.ngl + 1;
    estimate_run(&m, &o2, &more);
    assert_true(more.vram_bytes + GIB > 6 * GIB); /* one more layer would not fit */
    assert_int_equal(r.max_ctx % 256, 0);
    struct estimate at_max;
    o2.ngl = (int)r.est.ngl;
    o2.ctx = r.max_ctx;
    estimate_run(&m, &o2, &at_max);
    assert_true(at_max.vram_bytes + GIB <= 6 * GIB && at_max.ram_bytes <= 16 * GIB);
    /* extra RAM already taken by another model counts */
    b.has_vram = false;
    b.ram = 64 * GIB;
    fit_solve(&m, &o, &b, 63 * GIB, &r);
    assert_int_equal(r.verdict, FIT_NO);
    free(m.layers);
}

/* whisper.cpp: the weights computed from the real test headers match the
 * README's disk sizes, and the README's RAM column is read for each size
 * (the estimate itself is checked against whisper.cpp in
 * test-estimate-whisper.c). */
static void test_whisper(void **state)
{
    (void)state;
    static const struct {
        const char *size;
        uint64_t disk_mib, ram_mb;
    } cases[] = {
        {"tiny", 75, 273},      {"base", 142, 388},    {"small", 466, 852},
        {"medium", 1536, 2100}, {"large", 2970, 3900},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char path[128];
        snprintf(path, sizeof(path), "tests/data/ggml-bin/for-tests-ggml-%s.bin", cases[i].size);
        struct ggml_bin b;
        struct diag d;
        diag_clear(&d);
        assert_int_equal(ggml_bin_open(path, &b, &d), 0);
        struct model m;
        model_from_whisper(&b, &m);
        assert_string_equal(m.whisper_size, cases[i].size);
        assert_true(m.whisper_weights_computed);
        double disk = (double)m.weights_bytes / MIB;
        assert_true(disk > cases[i].disk_mib * 0.95 && disk < cases[i].disk_mib * 1.03);
        assert_int_equal(m.whisper_readme_ram, cases[i].ram_mb * 1000000ULL);
        model_release(&m);
        ggml_bin_free(&b);
    }
}

/* Malformed hyperparameters are refused by the model view. */
static void test_model_refusals(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "tests/gguf-bad/type-confusion-scores-i8.gguf",
        "tests/gguf-bad/type-confusion-block-count-string.gguf",
        "tests/gguf-bad/type-confusion-architecture-u32.gguf",
        "tests/gguf-bad/head-count-kv-array-wrong-length.gguf",
        "tests/gguf-bad/block-count-huge.gguf",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct gguf_file g;
        struct diag d;
        diag_clear(&d);
        assert_int_equal(gguf_open(bad[i], &g, &d), 0);
        struct model m;
        assert_int_equal(model_from_gguf(&g, &m, &d), -EBADMSG);
        assert_true(d.has_offset && d.offset > 0 && d.offset < g.file_size);
        gguf_free(&g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kv_llama31_8b),     cmocka_unit_test(test_kv_measured),
        cmocka_unit_test(test_swa_from_file),     cmocka_unit_test(test_offload_split),
        cmocka_unit_test(test_repack_mmap),       cmocka_unit_test(test_fit_solve),
        cmocka_unit_test(test_whisper),           cmocka_unit_test(test_model_refusals),
        cmocka_unit_test(test_mla_from_file),     cmocka_unit_test(test_mla_compute),
        cmocka_unit_test(test_mamba2_state),      cmocka_unit_test(test_rwkv_state),
        cmocka_unit_test(test_delta_net_layers),  cmocka_unit_test(test_hybrid_state),
        cmocka_unit_test(test_compute_ffn_width), cmocka_unit_test(test_gemma2_default_window),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* gguf-gen: writes a GGUF model file that llama.cpp loads — llama-, qwen2-,
 * qwen3-, phi3- (fused QKV), qwen3moe- (MoE), gemma2-, gemma3-,
 * deepseek2-style (MLA attention, shared + routed experts), the recurrent
 * mamba, mamba2, rwkv6 and rwkv7, and the hybrids jamba (mamba layers among
 * attention layers), granitehybrid (mamba2 layers among attention layers)
 * and falcon-h1 (a mamba2 mixer beside attention in every layer), and
 * qwen3next (gated delta nets among gated attention layers, MoE) — of any
 * shape and tensor type, with a minimal valid tokenizer and zero weights, so
 * tests and benchmarks have real files of every shape without downloading
 * any. Our own writer, from the GGUF specification (ggml's docs/gguf.md) and
 * the tensor lists llama.cpp's loader asks for (src/models/<arch>.cpp).
 *
 *   gguf-gen -o FILE [--arch ARCH] [--embd N] [--layers N]
 *            [--heads N] [--kv-heads N] [--ff N] [--vocab N] [--ctx-train N]
 *            [--type F16|Q8_0|Q4_0|Q4_K|...] [--head-dim N] [--swa N] [--tied]
 *            [--name S] [--experts N [--experts-used K]]
 *            [--kv-lora N] [--rope-dim N] [--v-head-dim N] [--dense-lead N]
 *            [--shared-experts N] [--expert-ff N]      (deepseek2: MLA + MoE)
 *            [--ssm-state N] [--ssm-conv N] [--ssm-groups N] [--ssm-heads N]
 *            (mamba, mamba2 and the hybrids: d_inner 2 x embd; mamba2's SSM
 *            heads are --heads, the hybrids' --ssm-heads)
 *            [--wkv-head N]  (rwkv6, rwkv7: the wkv head size, default 64;
 *            --ff is the channel mix's width)
 *            [--attn-every N]  (jamba, granitehybrid: layer il attends when
 *            il % N == N / 2, the others are recurrent; qwen3next: when
 *            (il + 1) % N == 0, its full_attention_interval; default 4)
 *            (qwen3next: --ssm-state is the delta net's head size,
 *            --ssm-groups its key heads, --ssm-heads its value heads, --ff
 *            the shared expert's width, --rope-dim the rotated part)
 *            [--split N] [--big-endian] [--version 2|3]
 *   ARCH: llama qwen2 qwen3 qwen3moe phi3 gemma2 gemma3 deepseek2 mamba
 *         mamba2 rwkv6 rwkv7 jamba granitehybrid falcon-h1 qwen3next
 *
 * The tensor data is zero and written as a hole (ftruncate), so a 2 GB model
 * takes no time to write and reads back as zeros. Norms are F32; every
 * matrix gets --type (token_embd too), but for RWKV's low-rank projections
 * and mixing vectors, F32 or F16 as llama.cpp's converter writes them and its
 * quantizer leaves them (conversion/base.py, src/llama-quant.cpp). --split N
 * writes FILE-0000k-of-0000N.gguf shards as llama.cpp's gguf-split names
 * them. */
#include <stdbool.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/ggml-types.h"
#include "model/gguf.h"
#include "lib/gguf-write.h"
#include "util/strbuf.h"

/* What RWKV6 and RWKV7 blocks share: the LayerNorms' biases and the second
 * norm, r/k/v, the time mix's group norm and output, and the channel mix's
 * lerp, key and value. */
static void rwkv_shared(uint32_t il, uint32_t embd, uint32_t ff, uint32_t type)
{
    char tn[64];
#define N(suffix) (snprintf(tn, sizeof(tn), "blk.%u.%s", il, suffix), tn)
    ggufw_tensor(N("attn_norm.bias"), 0, 1, embd, 1);
    ggufw_tensor(N("attn_norm_2.weight"), 0, 1, embd, 1);
    ggufw_tensor(N("attn_norm_2.bias"), 0, 1, embd, 1);
    ggufw_tensor(N("time_mix_key.weight"), type, 2, embd, embd);
    ggufw_tensor(N("time_mix_value.weight"), type, 2, embd, embd);
    ggufw_tensor(N("time_mix_receptance.weight"), type, 2, embd, embd);
    ggufw_tensor(N("time_mix_ln.weight"), 0, 1, embd, 1);
    ggufw_tensor(N("time_mix_ln.bias"), 0, 1, embd, 1);
    ggufw_tensor(N("time_mix_output.weight"), type, 2, embd, embd);
    ggufw_tensor3(N("channel_mix_lerp_k.weight"), 0, 3, embd, 1, 1);
    ggufw_tensor(N("channel_mix_key.weight"), type, 2, embd, ff);
    ggufw_tensor(N("channel_mix_value.weight"), type, 2, ff, embd);
#undef N
}

/* One RWKV6 block as llama.cpp's loader asks for it (src/models/rwkv6.cpp):
 * LayerNorms with biases, the time mix (the fused 5-way lerp, its low-rank
 * projections w1/w2 and the decay's, r/k/v/gate/output) and the channel
 * mix. The low-rank sizes follow the released models: 32 and 64 below
 * n_embd 4096, 64 and 128 from there on. */
static void rwkv6_layer(uint32_t il, uint32_t embd, uint32_t ff, uint32_t type, uint32_t head)
{
    uint32_t mix = embd >= 4096 ? 64 : 32, decay = embd >= 4096 ? 128 : 64;
    rwkv_shared(il, embd, ff, type);
    char tn[64];
#define N(suffix) (snprintf(tn, sizeof(tn), "blk.%u.%s", il, suffix), tn)
    ggufw_tensor(N("time_mix_w1.weight"), 0, 2, embd, mix * 5);
    ggufw_tensor3(N("time_mix_w2.weight"), 0, 3, mix, embd, 5);
    ggufw_tensor3(N("time_mix_lerp_x.weight"), 0, 3, embd, 1, 1);
    ggufw_tensor4(N("time_mix_lerp_fused.weight"), 0, 4, embd, 1, 1, 5);
    ggufw_tensor(N("time_mix_first.weight"), 0, 2, head, embd / head);
    ggufw_tensor(N("time_mix_decay.weight"), 0, 1, embd, 1);
    ggufw_tensor(N("time_mix_decay_w1.weight"), 0, 2, embd, decay);
    ggufw_tensor(N("time_mix_decay_w2.weight"), 0, 2, decay, embd);
    ggufw_tensor(N("time_mix_gate.weight"), type, 2, embd, embd);
    ggufw_tensor3(N("channel_mix_lerp_r.weight"), 0, 3, embd, 1, 1);
    ggufw_tensor(N("channel_mix_receptance.weight"), type, 2, embd, embd);
#undef N
}

/* The converter's low-rank size when the config gives none
 * (conversion/rwkv.py calc_lora_rank): a multiple of 32. */
static uint32_t rwkv7_lora_rank(uint32_t embd, double exponent, double multiplier)
{
    long r = lround(pow(embd, exponent) * multiplier / 32.0);
    return (uint32_t)(r < 1 ? 1 : r) * 32;
}

/* One RWKV7 block (src/models/rwkv7.cpp): the low-rank pairs of the decay
 * (w, F32), in-context learning rate (a), value residual (v; layer 0's is
 * unused and sized by a's rank) and gate (g) — F16, as the converter writes
 * them from an F16 checkpoint — the fused 6-way lerp, k_k, k_a, r_k,
 * r/k/v/output, and a channel mix without receptance. */
static void rwkv7_layer(uint32_t il, uint32_t embd, uint32_t ff, uint32_t type)
{
    static const struct {
        char name;
        uint32_t type; /* F32 0, F16 1 */
        double exponent, multiplier;
        bool has_0; /* a base vector x0 beside x1, x2 */
    } lora[] = {{'w', 0, 0.5, 1.8, true},
                {'a', 1, 0.5, 1.8, true},
                {'v', 1, 0.5, 1.3, true},
                {'g', 1, 0.8, 0.6, false}};
    rwkv_shared(il, embd, ff, type);
    char tn[64], part[32];
#define N(suffix) (snprintf(tn, sizeof(tn), "blk.%u.%s", il, suffix), tn)
    for (size_t i = 0; i < sizeof(lora) / sizeof(*lora); i++) {
        /* layer 0's v pair is a placeholder of a's size */
        size_t of = il == 0 && lora[i].name == 'v' ? 1 : i;
        uint32_t r = rwkv7_lora_rank(embd, lora[of].exponent, lora[of].multiplier);
        if (lora[i].has_0) {
            snprintf(part, sizeof(part), "time_mix_%c0.weight", lora[i].name);
            ggufw_tensor(N(part), 0, 1, embd, 1);
        }
        snprintf(part, sizeof(part), "time_mix_%c1.weight", lora[i].name);
        ggufw_tensor(N(part), lora[i].type, 2, embd, r);
        snprintf(part, sizeof(part), "time_mix_%c2.weight", lora[i].name);
        ggufw_tensor(N(part), lora[i].type, 2, r, embd);
    }
    ggufw_tensor4(N("time_mix_lerp_fused.weight"), 0, 4, embd, 1, 1, 6);
    ggufw_tensor(N("time_mix_k_k.weight"), 0, 1, embd, 1);
    ggufw_tensor(N("time_mix_k_a.weight"), 0, 1, embd, 1);
    ggufw_tensor(N("time_mix_r_k.weight"), 0, 1, embd, 1);
#undef N
}

/* A MoE feed-forward block: the router, the routed experts stacked in 3-D
 * tensors, and shared experts shared_ff wide (none when 0). */
static void moe_ffn(uint32_t il, uint32_t embd, uint32_t eff, uint32_t experts, uint32_t shared_ff,
                    uint32_t type)
{
    char tn[64];
#define N(suffix) (snprintf(tn, sizeof(tn), "blk.%u.%s", il, suffix), tn)
    ggufw_tensor(N("ffn_gate_inp.weight"), 0, 2, embd, experts);
    ggufw_tensor3(N("ffn_gate_exps.weight"), type, 3, embd, eff, experts);
    ggufw_tensor3(N("ffn_up_exps.weight"), type, 3, embd, eff, experts);
    ggufw_tensor3(N("ffn_down_exps.weight"), type, 3, eff, embd, experts);
    if (shared_ff) {
        ggufw_tensor(N("ffn_gate_shexp.weight"), type, 2, embd, shared_ff);
        ggufw_tensor(N("ffn_up_shexp.weight"), type, 2, embd, shared_ff);
        ggufw_tensor(N("ffn_down_shexp.weight"), type, 2, shared_ff, embd);
    }
#undef N
}

/* qwen3next's shape (src/models/qwen3next.cpp): gated attention in every
 * attn_every-th layer, a gated delta net in the others, MoE with one shared
 * expert in all. The delta net's heads are ssm_state wide: ssm_groups key
 * heads, ssm_heads value heads (d_inner = ssm_heads x ssm_state). */
struct q3n_shape {
    uint32_t embd, heads, kv_heads, head_dim, type;
    uint32_t experts, expert_ff, shared_ff;
    uint32_t ssm_state, ssm_groups, ssm_heads, ssm_conv;
};

static void qwen3next_layer(uint32_t il, bool recurrent, const struct q3n_shape *q)
{
    uint32_t key_dim = q->ssm_state * q->ssm_groups, value_dim = q->ssm_state * q->ssm_heads;
    uint32_t e = q->embd, ty = q->type;
    char tn[64];
#define N(suffix) (snprintf(tn, sizeof(tn), "blk.%u.%s", il, suffix), tn)
    ggufw_tensor(N("post_attention_norm.weight"), 0, 1, e, 1);
    if (!recurrent) { /* Q carries its gate: twice the heads' width */
        ggufw_tensor(N("attn_q.weight"), ty, 2, e, 2 * q->heads * q->head_dim);
        ggufw_tensor(N("attn_k.weight"), ty, 2, e, q->kv_heads * q->head_dim);
        ggufw_tensor(N("attn_v.weight"), ty, 2, e, q->kv_heads * q->head_dim);
        ggufw_tensor(N("attn_output.weight"), ty, 2, q->heads * q->head_dim, e);
        ggufw_tensor(N("attn_q_norm.weight"), 0, 1, q->head_dim, 1);
        ggufw_tensor(N("attn_k_norm.weight"), 0, 1, q->head_dim, 1);
    } else {
        ggufw_tensor(N("attn_qkv.weight"), ty, 2, e, 2 * key_dim + value_dim);
        ggufw_tensor(N("attn_gate.weight"), ty, 2, e, value_dim);
        ggufw_tensor(N("ssm_conv1d.weight"), 0, 2, q->ssm_conv, 2 * key_dim + value_dim);
        ggufw_tensor(N("ssm_dt.bias"), 0, 1, q->ssm_heads, 1);
        ggufw_tensor(N("ssm_a"), 0, 1, q->ssm_heads, 1);
        ggufw_tensor(N("ssm_ba.weight"), ty, 2, e, 2 * q->ssm_heads);
        ggufw_tensor(N("ssm_norm.weight"), 0, 1, q->ssm_state, 1);
        ggufw_tensor(N("ssm_out.weight"), ty, 2, value_dim, e);
    }
    moe_ffn(il, e, q->expert_ff, q->experts, q->shared_ff, ty);
    ggufw_tensor(N("ffn_gate_inp_shexp.weight"), 0, 1, e, 1);
#undef N
}

int main(int argc, char **argv)
{
    const char *out = NULL, *arch = "llama", *name = "headroom-gguf-gen", *type_name = "F16";
    uint32_t embd = 256, layers = 2, heads = 4, kv_heads = 0, ff = 512, vocab = 512,
             ctx_train = 8192, swa = 0, split = 1, version = 3, head_dim = 0, experts = 0,
             experts_used = 2, kv_lora = 512, rope_dim = 64, v_head_dim = 128, dense_lead = 1,
             shared_experts = 2, expert_ff = 0, ssm_state = 128, ssm_conv = 4, ssm_groups = 1,
             ssm_heads = 0, attn_every = 4, wkv_head = 64;
    bool tied = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
#define OPT_U(flag, var)                                                                           \
    if (strcmp(a, flag) == 0 && v) {                                                               \
        var = (uint32_t)strtoul(v, NULL, 10);                                                      \
        i++;                                                                                       \
        continue;                                                                                  \
    }
#define OPT_S(flag, var)                                                                           \
    if (strcmp(a, flag) == 0 && v) {                                                               \
        var = v;                                                                                   \
        i++;                                                                                       \
        continue;                                                                                  \
    }
        OPT_S("-o", out)
        OPT_S("--arch", arch)
        OPT_S("--name", name)
        OPT_S("--type", type_name)
        OPT_U("--embd", embd)
        OPT_U("--layers", layers)
        OPT_U("--heads", heads)
        OPT_U("--kv-heads", kv_heads)
        OPT_U("--ff", ff)
        OPT_U("--vocab", vocab)
        OPT_U("--ctx-train", ctx_train)
        OPT_U("--swa", swa)
        OPT_U("--head-dim", head_dim)
        OPT_U("--experts", experts)
        OPT_U("--experts-used", experts_used)
        OPT_U("--kv-lora", kv_lora)
        OPT_U("--rope-dim", rope_dim)
        OPT_U("--v-head-dim", v_head_dim)
        OPT_U("--dense-lead", dense_lead)
        OPT_U("--shared-experts", shared_experts)
        OPT_U("--expert-ff", expert_ff)
        OPT_U("--ssm-state", ssm_state)
        OPT_U("--ssm-conv", ssm_conv)
        OPT_U("--ssm-groups", ssm_groups)
        OPT_U("--ssm-heads", ssm_heads)
        OPT_U("--attn-every", attn_every)
        OPT_U("--wkv-head", wkv_head)
        OPT_U("--split", split)
        OPT_U("--version", version)
        if (strcmp(a, "--tied") == 0) {
            tied = true;
            continue;
        }
        if (strcmp(a, "--big-endian") == 0) {
            ggufw_big_endian = true;
            continue;
        }
        fprintf(stderr, "gguf-gen: unknown or incomplete option '%s'\n", a);
        return 2;
    }
    uint32_t type;
    if (!out || !ggml_type_by_name(type_name, &type) || !heads || !layers || vocab < 300 ||
        !split || split > layers + 1 || (!head_dim && embd % heads)) {
        fprintf(stderr, "usage: gguf-gen -o FILE [--arch "
                        "llama|qwen2|qwen3|qwen3moe|phi3|gemma2|gemma3|deepseek2|mamba|mamba2|"
                        "rwkv6|rwkv7|jamba|"
                        "granitehybrid|falcon-h1|qwen3next] [--embd N] "
                        "[--layers N] [--heads N] [--kv-heads N] [--ff N] [--vocab N (>= 300)] "
                        "[--type T] [--swa N] [--tied] [--split N] [--big-endian]\n");
        return 2;
    }
    if (!kv_heads)
        kv_heads = heads;
    bool qwen3 = strcmp(arch, "qwen3") == 0 || strcmp(arch, "qwen3moe") == 0;
    bool qwen = qwen3 || strcmp(arch, "qwen2") == 0, gemma3 = strcmp(arch, "gemma3") == 0;
    bool gemma = gemma3 || strcmp(arch, "gemma2") == 0; /* gemma2: no q/k norms */
    bool mla = strcmp(arch, "deepseek2") == 0, phi3 = strcmp(arch, "phi3") == 0;
    bool mamba1 = strcmp(arch, "mamba") == 0, jamba = strcmp(arch, "jamba") == 0;
    bool ssm = strcmp(arch, "mamba2") == 0, granite = strcmp(arch, "granitehybrid") == 0;
    bool falcon = strcmp(arch, "falcon-h1") == 0;
    bool rwkv7 = strcmp(arch, "rwkv7") == 0, rwkv = rwkv7 || strcmp(arch, "rwkv6") == 0;
    bool q3n = strcmp(arch, "qwen3next") == 0;
    bool pure_ssm = ssm || mamba1, hybrid = jamba || granite, no_attn = pure_ssm || rwkv;
    bool has_ssm = pure_ssm || hybrid || falcon;
    if (mla && (!experts || !head_dim || head_dim <= rope_dim)) {
        fprintf(stderr, "gguf-gen: deepseek2 needs --experts N and --head-dim N (nope + rope) "
                        "above --rope-dim\n");
        return 2;
    }
    if ((strcmp(arch, "qwen3moe") == 0 || q3n) && !experts) {
        fprintf(stderr, "gguf-gen: %s needs --experts N\n", arch);
        return 2;
    }
    if (rwkv && (!wkv_head || embd % wkv_head)) {
        fprintf(stderr, "gguf-gen: %s needs --embd a multiple of --wkv-head\n", arch);
        return 2;
    }
    if (!attn_every)
        attn_every = 1;
    if (gemma)
        tied = true;
    uint32_t hd = head_dim ? head_dim : embd / heads;
    /* the mamba2 mixer's heads: mamba2 takes --heads (it has no attention) */
    uint32_t n_ssm_head = ssm ? heads : ssm_heads ? ssm_heads : 2 * embd / 64;
    /* mamba (v1): dt_rank = ceil(n_embd / 16), as the reference models */
    uint32_t dt_rank = (embd + 15) / 16;
    if (mamba1 || jamba)
        ssm_groups = 0;
    uint32_t *layer_kv = calloc(layers, sizeof(*layer_kv));
    if (!layer_kv)
        return 3;
    for (uint32_t il = 0; il < layers; il++)
        layer_kv[il] = no_attn                                       ? 0
                       : mla                                         ? 1
                       : hybrid && il % attn_every != attn_every / 2 ? 0
                                                                     : kv_heads;
    char k_[128];
#define AK(suffix) (snprintf(k_, sizeof(k_), "%s.%s", arch, suffix), k_)
    struct ggufw_kv k = {STRBUF_INIT, 0};
    ggufw_kv_str(&k, "general.architecture", arch);
    ggufw_kv_str(&k, "general.name", name);
    ggufw_kv_u32(&k, "general.file_type", ggufw_ftype(type));
    ggufw_kv_u32(&k, AK("context_length"), ctx_train);
    ggufw_kv_u32(&k, AK("embedding_length"), embd);
    ggufw_kv_u32(&k, AK("block_count"), layers);
    ggufw_kv_u32(&k, AK("feed_forward_length"), mamba1 ? 0 : ff);
    ggufw_kv_u32(&k, AK("attention.head_count"), no_attn ? 0 : heads);
    /* MLA as llama.cpp's converter writes it: one KV head of the compressed
     * latent (kv_lora_rank + the rope part) that doubles as V; the per-head
     * sizes after decompression in key_length_mla / value_length_mla. The
     * hybrids: one entry per layer, 0 where the layer is recurrent. */
    if (hybrid)
        ggufw_kv_u32_arr(&k, AK("attention.head_count_kv"), layer_kv, layers);
    else
        ggufw_kv_u32(&k, AK("attention.head_count_kv"), layer_kv[0]);
    if (has_ssm) { /* as llama.cpp's converter writes them */
        ggufw_kv_u32(&k, AK("ssm.conv_kernel"), ssm_conv);
        ggufw_kv_u32(&k, AK("ssm.inner_size"), 2 * embd);
        ggufw_kv_u32(&k, AK("ssm.state_size"), ssm_state);
        /* mamba: the dt projection's rank; mamba2: the number of SSM heads */
        ggufw_kv_u32(&k, AK("ssm.time_step_rank"), ssm_groups ? n_ssm_head : dt_rank);
        if (ssm_groups)
            ggufw_kv_u32(&k, AK("ssm.group_count"), ssm_groups);
    }
    if (mla) {
        ggufw_kv_u32(&k, AK("attention.kv_lora_rank"), kv_lora);
        ggufw_kv_u32(&k, AK("attention.q_lora_rank"), 0); /* Q straight from attn_q (V2-Lite) */
        ggufw_kv_u32(&k, AK("attention.key_length_mla"), head_dim);
        ggufw_kv_u32(&k, AK("attention.value_length_mla"), v_head_dim);
        ggufw_kv_u32(&k, AK("leading_dense_block_count"), dense_lead);
        ggufw_kv_u32(&k, AK("expert_feed_forward_length"), expert_ff ? expert_ff : ff);
        ggufw_kv_u32(&k, AK("expert_shared_count"), shared_experts);
    }
    if (rwkv) { /* the released models' values (convert_hf_to_gguf.py) */
        ggufw_kv_f32(&k, AK("attention.layer_norm_epsilon"), 1e-5f);
        ggufw_kv_u32(&k, AK("wkv.head_size"), wkv_head);
        if (rwkv7) {
            ggufw_kv_u32(&k, AK("attention.decay_lora_rank"), rwkv7_lora_rank(embd, 0.5, 1.8));
            ggufw_kv_u32(&k, AK("attention.iclr_lora_rank"), rwkv7_lora_rank(embd, 0.5, 1.8));
            ggufw_kv_u32(&k, AK("attention.value_residual_mix_lora_rank"),
                         rwkv7_lora_rank(embd, 0.5, 1.3));
            ggufw_kv_u32(&k, AK("attention.gate_lora_rank"), rwkv7_lora_rank(embd, 0.8, 0.6));
        } else {
            ggufw_kv_u32(&k, AK("time_mix_extra_dim"), embd >= 4096 ? 64 : 32);
            ggufw_kv_u32(&k, AK("time_decay_extra_dim"), embd >= 4096 ? 128 : 64);
            ggufw_kv_u32(&k, AK("rescale_every_n_layers"), 6);
        }
        ggufw_kv_u32(&k, AK("token_shift_count"), 2);
    }
    ggufw_kv_f32(&k, AK("attention.layer_norm_rms_epsilon"), 1e-6f);
    if (experts) {
        ggufw_kv_u32(&k, AK("expert_count"), experts);
        ggufw_kv_u32(&k, AK("expert_used_count"), experts_used);
        if (qwen3 || q3n) /* qwen3moe's n_ff_exp */
            ggufw_kv_u32(&k, AK("expert_feed_forward_length"), expert_ff ? expert_ff : ff);
        if (q3n) /* the shared expert's width: --ff */
            ggufw_kv_u32(&k, AK("expert_shared_feed_forward_length"), ff);
    }
    if (q3n) { /* the delta net as the converter writes it; d_inner = value heads x state */
        ggufw_kv_u32(&k, AK("ssm.conv_kernel"), ssm_conv);
        ggufw_kv_u32(&k, AK("ssm.inner_size"), ssm_heads * ssm_state);
        ggufw_kv_u32(&k, AK("ssm.state_size"), ssm_state);
        ggufw_kv_u32(&k, AK("ssm.time_step_rank"), ssm_heads);
        ggufw_kv_u32(&k, AK("ssm.group_count"), ssm_groups);
        ggufw_kv_u32(&k, AK("full_attention_interval"), attn_every);
    }
    ggufw_kv_f32(&k, AK("rope.freq_base"), 10000.0f);
    if (mla) {
        ggufw_kv_u32(&k, AK("attention.key_length"), kv_lora + rope_dim);
        ggufw_kv_u32(&k, AK("attention.value_length"), kv_lora);
    } else if (gemma || head_dim) {
        ggufw_kv_u32(&k, AK("attention.key_length"), hd);
        ggufw_kv_u32(&k, AK("attention.value_length"), hd);
    }
    if (gemma && swa)
        ggufw_kv_u32(&k, AK("attention.sliding_window"), swa);
    if (!gemma) {
        ggufw_kv_u32(&k, AK("rope.dimension_count"), mla || q3n ? rope_dim : hd);
        ggufw_kv_u32(&k, AK("vocab_size"), vocab);
    }
    ggufw_tokenizer(&k, qwen || q3n, vocab);

    char tn[64];
    ggufw_tensor("token_embd.weight", type, 2, embd, vocab);
    if (rwkv) { /* the LayerNorm after the embedding ("block 0, LN0") */
        ggufw_tensor("token_embd_norm.weight", 0, 1, embd, 1);
        ggufw_tensor("token_embd_norm.bias", 0, 1, embd, 1);
    }
    uint32_t d_inner = 2 * embd;
    for (uint32_t il = 0; il < layers; il++) {
#define T(suffix, ty, nd, a, b)                                                                    \
    (snprintf(tn, sizeof(tn), "blk.%u.%s", il, suffix), ggufw_tensor(tn, ty, nd, a, b))
        T("attn_norm.weight", 0, 1, embd, 1);
        if (rwkv) {
            if (rwkv7)
                rwkv7_layer(il, embd, ff, type);
            else
                rwkv6_layer(il, embd, ff, type, wkv_head);
            continue;
        }
        if (q3n) {
            struct q3n_shape q = {embd,
                                  heads,
                                  kv_heads,
                                  hd,
                                  type,
                                  experts,
                                  expert_ff ? expert_ff : ff,
                                  ff,
                                  ssm_state,
                                  ssm_groups,
                                  ssm_heads,
                                  ssm_conv};
            qwen3next_layer(il, (il + 1) % attn_every != 0, &q);
            continue;
        }
        bool recr = pure_ssm || falcon || (hybrid && !layer_kv[il]);
        if (recr && (mamba1 || jamba)) { /* mamba (v1) mixer */
            /* F16 where the row is not a whole number of --type's blocks */
            uint64_t xr;
            uint32_t ty_dt = ggml_row_size(type, dt_rank, &xr) ? type : 1;
            T("ssm_in.weight", type, 2, embd, 2 * d_inner);
            T("ssm_conv1d.weight", 0, 2, ssm_conv, d_inner);
            T("ssm_conv1d.bias", 0, 1, d_inner, 1);
            T("ssm_x.weight", type, 2, d_inner, dt_rank + 2 * ssm_state);
            T("ssm_dt.weight", ty_dt, 2, dt_rank, d_inner);
            T("ssm_dt.bias", 0, 1, d_inner, 1);
            if (jamba) {
                T("ssm_dt_norm.weight", 0, 1, dt_rank, 1);
                T("ssm_b_norm.weight", 0, 1, ssm_state, 1);
                T("ssm_c_norm.weight", 0, 1, ssm_state, 1);
            }
            T("ssm_a", 0, 2, ssm_state, d_inner);
            T("ssm_d", 0, 1, d_inner, 1);
            T("ssm_out.weight", type, 2, d_inner, embd);
        } else if (recr) { /* mamba2 mixer */
            uint32_t conv_dim = d_inner + 2 * ssm_groups * ssm_state;
            T("ssm_in.weight", type, 2, embd, d_inner + conv_dim + n_ssm_head);
            T("ssm_conv1d.weight", 0, 2, ssm_conv, conv_dim);
            T("ssm_conv1d.bias", 0, 1, conv_dim, 1);
            T("ssm_dt.bias", 0, 1, n_ssm_head, 1);
            T("ssm_a", 0, 2, 1, n_ssm_head);
            T("ssm_d", 0, 2, 1, n_ssm_head);
            T("ssm_norm.weight", 0, 2, d_inner / ssm_groups, ssm_groups);
            T("ssm_out.weight", type, 2, d_inner, embd);
        }
        if (pure_ssm)
            continue;
        if (mla) {
            uint32_t eff = expert_ff ? expert_ff : ff;
            T("attn_kv_a_norm.weight", 0, 1, kv_lora, 1);
            T("attn_q.weight", type, 2, embd, heads * hd);
            T("attn_kv_a_mqa.weight", type, 2, embd, kv_lora + rope_dim);
            snprintf(tn, sizeof(tn), "blk.%u.attn_k_b.weight", il);
            ggufw_tensor3(tn, type, 3, hd - rope_dim, kv_lora, heads);
            snprintf(tn, sizeof(tn), "blk.%u.attn_v_b.weight", il);
            ggufw_tensor3(tn, type, 3, kv_lora, v_head_dim, heads);
            T("attn_output.weight", type, 2, heads * v_head_dim, embd);
            T("ffn_norm.weight", 0, 1, embd, 1);
            if (il < dense_lead) {
                T("ffn_gate.weight", type, 2, embd, ff);
                T("ffn_up.weight", type, 2, embd, ff);
                T("ffn_down.weight", type, 2, ff, embd);
                continue;
            }
            moe_ffn(il, embd, eff, experts, eff * shared_experts, type);
            continue;
        }
        if (layer_kv[il]) {
            if (phi3) {
                T("attn_qkv.weight", type, 2, embd, (heads + 2 * kv_heads) * hd);
            } else {
                T("attn_q.weight", type, 2, embd, heads * hd);
                T("attn_k.weight", type, 2, embd, kv_heads * hd);
                T("attn_v.weight", type, 2, embd, kv_heads * hd);
            }
            if (qwen && !qwen3) {
                T("attn_q.bias", 0, 1, heads * hd, 1);
                T("attn_k.bias", 0, 1, kv_heads * hd, 1);
                T("attn_v.bias", 0, 1, kv_heads * hd, 1);
            }
            if (gemma3 || qwen3) {
                T("attn_q_norm.weight", 0, 1, hd, 1);
                T("attn_k_norm.weight", 0, 1, hd, 1);
            }
            if (gemma) {
                T("post_attention_norm.weight", 0, 1, embd, 1);
                T("post_ffw_norm.weight", 0, 1, embd, 1);
            }
            T("attn_output.weight", type, 2, heads * hd, embd);
        }
        if (falcon) /* its loader names this one without ".weight" */
            T("ffn_norm", 0, 1, embd, 1);
        else
            T("ffn_norm.weight", 0, 1, embd, 1);
        if (experts) { /* mixtral-style MoE: a router and stacked experts */
            moe_ffn(il, embd, expert_ff ? expert_ff : ff, experts, 0, type);
        } else if (phi3) { /* gate and up in one */
            T("ffn_up.weight", type, 2, embd, 2 * ff);
            T("ffn_down.weight", type, 2, ff, embd);
        } else {
            T("ffn_gate.weight", type, 2, embd, ff);
            T("ffn_up.weight", type, 2, embd, ff);
            T("ffn_down.weight", type, 2, ff, embd);
        }
    }
    free(layer_kv);
    ggufw_tensor("output_norm.weight", 0, 1, embd, 1);
    if (rwkv)
        ggufw_tensor("output_norm.bias", 0, 1, embd, 1);
    if (!tied)
        ggufw_tensor("output.weight", type, 2, embd, vocab);

    int rc = ggufw_write_model(out, &k, arch, split, version);
    strbuf_release(&k.b);
    return rc;
}

/* gguf-gen: writes a GGUF model file that llama.cpp loads — llama-, qwen2-,
 * qwen3-, phi3- (fused QKV), qwen3moe- (MoE), gemma2-, gemma3-,
 * deepseek2-style (MLA attention, shared + routed experts), the recurrent
 * mamba and mamba2, and the hybrids jamba (mamba layers among attention
 * layers), granitehybrid (mamba2 layers among attention layers) and
 * falcon-h1 (a mamba2 mixer beside attention in every layer) — of any shape
 * and tensor type, with a minimal valid tokenizer and zero weights, so tests
 * and benchmarks have real files of every shape without downloading any.
 * Our own writer, from the GGUF specification (ggml's docs/gguf.md) and the
 * tensor lists llama.cpp's loader asks for (src/models/<arch>.cpp).
 *
 *   gguf-gen -o FILE [--arch llama|qwen2|qwen3|qwen3moe|phi3|gemma2|gemma3|deepseek2|
 *                            mamba|mamba2|jamba|granitehybrid|falcon-h1] [--embd N] [--layers N]
 *            [--heads N] [--kv-heads N] [--ff N] [--vocab N] [--ctx-train N]
 *            [--type F16|Q8_0|Q4_0|Q4_K|...] [--head-dim N] [--swa N] [--tied] [--name S]
 *            [--experts N [--experts-used K]]
 *            [--kv-lora N] [--rope-dim N] [--v-head-dim N] [--dense-lead N]
 *            [--shared-experts N] [--expert-ff N]      (deepseek2: MLA + MoE)
 *            [--ssm-state N] [--ssm-conv N] [--ssm-groups N] [--ssm-heads N]
 *            (mamba, mamba2 and the hybrids: d_inner 2 x embd; mamba2's SSM
 *            heads are --heads, the hybrids' --ssm-heads)
 *            [--attn-every N]  (jamba, granitehybrid: layer il attends when
 *            il % N == N / 2, the others are recurrent; default 4)
 *            [--split N] [--big-endian] [--version 2|3]
 *
 * The tensor data is zero and written as a hole (ftruncate), so a 2 GB model
 * takes no time to write and reads back as zeros. Norms are F32; every matrix
 * gets --type (token_embd too). --split N writes FILE-0000k-of-0000N.gguf
 * shards as llama.cpp's gguf-split names them. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/ggml-types.h"
#include "model/gguf.h"
#include "util/strbuf.h"

static bool big_endian;

static void put(struct strbuf *b, const void *v, size_t n)
{
    if (!big_endian || n == 1) {
        strbuf_add(b, v, n);
        return;
    }
    const uint8_t *p = v;
    for (size_t i = n; i > 0; i--)
        strbuf_addch(b, (char)p[i - 1]);
}
static void u32(struct strbuf *b, uint32_t v)
{
    put(b, &v, 4);
}
static void u64(struct strbuf *b, uint64_t v)
{
    put(b, &v, 8);
}
static void str(struct strbuf *b, const char *s)
{
    u64(b, strlen(s));
    strbuf_add(b, s, strlen(s));
}

struct kvw {
    struct strbuf b;
    uint64_t n;
};
static void key(struct kvw *k, const char *name, uint32_t type)
{
    str(&k->b, name);
    u32(&k->b, type);
    k->n++;
}
static void kv_u32(struct kvw *k, const char *name, uint32_t v)
{
    key(k, name, GGUF_U32);
    u32(&k->b, v);
}
static void kv_f32(struct kvw *k, const char *name, float v)
{
    key(k, name, GGUF_F32);
    put(&k->b, &v, 4);
}
/* a per-layer array: the hybrids' head_count_kv, 0 on recurrent layers */
static void kv_u32_arr(struct kvw *k, const char *name, const uint32_t *v, uint32_t n)
{
    key(k, name, GGUF_ARRAY);
    u32(&k->b, GGUF_U32);
    u64(&k->b, n);
    for (uint32_t i = 0; i < n; i++)
        u32(&k->b, v[i]);
}
static void kv_str(struct kvw *k, const char *name, const char *v)
{
    key(k, name, GGUF_STRING);
    str(&k->b, v);
}

struct tensor {
    char name[64];
    uint32_t n_dims;
    uint64_t ne[4];
    uint32_t type;
    uint64_t nbytes;
};

static struct tensor *tensors;
static size_t ntensors, atensors;

static void add_tensor3(const char *name, uint32_t type, uint32_t n_dims, uint64_t ne0,
                        uint64_t ne1, uint64_t ne2)
{
    if (ntensors == atensors) {
        atensors = atensors ? atensors * 2 : 64;
        tensors = realloc(tensors, atensors * sizeof(*tensors));
        if (!tensors)
            exit(3);
    }
    struct tensor *t = &tensors[ntensors++];
    snprintf(t->name, sizeof(t->name), "%s", name);
    t->n_dims = n_dims;
    t->ne[0] = ne0;
    t->ne[1] = n_dims > 1 ? ne1 : 1;
    t->ne[2] = n_dims > 2 ? ne2 : 1;
    t->ne[3] = 1;
    t->type = type;
    uint64_t row;
    if (!ggml_row_size(type, ne0, &row)) {
        fprintf(stderr, "gguf-gen: %s: %llu is not a multiple of %s's block\n", name,
                (unsigned long long)ne0, ggml_type_name(type));
        exit(2);
    }
    t->nbytes = row * t->ne[1] * t->ne[2];
}

static void add_tensor(const char *name, uint32_t type, uint32_t n_dims, uint64_t ne0, uint64_t ne1)
{
    add_tensor3(name, type, n_dims, ne0, ne1, 1);
}

/* GPT-2's byte-to-unicode map: printable bytes stand for themselves, the
 * others are moved to U+0100 and up. Writes the UTF-8 of byte b's char. */
static void byte_char(unsigned b, char out[4])
{
    unsigned cp;
    if ((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255)) {
        cp = b;
    } else {
        unsigned n = 0;
        for (unsigned x = 0; x < b; x++)
            if (!((x >= 33 && x <= 126) || (x >= 161 && x <= 172) || (x >= 174 && x <= 255)))
                n++;
        cp = 256 + n;
    }
    if (cp < 0x80) {
        out[0] = (char)cp;
        out[1] = 0;
    } else {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        out[2] = 0;
    }
}

static void tokenizer(struct kvw *k, bool bpe, uint32_t n_vocab)
{
    char buf[32];
    kv_str(k, "tokenizer.ggml.model", bpe ? "gpt2" : "llama");
    if (bpe)
        kv_str(k, "tokenizer.ggml.pre", "qwen2");
    key(k, "tokenizer.ggml.tokens", GGUF_ARRAY);
    u32(&k->b, GGUF_STRING);
    u64(&k->b, n_vocab);
    for (uint32_t i = 0; i < n_vocab; i++) {
        if (!bpe && i == 0)
            str(&k->b, "<unk>");
        else if (!bpe && i == 1)
            str(&k->b, "<s>");
        else if (!bpe && i == 2)
            str(&k->b, "</s>");
        else if (!bpe && i < 259) {
            snprintf(buf, sizeof(buf), "<0x%02X>", i - 3);
            str(&k->b, buf);
        } else if (bpe && i < 256) {
            byte_char(i, buf);
            str(&k->b, buf);
        } else if (bpe && i == n_vocab - 1) {
            str(&k->b, "<|endoftext|>");
        } else {
            snprintf(buf, sizeof(buf), bpe ? "t%u" : "\xe2\x96\x81t%u", i);
            str(&k->b, buf);
        }
    }
    if (!bpe) {
        key(k, "tokenizer.ggml.scores", GGUF_ARRAY);
        u32(&k->b, GGUF_F32);
        u64(&k->b, n_vocab);
        for (uint32_t i = 0; i < n_vocab; i++) {
            float s = i < 259 ? 0.0f : -(float)i;
            put(&k->b, &s, 4);
        }
    }
    key(k, "tokenizer.ggml.token_type", GGUF_ARRAY);
    u32(&k->b, GGUF_I32);
    u64(&k->b, n_vocab);
    for (uint32_t i = 0; i < n_vocab; i++) {
        int32_t t = 1; /* normal */
        if (!bpe && i == 0)
            t = 2; /* unknown */
        else if (!bpe && i < 3)
            t = 3; /* control */
        else if (!bpe && i < 259)
            t = 6; /* byte */
        else if (bpe && i == n_vocab - 1)
            t = 3;
        put(&k->b, &t, 4);
    }
    if (bpe) {
        key(k, "tokenizer.ggml.merges", GGUF_ARRAY);
        u32(&k->b, GGUF_STRING);
        u64(&k->b, 1);
        str(&k->b, "t 1");
        kv_u32(k, "tokenizer.ggml.bos_token_id", n_vocab - 1);
        kv_u32(k, "tokenizer.ggml.eos_token_id", n_vocab - 1);
    } else {
        kv_u32(k, "tokenizer.ggml.bos_token_id", 1);
        kv_u32(k, "tokenizer.ggml.eos_token_id", 2);
        kv_u32(k, "tokenizer.ggml.unknown_token_id", 0);
    }
}

static uint32_t ftype_of(uint32_t type)
{
    switch (type) {
    case 0:
        return 0;
    case 1:
        return 1;
    case 2:
        return 2;
    case 3:
        return 3;
    case 8:
        return 7;
    case 6:
        return 8;
    case 7:
        return 9;
    case 10:
        return 10;
    case 11:
        return 12;
    case 12:
        return 15;
    case 13:
        return 17;
    case 14:
        return 18;
    case 30:
        return 32;
    }
    return 1024; /* LLAMA_FTYPE_GUESSED */
}

static int write_file(const char *path, const struct kvw *k, size_t t0, size_t t1, uint32_t version,
                      uint32_t alignment)
{
    struct strbuf h = STRBUF_INIT;
    strbuf_add(&h, "GGUF", 4);
    u32(&h, version);
    u64(&h, t1 - t0);
    u64(&h, k->n);
    strbuf_add(&h, k->b.buf, k->b.len);
    uint64_t off = 0;
    for (size_t i = t0; i < t1; i++) {
        const struct tensor *t = &tensors[i];
        str(&h, t->name);
        u32(&h, t->n_dims);
        for (uint32_t d = 0; d < t->n_dims; d++)
            u64(&h, t->ne[d]);
        u32(&h, t->type);
        u64(&h, off);
        off += (t->nbytes + alignment - 1) / alignment * alignment;
    }
    while (h.len % alignment)
        strbuf_addch(&h, 0);
    uint64_t total = h.len + off;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, h.buf, h.len) != (ssize_t)h.len || ftruncate(fd, (off_t)total) < 0 ||
        close(fd) < 0) {
        fprintf(stderr, "gguf-gen: %s: %s\n", path, strerror(errno));
        strbuf_release(&h);
        return 3;
    }
    strbuf_release(&h);
    return 0;
}

int main(int argc, char **argv)
{
    const char *out = NULL, *arch = "llama", *name = "headroom-gguf-gen", *type_name = "F16";
    uint32_t embd = 256, layers = 2, heads = 4, kv_heads = 0, ff = 512, vocab = 512,
             ctx_train = 8192, swa = 0, split = 1, version = 3, head_dim = 0, experts = 0,
             experts_used = 2, kv_lora = 512, rope_dim = 64, v_head_dim = 128, dense_lead = 1,
             shared_experts = 2, expert_ff = 0, ssm_state = 128, ssm_conv = 4, ssm_groups = 1,
             ssm_heads = 0, attn_every = 4;
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
        OPT_U("--split", split)
        OPT_U("--version", version)
        if (strcmp(a, "--tied") == 0) {
            tied = true;
            continue;
        }
        if (strcmp(a, "--big-endian") == 0) {
            big_endian = true;
            continue;
        }
        fprintf(stderr, "gguf-gen: unknown or incomplete option '%s'\n", a);
        return 2;
    }
    uint32_t type;
    if (!out || !ggml_type_by_name(type_name, &type) || !heads || !layers || vocab < 300 ||
        !split || split > layers + 1 || (!head_dim && embd % heads)) {
        fprintf(stderr,
                "usage: gguf-gen -o FILE [--arch "
                "llama|qwen2|qwen3|qwen3moe|phi3|gemma2|gemma3|deepseek2|mamba|mamba2|jamba|"
                "granitehybrid|falcon-h1] [--embd N] "
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
    bool pure_ssm = ssm || mamba1, hybrid = jamba || granite;
    bool has_ssm = pure_ssm || hybrid || falcon;
    if (mla && (!experts || !head_dim || head_dim <= rope_dim)) {
        fprintf(stderr, "gguf-gen: deepseek2 needs --experts N and --head-dim N (nope + rope) "
                        "above --rope-dim\n");
        return 2;
    }
    if (strcmp(arch, "qwen3moe") == 0 && !experts) {
        fprintf(stderr, "gguf-gen: qwen3moe needs --experts N\n");
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
        layer_kv[il] = pure_ssm                                      ? 0
                       : mla                                         ? 1
                       : hybrid && il % attn_every != attn_every / 2 ? 0
                                                                     : kv_heads;
    char k_[128];
#define AK(suffix) (snprintf(k_, sizeof(k_), "%s.%s", arch, suffix), k_)
    struct kvw k = {STRBUF_INIT, 0};
    kv_str(&k, "general.architecture", arch);
    kv_str(&k, "general.name", name);
    kv_u32(&k, "general.file_type", ftype_of(type));
    kv_u32(&k, AK("context_length"), ctx_train);
    kv_u32(&k, AK("embedding_length"), embd);
    kv_u32(&k, AK("block_count"), layers);
    kv_u32(&k, AK("feed_forward_length"), mamba1 ? 0 : ff);
    kv_u32(&k, AK("attention.head_count"), pure_ssm ? 0 : heads);
    /* MLA as llama.cpp's converter writes it: one KV head of the compressed
     * latent (kv_lora_rank + the rope part) that doubles as V; the per-head
     * sizes after decompression in key_length_mla / value_length_mla. The
     * hybrids: one entry per layer, 0 where the layer is recurrent. */
    if (hybrid)
        kv_u32_arr(&k, AK("attention.head_count_kv"), layer_kv, layers);
    else
        kv_u32(&k, AK("attention.head_count_kv"), layer_kv[0]);
    if (has_ssm) { /* as llama.cpp's converter writes them */
        kv_u32(&k, AK("ssm.conv_kernel"), ssm_conv);
        kv_u32(&k, AK("ssm.inner_size"), 2 * embd);
        kv_u32(&k, AK("ssm.state_size"), ssm_state);
        /* mamba: the dt projection's rank; mamba2: the number of SSM heads */
        kv_u32(&k, AK("ssm.time_step_rank"), ssm_groups ? n_ssm_head : dt_rank);
        if (ssm_groups)
            kv_u32(&k, AK("ssm.group_count"), ssm_groups);
    }
    if (mla) {
        kv_u32(&k, AK("attention.kv_lora_rank"), kv_lora);
        kv_u32(&k, AK("attention.q_lora_rank"), 0); /* Q straight from attn_q (V2-Lite) */
        kv_u32(&k, AK("attention.key_length_mla"), head_dim);
        kv_u32(&k, AK("attention.value_length_mla"), v_head_dim);
        kv_u32(&k, AK("leading_dense_block_count"), dense_lead);
        kv_u32(&k, AK("expert_feed_forward_length"), expert_ff ? expert_ff : ff);
        kv_u32(&k, AK("expert_shared_count"), shared_experts);
    }
    kv_f32(&k, AK("attention.layer_norm_rms_epsilon"), 1e-6f);
    if (experts) {
        kv_u32(&k, AK("expert_count"), experts);
        kv_u32(&k, AK("expert_used_count"), experts_used);
        if (qwen3) /* qwen3moe's n_ff_exp */
            kv_u32(&k, AK("expert_feed_forward_length"), expert_ff ? expert_ff : ff);
    }
    kv_f32(&k, AK("rope.freq_base"), 10000.0f);
    if (mla) {
        kv_u32(&k, AK("attention.key_length"), kv_lora + rope_dim);
        kv_u32(&k, AK("attention.value_length"), kv_lora);
    } else if (gemma || head_dim) {
        kv_u32(&k, AK("attention.key_length"), hd);
        kv_u32(&k, AK("attention.value_length"), hd);
    }
    if (gemma && swa)
        kv_u32(&k, AK("attention.sliding_window"), swa);
    if (!gemma) {
        kv_u32(&k, AK("rope.dimension_count"), mla ? rope_dim : hd);
        kv_u32(&k, AK("vocab_size"), vocab);
    }
    tokenizer(&k, qwen, vocab);

    char tn[64];
    add_tensor("token_embd.weight", type, 2, embd, vocab);
    uint32_t d_inner = 2 * embd;
    for (uint32_t il = 0; il < layers; il++) {
#define T(suffix, ty, nd, a, b)                                                                    \
    (snprintf(tn, sizeof(tn), "blk.%u.%s", il, suffix), add_tensor(tn, ty, nd, a, b))
        T("attn_norm.weight", 0, 1, embd, 1);
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
            add_tensor3(tn, type, 3, hd - rope_dim, kv_lora, heads);
            snprintf(tn, sizeof(tn), "blk.%u.attn_v_b.weight", il);
            add_tensor3(tn, type, 3, kv_lora, v_head_dim, heads);
            T("attn_output.weight", type, 2, heads * v_head_dim, embd);
            T("ffn_norm.weight", 0, 1, embd, 1);
            if (il < dense_lead) {
                T("ffn_gate.weight", type, 2, embd, ff);
                T("ffn_up.weight", type, 2, embd, ff);
                T("ffn_down.weight", type, 2, ff, embd);
                continue;
            }
            T("ffn_gate_inp.weight", 0, 2, embd, experts);
            snprintf(tn, sizeof(tn), "blk.%u.ffn_gate_exps.weight", il);
            add_tensor3(tn, type, 3, embd, eff, experts);
            snprintf(tn, sizeof(tn), "blk.%u.ffn_up_exps.weight", il);
            add_tensor3(tn, type, 3, embd, eff, experts);
            snprintf(tn, sizeof(tn), "blk.%u.ffn_down_exps.weight", il);
            add_tensor3(tn, type, 3, eff, embd, experts);
            T("ffn_gate_shexp.weight", type, 2, embd, eff * shared_experts);
            T("ffn_up_shexp.weight", type, 2, embd, eff * shared_experts);
            T("ffn_down_shexp.weight", type, 2, eff * shared_experts, embd);
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
            uint32_t eff = expert_ff ? expert_ff : ff;
            T("ffn_gate_inp.weight", 0, 2, embd, experts);
            snprintf(tn, sizeof(tn), "blk.%u.ffn_gate_exps.weight", il);
            add_tensor3(tn, type, 3, embd, eff, experts);
            snprintf(tn, sizeof(tn), "blk.%u.ffn_up_exps.weight", il);
            add_tensor3(tn, type, 3, embd, eff, experts);
            snprintf(tn, sizeof(tn), "blk.%u.ffn_down_exps.weight", il);
            add_tensor3(tn, type, 3, eff, embd, experts);
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
    add_tensor("output_norm.weight", 0, 1, embd, 1);
    if (!tied)
        add_tensor("output.weight", type, 2, embd, vocab);

    int rc = 0;
    if (split == 1) {
        rc = write_file(out, &k, 0, ntensors, version, 32);
        strbuf_release(&k.b);
        free(tensors);
        return rc;
    }
    /* shards: the first holds the metadata and the first tensors */
    size_t len = strlen(out);
    char base[4096];
    snprintf(base, sizeof(base), "%.*s",
             (int)(len > 5 && strcmp(out + len - 5, ".gguf") == 0 ? len - 5 : len), out);
    size_t per = (ntensors + split - 1) / split;
    for (uint32_t s = 0; s < split; s++) {
        struct kvw ks = {STRBUF_INIT, 0};
        if (s == 0) {
            strbuf_add(&ks.b, k.b.buf, k.b.len);
            ks.n = k.n;
        } else {
            kv_str(&ks, "general.architecture", arch);
        }
        key(&ks, "split.no", GGUF_U16);
        uint16_t no = (uint16_t)s, cnt = (uint16_t)split;
        put(&ks.b, &no, 2);
        key(&ks, "split.count", GGUF_U16);
        put(&ks.b, &cnt, 2);
        key(&ks, "split.tensors.count", GGUF_I32);
        int32_t tc = (int32_t)ntensors;
        put(&ks.b, &tc, 4);
        char path[4200];
        snprintf(path, sizeof(path), "%s-%05u-of-%05u.gguf", base, s + 1, split);
        size_t t0 = s * per, t1 = t0 + per > ntensors ? ntensors : t0 + per;
        if (t0 > ntensors)
            t0 = ntensors;
        rc = write_file(path, &ks, t0, t1, version, 32);
        strbuf_release(&ks.b);
        if (rc)
            break;
    }
    strbuf_release(&k.b);
    free(tensors);
    return rc;
}

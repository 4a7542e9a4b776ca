/* A model's shape from its file: the GGUF metadata and tensors llama.cpp
 * reads (layers, heads, the sliding-window pattern, the weights by type and
 * where they are placed), or a whisper.cpp .bin header. What estimate.c
 * computes the memory of; split from it so each stays one job. */
#include "model/estimate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/ggml-bin.h"
#include "model/ggml-types.h"
#include "util/parse.h"
#include "util/xalloc.h"

#define sat_add sat_add_u64
#define sat_mul sat_mul_u64

#define MAX_LAYERS 65536 /* more blocks than any model has; bounds the layer table */

/* The sliding-window pattern llama.cpp hard-codes per architecture
 * (src/models/<arch>.cpp: load_swa_pattern(ml, n, dense_first)); a file may
 * override it with {arch}.attention.sliding_window_pattern. */
static const struct {
    const char *arch;
    uint32_t n_pattern;
    bool dense_first;
} swa_patterns[] = {
    {"gemma2", 2, false},          {"gemma3", 6, false},  {"gemma3n", 5, false},
    {"gemma-embedding", 6, false}, {"cohere2", 4, false}, {"cohere2moe", 4, true},
    {"llama4", 4, false},          {"olmo2", 4, false},   {"exaone4", 4, false},
    {"exaone-moe", 4, false},      {"gpt-oss", 2, false}, {"afmoe", 4, false},
    {"smallthinker", 4, true},     {"plamo3", 8, false},  {"modern-bert", 3, true},
};

/* The window llama.cpp uses when the file names none, and the models it runs
 * without one whatever the file says (src/models/<arch>.cpp
 * load_arch_hparams): gemma2 defaults to 4096; llama4 to chunked attention
 * of 8192 unless the key is present and 0; exaone4 slides (4096 by default)
 * only in its 64-layer 32B model. */
static void default_window(const char *arch, uint32_t n_layer, bool given, uint64_t *n_swa)
{
    if (strcmp(arch, "gemma2") == 0 && !given)
        *n_swa = 4096;
    else if (strcmp(arch, "llama4") == 0 && !given)
        *n_swa = 8192;
    else if (strcmp(arch, "exaone4") == 0)
        *n_swa = n_layer != 64 ? 0 : given ? *n_swa : 4096;
}

static int bad(struct diag *d, const char *fmt, const char *key)
{
    diag_set_offset(d, NULL, 0, fmt, key);
    return -EBADMSG;
}

/* {arch}.suffix as an unsigned integer. Returns 1 found, 0 absent, <0 on a
 * value of the wrong type. */
static int arch_uint(const struct gguf_file *g, const char *arch, const char *suffix, uint64_t *ret,
                     struct diag *d)
{
    char key[160];
    snprintf(key, sizeof(key), "%s.%s", arch, suffix);
    const struct gguf_kv *kv = gguf_find(g, key);
    if (!kv)
        return 0;
    if (!gguf_get_uint(g, key, ret)) {
        diag_set_offset(d, NULL, kv->at, "%s is a %s%s, expected a non-negative integer", key,
                        gguf_vtype_name(kv->type), kv->type == GGUF_ARRAY ? "" : " value");
        return -EBADMSG;
    }
    return 1;
}

/* Architectures whose every layer is recurrent (llama-arch.cpp
 * llm_arch_is_recurrent; falcon-h1 runs a mamba2 mixer beside attention in
 * every layer), and hybrids whose recurrent layers are those without KV
 * heads (src/models/<arch>.cpp: is_recr = n_head_kv(il) == 0). */
static const char *const recurrent_archs[] = {"mamba", "mamba2", "rwkv6",    "rwkv6qwen2",
                                              "rwkv7", "arwkv7", "falcon-h1"};
static const char *const hybrid_archs[] = {"jamba", "granitehybrid", "plamo2", "lfm2", "lfm2moe"};
/* Hybrids that mark their recurrent (gated delta-net) layers by
 * attention.recurrent_layers, or else by full_attention_interval (default
 * 4): layer il attends when (il + 1) % interval == 0 (src/models/
 * qwen3next.cpp, qwen35.cpp, qwen35moe.cpp). Their head_count_kv is one
 * figure for all layers. */
static const char *const interval_archs[] = {"qwen3next", "qwen35", "qwen35moe"};

static bool in_list(const char *arch, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(arch, list[i]) == 0)
            return true;
    return false;
}

/* interval_archs: which layers are recurrent; those hold no KV cache. */
static int interval_layers(const struct gguf_file *g, const char *arch, struct model *m,
                           struct diag *d)
{
    char key[160];
    snprintf(key, sizeof(key), "%s.attention.recurrent_layers", arch);
    const struct gguf_kv *kv = gguf_find(g, key);
    uint64_t interval = 4;
    int e;
    if (!kv && (e = arch_uint(g, arch, "full_attention_interval", &interval, d)) < 0)
        return e;
    if (kv && (kv->type != GGUF_ARRAY || kv->n != m->n_layer)) {
        diag_set_offset(d, NULL, kv->at, "%s is not one flag for each of the %u layers", key,
                        m->n_layer);
        return -EBADMSG;
    }
    if (!kv && (interval == 0 || interval > m->n_layer)) {
        snprintf(key, sizeof(key), "%s.full_attention_interval", arch);
        const struct gguf_kv *k = gguf_find(g, key);
        diag_set_offset(d, NULL, k ? k->at : 0, "%s is %llu for %u layers", key,
                        (unsigned long long)interval, m->n_layer);
        return -EBADMSG;
    }
    for (uint32_t il = 0; il < m->n_layer; il++) {
        uint64_t flag = 0;
        if (kv && !gguf_arr_uint(g, kv, il, &flag)) {
            diag_set_offset(d, NULL, kv->at, "%s[%u] is not a flag", key, il);
            return -EBADMSG;
        }
        bool recr = kv ? flag != 0 : (il + 1) % interval != 0;
        m->layers[il].recurrent = recr;
        if (recr)
            m->layers[il].n_head_kv = 0;
    }
    m->delta_net = true;
    return 0;
}

/* The recurrent state's sizes and which layers hold one. */
static int recurrent_layers(const struct gguf_file *g, const char *arch, struct model *m,
                            struct diag *d)
{
    int e;
    if ((e = arch_uint(g, arch, "ssm.conv_kernel", &m->ssm_d_conv, d)) < 0 ||
        (e = arch_uint(g, arch, "ssm.inner_size", &m->ssm_d_inner, d)) < 0 ||
        (e = arch_uint(g, arch, "ssm.state_size", &m->ssm_d_state, d)) < 0 ||
        (e = arch_uint(g, arch, "ssm.group_count", &m->ssm_n_group, d)) < 0 ||
        (e = arch_uint(g, arch, "wkv.head_size", &m->wkv_head_size, d)) < 0)
        return e;
    m->token_shift_count = 2; /* llama-hparams.h default */
    if ((e = arch_uint(g, arch, "token_shift_count", &m->token_shift_count, d)) < 0)
        return e;
    if (m->ssm_d_conv > (1u << 16) || m->ssm_d_inner > (1u << 24) || m->ssm_d_state > (1u << 16) ||
        m->ssm_n_group > (1u << 16) || m->wkv_head_size > (1u << 16) ||
        m->token_shift_count > (1u << 8)) {
        char key[160];
        snprintf(key, sizeof(key), "%s.ssm.inner_size", arch);
        const struct gguf_kv *k = gguf_find(g, key);
        diag_set_offset(d, NULL, k ? k->at : 0, "%s: recurrent state sizes are not plausible",
                        arch);
        return -EBADMSG;
    }
    if (in_list(arch, interval_archs, sizeof(interval_archs) / sizeof(*interval_archs)))
        return interval_layers(g, arch, m, d);
    bool all = in_list(arch, recurrent_archs, sizeof(recurrent_archs) / sizeof(*recurrent_archs));
    bool hybrid = in_list(arch, hybrid_archs, sizeof(hybrid_archs) / sizeof(*hybrid_archs));
    for (uint32_t il = 0; il < m->n_layer; il++)
        m->layers[il].recurrent = all || (hybrid && m->layers[il].n_head_kv == 0);
    return 0;
}

/* A per-layer value: a scalar, or an array of n_layer integers. */
static int per_layer(const struct gguf_file *g, const char *arch, const char *suffix,
                     struct model *m, size_t field_off, uint64_t dflt, struct diag *d)
{
    char key[160];
    snprintf(key, sizeof(key), "%s.%s", arch, suffix);
    const struct gguf_kv *kv = gguf_find(g, key);
    for (uint32_t il = 0; il < m->n_layer; il++)
        *(uint32_t *)((char *)&m->layers[il] + field_off) = (uint32_t)dflt;
    if (!kv)
        return 0;
    if (kv->type == GGUF_ARRAY) {
        if (kv->n != m->n_layer) {
            diag_set_offset(d, NULL, kv->at, "%s has %llu entries for %u layers", key,
                            (unsigned long long)kv->n, m->n_layer);
            return -EBADMSG;
        }
        for (uint32_t il = 0; il < m->n_layer; il++) {
            uint64_t v;
            if (!gguf_arr_uint(g, kv, il, &v) || v > UINT32_MAX) {
                diag_set_offset(d, NULL, kv->at, "%s[%u] is not a count", key, il);
                return -EBADMSG;
            }
            *(uint32_t *)((char *)&m->layers[il] + field_off) = (uint32_t)v;
        }
        return 1;
    }
    uint64_t v;
    if (!gguf_get_uint(g, key, &v) || v > UINT32_MAX) {
        diag_set_offset(d, NULL, kv->at, "%s is not a count", key);
        return -EBADMSG;
    }
    for (uint32_t il = 0; il < m->n_layer; il++)
        *(uint32_t *)((char *)&m->layers[il] + field_off) = (uint32_t)v;
    return 1;
}

/* Which tensors the CPU backend's repack buffer takes (ggml-cpu repack.cpp
 * ggml_repack_get_optimal_repack_type): matrices used by MUL_MAT whose rows
 * count is a multiple of 8. token_embd is read with GET_ROWS, never repacked. */
static int repack_class(const struct gguf_tensor *t)
{
    if (t->n_dims < 2 || t->ne[1] % 8 || t->ne[0] % 8)
        return 0;
    if (strncmp(t->name, "token_embd", 10) == 0 || strstr(t->name, "per_layer_token_embd"))
        return 0;
    switch (t->type) {
    case GGML_T_Q4_0:
    case GGML_T_Q4_K:
    case GGML_T_IQ4_NL:
    case GGML_T_MXFP4:
        return 1; /* AVX2 */
    case GGML_T_Q2_K:
        return 2; /* AVX-512 */
    }
    return 0;
}

/* For each repack set, the repacked bytes at the two ends of the file (in
 * tensor order), outside the span of tensors used from the mapping. */
static void edge_repack(struct model *m, const struct gguf_file *g)
{
    for (int set = 0; set < 2; set++) {
        uint64_t head = 0, tail = 0;
        bool seen_used = false;
        for (uint64_t i = 0; i < g->n_tensors; i++) {
            int rc = repack_class(&g->tensors[i]);
            bool repacked = rc == 1 || (rc == 2 && set == 1);
            if (!repacked) {
                seen_used = true;
                tail = 0;
            } else if (!seen_used) {
                head = sat_add(head, g->tensors[i].nbytes);
            } else {
                tail = sat_add(tail, g->tensors[i].nbytes);
            }
        }
        m->mmap_edge_repack[set] = sat_add(m->mmap_edge_repack[set], sat_add(head, tail));
    }
}

static void add_tensors(struct model *m, const struct gguf_file *g, uint64_t *type_bytes)
{
    edge_repack(m, g);
    for (uint64_t i = 0; i < g->n_tensors; i++) {
        const struct gguf_tensor *t = &g->tensors[i];
        uint64_t nel = t->ne[0] * t->ne[1] * t->ne[2] * t->ne[3]; /* < 2^63, checked */
        m->n_params = sat_add(m->n_params, nel);
        m->weights_bytes = sat_add(m->weights_bytes, t->nbytes);
        type_bytes[t->type] = sat_add(type_bytes[t->type], t->nbytes);
        int rc = repack_class(t);
        unsigned il;
        int pos = 0;
        if (sscanf(t->name, "blk.%u.%n", &il, &pos) == 1 && pos > 0 && il < m->n_layer) {
            struct model_layer *L = &m->layers[il];
            L->bytes = sat_add(L->bytes, t->nbytes);
            if (rc == 1)
                L->repack_bytes = sat_add(L->repack_bytes, t->nbytes);
            else if (rc == 2)
                L->repack512_bytes = sat_add(L->repack512_bytes, t->nbytes);
            if (strstr(t->name, "_exps."))
                L->expert_bytes = sat_add(L->expert_bytes, t->nbytes);
        } else if (strcmp(t->name, "token_embd.weight") == 0) {
            m->tok_embd_bytes = t->nbytes;
        } else if (strcmp(t->name, "output.weight") == 0) {
            m->output_bytes = t->nbytes;
            m->output_tied = false;
            m->output_repack_bytes = rc == 1 ? t->nbytes : 0;
            m->output_repack512_bytes = rc == 2 ? t->nbytes : 0;
        } else {
            m->other_bytes = sat_add(m->other_bytes, t->nbytes);
        }
    }
}

static void finish_types(struct model *m, const uint64_t *type_bytes)
{
    uint64_t best = 0;
    for (uint32_t t = 0; t < GGML_TYPE_COUNT; t++)
        if (type_bytes[t] > best) {
            best = type_bytes[t];
            m->dominant_type = t;
        }
    if (m->output_tied)
        m->output_bytes = m->tok_embd_bytes;
}

static void copy_clean(char *dst, size_t n, const char *src)
{
    size_t j = 0;
    for (; src && *src && j + 1 < n; src++)
        dst[j++] = (*src >= 0x20 && *src < 0x7f) ? *src : '?';
    dst[j] = '\0';
}

int model_from_gguf(const struct gguf_file *g, struct model *ret, struct diag *d)
{
    struct model m;
    memset(&m, 0, sizeof(m));
    m.format = MODEL_GGUF;
    m.n_splits = 1;
    memcpy(m.gguf_odd_at, g->odd_at, sizeof(m.gguf_odd_at));
    m.file_bytes = g->file_size;
    m.n_tensors = g->n_tensors;
    m.output_tied = true;
    const struct gguf_kv *akv = gguf_find(g, "general.architecture");
    if (!akv)
        return bad(d, "%s: the file names no architecture", "general.architecture");
    if (akv->type != GGUF_STRING || !akv->str || akv->n == 0 || akv->n >= sizeof(m.arch)) {
        diag_set_offset(d, NULL, akv->at, "general.architecture is not a short string");
        return -EBADMSG;
    }
    copy_clean(m.arch, sizeof(m.arch), akv->str);
    copy_clean(m.name, sizeof(m.name), gguf_get_cstr(g, "general.name"));
    uint64_t v;
    m.has_file_type = gguf_get_uint(g, "general.file_type", &v) && v <= UINT32_MAX;
    m.file_type = m.has_file_type ? (uint32_t)v : 0;
    const char *arch = akv->str;
    int e;
    uint64_t n_layer = 0;
    if ((e = arch_uint(g, arch, "block_count", &n_layer, d)) < 0)
        return e;
    if (e == 0 && g->n_tensors)
        return bad(d, "%s.block_count is missing", arch);
    if (n_layer > MAX_LAYERS) {
        char key[160];
        snprintf(key, sizeof(key), "%s.block_count", arch);
        diag_set_offset(d, NULL, gguf_find(g, key)->at, "%s %llu is not a plausible layer count",
                        key, (unsigned long long)n_layer);
        return -EBADMSG;
    }
    m.n_layer = (uint32_t)n_layer;
    if ((e = arch_uint(g, arch, "embedding_length", &m.n_embd, d)) < 0 ||
        (e = arch_uint(g, arch, "context_length", &m.n_ctx_train, d)) < 0 ||
        (e = arch_uint(g, arch, "expert_count", &m.n_expert, d)) < 0 ||
        (e = arch_uint(g, arch, "expert_used_count", &m.n_expert_used, d)) < 0)
        return e;
    if ((e = arch_uint(g, arch, "attention.sliding_window", &m.n_swa, d)) < 0)
        return e;
    default_window(arch, m.n_layer, e > 0, &m.n_swa);
    if (arch_uint(g, arch, "feed_forward_length", &m.n_ff, d) < 0)
        m.n_ff = 0; /* may be per layer: then unknown */
    /* the FFN widths a token goes through, for the compute buffer: a MoE
     * layer's routed experts (expert_feed_forward_length, else the dense
     * width as mixtral-style files have it) and its shared experts */
    if (arch_uint(g, arch, "expert_feed_forward_length", &m.n_ff_exp, d) <= 0)
        m.n_ff_exp = m.n_ff;
    if (arch_uint(g, arch, "expert_shared_count", &m.n_expert_shared, d) <= 0)
        m.n_expert_shared = 0;
    if (arch_uint(g, arch, "expert_shared_feed_forward_length", &m.n_ff_shexp, d) <= 0)
        m.n_ff_shexp = sat_mul_u64(m.n_ff_exp, m.n_expert_shared); /* untrusted: no wrap */
    if (arch_uint(g, arch, "leading_dense_block_count", &m.n_layer_dense_lead, d) <= 0)
        m.n_layer_dense_lead = 0;
    m.layers = xcalloc(m.n_layer ? m.n_layer : 1, sizeof(*m.layers));
    if ((e = per_layer(g, arch, "attention.head_count", &m, offsetof(struct model_layer, n_head), 0,
                       d)) < 0)
        goto fail;
    bool kv_given = false;
    if ((e = per_layer(g, arch, "attention.head_count_kv", &m,
                       offsetof(struct model_layer, n_head_kv), 0, d)) < 0)
        goto fail;
    kv_given = e > 0;
    for (uint32_t il = 0; il < m.n_layer; il++)
        if (!kv_given)
            m.layers[il].n_head_kv = m.layers[il].n_head;
    for (uint32_t il = 0; il < m.n_layer; il++)
        if (m.layers[il].n_head) {
            m.n_head = m.layers[il].n_head;
            m.n_head_kv = m.layers[il].n_head_kv;
            break;
        }
    uint64_t head_dim = m.n_head ? m.n_embd / m.n_head : 0;
    m.key_len = m.value_len = head_dim;
    if ((e = arch_uint(g, arch, "attention.key_length", &m.key_len, d)) < 0 ||
        (e = arch_uint(g, arch, "attention.value_length", &m.value_len, d)) < 0)
        goto fail;
    m.key_len_swa = m.key_len;
    m.value_len_swa = m.value_len;
    if ((e = arch_uint(g, arch, "attention.key_length_swa", &m.key_len_swa, d)) < 0 ||
        (e = arch_uint(g, arch, "attention.value_length_swa", &m.value_len_swa, d)) < 0)
        goto fail;
    if ((e = arch_uint(g, arch, "attention.kv_lora_rank", &m.kv_lora_rank, d)) < 0 ||
        (e = arch_uint(g, arch, "attention.key_length_mla", &m.key_len_mla, d)) < 0 ||
        (e = arch_uint(g, arch, "attention.value_length_mla", &m.value_len_mla, d)) < 0)
        goto fail;
    /* llama_hparams::is_mla(): both MLA head sizes non-zero (an old
     * deepseek2 file without them is plain multi-head attention, wkv_b) */
    m.mla = m.key_len_mla && m.value_len_mla;
    if (m.key_len > (1u << 20) || m.value_len > (1u << 20) || m.key_len_swa > (1u << 20) ||
        m.value_len_swa > (1u << 20) || m.kv_lora_rank > (1u << 20) || m.key_len_mla > (1u << 20) ||
        m.value_len_mla > (1u << 20) || m.n_embd > (1ull << 24)) {
        char key[160];
        snprintf(key, sizeof(key), "%s.embedding_length", arch);
        const struct gguf_kv *ek = gguf_find(g, key);
        diag_set_offset(d, NULL, ek ? ek->at : 0, "%s: head or embedding sizes are not plausible",
                        arch);
        e = -EBADMSG;
        goto fail;
    }
    if ((e = recurrent_layers(g, arch, &m, d)) < 0)
        goto fail;
    /* vocabulary: {arch}.vocab_size, else the token list */
    if ((e = arch_uint(g, arch, "vocab_size", &m.n_vocab, d)) < 0)
        goto fail;
    /* the tokenizer arrays must have the types llama.cpp's vocab loader reads
     * them as (a type confusion there read out of bounds: huntr 2026) */
    static const struct {
        const char *key;
        uint32_t type;
        bool same_len;
    } tok_arrays[] = {
        {"tokenizer.ggml.tokens", GGUF_STRING, false},
        {"tokenizer.ggml.scores", GGUF_F32, true},
        {"tokenizer.ggml.token_type", GGUF_I32, true},
        {"tokenizer.ggml.merges", GGUF_STRING, false},
    };
    const struct gguf_kv *tok = gguf_find(g, "tokenizer.ggml.tokens");
    for (size_t i = 0; i < sizeof(tok_arrays) / sizeof(tok_arrays[0]); i++) {
        const struct gguf_kv *kv = gguf_find(g, tok_arrays[i].key);
        if (!kv)
            continue;
        if (kv->type != GGUF_ARRAY || kv->arr_type != tok_arrays[i].type) {
            diag_set_offset(d, NULL, kv->at, "%s is %s%s, llama.cpp reads an array of %s",
                            tok_arrays[i].key, kv->type == GGUF_ARRAY ? "an array of " : "a ",
                            gguf_vtype_name(kv->type == GGUF_ARRAY ? kv->arr_type : kv->type),
                            gguf_vtype_name(tok_arrays[i].type));
            e = -EBADMSG;
            goto fail;
        }
        if (tok_arrays[i].same_len && tok && tok->type == GGUF_ARRAY && kv->n != tok->n) {
            diag_set_offset(d, NULL, kv->at, "%s has %llu entries for %llu tokens",
                            tok_arrays[i].key, (unsigned long long)kv->n,
                            (unsigned long long)tok->n);
            e = -EBADMSG;
            goto fail;
        }
    }
    if (e == 0 && tok)
        m.n_vocab = tok->n;
    for (uint64_t i = 0; i < g->n_kv; i++)
        if (strncmp(g->kv[i].key, "tokenizer.", 10) == 0)
            m.vocab_bytes = sat_add(m.vocab_bytes, g->kv[i].size);
    /* sliding-window layers */
    if (m.n_swa) {
        uint32_t n_pattern = 0;
        bool dense_first = false, known = false;
        for (size_t i = 0; i < sizeof(swa_patterns) / sizeof(swa_patterns[0]); i++)
            if (strcmp(swa_patterns[i].arch, arch) == 0) {
                n_pattern = swa_patterns[i].n_pattern;
                dense_first = swa_patterns[i].dense_first;
                known = true;
            }
        char key[160];
        snprintf(key, sizeof(key), "%s.attention.sliding_window_pattern", arch);
        const struct gguf_kv *pk = gguf_find(g, key);
        if (pk && pk->type == GGUF_ARRAY && pk->n == m.n_layer) {
            for (uint32_t il = 0; il < m.n_layer; il++) {
                uint64_t b = 0;
                m.layers[il].swa = gguf_arr_uint(g, pk, il, &b) && b != 0;
            }
        } else {
            uint64_t np;
            if (gguf_get_uint(g, key, &np) && np <= UINT32_MAX) {
                n_pattern = (uint32_t)np;
                known = true;
            }
            /* an architecture llama.cpp gives no pattern ignores the key */
            for (uint32_t il = 0; il < m.n_layer; il++)
                m.layers[il].swa = !known           ? false
                                   : n_pattern == 0 ? true
                                   : dense_first    ? il % n_pattern != 0
                                                    : il % n_pattern < n_pattern - 1;
        }
    }
    uint64_t type_bytes[GGML_TYPE_COUNT] = {0};
    add_tensors(&m, g, type_bytes);
    finish_types(&m, type_bytes);
    *ret = m;
    return 0;
fail:
    free(m.layers);
    return e;
}

int model_add_split(struct model *m, const struct gguf_file *g, struct diag *d)
{
    (void)d;
    uint64_t type_bytes[GGML_TYPE_COUNT] = {0};
    bool tied = m->output_tied;
    if (tied)
        m->output_bytes = 0;
    add_tensors(m, g, type_bytes);
    m->file_bytes = sat_add(m->file_bytes, g->file_size);
    m->n_tensors = sat_add(m->n_tensors, g->n_tensors);
    m->n_splits++;
    for (int o = 0; o < GGUF_ODD_COUNT; o++)
        if (!m->gguf_odd_at[o])
            m->gguf_odd_at[o] = g->odd_at[o];
    if (m->output_tied)
        m->output_bytes = m->tok_embd_bytes;
    return 0;
}

void model_from_whisper(const struct ggml_bin *b, struct model *ret)
{
    struct model m;
    memset(&m, 0, sizeof(m));
    const struct whisper_hparams *h = &b->hp;
    m.format = MODEL_WHISPER;
    snprintf(m.arch, sizeof(m.arch), "whisper");
    ggml_bin_size_class(h, m.whisper_size, sizeof(m.whisper_size));
    snprintf(m.name, sizeof(m.name), "whisper %s", m.whisper_size);
    m.n_splits = 1;
    m.file_bytes = b->file_size;
    m.n_tensors = b->n_tensors;
    m.n_vocab = (uint64_t)h->n_vocab;
    m.n_embd = (uint64_t)h->n_text_state;
    m.n_layer = (uint32_t)(h->n_audio_layer + h->n_text_layer);
    m.n_audio_layer = (uint32_t)h->n_audio_layer;
    m.n_text_layer = (uint32_t)h->n_text_layer;
    m.n_audio_state = (uint32_t)h->n_audio_state;
    m.n_text_state = (uint32_t)h->n_text_state;
    m.n_audio_ctx = (uint32_t)h->n_audio_ctx;
    m.n_text_ctx = (uint32_t)h->n_text_ctx;
    m.n_audio_head = (uint32_t)h->n_audio_head;
    m.n_mels = (uint32_t)h->n_mels;
    m.n_ctx_train = (uint64_t)h->n_text_ctx;
    m.has_file_type = true;
    m.file_type = (uint32_t)h->ftype;
    m.dominant_type = b->wtype;
    m.whisper_readme_ram = ggml_bin_readme_ram(h);
    if (b->n_tensors) {
        m.weights_bytes = b->tensor_bytes;
        for (size_t i = 0; i < b->n_tensors; i++) {
            const struct ggml_bin_tensor *t = &b->tensors[i];
            m.n_params = sat_add(m.n_params, t->ne[0] * t->ne[1] * t->ne[2] * t->ne[3]);
        }
    } else {
        m.weights_bytes = ggml_bin_expected_weights(b);
        m.whisper_weights_computed = true;
        /* parameters: the weights at their storage size */
        const struct ggml_type_info *ti = ggml_type_get(b->wtype);
        m.n_params = ti ? m.weights_bytes / ti->block_size * ti->block : 0;
    }
    m.other_bytes = m.weights_bytes;
    m.layers = xcalloc(1, sizeof(*m.layers));
    *ret = m;
}

void model_release(struct model *m)
{
    free(m->layers);
    m->layers = NULL;
}

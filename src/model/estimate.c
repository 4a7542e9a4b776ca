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

static uint64_t sat_mul(uint64_t a, uint64_t b)
{
    uint64_t r;
    return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

#define MAX_LAYERS 65536 /* more blocks than any model has; bounds the layer table */

static uint64_t pad_to(uint64_t x, uint64_t n)
{
    return (x + n - 1) / n * n;
}

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
    m.big_endian = g->big_endian;
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
        (e = arch_uint(g, arch, "attention.sliding_window", &m.n_swa, d)) < 0 ||
        (e = arch_uint(g, arch, "expert_count", &m.n_expert, d)) < 0 ||
        (e = arch_uint(g, arch, "expert_used_count", &m.n_expert_used, d)) < 0)
        return e;
    if (arch_uint(g, arch, "feed_forward_length", &m.n_ff, d) < 0)
        m.n_ff = 0; /* may be per layer; only informative */
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
    if (m.key_len > (1u << 20) || m.value_len > (1u << 20) || m.key_len_swa > (1u << 20) ||
        m.value_len_swa > (1u << 20) || m.n_embd > (1ull << 24)) {
        char key[160];
        snprintf(key, sizeof(key), "%s.embedding_length", arch);
        const struct gguf_kv *ek = gguf_find(g, key);
        diag_set_offset(d, NULL, ek ? ek->at : 0, "%s: head or embedding sizes are not plausible",
                        arch);
        e = -EBADMSG;
        goto fail;
    }
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

/* whisper.cpp (src/whisper.cpp, f16 caches): self-attention cache of
 * n_text_ctx padded to 256 cells per decoder, cross-attention cache of
 * n_audio_ctx padded (1500 -> 1536), for n_text_layer layers. The compute
 * buffers (conv, encode, cross, decode graphs) are not derivable from the
 * header: 60 MB + 4 * n_audio_ctx * n_audio_state * 53 bytes reproduces the
 * README's RAM column minus weights and caches within 6 % for every size. */
static void estimate_whisper(const struct model *m, const struct estimate_opts *o,
                             struct estimate *e)
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

void model_release(struct model *m)
{
    free(m->layers);
    m->layers = NULL;
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
        uint64_t v = sat_mul(row_bytes(type_v, sat_mul(vl, L->n_head_kv)), c);
        total = sat_add(total, sat_mul(sat_add(k, v), n_seq ? n_seq : 1));
    }
    return total;
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
 *     sequence is read), so it scales with the layer widths, not the vocab;
 *   - overhead: the vocab tables (token strings, maps) and the rest of a
 *     loaded model's fixed cost. */
#define COMPUTE_EMBD_ROWS  13 /* n_embd-wide f32 rows per token resident */
#define COMPUTE_FF_ROWS    0
#define OVERHEAD_BASE      (15 * MIB)
#define OVERHEAD_PER_TOKEN 615 /* bytes per vocabulary entry */

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
    for (uint32_t il = 0; il < m->n_layer; il++) {
        const struct model_layer *L = &m->layers[il];
        uint64_t kv = kv_layer(m, il, e.ctx, o);
        e.kv_bytes = sat_add(e.kv_bytes, kv);
        if (il >= gpu_start) {
            uint64_t experts = o->cpu_moe ? L->expert_bytes : 0;
            e.weights_vram = sat_add(e.weights_vram, L->bytes - experts);
            e.weights_ram = sat_add(e.weights_ram, experts);
            e.kv_vram_bytes = sat_add(e.kv_vram_bytes, kv);
        } else {
            e.weights_ram = sat_add(e.weights_ram, L->bytes);
            e.kv_ram_bytes = sat_add(e.kv_ram_bytes, kv);
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
    e.compute_bytes = sat_mul(sat_mul(4, ubatch), sat_add(sat_mul(COMPUTE_EMBD_ROWS, m->n_embd),
                                                          sat_mul(COMPUTE_FF_ROWS, m->n_ff)));
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
    e.resident_bytes =
        sat_add(sat_add(sat_add(o->mmap ? 0 : e.weights_ram, e.repack_bytes), e.kv_ram_bytes),
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
    e.vram_bytes = sat_add(sat_add(e.weights_vram, e.kv_vram_bytes),
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

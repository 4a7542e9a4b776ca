/* The GGUF writer behind gguf-gen: metadata keys, the tensor list, a
 * minimal tokenizer, and the file (or its shards) with the tensor data as
 * a hole. Our own, from the GGUF specification (ggml's docs/gguf.md). */
#include "gguf-write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/ggml-types.h"
#include "model/gguf.h"

bool ggufw_big_endian;

void ggufw_put(struct strbuf *b, const void *v, size_t n)
{
    if (!ggufw_big_endian || n == 1) {
        strbuf_add(b, v, n);
        return;
    }
    const uint8_t *p = v;
    for (size_t i = n; i > 0; i--)
        strbuf_addch(b, (char)p[i - 1]);
}
static void u32(struct strbuf *b, uint32_t v)
{
    ggufw_put(b, &v, 4);
}
static void u64(struct strbuf *b, uint64_t v)
{
    ggufw_put(b, &v, 8);
}
static void str(struct strbuf *b, const char *s)
{
    u64(b, strlen(s));
    strbuf_add(b, s, strlen(s));
}

void ggufw_key(struct ggufw_kv *k, const char *name, uint32_t type)
{
    str(&k->b, name);
    u32(&k->b, type);
    k->n++;
}
void ggufw_kv_u32(struct ggufw_kv *k, const char *name, uint32_t v)
{
    ggufw_key(k, name, GGUF_U32);
    u32(&k->b, v);
}
void ggufw_kv_f32(struct ggufw_kv *k, const char *name, float v)
{
    ggufw_key(k, name, GGUF_F32);
    ggufw_put(&k->b, &v, 4);
}
/* a per-layer array: the hybrids' head_count_kv, 0 on recurrent layers */
void ggufw_kv_u32_arr(struct ggufw_kv *k, const char *name, const uint32_t *v, uint32_t n)
{
    ggufw_key(k, name, GGUF_ARRAY);
    u32(&k->b, GGUF_U32);
    u64(&k->b, n);
    for (uint32_t i = 0; i < n; i++)
        u32(&k->b, v[i]);
}
void ggufw_kv_str(struct ggufw_kv *k, const char *name, const char *v)
{
    ggufw_key(k, name, GGUF_STRING);
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

void ggufw_tensor4(const char *name, uint32_t type, uint32_t n_dims, uint64_t ne0, uint64_t ne1,
                   uint64_t ne2, uint64_t ne3)
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
    t->ne[3] = n_dims > 3 ? ne3 : 1;
    t->type = type;
    uint64_t row;
    if (!ggml_row_size(type, ne0, &row)) {
        fprintf(stderr, "gguf-gen: %s: %llu is not a multiple of %s's block\n", name,
                (unsigned long long)ne0, ggml_type_name(type));
        exit(2);
    }
    t->nbytes = row * t->ne[1] * t->ne[2] * t->ne[3];
}

void ggufw_tensor3(const char *name, uint32_t type, uint32_t n_dims, uint64_t ne0, uint64_t ne1,
                   uint64_t ne2)
{
    ggufw_tensor4(name, type, n_dims, ne0, ne1, ne2, 1);
}

void ggufw_tensor(const char *name, uint32_t type, uint32_t n_dims, uint64_t ne0, uint64_t ne1)
{
    ggufw_tensor3(name, type, n_dims, ne0, ne1, 1);
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

void ggufw_tokenizer(struct ggufw_kv *k, bool bpe, uint32_t n_vocab)
{
    char buf[32];
    ggufw_kv_str(k, "tokenizer.ggml.model", bpe ? "gpt2" : "llama");
    if (bpe)
        ggufw_kv_str(k, "tokenizer.ggml.pre", "qwen2");
    ggufw_key(k, "tokenizer.ggml.tokens", GGUF_ARRAY);
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
        ggufw_key(k, "tokenizer.ggml.scores", GGUF_ARRAY);
        u32(&k->b, GGUF_F32);
        u64(&k->b, n_vocab);
        for (uint32_t i = 0; i < n_vocab; i++) {
            float s = i < 259 ? 0.0f : -(float)i;
            ggufw_put(&k->b, &s, 4);
        }
    }
    ggufw_key(k, "tokenizer.ggml.token_type", GGUF_ARRAY);
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
        ggufw_put(&k->b, &t, 4);
    }
    if (bpe) {
        ggufw_key(k, "tokenizer.ggml.merges", GGUF_ARRAY);
        u32(&k->b, GGUF_STRING);
        u64(&k->b, 1);
        str(&k->b, "t 1");
        ggufw_kv_u32(k, "tokenizer.ggml.bos_token_id", n_vocab - 1);
        ggufw_kv_u32(k, "tokenizer.ggml.eos_token_id", n_vocab - 1);
    } else {
        ggufw_kv_u32(k, "tokenizer.ggml.bos_token_id", 1);
        ggufw_kv_u32(k, "tokenizer.ggml.eos_token_id", 2);
        ggufw_kv_u32(k, "tokenizer.ggml.unknown_token_id", 0);
    }
}

uint32_t ggufw_ftype(uint32_t type)
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

static int write_file(const char *path, const struct ggufw_kv *k, size_t t0, size_t t1,
                      uint32_t version, uint32_t alignment)
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

/* One file, or --split N shards named as llama.cpp's gguf-split names them
 * (FILE-0000k-of-0000N.gguf): the first holds the metadata and the first
 * tensors, every shard the split.* keys. */
int ggufw_write_model(const char *out, const struct ggufw_kv *meta, const char *arch,
                      uint32_t split, uint32_t version)
{
    int rc = 0;
    if (split == 1) {
        rc = write_file(out, meta, 0, ntensors, version, 32);
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
        struct ggufw_kv ks = {STRBUF_INIT, 0};
        if (s == 0) {
            strbuf_add(&ks.b, meta->b.buf, meta->b.len);
            ks.n = meta->n;
        } else {
            ggufw_kv_str(&ks, "general.architecture", arch);
        }
        ggufw_key(&ks, "split.no", GGUF_U16);
        uint16_t no = (uint16_t)s, cnt = (uint16_t)split;
        ggufw_put(&ks.b, &no, 2);
        ggufw_key(&ks, "split.count", GGUF_U16);
        ggufw_put(&ks.b, &cnt, 2);
        ggufw_key(&ks, "split.tensors.count", GGUF_I32);
        int32_t tc = (int32_t)ntensors;
        ggufw_put(&ks.b, &tc, 4);
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
    free(tensors);
    return rc;
}

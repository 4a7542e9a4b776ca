/* Reading values out of a parsed GGUF file: lookups by key, typed getters,
 * strings and arrays read from the file on demand. The parser (gguf.c)
 * keeps only offsets for large arrays; these read them back. */
#include "model/gguf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "model/bin-src.h"
#include "model/gguf-internal.h"

/* ---- values ---- */

const char *gguf_oddity_id(enum gguf_oddity o)
{
    static const char *const ids[GGUF_ODD_COUNT] = {
        "bool-value", "key-nul", "tensor-name-nul", "long-key", "big-header", "zero-tensor",
    };
    return (unsigned)o < GGUF_ODD_COUNT ? ids[o] : "?";
}

const char *gguf_oddity_text(enum gguf_oddity o)
{
    static const char *const text[GGUF_ODD_COUNT] = {
        "a bool value is neither 0 nor 1; llama.cpp reads it as true",
        "a key holds a NUL byte; llama.cpp finds it by the part before the NUL",
        "a tensor name holds a NUL byte; llama.cpp uses the part before the NUL",
        "a key is longer than 65,535 bytes; llama.cpp reads it, other GGUF tools may not",
        "the header is larger than 512 MiB; llama.cpp holds it all in memory while loading",
        "a tensor has a zero dimension: it holds no data",
    };
    return (unsigned)o < GGUF_ODD_COUNT ? text[o] : "?";
}

size_t gguf_vtype_size(uint32_t t)
{
    static const uint8_t sz[GGUF_VTYPE_COUNT] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
    return t < GGUF_VTYPE_COUNT ? sz[t] : 0;
}

const char *gguf_vtype_name(uint32_t t)
{
    static const char *const names[GGUF_VTYPE_COUNT] = {
        "u8",   "i8",     "u16",   "i16", "u32", "i32", "f32",
        "bool", "string", "array", "u64", "i64", "f64",
    };
    return t < GGUF_VTYPE_COUNT ? names[t] : "?";
}

bool gguf_decode_scalar(uint32_t t, const uint8_t *raw, struct gguf_scalar *out)
{
    out->type = t;
    switch (t) {
    case GGUF_U8:
        out->v.u = raw[0];
        return true;
    case GGUF_I8:
        out->v.i = (int8_t)raw[0];
        return true;
    case GGUF_BOOL:
        out->v.u = raw[0] != 0;
        return true;
    case GGUF_U16: {
        uint16_t x;
        memcpy(&x, raw, 2);
        out->v.u = x;
        return true;
    }
    case GGUF_I16: {
        int16_t x;
        memcpy(&x, raw, 2);
        out->v.i = x;
        return true;
    }
    case GGUF_U32: {
        uint32_t x;
        memcpy(&x, raw, 4);
        out->v.u = x;
        return true;
    }
    case GGUF_I32: {
        int32_t x;
        memcpy(&x, raw, 4);
        out->v.i = x;
        return true;
    }
    case GGUF_F32: {
        float x;
        memcpy(&x, raw, 4);
        out->v.f = x;
        return true;
    }
    case GGUF_U64:
        memcpy(&out->v.u, raw, 8);
        return true;
    case GGUF_I64:
        memcpy(&out->v.i, raw, 8);
        return true;
    case GGUF_F64:
        memcpy(&out->v.f, raw, 8);
        return true;
    }
    return false;
}

/* ---- accessors ---- */

const struct gguf_kv *gguf_find(const struct gguf_file *g, const char *key)
{
    for (uint64_t i = 0; i < g->n_kv; i++)
        if (strcmp(g->kv[i].key, key) == 0)
            return &g->kv[i];
    return NULL;
}

bool gguf_scalar_uint(const struct gguf_scalar *s, uint64_t *ret)
{
    switch (s->type) {
    case GGUF_U8:
    case GGUF_U16:
    case GGUF_U32:
    case GGUF_U64:
        *ret = s->v.u;
        return true;
    case GGUF_I8:
    case GGUF_I16:
    case GGUF_I32:
    case GGUF_I64:
        if (s->v.i < 0)
            return false;
        *ret = (uint64_t)s->v.i;
        return true;
    }
    return false;
}

bool gguf_get_uint(const struct gguf_file *g, const char *key, uint64_t *ret)
{
    const struct gguf_kv *kv = gguf_find(g, key);
    return kv && kv->type != GGUF_ARRAY && kv->type != GGUF_STRING &&
           gguf_scalar_uint(&kv->num, ret);
}

bool gguf_get_float(const struct gguf_file *g, const char *key, double *ret)
{
    const struct gguf_kv *kv = gguf_find(g, key);
    if (!kv || kv->type == GGUF_ARRAY || kv->type == GGUF_STRING || kv->type == GGUF_BOOL)
        return false;
    if (kv->type == GGUF_F32 || kv->type == GGUF_F64)
        *ret = kv->num.v.f;
    else if (kv->type == GGUF_I8 || kv->type == GGUF_I16 || kv->type == GGUF_I32 ||
             kv->type == GGUF_I64)
        *ret = (double)kv->num.v.i;
    else
        *ret = (double)kv->num.v.u;
    return true;
}

bool gguf_get_bool(const struct gguf_file *g, const char *key, bool *ret)
{
    const struct gguf_kv *kv = gguf_find(g, key);
    if (!kv || kv->type != GGUF_BOOL)
        return false;
    *ret = kv->num.v.u != 0;
    return true;
}

/* Appends n bytes at off to out. */
static int read_into(struct bin_src *s, uint64_t off, size_t n, struct strbuf *out)
{
    strbuf_grow(out, n);
    int e = bin_src_read(s, off, out->buf + out->len, n);
    if (e < 0)
        return e;
    out->len += n;
    out->buf[out->len] = '\0';
    return 0;
}

const char *gguf_get_cstr(const struct gguf_file *g, const char *key)
{
    const struct gguf_kv *kv = gguf_find(g, key);
    return kv && kv->type == GGUF_STRING ? kv->str : NULL;
}

int gguf_get_str(const struct gguf_file *g, const char *key, struct strbuf *out)
{
    const struct gguf_kv *kv = gguf_find(g, key);
    strbuf_reset(out);
    if (!kv)
        return -ENOENT;
    return gguf_kv_str(g, kv, out);
}

int gguf_kv_str(const struct gguf_file *g, const struct gguf_kv *kv, struct strbuf *out)
{
    strbuf_reset(out);
    if (kv->type != GGUF_STRING)
        return -EINVAL;
    if (kv->str) {
        strbuf_add(out, kv->str, (size_t)kv->n);
        return 0;
    }
    return read_into(g->src, kv->off, (size_t)kv->n, out);
}

void gguf_iter_init(struct gguf_iter *it, const struct gguf_file *g, const struct gguf_kv *kv)
{
    it->g = g;
    it->kv = kv;
    it->i = 0;
    it->pos = kv->off;
}

int gguf_iter_next(struct gguf_iter *it, struct gguf_scalar *ret_num, struct strbuf *ret_str)
{
    const struct gguf_kv *kv = it->kv;
    if (kv->type != GGUF_ARRAY || it->i >= kv->n)
        return 0;
    struct bin_src *s = it->g->src;
    if (kv->arr_type == GGUF_STRING) {
        uint64_t len;
        int e = bin_src_read(s, it->pos, &len, 8);
        if (e < 0)
            return e;
        if (len > kv->off + kv->size - it->pos - 8)
            return -EBADMSG; /* the file changed since the parse */
        if (ret_str) {
            strbuf_reset(ret_str);
            e = read_into(s, it->pos + 8, (size_t)len, ret_str);
            if (e < 0)
                return e;
        }
        it->pos += 8 + len;
    } else {
        size_t esz = gguf_vtype_size(kv->arr_type);
        uint8_t raw[8];
        int e = bin_src_read(s, it->pos, raw, esz);
        if (e < 0)
            return e;
        struct gguf_scalar tmp;
        gguf_decode_scalar(kv->arr_type, raw, ret_num ? ret_num : &tmp);
        it->pos += esz;
    }
    it->i++;
    return 1;
}

bool gguf_arr_uint(const struct gguf_file *g, const struct gguf_kv *kv, uint64_t i, uint64_t *ret)
{
    if (kv->type != GGUF_ARRAY || i >= kv->n || kv->arr_type == GGUF_STRING)
        return false;
    size_t esz = gguf_vtype_size(kv->arr_type);
    uint8_t raw[8];
    if (bin_src_read(g->src, kv->off + i * esz, raw, esz) < 0)
        return false;
    struct gguf_scalar s;
    gguf_decode_scalar(kv->arr_type, raw, &s);
    if (s.type == GGUF_BOOL) {
        *ret = s.v.u;
        return true;
    }
    return gguf_scalar_uint(&s, ret);
}

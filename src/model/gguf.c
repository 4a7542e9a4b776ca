#include "model/gguf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/bin-src.h"
#include "model/gguf-internal.h"
#include "model/ggml-types.h"
#include "util/parse.h"
#include "util/xalloc.h"

/* ---- the parser ---- */

struct parser {
    struct gguf_file *g;
    struct bin_src *s;
    struct diag *d;
    uint64_t pos;
    /* the least the items after the current one take (a pair 14 bytes, a
     * tensor info 24): a remote reader asks for that much more at once */
    uint64_t rest_min, tensors_min;
    uint64_t last_array_n; /* elements of the array just parsed, 0 after anything else */
};

static uint64_t left(const struct parser *p)
{
    return p->s->size - p->pos;
}

/* Notes the first place an oddity occurs. */
static void odd(struct parser *p, enum gguf_oddity o, uint64_t at)
{
    if (!p->g->odd_at[o])
        p->g->odd_at[o] = at;
}

/* There must be n more bytes in the file. */
static int need(struct parser *p, uint64_t n, const char *what)
{
    if (n <= left(p))
        return 0;
    return bin_fail(p->d, p->pos, "%s: needs %llu bytes, the file has %llu left (truncated?)", what,
                    (unsigned long long)n, (unsigned long long)(p->s->size - p->pos));
}

static int rd(struct parser *p, void *dst, size_t n, const char *what)
{
    int e = need(p, n, what);
    if (e < 0)
        return e;
    e = bin_src_read(p->s, p->pos, dst, n);
    if (e == -ENODATA)
        bin_src_short(p->s, p->pos + n, p->rest_min, p->last_array_n);
    if (e < 0)
        return bin_fail(p->d, p->pos, "%s: read error: %s", what, strerror(-e));
    p->pos += n;
    return 0;
}

/* GGUF is little-endian, as is every host headroom runs on (x86-64, arm64). */
static int rd_u32(struct parser *p, uint32_t *v, const char *what)
{
    return rd(p, v, 4, what);
}

static int rd_u64(struct parser *p, uint64_t *v, const char *what)
{
    return rd(p, v, 8, what);
}

static void *p_grow(struct parser *p, void *ptr, size_t need_n, size_t size, size_t *alloc)
{
    size_t before = *alloc;
    void *r = xgrow(ptr, need_n, size, alloc);
    p->g->alloc_bytes += (*alloc - before) * size;
    return r;
}

/* A NUL-terminated copy of exactly n bytes (which may hold a NUL). */
static char *p_strdup(struct parser *p, const char *s, size_t n)
{
    p->g->alloc_bytes += n + 1;
    char *r = xmalloc(n + 1);
    memcpy(r, s, n);
    r[n] = '\0';
    return r;
}

/* A string's length: at most GGUF_MAX_STRING and within the bytes left. */
static int rd_strlen(struct parser *p, uint64_t *len, const char *what)
{
    uint64_t at = p->pos;
    int e = rd_u64(p, len, what);
    if (e < 0)
        return e;
    if (*len > GGUF_MAX_STRING)
        return bin_fail(p->d, at, "%s: string length %llu is above the 1 GiB ggml allows", what,
                        (unsigned long long)*len);
    if (*len > left(p))
        return need(p, *len, what);
    return 0;
}

/* Reads a key into a fresh copy, NUL-terminated after its *len bytes. The
 * length was checked against the bytes left in the file, so the copy is never
 * larger than the file. */
static int rd_key(struct parser *p, char **ret, uint64_t *len, const char *what)
{
    uint64_t at = p->pos;
    int e = rd_strlen(p, len, what);
    if (e < 0)
        return e;
    p->g->alloc_bytes += (size_t)*len + 1;
    char *key = xmalloc((size_t)*len + 1);
    e = rd(p, key, (size_t)*len, what);
    if (e < 0) {
        free(key);
        return e;
    }
    key[*len] = '\0';
    if (memchr(key, '\0', (size_t)*len))
        odd(p, GGUF_ODD_KEY_NUL, at);
    if (*len > GGUF_LONG_KEY)
        odd(p, GGUF_ODD_LONG_KEY, at);
    *ret = key;
    return 0;
}

static int parse_value(struct parser *p, struct gguf_kv *kv, const char *key)
{
    char what[96];
    snprintf(what, sizeof(what), "value of '%.60s'", key);
    uint64_t at = p->pos;
    uint32_t t;
    int e = rd_u32(p, &t, what);
    if (e < 0)
        return e;
    if (t >= GGUF_VTYPE_COUNT)
        return bin_fail(p->d, at, "%s: invalid value type %u", what, t);
    kv->type = t;
    if (t == GGUF_STRING) {
        e = rd_strlen(p, &kv->n, what);
        if (e < 0)
            return e;
        kv->off = p->pos;
        kv->size = kv->n;
        if (kv->n <= GGUF_KEEP_STRING) {
            char buf[GGUF_KEEP_STRING];
            e = rd(p, buf, (size_t)kv->n, what);
            if (e < 0)
                return e;
            kv->str = p_strdup(p, buf, (size_t)kv->n);
        } else {
            p->pos += kv->n; /* checked by rd_strlen */
            /* skipped, not read: a remote reader will need past it */
            bin_src_want(p->s, sat_add_u64(p->pos, p->rest_min));
        }
        return 0;
    }
    if (t == GGUF_ARRAY) {
        uint32_t et;
        at = p->pos;
        e = rd_u32(p, &et, what);
        if (e < 0)
            return e;
        if (et >= GGUF_VTYPE_COUNT)
            return bin_fail(p->d, at, "%s: invalid array element type %u", what, et);
        if (et == GGUF_ARRAY)
            return bin_fail(p->d, at, "%s: an array of arrays (ggml refuses nesting)", what);
        kv->arr_type = et;
        at = p->pos;
        e = rd_u64(p, &kv->n, what);
        if (e < 0)
            return e;
        kv->off = p->pos;
        size_t esz = gguf_vtype_size(et);
        if (et == GGUF_STRING) {
            /* each element is at least its 8-byte length */
            if (kv->n > left(p) / 8)
                return bin_fail(p->d, at, "%s: %llu strings cannot fit in the %llu bytes left",
                                what, (unsigned long long)kv->n, (unsigned long long)left(p));
            for (uint64_t i = 0; i < kv->n; i++) {
                uint64_t len;
                bin_src_strings_left(p->s, p->pos, kv->n - i, p->pos - kv->off, i, p->rest_min);
                e = rd_strlen(p, &len, what);
                if (e < 0)
                    return e;
                p->pos += len;
            }
            kv->size = p->pos - kv->off;
            return 0;
        }
        uint64_t bytes;
        if (__builtin_mul_overflow(kv->n, (uint64_t)esz, &bytes) || bytes > GGUF_MAX_STRING)
            return bin_fail(p->d, at, "%s: array of %llu elements is above the 1 GiB ggml allows",
                            what, (unsigned long long)kv->n);
        e = need(p, bytes, what);
        if (e < 0)
            return e;
        if (et == GGUF_BOOL && !p->g->odd_at[GGUF_ODD_BOOL_VALUE]) {
            /* note the first bool that is neither 0 nor 1, reading in chunks */
            uint8_t chunk[4096];
            for (uint64_t i = 0; i < bytes;) {
                size_t k = bytes - i < sizeof(chunk) ? (size_t)(bytes - i) : sizeof(chunk);
                e = rd(p, chunk, k, what);
                if (e < 0)
                    return e;
                for (size_t j = 0; j < k && !p->g->odd_at[GGUF_ODD_BOOL_VALUE]; j++)
                    if (chunk[j] > 1)
                        odd(p, GGUF_ODD_BOOL_VALUE, kv->off + i + j);
                i += k;
            }
        } else {
            p->pos += bytes;
            /* skipped, not read: a remote reader will need past it */
            bin_src_want(p->s, sat_add_u64(p->pos, p->rest_min));
        }
        kv->size = bytes;
        return 0;
    }
    uint8_t raw[8];
    size_t esz = gguf_vtype_size(t);
    kv->off = p->pos;
    e = rd(p, raw, esz, what);
    if (e < 0)
        return e;
    gguf_decode_scalar(t, raw, &kv->num);
    if (t == GGUF_BOOL && raw[0] > 1)
        odd(p, GGUF_ODD_BOOL_VALUE, kv->off);
    kv->n = 1;
    kv->size = esz;
    return 0;
}

static int parse_kvs(struct parser *p, uint64_t count)
{
    struct gguf_file *g = p->g;
    struct gguf_nameset ns = {0};
    size_t alloc = 0;
    int e = 0;
    g->n_kv = 0;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t at = p->pos;
        p->rest_min = (count - i - 1) * 14 + p->tensors_min; /* checked in parse() */
        char what[48];
        snprintf(what, sizeof(what), "key %llu", (unsigned long long)i);
        char *key;
        uint64_t key_len;
        e = rd_key(p, &key, &key_len, what);
        if (e < 0)
            break;
        g->kv = p_grow(p, g->kv, (size_t)i + 1, sizeof(*g->kv), &alloc);
        struct gguf_kv *kv = &g->kv[i];
        memset(kv, 0, sizeof(*kv));
        kv->key = key;
        kv->key_len = key_len;
        kv->at = at;
        g->n_kv = i + 1; /* so gguf_free() releases what was parsed */
        if (key_len == 0) {
            e = bin_fail(p->d, at, "%s: empty key", what);
            break;
        }
        size_t dup =
            gguf_nameset_add(&ns, g, gguf_kv_name(g, (uint32_t)i), (uint32_t)i, gguf_kv_name);
        if (dup) {
            e = bin_fail(p->d, at, "duplicate key '%.80s' (first at offset %llu)", key,
                         (unsigned long long)g->kv[dup - 1].at);
            break;
        }
        e = parse_value(p, kv, key);
        if (e < 0)
            break;
        p->last_array_n = kv->type == GGUF_ARRAY ? kv->n : 0;
    }
    free(ns.slot);
    return e;
}

static int parse_tensor(struct parser *p, struct gguf_tensor *t, uint64_t i)
{
    char what[96];
    snprintf(what, sizeof(what), "tensor %llu", (unsigned long long)i);
    uint64_t at = p->pos, len;
    int e = rd_strlen(p, &len, what);
    if (e < 0)
        return e;
    if (len >= GGUF_MAX_NAME)
        return bin_fail(p->d, at, "%s: name of %llu bytes (ggml allows at most %d)", what,
                        (unsigned long long)len, GGUF_MAX_NAME - 1);
    e = rd(p, t->name, (size_t)len, what);
    if (e < 0)
        return e;
    t->name[len] = '\0';
    if (memchr(t->name, '\0', (size_t)len))
        odd(p, GGUF_ODD_TENSOR_NAME_NUL, at);
    snprintf(what, sizeof(what), "tensor '%.40s'", t->name);
    at = p->pos;
    e = rd_u32(p, &t->n_dims, what);
    if (e < 0)
        return e;
    if (t->n_dims > GGUF_MAX_DIMS)
        return bin_fail(p->d, at, "%s: %u dimensions (at most %d)", what, t->n_dims, GGUF_MAX_DIMS);
    uint64_t dims_at = p->pos;
    bool empty = false;
    for (uint32_t j = 0; j < GGUF_MAX_DIMS; j++) {
        t->ne[j] = 1;
        if (j >= t->n_dims)
            continue;
        at = p->pos;
        e = rd_u64(p, &t->ne[j], what);
        if (e < 0)
            return e;
        if (t->ne[j] > (uint64_t)INT64_MAX)
            return bin_fail(p->d, at, "%s: dimension %u is negative", what, j);
        empty |= t->ne[j] == 0;
    }
    /* ggml's test: each partial product below INT64_MAX. A tensor with a zero
     * dimension holds nothing whatever the others are (ggml skips the test);
     * where the product wraps ggml skips it too, and we refuse. */
    uint64_t nel = t->ne[0];
    for (int j = 1; j < GGUF_MAX_DIMS && !empty; j++) {
        if ((uint64_t)INT64_MAX / t->ne[j] <= nel)
            return bin_fail(p->d, dims_at, "%s: its dimensions hold 2^63 elements or more", what);
        nel *= t->ne[j];
    }
    if (empty)
        odd(p, GGUF_ODD_ZERO_TENSOR, dims_at);
    at = p->pos;
    e = rd_u32(p, &t->type, what);
    if (e < 0)
        return e;
    const struct ggml_type_info *ti = ggml_type_get(t->type);
    if (!ti)
        return bin_fail(p->d, at, "%s: invalid or removed ggml type %u", what, t->type);
    if (t->ne[0] % ti->block)
        return bin_fail(p->d, at, "%s: row of %llu elements is not a multiple of %s's block of %u",
                        what, (unsigned long long)t->ne[0], ti->name, ti->block);
    uint64_t row = 0;
    if (!empty && !ggml_row_size(t->type, t->ne[0], &row))
        return bin_fail(p->d, at, "%s: row size overflows", what);
    uint64_t nb = row;
    for (int j = 1; j < GGUF_MAX_DIMS; j++)
        if (__builtin_mul_overflow(nb, t->ne[j], &nb))
            return bin_fail(p->d, at, "%s: byte size overflows 64 bits", what);
    if (nb > (uint64_t)SIZE_MAX || nb > (uint64_t)INT64_MAX)
        return bin_fail(p->d, at, "%s: byte size overflows", what);
    t->nbytes = nb;
    return rd_u64(p, &t->offset, what);
}

static int parse_tensors(struct parser *p)
{
    struct gguf_file *g = p->g;
    struct gguf_nameset ns = {0};
    size_t alloc = 0;
    uint64_t count = g->n_tensors;
    p->last_array_n = 0;
    g->n_tensors = 0;
    int e = 0;
    uint64_t *at = NULL;
    size_t at_alloc = 0;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t start = p->pos;
        p->rest_min = (count - i - 1) * 24;
        g->tensors = p_grow(p, g->tensors, (size_t)i + 1, sizeof(*g->tensors), &alloc);
        at = p_grow(p, at, (size_t)i + 1, sizeof(*at), &at_alloc);
        at[i] = start;
        struct gguf_tensor *t = &g->tensors[i];
        memset(t, 0, sizeof(*t));
        e = parse_tensor(p, t, i);
        if (e < 0)
            break;
        g->n_tensors = i + 1;
        size_t dup = gguf_nameset_add(&ns, g, gguf_tensor_name(g, (uint32_t)i), (uint32_t)i,
                                      gguf_tensor_name);
        if (dup) {
            e = bin_fail(p->d, start, "duplicate tensor name '%s' (first at offset %llu)", t->name,
                         (unsigned long long)at[dup - 1]);
            break;
        }
    }
    free(ns.slot);
    if (e < 0) {
        free(at);
        return e;
    }
    g->info_end = p->pos;
    if (g->info_end > GGUF_BIG_HEADER)
        odd(p, GGUF_ODD_BIG_HEADER, GGUF_BIG_HEADER);
    /* the data section starts at the next multiple of the alignment */
    uint64_t a = g->alignment;
    if (__builtin_add_overflow(g->info_end, a - 1, &g->data_offset)) {
        free(at);
        return bin_fail(p->d, g->info_end, "data offset overflows with alignment %llu",
                        (unsigned long long)a);
    }
    g->data_offset &= ~(a - 1);
    /* offsets are strictly sequential: each one is the sum of the earlier
     * tensors' sizes padded to the alignment (ggml gguf.cpp) */
    uint64_t expect = 0, total = 0;
    for (uint64_t i = 0; i < g->n_tensors && e == 0; i++) {
        const struct gguf_tensor *t = &g->tensors[i];
        if (t->offset != expect) {
            e = bin_fail(p->d, at[i], "tensor '%s': data offset %llu, expected %llu", t->name,
                         (unsigned long long)t->offset, (unsigned long long)expect);
            break;
        }
        uint64_t padded;
        if (__builtin_add_overflow(t->nbytes, a - 1, &padded) ||
            __builtin_add_overflow(expect, padded & ~(a - 1), &expect)) {
            e = bin_fail(p->d, at[i], "tensor '%s': data size overflows", t->name);
            break;
        }
        total += t->nbytes; /* <= expect, cannot overflow */
        /* the tensor's bytes must be inside the file */
        uint64_t end;
        if (__builtin_add_overflow(g->data_offset, t->offset, &end) ||
            __builtin_add_overflow(end, t->nbytes, &end) || end > g->file_size) {
            e = bin_fail(
                p->d, at[i],
                "tensor '%s': data ends past the end of the file (%llu + %llu bytes at data "
                "offset %llu, file %llu bytes)",
                t->name, (unsigned long long)t->offset, (unsigned long long)t->nbytes,
                (unsigned long long)g->data_offset, (unsigned long long)g->file_size);
            break;
        }
    }
    free(at);
    g->data_size = expect;
    g->tensor_bytes = total;
    return e;
}

static int parse(struct gguf_file *g, struct bin_src *s, struct diag *d)
{
    struct parser p = {.g = g, .s = s, .d = d};
    g->src = s;
    g->file_size = s->size;
    g->alignment = GGUF_DEFAULT_ALIGNMENT;
    uint32_t magic, version;
    int e = rd(&p, &magic, 4, "magic");
    if (e < 0)
        return e;
    if (memcmp(&magic, "GGUF", 4) != 0) {
        if (memcmp(&magic, "lmgg", 4) == 0 || memcmp(&magic, "ggml", 4) == 0 ||
            memcmp(&magic, "ggjt", 4) == 0 || memcmp(&magic, "ggmf", 4) == 0)
            return bin_fail(p.d, 0, "a legacy ggml file, not GGUF");
        return bin_fail(p.d, 0, "not a GGUF file (magic %02x %02x %02x %02x)",
                        ((uint8_t *)&magic)[0], ((uint8_t *)&magic)[1], ((uint8_t *)&magic)[2],
                        ((uint8_t *)&magic)[3]);
    }
    e = rd(&p, &version, 4, "version");
    if (e < 0)
        return e;
    g->version = version;
    if (version == 0)
        return bin_fail(p.d, 4, "GGUF version 0 is not a version");
    /* No flag marks the byte order: a version whose low 16 bits are zero was
     * written big-endian (ggml makes the same test, gguf.cpp, and refuses) */
    if ((version & 0xFFFF) == 0)
        return bin_fail(p.d, 4,
                        "a big-endian GGUF (version %u read the other way round): llama.cpp "
                        "reads only little-endian files and refuses it",
                        (unsigned)__builtin_bswap32(version));
    if (version == 1)
        return bin_fail(p.d, 4,
                        "GGUF version 1 (32-bit counts, before late 2023) is not read by "
                        "llama.cpp; convert the model again");
    if (version > 3)
        return bin_fail(p.d, 4, "unsupported GGUF version %u (this reader knows 2 and 3)", version);
    uint64_t nt, nk;
    if ((e = rd_u64(&p, &nt, "tensor count")) < 0 || (e = rd_u64(&p, &nk, "key count")) < 0)
        return e;
    if (nt > (uint64_t)INT64_MAX)
        return bin_fail(p.d, 8, "tensor count %llu is negative as ggml reads it",
                        (unsigned long long)nt);
    if (nk > (uint64_t)INT64_MAX)
        return bin_fail(p.d, 16, "key count %llu is negative as ggml reads it",
                        (unsigned long long)nk);
    /* a pair takes at least 14 bytes (8 length, 1 key byte, 4 type, 1 value)
     * and a tensor info 24 (8 length, 4 dims, 4 type, 8 offset) */
    uint64_t min_kv, min_t, min_all;
    if (__builtin_mul_overflow(nk, 14, &min_kv) || min_kv > left(&p))
        return bin_fail(p.d, 16, "key count %llu cannot fit in the %llu bytes left",
                        (unsigned long long)nk, (unsigned long long)left(&p));
    if (__builtin_mul_overflow(nt, 24, &min_t) || __builtin_add_overflow(min_kv, min_t, &min_all) ||
        min_all > left(&p))
        return bin_fail(p.d, 8, "tensor count %llu cannot fit in the %llu bytes left",
                        (unsigned long long)nt, (unsigned long long)left(&p));
    bin_src_want(s, p.pos + min_all);
    p.tensors_min = min_t;
    e = parse_kvs(&p, nk);
    if (e < 0)
        return e;
    const struct gguf_kv *al = gguf_find(g, "general.alignment");
    if (al) {
        if (al->type != GGUF_U32)
            return bin_fail(p.d, al->at, "general.alignment is a %s, ggml wants a u32",
                            gguf_vtype_name(al->type));
        if (al->num.v.u == 0 || (al->num.v.u & (al->num.v.u - 1)))
            return bin_fail(p.d, al->off, "general.alignment %llu is not a power of two",
                            (unsigned long long)al->num.v.u);
        g->alignment = al->num.v.u;
    }
    g->n_tensors = nt;
    return parse_tensors(&p);
}

static int finish(int e, struct gguf_file *g, struct bin_src *s, struct gguf_file *ret)
{
    if (e < 0) {
        g->src = s;
        gguf_free(g);
        return e;
    }
    *ret = *g;
    return 0;
}

int gguf_parse_mem(const void *buf, size_t len, struct gguf_file *ret, struct diag *d)
{
    struct gguf_file g;
    memset(&g, 0, sizeof(g));
    struct bin_src *s = bin_src_mem(buf, len);
    return finish(parse(&g, s, d), &g, s, ret);
}

int gguf_parse_prefix(const void *buf, size_t have, uint64_t size, struct gguf_file *ret,
                      uint64_t *ret_need, uint64_t *ret_guess, struct diag *d)
{
    struct gguf_file g;
    memset(&g, 0, sizeof(g));
    struct bin_src *s = bin_src_prefix(buf, have, size);
    int e = parse(&g, s, d);
    if (e < 0 && s->want) {
        *ret_need = s->want > s->hint ? s->want : s->hint;
        *ret_guess = s->guess > *ret_need ? s->guess : *ret_need;
        e = -ENODATA;
    }
    return finish(e, &g, s, ret);
}

int gguf_open_fd(int fd, const char *name, struct gguf_file *ret, struct diag *d)
{
    struct stat st;
    diag_set_file(d, name);
    if (fstat(fd, &st) < 0)
        return -errno;
    if (S_ISDIR(st.st_mode))
        return -EISDIR;
    if (!S_ISREG(st.st_mode))
        return -EINVAL;
    struct gguf_file g;
    memset(&g, 0, sizeof(g));
    struct bin_src *s = bin_src_fd(fd, (uint64_t)st.st_size);
    int e = parse(&g, s, d);
    if (e == -EBADMSG)
        diag_set_file(d, name);
    return finish(e, &g, s, ret);
}

int gguf_open(const char *path, struct gguf_file *ret, struct diag *d)
{
    /* O_NONBLOCK: a FIFO without a writer would block the open; the type
     * is checked next, and regular files ignore the flag */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return -errno;
    int e = gguf_open_fd(fd, path, ret, d);
    if (e < 0) {
        close(fd);
        return e;
    }
    ret->src->own_fd = true;
    return 0;
}

void gguf_free(struct gguf_file *g)
{
    if (!g)
        return;
    for (uint64_t i = 0; g->kv && i < g->n_kv; i++) {
        free(g->kv[i].key);
        free(g->kv[i].str);
    }
    free(g->kv);
    free(g->tensors);
    bin_src_free(g->src);
    memset(g, 0, sizeof(*g));
}

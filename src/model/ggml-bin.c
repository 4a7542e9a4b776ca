#include "model/ggml-bin.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/bin-src.h"
#include "model/ggml-types.h"
#include "util/parse.h"
#include "util/size.h"
#include "util/xalloc.h"

struct rd {
    struct bin_src *s;
    struct diag *d;
    uint64_t pos;
};

static uint64_t left(const struct rd *r)
{
    return r->s->size - r->pos;
}

static int rd_bytes(struct rd *r, void *dst, size_t n, const char *what)
{
    if (n > left(r))
        return bin_fail(r->d, r->pos, "%s: needs %zu bytes, the file has %llu left (truncated?)",
                        what, n, (unsigned long long)left(r));
    int e = bin_src_read(r->s, r->pos, dst, n);
    if (e < 0)
        return bin_fail(r->d, r->pos, "%s: read error: %s", what, strerror(-e));
    r->pos += n;
    return 0;
}

static int rd_i32(struct rd *r, int32_t *v, const char *what)
{
    return rd_bytes(r, v, 4, what);
}

/* ggml_ftype (ggml.h) of the file to the ggml type of its matrices, as
 * whisper.cpp's ggml_ftype_to_ggml_type does; false when unknown. */
static bool ftype_to_type(int32_t ftype, uint32_t *ret)
{
    static const struct {
        int32_t ftype;
        uint32_t type;
    } map[] = {
        {0, 0},   {1, 1},   {2, 2},   {3, 3},   {7, 8},   {8, 6},   {9, 7},
        {10, 10}, {11, 11}, {12, 12}, {13, 13}, {14, 14}, {24, 30},
    };
    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (map[i].ftype == ftype) {
            *ret = map[i].type;
            return true;
        }
    return false;
}

static int parse(struct bin_src *s, struct ggml_bin *b, struct diag *d)
{
    struct rd r = {.s = s, .d = d};
    memset(b, 0, sizeof(*b));
    b->file_size = s->size;
    uint32_t magic;
    int e = rd_bytes(&r, &magic, 4, "magic");
    if (e < 0)
        return e;
    if (magic != GGML_BIN_MAGIC) {
        if (memcmp(&magic, "GGUF", 4) == 0)
            return bin_fail(r.d, 0, "a GGUF file, not a legacy ggml (whisper.cpp) file");
        return bin_fail(r.d, 0, "not a ggml model file (magic 0x%08x, expected 0x%08x)", magic,
                        GGML_BIN_MAGIC);
    }
    static const char *const names[11] = {
        "n_vocab",       "n_audio_ctx", "n_audio_state", "n_audio_head",
        "n_audio_layer", "n_text_ctx",  "n_text_state",  "n_text_head",
        "n_text_layer",  "n_mels",      "ftype",
    };
    int32_t hp[11];
    for (int i = 0; i < 11; i++) {
        uint64_t at = r.pos;
        if ((e = rd_i32(&r, &hp[i], names[i])) < 0)
            return e;
        /* every hyperparameter is a positive size below 2^20 (ftype: a small
         * code, n_vocab a token count) */
        int32_t max = i == 0 ? (1 << 22) : i == 10 ? 100000 : (1 << 20);
        if (hp[i] < (i == 10 ? 0 : 1) || hp[i] > max)
            return bin_fail(r.d, at, "%s = %d is out of range", names[i], hp[i]);
    }
    memcpy(&b->hp, hp, sizeof(hp));
    b->qntvr = (uint32_t)hp[10] / 1000;
    if (!ftype_to_type(hp[10] % 1000, &b->wtype))
        return bin_fail(r.d, 44, "ftype %d names no weight type whisper.cpp knows", hp[10]);
    /* mel filters */
    uint64_t at = r.pos;
    if ((e = rd_i32(&r, &b->n_mel, "mel filters")) < 0 ||
        (e = rd_i32(&r, &b->n_fft, "mel filters")) < 0)
        return e;
    if (b->n_mel < 0 || b->n_fft < 0 || b->n_mel > 4096 || b->n_fft > 65536)
        return bin_fail(r.d, at, "mel filters of %d x %d are out of range", b->n_mel, b->n_fft);
    uint64_t mel = (uint64_t)b->n_mel * (uint64_t)b->n_fft * 4;
    if (mel > left(&r))
        return bin_fail(r.d, at, "mel filters of %llu bytes, the file has %llu left",
                        (unsigned long long)mel, (unsigned long long)left(&r));
    r.pos += mel;
    /* vocabulary */
    int32_t nv;
    at = r.pos;
    if ((e = rd_i32(&r, &nv, "vocabulary count")) < 0)
        return e;
    if (nv < 0 || (uint64_t)nv > left(&r) / 4)
        return bin_fail(r.d, at, "vocabulary of %d entries cannot fit in the %llu bytes left", nv,
                        (unsigned long long)left(&r));
    b->vocab_count = (uint32_t)nv;
    for (int32_t i = 0; i < nv; i++) {
        uint32_t len;
        at = r.pos;
        if ((e = rd_bytes(&r, &len, 4, "vocabulary entry")) < 0)
            return e;
        if (len > left(&r))
            return bin_fail(r.d, at, "vocabulary entry %d: length %u, the file has %llu bytes left",
                            i, len, (unsigned long long)left(&r));
        r.pos += len;
    }
    b->header_end = r.pos;
    /* tensors until the end of the file */
    size_t alloc = 0;
    while (r.pos < s->size) {
        at = r.pos;
        int32_t n_dims, length, ttype;
        if ((e = rd_i32(&r, &n_dims, "tensor header")) < 0 ||
            (e = rd_i32(&r, &length, "tensor header")) < 0 ||
            (e = rd_i32(&r, &ttype, "tensor header")) < 0)
            return e;
        if (n_dims < 0 || n_dims > 4)
            return bin_fail(r.d, at, "tensor %zu: %d dimensions (whisper.cpp allows 0 to 4)",
                            b->n_tensors, n_dims);
        const struct ggml_type_info *ti = ttype >= 0 ? ggml_type_get((uint32_t)ttype) : NULL;
        if (!ti)
            return bin_fail(r.d, at + 8, "tensor %zu: invalid ggml type %d", b->n_tensors, ttype);
        if (b->n_tensors >= GGML_BIN_MAX_TENSORS)
            return bin_fail(r.d, at, "more than %d tensors", GGML_BIN_MAX_TENSORS);
        b->tensors = xgrow(b->tensors, b->n_tensors + 1, sizeof(*b->tensors), &alloc);
        struct ggml_bin_tensor *t = &b->tensors[b->n_tensors];
        memset(t, 0, sizeof(*t));
        t->n_dims = (uint32_t)n_dims;
        t->type = (uint32_t)ttype;
        uint64_t nel = 1;
        for (int i = 0; i < 4; i++) {
            t->ne[i] = 1;
            if (i >= n_dims)
                continue;
            int32_t ne;
            uint64_t nat = r.pos;
            if ((e = rd_i32(&r, &ne, "tensor shape")) < 0)
                return e;
            if (ne < 0)
                return bin_fail(r.d, nat, "tensor %zu: dimension %d is negative", b->n_tensors, i);
            t->ne[i] = (uint64_t)ne;
            /* four factors below 2^31 can pass 2^64 (2^30 x 2^30 x 16 wraps
             * to 0 bytes): checked */
            if (!mul_u64(nel, (uint64_t)ne, &nel))
                return bin_fail(r.d, nat, "tensor %zu: its element count passes 2^64",
                                b->n_tensors);
        }
        if (length < 0 || (uint64_t)length > left(&r))
            return bin_fail(r.d, at + 4, "tensor %zu: name length %d, the file has %llu bytes left",
                            b->n_tensors, length, (unsigned long long)left(&r));
        size_t keep = (size_t)length < sizeof(t->name) - 1 ? (size_t)length : sizeof(t->name) - 1;
        if ((e = rd_bytes(&r, t->name, keep, "tensor name")) < 0)
            return e;
        for (size_t i = 0; i < keep; i++)
            if ((uint8_t)t->name[i] < 0x20 || (uint8_t)t->name[i] >= 0x7f)
                t->name[i] = '?';
        r.pos += (uint64_t)length - keep;
        if (t->ne[0] % ti->block)
            return bin_fail(r.d, at, "tensor '%s': row of %llu is not a multiple of %s's block",
                            t->name, (unsigned long long)t->ne[0], ti->name);
        if (!mul_u64(nel / ti->block, ti->block_size, &t->nbytes))
            return bin_fail(r.d, at, "tensor '%s': its size in bytes passes 2^64", t->name);
        t->offset = r.pos;
        if (t->nbytes > left(&r))
            return bin_fail(r.d, at, "tensor '%s': %llu bytes of data, the file has %llu left",
                            t->name, (unsigned long long)t->nbytes, (unsigned long long)left(&r));
        r.pos += t->nbytes;
        b->tensor_bytes += t->nbytes;
        b->n_tensors++;
    }
    return 0;
}

int ggml_bin_parse_mem(const void *buf, size_t len, struct ggml_bin *ret, struct diag *d)
{
    struct bin_src *s = bin_src_mem(buf, len);
    struct ggml_bin b;
    int e = parse(s, &b, d);
    bin_src_free(s);
    if (e < 0) {
        ggml_bin_free(&b);
        return e;
    }
    *ret = b;
    return 0;
}

int ggml_bin_open_fd(int fd, const char *name, struct ggml_bin *ret, struct diag *d)
{
    diag_set_file(d, name);
    struct stat st;
    if (fstat(fd, &st) < 0)
        return -errno;
    if (!S_ISREG(st.st_mode))
        return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
    struct bin_src *s = bin_src_fd(fd, (uint64_t)st.st_size);
    struct ggml_bin b;
    int e = parse(s, &b, d);
    bin_src_free(s);
    if (e < 0) {
        diag_set_file(d, name);
        ggml_bin_free(&b);
        return e;
    }
    *ret = b;
    return 0;
}

int ggml_bin_open(const char *path, struct ggml_bin *ret, struct diag *d)
{
    /* O_NONBLOCK: a FIFO without a writer would block the open; the type
     * is checked next, and regular files ignore the flag */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return -errno;
    int e = ggml_bin_open_fd(fd, path, ret, d);
    close(fd);
    return e;
}

void ggml_bin_free(struct ggml_bin *b)
{
    free(b->tensors);
    b->tensors = NULL;
    b->n_tensors = 0;
}

const char *ggml_bin_size_class(const struct whisper_hparams *hp, char *buf, size_t n)
{
    const char *size;
    switch (hp->n_audio_layer) {
    case 4:
        size = "tiny";
        break;
    case 6:
        size = "base";
        break;
    case 12:
        size = "small";
        break;
    case 24:
        size = "medium";
        break;
    case 32:
        size = hp->n_text_layer == 4  ? "large-v3-turbo"
               : hp->n_vocab == 51866 ? "large-v3"
                                      : "large";
        break;
    default:
        size = "unknown";
    }
    snprintf(buf, n, "%s%s", size, hp->n_vocab == 51864 ? ".en" : "");
    return buf;
}

uint64_t ggml_bin_readme_ram(const struct whisper_hparams *hp)
{
    /* whisper.cpp README, "Memory usage" (MB = 10^6 bytes there) */
    switch (hp->n_audio_layer) {
    case 4:
        return 273000000ULL;
    case 6:
        return 388000000ULL;
    case 12:
        return 852000000ULL;
    case 24:
        return 2100000000ULL;
    case 32:
        return hp->n_text_layer == 4 ? 0 : 3900000000ULL;
    }
    return 0;
}

static uint64_t mat(uint32_t type, uint64_t ne0, uint64_t ne1)
{
    uint64_t row;
    if (!ggml_row_size(type, ne0, &row))
        row = ne0 * 2;
    return row * ne1;
}

uint64_t ggml_bin_expected_weights(const struct ggml_bin *b)
{
    const struct whisper_hparams *h = &b->hp;
    uint32_t w = b->wtype, conv = w == 0 ? 0 : 1;
    uint64_t sa = (uint64_t)h->n_audio_state, st = (uint64_t)h->n_text_state;
    uint64_t f32 = 4;
    /* encoder: positional embedding, two convolutions, ln_post; per layer
     * q, k, v, out (s x s), mlp (s x 4s, 4s x s) and 8 s + 4s f32 vectors */
    uint64_t enc = sa * (uint64_t)h->n_audio_ctx * f32 + mat(conv, 3, (uint64_t)h->n_mels * sa) +
                   mat(conv, 3, sa * sa) + 2 * sa * f32 + 2 * sa * f32;
    uint64_t enc_layer =
        4 * mat(w, sa, sa) + mat(w, sa, 4 * sa) + mat(w, 4 * sa, sa) + (8 * sa + 4 * sa) * f32;
    /* decoder: positional and token embeddings, ln; per layer self and
     * cross attention (8 s x s), mlp, 13 s + 4s f32 vectors */
    uint64_t dec =
        st * (uint64_t)h->n_text_ctx * f32 + mat(w, st, (uint64_t)h->n_vocab) + 2 * st * f32;
    uint64_t dec_layer =
        8 * mat(w, st, st) + mat(w, st, 4 * st) + mat(w, 4 * st, st) + (13 * st + 4 * st) * f32;
    return enc + enc_layer * (uint64_t)h->n_audio_layer + dec +
           dec_layer * (uint64_t)h->n_text_layer;
}

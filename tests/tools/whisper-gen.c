/* whisper-gen: writes a whisper.cpp model in the legacy ggml format (the
 * .bin files whisper.cpp's models/download-ggml-model.sh fetches) with the
 * shape of a real size — tiny … large-v3-turbo, .en or multilingual — in
 * F16 or a quantized type, so the estimator can be measured against real
 * whisper.cpp without downloading 75 MB … 3 GB. Our own writer, from the
 * order whisper.cpp's loader reads (src/whisper.cpp, whisper_model_load):
 * magic, 11 hyperparameters, the mel filters, the vocabulary, then every
 * tensor as n_dims, name length, type, ne[], name, data.
 *
 *   whisper-gen -o FILE [--size tiny|base|small|medium|large|large-v3|large-v3-turbo]
 *               [--en] [--type F16|F32|Q8_0|Q5_0|Q5_1|Q4_0|Q4_1] [--vocab-stored N]
 *
 * The weights are zero, written as holes (the file is sparse and takes no
 * time to write), except what makes the decoder stop at once: the final
 * layer norm's bias is 1 and the token embedding's end-of-text row is 1, so
 * every logit but end-of-text's is 0 and a transcription ends after the
 * first timestamp. whisper.cpp still runs the whole encoder and the
 * decoder's graphs, and reads every byte of the weights into memory. The
 * vocabulary holds --vocab-stored distinct tokens (default what the real
 * files store: 50256 for .en, 50257 otherwise), with " " at 220 as in
 * GPT-2's (whisper.cpp suppresses it by name); whisper.cpp adds the rest. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/ggml-types.h"

struct shape {
    const char *name;
    int32_t state, head, audio_layer, text_layer, vocab, mels;
};

/* the hyperparameters of OpenAI's checkpoints, as whisper.cpp's converted
 * files carry them (n_audio_ctx 1500, n_text_ctx 448 for all) */
static const struct shape shapes[] = {
    {"tiny", 384, 6, 4, 4, 51865, 80},
    {"base", 512, 8, 6, 6, 51865, 80},
    {"small", 768, 12, 12, 12, 51865, 80},
    {"medium", 1024, 16, 24, 24, 51865, 80},
    {"large", 1280, 20, 32, 32, 51865, 80},
    {"large-v3", 1280, 20, 32, 32, 51866, 128},
    {"large-v3-turbo", 1280, 20, 32, 4, 51866, 128},
};

#define N_AUDIO_CTX 1500
#define N_TEXT_CTX  448
#define N_FFT_BINS  201 /* 1 + 400 / 2: the filters' width */

struct writer {
    int fd;
    const char *path;
    uint64_t at; /* end of what has been laid out */
    uint32_t wtype;
    int32_t eot;
};

static void die(const char *what, const char *path)
{
    fprintf(stderr, "whisper-gen: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static void write_at(struct writer *w, uint64_t off, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t k = pwrite(w->fd, c, n, (off_t)off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            die("cannot write", w->path);
        c += k, n -= (size_t)k, off += (uint64_t)k;
    }
}

static void append(struct writer *w, const void *p, size_t n)
{
    write_at(w, w->at, p, n);
    w->at += n;
}

static void i32(struct writer *w, int32_t v)
{
    append(w, &v, 4);
}

/* One tensor record; its data is left a hole. Returns where the data starts. */
static uint64_t tensor(struct writer *w, const char *name, uint32_t type, int n_dims, int64_t ne0,
                       int64_t ne1, int64_t ne2)
{
    int64_t ne[3] = {ne0, ne1, ne2};
    i32(w, n_dims);
    i32(w, (int32_t)strlen(name));
    i32(w, (int32_t)type);
    for (int i = 0; i < n_dims; i++)
        i32(w, (int32_t)ne[i]);
    append(w, name, strlen(name));
    uint64_t row = 0;
    if (!ggml_row_size(type, (uint64_t)ne0, &row)) {
        fprintf(stderr, "whisper-gen: %s: %lld is not a multiple of %s's block\n", name,
                (long long)ne0, ggml_type_name(type));
        exit(2);
    }
    uint64_t start = w->at;
    w->at += row * (uint64_t)ne1 * (uint64_t)ne2;
    return start;
}

static uint64_t vec(struct writer *w, const char *name, int64_t n)
{
    return tensor(w, name, GGML_T_F32, 1, n, 1, 1);
}

static void mat(struct writer *w, const char *name, int64_t ne0, int64_t ne1)
{
    tensor(w, name, w->wtype, 2, ne0, ne1, 1);
}

/* prefix + suffix, the name of one tensor */
static const char *named(char *buf, size_t n, const char *prefix, const char *suffix)
{
    snprintf(buf, n, "%s%s", prefix, suffix);
    return buf;
}

/* q, k, v, out and their biases (k has none), then the layer norm, as in
 * the loader; p is "encoder.blocks.N.attn" or "decoder.blocks.N.cross_attn" */
static void attention(struct writer *w, const char *p, int64_t s)
{
    char name[128];
    static const char *const parts[] = {".query", ".key", ".value", ".out"};
    for (int k = 0; k < 4; k++) {
        char part[32];
        snprintf(part, sizeof(part), "%s.weight", parts[k]);
        mat(w, named(name, sizeof(name), p, part), s, s);
        if (k != 1) {
            snprintf(part, sizeof(part), "%s.bias", parts[k]);
            vec(w, named(name, sizeof(name), p, part), s);
        }
    }
    vec(w, named(name, sizeof(name), p, "_ln.weight"), s);
    vec(w, named(name, sizeof(name), p, "_ln.bias"), s);
}

/* p is "encoder.blocks.N" or "decoder.blocks.N" */
static void mlp(struct writer *w, const char *p, int64_t s)
{
    char name[128];
    vec(w, named(name, sizeof(name), p, ".mlp_ln.weight"), s);
    vec(w, named(name, sizeof(name), p, ".mlp_ln.bias"), s);
    mat(w, named(name, sizeof(name), p, ".mlp.0.weight"), s, 4 * s);
    vec(w, named(name, sizeof(name), p, ".mlp.0.bias"), 4 * s);
    mat(w, named(name, sizeof(name), p, ".mlp.2.weight"), 4 * s, s);
    vec(w, named(name, sizeof(name), p, ".mlp.2.bias"), s);
}

/* The end-of-text row of the token embedding: every element 1. */
static void eot_row(struct writer *w, uint64_t te, int64_t s)
{
    uint64_t row = 0;
    ggml_row_size(w->wtype, (uint64_t)s, &row);
    uint8_t *buf = calloc(1, row);
    if (!buf)
        die("out of memory for", w->path);
    if (w->wtype == GGML_T_F32) {
        for (int64_t i = 0; i < s; i++)
            memcpy(buf + 4 * i, &(float){1.0f}, 4);
    } else if (w->wtype == GGML_T_F16) {
        for (int64_t i = 0; i < s; i++)
            buf[2 * i + 1] = 0x3c; /* 1.0 in f16: 0x3c00 */
    } else {
        /* a quantized block: the f16 scale d (1.0) first, then quants
         * that decode to a positive value: Q8_0 int8 1; Q4_0 nibble 9
         * (9 - 8 = 1); Q4_1 and Q5_1 keep their min at 0 (nibble 9 gives
         * 9); Q5_0's high bits all set ((9 | 16) - 16 = 9) */
        const struct ggml_type_info *t = ggml_type_get(w->wtype);
        size_t qh = 0, qs = 2;
        if (w->wtype == GGML_T_Q4_1)
            qs = 4;
        else if (w->wtype == GGML_T_Q5_0)
            qh = 2, qs = 6;
        else if (w->wtype == GGML_T_Q5_1)
            qs = 8;
        for (uint64_t b = 0; b < row / t->block_size; b++) {
            uint8_t *blk = buf + b * t->block_size;
            blk[1] = 0x3c;
            if (qh)
                memset(blk + qh, 0xff, 4);
            memset(blk + qs, w->wtype == GGML_T_Q8_0 ? 1 : 0x99, t->block_size - qs);
        }
    }
    write_at(w, te + row * (uint64_t)w->eot, buf, row);
    free(buf);
}

static void usage(void)
{
    fputs(
        "usage: whisper-gen -o FILE [--size tiny|base|small|medium|large|large-v3|large-v3-turbo]\n"
        "                   [--en] [--type F16|F32|Q8_0|Q5_0|Q5_1|Q4_0|Q4_1] [--vocab-stored N]\n",
        stderr);
    exit(2);
}

/* ggml_ftype (ggml.h) for the matrices' type */
static int32_t ftype_of(uint32_t t)
{
    switch (t) {
    case GGML_T_F32:
        return 0;
    case GGML_T_F16:
        return 1;
    case GGML_T_Q4_0:
        return 2;
    case GGML_T_Q4_1:
        return 3;
    case GGML_T_Q8_0:
        return 7;
    case GGML_T_Q5_0:
        return 8;
    case GGML_T_Q5_1:
        return 9;
    default:
        return -1;
    }
}

int main(int argc, char **argv)
{
    const char *out = NULL, *size = "tiny";
    uint32_t type = GGML_T_F16;
    int en = 0;
    long stored = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--en"))
            en = 1;
        else if (i + 1 >= argc)
            usage();
        else if (!strcmp(a, "-o"))
            out = argv[++i];
        else if (!strcmp(a, "--size"))
            size = argv[++i];
        else if (!strcmp(a, "--type")) {
            if (!ggml_type_by_name(argv[++i], &type) || ftype_of(type) < 0) {
                fprintf(stderr, "whisper-gen: --type %s: not a type whisper.cpp stores\n", argv[i]);
                return 2;
            }
        } else if (!strcmp(a, "--vocab-stored"))
            stored = strtol(argv[++i], NULL, 10);
        else
            usage();
    }
    const struct shape *sh = NULL;
    for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++)
        if (!strcmp(shapes[k].name, size))
            sh = &shapes[k];
    if (!out || !sh)
        usage();
    int32_t n_vocab = en ? 51864 : sh->vocab;
    if (stored < 0)
        stored = en ? 50256 : 50257;
    if (stored > n_vocab)
        stored = n_vocab;

    struct writer w = {.path = out, .wtype = type};
    /* whisper.cpp's token ids: eot is 50256 (.en) and one more in the
     * multilingual vocabulary */
    w.eot = n_vocab >= 51865 ? 50257 : 50256;
    w.fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (w.fd < 0)
        die("cannot create", out);

    int32_t s = sh->state;
    int32_t qntvr = type == GGML_T_F16 || type == GGML_T_F32 ? 0 : 2;
    int32_t hp[11] = {n_vocab,
                      N_AUDIO_CTX,
                      s,
                      sh->head,
                      sh->audio_layer,
                      N_TEXT_CTX,
                      s,
                      sh->head,
                      sh->text_layer,
                      sh->mels,
                      ftype_of(type) + 1000 * qntvr};
    i32(&w, 0x67676d6c);
    for (int i = 0; i < 11; i++)
        i32(&w, hp[i]);
    /* mel filters: zero (whisper.cpp clamps the log of the energies) */
    i32(&w, sh->mels);
    i32(&w, N_FFT_BINS);
    w.at += (uint64_t)sh->mels * N_FFT_BINS * 4;
    /* the vocabulary: distinct tokens of 1 to 12 bytes, about GPT-2's mean */
    i32(&w, (int32_t)stored);
    for (long i = 0; i < stored; i++) {
        char tok[24];
        int n = snprintf(tok, sizeof(tok), "%c%lx", 'a' + (int)(i % 26), (unsigned long)i);
        int len = 1 + (int)(i * 7 % 12);
        if (len < n)
            len = n; /* keeps them distinct */
        while (n < len)
            tok[n++] = 'x';
        if (i == 220)
            tok[0] = ' ', n = len = 1; /* GPT-2's " ": whisper.cpp looks it up by name */
        i32(&w, len);
        append(&w, tok, (size_t)len);
    }

    uint32_t conv = type == GGML_T_F32 ? GGML_T_F32 : GGML_T_F16;
    tensor(&w, "encoder.positional_embedding", GGML_T_F32, 2, s, N_AUDIO_CTX, 1);
    tensor(&w, "encoder.conv1.weight", conv, 3, 3, sh->mels, s);
    tensor(&w, "encoder.conv1.bias", GGML_T_F32, 2, 1, s, 1);
    tensor(&w, "encoder.conv2.weight", conv, 3, 3, s, s);
    tensor(&w, "encoder.conv2.bias", GGML_T_F32, 2, 1, s, 1);
    vec(&w, "encoder.ln_post.weight", s);
    vec(&w, "encoder.ln_post.bias", s);
    char block[64], name[96];
    for (int i = 0; i < sh->audio_layer; i++) {
        snprintf(block, sizeof(block), "encoder.blocks.%d", i);
        mlp(&w, block, s);
        attention(&w, named(name, sizeof(name), block, ".attn"), s);
    }
    tensor(&w, "decoder.positional_embedding", GGML_T_F32, 2, s, N_TEXT_CTX, 1);
    uint64_t te = tensor(&w, "decoder.token_embedding.weight", type, 2, s, n_vocab, 1);
    vec(&w, "decoder.ln.weight", s);
    uint64_t ln_b = vec(&w, "decoder.ln.bias", s);
    for (int i = 0; i < sh->text_layer; i++) {
        snprintf(block, sizeof(block), "decoder.blocks.%d", i);
        mlp(&w, block, s);
        attention(&w, named(name, sizeof(name), block, ".attn"), s);
        attention(&w, named(name, sizeof(name), block, ".cross_attn"), s);
    }
    for (int32_t i = 0; i < s; i++)
        write_at(&w, ln_b + 4 * (uint64_t)i, &(float){1.0f}, 4);
    eot_row(&w, te, s);
    if (ftruncate(w.fd, (off_t)w.at) != 0 || fsync(w.fd) != 0 || close(w.fd) != 0)
        die("cannot finish", out);
    return 0;
}

/* gguf-canon FILE: headroom's reading of a GGUF header in the canonical form
 * tests/parity/ggml-oracle.cpp prints from ggml's own reader, for `make
 * gguf-parity` to compare byte for byte. One line: "refused" or "ok" then
 *   v=VERSION a=ALIGNMENT [d=DATA_OFFSET when there are tensors]
 *   per key, in file order:   k=HEX t=TYPE VALUE
 *   per tensor, in file order: T=HEX ty=TYPE ne=N0,N1,N2,N3 o=OFFSET
 * HEX is the name up to its first NUL (ggml hands names out as C strings),
 * "-" when empty. VALUE is a decimal number, a float in %a (or nan), 0/1 for
 * a bool, s:LENGTH:FNV for a string (up to its first NUL, as ggml hands it
 * out) and arr:TYPE:COUNT:FNV for an array (FNV-1a of its elements' forms,
 * each followed by a comma). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "model/gguf.h"
#include "util/strbuf.h"

#define FNV0 1469598103934665603ULL

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

static void hex(struct strbuf *out, const char *s)
{
    if (!*s)
        strbuf_addf(out, "-");
    for (; *s; s++)
        strbuf_addf(out, "%02x", (unsigned char)*s);
}

static void num(struct strbuf *out, const struct gguf_scalar *s)
{
    switch (s->type) {
    case GGUF_F32:
    case GGUF_F64:
        if (isnan(s->v.f))
            strbuf_addf(out, "nan");
        else
            strbuf_addf(out, "%a", s->v.f);
        return;
    case GGUF_I8:
    case GGUF_I16:
    case GGUF_I32:
    case GGUF_I64:
        strbuf_addf(out, "%" PRId64, s->v.i);
        return;
    default:
        strbuf_addf(out, "%" PRIu64, s->v.u);
    }
}

static void str(struct strbuf *out, const char *s, size_t n)
{
    n = strnlen(s, n);
    strbuf_addf(out, "s:%zu:%016" PRIx64, n, fnv(FNV0, s, n));
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: gguf-canon FILE\n");
        return 2;
    }
    struct gguf_file g;
    struct diag d;
    diag_clear(&d);
    if (gguf_open(argv[1], &g, &d) != 0) {
        printf("refused %s\n", d.message);
        return 0;
    }
    struct strbuf out = STRBUF_INIT, el = STRBUF_INIT, sb = STRBUF_INIT;
    strbuf_addf(&out, "v=%u a=%" PRIu64, g.version, g.alignment);
    if (g.n_tensors)
        strbuf_addf(&out, " d=%" PRIu64, g.data_offset);
    for (uint64_t i = 0; i < g.n_kv; i++) {
        const struct gguf_kv *kv = &g.kv[i];
        strbuf_addf(&out, " k=");
        hex(&out, kv->key);
        strbuf_addf(&out, " t=%u ", kv->type);
        if (kv->type == GGUF_STRING) {
            /* by the pair: a lookup by key would find the first of two
             * keys equal up to a NUL */
            if (gguf_kv_str(&g, kv, &sb) < 0) {
                printf("refused read error\n");
                return 0;
            }
            str(&out, sb.buf, (size_t)kv->n);
        } else if (kv->type == GGUF_ARRAY) {
            struct gguf_iter it;
            struct gguf_scalar s;
            uint64_t h = FNV0;
            gguf_iter_init(&it, &g, kv);
            while (gguf_iter_next(&it, &s, &sb) == 1) {
                strbuf_reset(&el);
                if (kv->arr_type == GGUF_STRING)
                    str(&el, sb.buf, sb.len);
                else
                    num(&el, &s);
                strbuf_addf(&el, ",");
                h = fnv(h, el.buf, el.len);
            }
            strbuf_addf(&out, "arr:%u:%" PRIu64 ":%016" PRIx64, kv->arr_type, kv->n, h);
        } else {
            num(&out, &kv->num);
        }
    }
    for (uint64_t i = 0; i < g.n_tensors; i++) {
        const struct gguf_tensor *t = &g.tensors[i];
        strbuf_addf(&out, " T=");
        hex(&out, t->name);
        strbuf_addf(&out, " ty=%u ne=%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 " o=%" PRIu64,
                    t->type, t->ne[0], t->ne[1], t->ne[2], t->ne[3], t->offset);
    }
    printf("ok %s\n", out.buf);
    strbuf_release(&out);
    strbuf_release(&el);
    strbuf_release(&sb);
    gguf_free(&g);
    return 0;
}

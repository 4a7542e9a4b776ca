/* The GGUF header reader over arbitrary bytes: it must never crash, read out
 * of bounds or allocate from an unchecked count, and what it accepts must
 * hold ggml's invariants (sequential aligned offsets, data inside the file). */
#include <string.h>

#include "fuzz.h"
#include "model/estimate.h"
#include "model/ggml-types.h"
#include "model/gguf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct gguf_file g;
    struct diag d;
    diag_clear(&d);
    if (gguf_parse_mem(data, size, &g, &d) != 0) {
        FUZZ_ASSERT(d.message[0] != '\0' && d.has_offset && d.offset <= size);
        return 0;
    }
    /* what the parser allocated is bounded by what it read */
    FUZZ_ASSERT(g.alloc_bytes <= 64 * (size_t)size + 4096);
    FUZZ_ASSERT(g.alignment && !(g.alignment & (g.alignment - 1)));
    uint64_t expect = 0;
    for (uint64_t i = 0; i < g.n_tensors; i++) {
        const struct gguf_tensor *t = &g.tensors[i];
        FUZZ_ASSERT(t->offset == expect);
        FUZZ_ASSERT(ggml_type_get(t->type) != NULL && t->n_dims <= GGUF_MAX_DIMS);
        FUZZ_ASSERT(g.data_offset + t->offset + t->nbytes <= size);
        expect += (t->nbytes + g.alignment - 1) & ~(g.alignment - 1);
    }
    /* every value reads back */
    struct strbuf sb = STRBUF_INIT;
    for (uint64_t i = 0; i < g.n_kv; i++) {
        const struct gguf_kv *kv = &g.kv[i];
        if (kv->type == GGUF_STRING) {
            /* by the pair, not the key: keys equal up to a NUL are one
             * key to a lookup, as to ggml's */
            FUZZ_ASSERT(gguf_kv_str(&g, kv, &sb) == 0 && sb.len == kv->n);
        } else if (kv->type == GGUF_ARRAY) {
            struct gguf_iter it;
            struct gguf_scalar s;
            uint64_t n = 0;
            gguf_iter_init(&it, &g, kv);
            while (gguf_iter_next(&it, &s, &sb) > 0)
                n++;
            FUZZ_ASSERT(n == kv->n);
        }
    }
    strbuf_release(&sb);
    /* and the model view and estimate of whatever was accepted */
    struct model m;
    if (model_from_gguf(&g, &m, &d) == 0) {
        struct estimate_opts o;
        estimate_opts_default(&o);
        struct estimate e;
        estimate_run(&m, &o, &e);
        FUZZ_ASSERT(e.ram_bytes >= e.kv_ram_bytes);
        model_release(&m);
    }
    gguf_free(&g);
    return 0;
}

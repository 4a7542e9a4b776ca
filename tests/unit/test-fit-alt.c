#include "unit.h"

#include "model/estimate.h"
#include "model/fit-alt.h"
#include "model/ggml-types.h"
#include "util/size.h"

/* A llama-shaped model view: n layers of layer_bytes, of which repack bytes
 * the CPU backend repacks (Q4_0 with AVX2). */
static void mk(struct model *m, uint32_t n_layer, uint64_t layer_bytes, uint64_t repack)
{
    memset(m, 0, sizeof(*m));
    snprintf(m->arch, sizeof(m->arch), "llama");
    m->n_layer = n_layer;
    m->n_head = 32;
    m->n_head_kv = 8;
    m->n_embd = 32 * 128;
    m->n_ff = 14336;
    m->key_len = m->value_len = m->key_len_swa = m->value_len_swa = 128;
    m->n_vocab = 32000;
    m->n_ctx_train = 32768;
    m->layers = calloc(n_layer, sizeof(*m->layers));
    for (uint32_t i = 0; i < n_layer; i++) {
        m->layers[i].n_head = 32;
        m->layers[i].n_head_kv = 8;
        m->layers[i].bytes = layer_bytes;
        m->layers[i].repack_bytes = repack;
    }
    m->tok_embd_bytes = m->output_bytes = 100 * MIB;
    m->weights_bytes = layer_bytes * n_layer + 200 * MIB;
}

static void opts(struct estimate_opts *o, uint32_t ctx)
{
    estimate_opts_default(o);
    o->ctx = ctx;
    o->cpu_avx2 = true;
}

static uint64_t ram_for(const struct model *m, const struct estimate_opts *o)
{
    struct estimate e;
    estimate_run(m, o, &e);
    return e.ram_bytes;
}

/* resident_bytes is everything but the mapped file's page cache */
static void test_resident(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 32, 200 * MIB, 100 * MIB);
    struct estimate_opts o;
    opts(&o, 4096);
    o.ngl = 0;
    struct estimate e;
    estimate_run(&m, &o, &e);
    assert_true(e.mmap_bytes > 0);
    assert_int_equal(e.ram_bytes, e.resident_bytes + e.mmap_bytes);
    assert_true(e.resident_bytes >= e.repack_bytes + e.kv_ram_bytes);
    o.mmap = false;
    estimate_run(&m, &o, &e);
    assert_int_equal(e.mmap_bytes, 0);
    assert_int_equal(e.resident_bytes, e.ram_bytes);
    free(m.layers);
}

static void test_no_mmap_first(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 32, 200 * MIB, 100 * MIB);
    struct estimate_opts o, nm;
    opts(&o, 4096);
    nm = o;
    nm.mmap = false;
    /* between what --no-mmap needs and what mmap needs */
    struct fit_budget b = {.ram = (ram_for(&m, &o) + ram_for(&m, &nm)) / 2};
    assert_true(ram_for(&m, &nm) < b.ram && b.ram < ram_for(&m, &o));
    struct fit_result r;
    fit_solve(&m, &o, &b, 0, &r);
    assert_int_equal(r.verdict, FIT_NO);
    struct fit_alt a;
    fit_alternative(&m, &o, &b, 0, &a);
    assert_true(a.found);
    assert_int_equal(a.changes, FIT_ALT_NO_MMAP);
    assert_false(a.o.mmap);
    assert_int_equal(a.r.verdict, FIT_RAM);
    assert_int_equal(a.r.est.ram_bytes, ram_for(&m, &nm));
    assert_int_equal(a.r.est.ctx, 4096);
    free(m.layers);
}

static void test_kv_q8_0(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 32, 200 * MIB, 0);
    struct estimate_opts o, q;
    opts(&o, 32768);
    o.mmap = false;
    q = o;
    q.type_k = q.type_v = GGML_T_Q8_0;
    struct fit_budget b = {.ram = (ram_for(&m, &o) + ram_for(&m, &q)) / 2};
    struct fit_alt a;
    fit_alternative(&m, &o, &b, 0, &a);
    assert_true(a.found);
    assert_int_equal(a.changes, FIT_ALT_KV_Q8_0);
    assert_int_equal(a.o.type_k, GGML_T_Q8_0);
    assert_int_equal(a.o.type_v, GGML_T_Q8_0);
    assert_int_equal(a.r.est.ctx, 32768);
    /* a cache already q8_0 or smaller is not offered again */
    b.ram = ram_for(&m, &q) - 1;
    fit_alternative(&m, &q, &b, 0, &a);
    assert_true(a.found);
    assert_false(a.changes & FIT_ALT_KV_Q8_0);
    assert_true(a.changes & FIT_ALT_SMALLER_CTX);
    free(m.layers);
}

static void test_fewer_layers(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 32, 200 * MIB, 0);
    struct estimate_opts o;
    opts(&o, 4096);
    o.ngl = 33;
    struct fit_budget b = {.ram = 64 * GIB, .has_vram = true, .vram = 4 * GIB, .vram_margin = GIB};
    struct fit_result r;
    fit_solve(&m, &o, &b, 0, &r);
    assert_int_equal(r.verdict, FIT_NO);
    assert_true(r.need_is_vram);
    struct fit_alt a;
    fit_alternative(&m, &o, &b, 0, &a);
    assert_true(a.found);
    assert_int_equal(a.changes, FIT_ALT_NGL);
    assert_true(a.r.est.ngl > 0 && a.r.est.ngl < 33);
    assert_int_equal(a.o.ngl, (int)a.r.est.ngl);
    assert_true(a.r.est.vram_bytes + GIB <= 4 * GIB);
    free(m.layers);
}

/* nothing fits at the asked context: the largest context any set of
 * changes lets fit, and nothing larger fits with it */
static void test_smaller_ctx(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 32, 200 * MIB, 100 * MIB);
    struct estimate_opts o, best;
    opts(&o, 32768);
    best = o;
    best.mmap = false;
    best.type_k = best.type_v = GGML_T_Q8_0;
    best.ctx = 8192;
    struct fit_budget b = {.ram = ram_for(&m, &best)};
    struct fit_alt a;
    fit_alternative(&m, &o, &b, 0, &a);
    assert_true(a.found);
    assert_int_equal(a.changes, FIT_ALT_NO_MMAP | FIT_ALT_KV_Q8_0 | FIT_ALT_SMALLER_CTX);
    assert_int_equal(a.r.est.ctx, 8192);
    assert_int_equal(a.r.max_ctx, 8192);
    best.ctx = 8192 + 256;
    assert_true(ram_for(&m, &best) > b.ram);
    /* and none at all when even the smallest context does not fit */
    b.ram = 1 * GIB;
    fit_alternative(&m, &o, &b, 0, &a);
    assert_false(a.found);
    free(m.layers);
}

static void test_ctx_above_train(void **state)
{
    (void)state;
    struct model m;
    mk(&m, 2, 10 * MIB, 0);
    assert_false(fit_ctx_above_train(&m, 0));
    assert_false(fit_ctx_above_train(&m, 32768));
    assert_true(fit_ctx_above_train(&m, 32769));
    m.n_ctx_train = 0; /* not known: no warning */
    assert_false(fit_ctx_above_train(&m, 1u << 20));
    m.format = MODEL_WHISPER;
    m.n_ctx_train = 448;
    assert_false(fit_ctx_above_train(&m, 4096));
    struct estimate_opts o;
    opts(&o, 4096);
    struct fit_budget b = {.ram = 1};
    struct fit_alt a;
    fit_alternative(&m, &o, &b, 0, &a);
    assert_false(a.found); /* no alternatives for whisper.cpp */
    free(m.layers);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resident),    cmocka_unit_test(test_no_mmap_first),
        cmocka_unit_test(test_kv_q8_0),     cmocka_unit_test(test_fewer_layers),
        cmocka_unit_test(test_smaller_ctx), cmocka_unit_test(test_ctx_above_train),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

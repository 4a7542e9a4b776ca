/* estimate_whisper against real whisper.cpp 1.9.3: the buffer sizes it logs
 * at load (whisper_init_state, in MB with two decimals) for every size, and
 * the peak RSS of whole transcriptions measured by bench/fit-whisper.sh
 * (bench/fit-whisper-results.md: whisper-gen models, 2 threads). */
#include "unit.h"

#include <math.h>

#include "model/estimate.h"
#include "model/ggml-types.h"

struct shape {
    const char *size;
    uint32_t state, heads, audio_layers, text_layers, mels;
    uint64_t vocab;
};

static const struct shape shapes[] = {
    {"tiny", 384, 6, 4, 4, 80, 51865},
    {"base", 512, 8, 6, 6, 80, 51865},
    {"small", 768, 12, 12, 12, 80, 51865},
    {"medium", 1024, 16, 24, 24, 80, 51865},
    {"large", 1280, 20, 32, 32, 80, 51865},
    {"large-v3", 1280, 20, 32, 32, 128, 51866},
    {"large-v3-turbo", 1280, 20, 32, 4, 128, 51866},
};

static const struct shape *shape_of(const char *size)
{
    for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
        if (strcmp(shapes[i].size, size) == 0)
            return &shapes[i];
    fail_msg("no shape %s", size);
    return NULL;
}

static void mk_whisper(struct model *m, const struct shape *s, uint32_t type, uint64_t weights)
{
    memset(m, 0, sizeof(*m));
    m->format = MODEL_WHISPER;
    snprintf(m->arch, sizeof(m->arch), "whisper");
    m->n_vocab = s->vocab;
    m->n_audio_ctx = 1500;
    m->n_text_ctx = 448;
    m->n_audio_state = m->n_text_state = s->state;
    m->n_audio_head = s->heads;
    m->n_audio_layer = s->audio_layers;
    m->n_text_layer = s->text_layers;
    m->n_mels = s->mels;
    m->dominant_type = type;
    m->weights_bytes = weights;
}

/* one decoder, no earlier text: the buffers as whisper_init_state makes them */
static void opts_plain(struct estimate_opts *o, bool fa)
{
    estimate_opts_default(o);
    o->flash_attn = fa;
    o->beam_size = 1;
    o->no_fallback = true;
    o->max_context = 0;
}

/* whisper.cpp's log at load, MB: kv self, kv cross, kv pad; conv, encode
 * with flash attention and without, cross, decode */
static void test_logged_buffers(void **state)
{
    (void)state;
    static const struct {
        const char *size;
        double self, cross, pad, conv, enc_fa, enc, cross_graph, decode;
    } logged[] = {
        {"tiny", 3.15, 9.44, 2.36, 13.21, 17.72, 64.81, 3.89, 95.91},
        {"base", 6.29, 18.87, 3.15, 16.28, 23.09, 85.88, 4.66, 96.37},
        {"small", 18.87, 56.62, 4.72, 22.42, 33.85, 128.02, 6.20, 97.28},
        {"medium", 50.33, 150.99, 6.29, 28.57, 44.60, 170.17, 7.73, 98.20},
        {"large", 83.89, 251.66, 7.86, 34.71, 55.35, 212.31, 9.27, 99.12},
        {"large-v3", 83.89, 251.66, 7.86, 36.15, 55.35, 212.31, 9.27, 99.12},
        {"large-v3-turbo", 10.49, 31.46, 7.86, 36.15, 55.35, 212.31, 9.27, 99.12},
    };
    for (size_t i = 0; i < sizeof(logged) / sizeof(logged[0]); i++) {
        struct model m;
        mk_whisper(&m, shape_of(logged[i].size), GGML_T_F16, 0);
        for (int fa = 0; fa < 2; fa++) {
            struct estimate_opts o;
            opts_plain(&o, fa);
            struct estimate e;
            estimate_run(&m, &o, &e);
            double kv = logged[i].self + logged[i].cross + logged[i].pad;
            double graphs = logged[i].conv + (fa ? logged[i].enc_fa : logged[i].enc) +
                            logged[i].cross_graph + logged[i].decode;
            /* each logged figure is rounded to 0.005 MB */
            assert_true(fabs((double)e.kv_bytes / 1e6 - kv) <= 0.015);
            assert_true(fabs((double)e.compute_reserved_bytes / 1e6 - graphs) <= 0.03);
            assert_int_equal(e.whisper_decoders, 1);
        }
    }
}

/* The decoders whisper.cpp sizes the self-attention cache for, (n + 2) x
 * for n > 1, and the tokens of the largest decoder batch. */
static void test_decoders_and_batch(void **state)
{
    (void)state;
    struct model m;
    mk_whisper(&m, shape_of("tiny"), GGML_T_F16, 77110000);
    static const struct {
        uint32_t beam, best_of;
        bool no_fallback;
        int32_t max_context;
        uint32_t decoders, factor, batch;
    } cases[] = {
        {5, 5, false, -1, 5, 7, 227}, /* whisper-cli's defaults */
        {1, 5, false, -1, 5, 7, 227}, /* greedy, a fallback runs best_of */
        {1, 5, true, -1, 1, 1, 227},  /* -bs 1 -nf */
        {1, 1, false, 0, 1, 1, 3},    /* -bs 1 -bo 1 -mc 0: sot, language, task */
        {5, 5, true, 0, 5, 7, 5},     /* one token per decoder */
        {8, 2, false, 10, 8, 10, 13}, /* -mc 10 */
        {2, 8, false, 1000, 8, 10, 227},
    };
    struct estimate_opts o;
    struct estimate one, e;
    opts_plain(&o, true);
    estimate_run(&m, &o, &one);
    uint64_t self1 = 2ULL * 2 * 384 * 4 * 512;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        estimate_opts_default(&o);
        o.beam_size = cases[i].beam;
        o.best_of = cases[i].best_of;
        o.no_fallback = cases[i].no_fallback;
        o.max_context = cases[i].max_context;
        estimate_run(&m, &o, &e);
        assert_int_equal(e.whisper_decoders, cases[i].decoders);
        assert_int_equal(e.whisper_batch_tokens, cases[i].batch);
        assert_int_equal(e.kv_bytes - one.kv_bytes, self1 * (cases[i].factor - 1));
        assert_int_equal(e.output_bytes, (uint64_t)cases[i].batch * 51865 * 4);
    }
    /* an English-only model's prompt has sot alone after the earlier text */
    m.n_vocab = 51864;
    estimate_opts_default(&o);
    estimate_run(&m, &o, &e);
    assert_int_equal(e.whisper_batch_tokens, 225);
}

/* Peak RSS over the RSS before loading, of whole transcriptions with
 * whisper.cpp 1.9.3 (bench/fit-whisper.sh): the estimate within 2 %. */
static void test_measured_peaks(void **state)
{
    (void)state;
    static const struct {
        const char *size;
        uint32_t type;
        bool fa;
        uint32_t beam;
        int32_t context;
        uint64_t weights, peak;
    } runs[] = {
        {"tiny", GGML_T_F16, 1, 1, 0, 77110000, 151699456ULL},
        {"tiny", GGML_T_F16, 1, 5, 0, 77110000, 177000448ULL},
        {"tiny", GGML_T_F16, 0, 1, 0, 77110000, 221413376ULL},
        {"tiny", GGML_T_F16, 0, 5, 0, 77110000, 246665216ULL},
        {"tiny", GGML_T_Q8_0, 1, 1, 0, 42960000, 115617792ULL},
        {"tiny", GGML_T_Q8_0, 1, 5, 0, 42960000, 140935168ULL},
        {"tiny", GGML_T_Q8_0, 0, 1, 0, 42960000, 187658240ULL},
        {"tiny", GGML_T_Q8_0, 0, 5, 0, 42960000, 212791296ULL},
        {"base", GGML_T_F16, 1, 1, 0, 147370000, 246382592ULL},
        {"base", GGML_T_F16, 1, 5, 0, 147370000, 290484224ULL},
        {"base", GGML_T_F16, 0, 1, 0, 147370000, 339111936ULL},
        {"base", GGML_T_F16, 0, 5, 0, 147370000, 383434752ULL},
        {"base", GGML_T_Q8_0, 1, 1, 0, 81180000, 177373184ULL},
        {"base", GGML_T_Q8_0, 1, 5, 0, 81180000, 221642752ULL},
        {"base", GGML_T_Q8_0, 0, 1, 0, 81180000, 273387520ULL},
        {"base", GGML_T_Q8_0, 0, 5, 0, 81180000, 317345792ULL},
        {"small", GGML_T_F16, 1, 1, 0, 487010000, 659861504ULL},
        {"small", GGML_T_F16, 1, 5, 0, 487010000, 779517952ULL},
        {"small", GGML_T_F16, 0, 1, 0, 487010000, 798928896ULL},
        {"small", GGML_T_F16, 0, 5, 0, 487010000, 918773760ULL},
        {"small", GGML_T_Q8_0, 1, 1, 0, 263870000, 432545792ULL},
        {"small", GGML_T_Q8_0, 1, 5, 0, 263870000, 552222720ULL},
        {"small", GGML_T_Q8_0, 0, 1, 0, 263870000, 576098304ULL},
        {"small", GGML_T_Q8_0, 0, 5, 0, 263870000, 696029184ULL},
        {"medium", GGML_T_F16, 1, 1, 0, 1533140000, 1855483904ULL},
        {"medium", GGML_T_F16, 1, 5, 0, 1533140000, 2164056064ULL},
        {"medium", GGML_T_F16, 0, 1, 0, 1533140000, 2041245696ULL},
        {"medium", GGML_T_F16, 0, 5, 0, 1533140000, 2349854720ULL},
        {"medium", GGML_T_Q8_0, 1, 1, 0, 822750000, 1139617792ULL},
        {"medium", GGML_T_Q8_0, 1, 5, 0, 822750000, 1448198144ULL},
        {"medium", GGML_T_Q8_0, 0, 1, 0, 822750000, 1331113984ULL},
        {"medium", GGML_T_Q8_0, 0, 5, 0, 822750000, 1639587840ULL},
        /* 223 tokens of earlier text in the prompt */
        {"tiny", GGML_T_F16, 1, 1, 223, 77110000, 245739520ULL},
        {"tiny", GGML_T_F16, 1, 5, 223, 77110000, 270434304ULL},
        {"tiny", GGML_T_F16, 0, 1, 223, 77110000, 315289600ULL},
        {"tiny", GGML_T_F16, 0, 5, 223, 77110000, 339931136ULL},
    };
    for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
        struct model m;
        mk_whisper(&m, shape_of(runs[i].size), runs[i].type, runs[i].weights);
        struct estimate_opts o;
        estimate_opts_default(&o);
        o.flash_attn = runs[i].fa;
        o.beam_size = runs[i].beam;
        o.no_fallback = runs[i].beam == 1;
        o.max_context = runs[i].context ? -1 : 0;
        struct estimate e;
        estimate_run(&m, &o, &e);
        double err = ((double)e.ram_bytes - (double)runs[i].peak) / (double)runs[i].peak;
        if (fabs(err) > 0.02)
            fail_msg("%s %s fa=%d beam=%u context=%d: %+.2f %%", runs[i].size,
                     ggml_type_name(runs[i].type), runs[i].fa, runs[i].beam, runs[i].context,
                     err * 100);
    }
}

/* Hyperparameters at the reader's limits (2^20) saturate instead of
 * wrapping. */
static void test_saturates(void **state)
{
    (void)state;
    struct model m;
    mk_whisper(&m, shape_of("tiny"), GGML_T_F16, 1);
    m.n_audio_ctx = m.n_text_ctx = m.n_audio_state = m.n_text_state = 1u << 20;
    m.n_audio_head = m.n_mels = m.n_text_layer = 1u << 20;
    m.n_vocab = 1u << 22;
    struct estimate_opts o;
    estimate_opts_default(&o);
    o.flash_attn = false;
    struct estimate e;
    estimate_run(&m, &o, &e);
    assert_true(e.ram_bytes >= e.kv_bytes && e.ram_bytes >= e.compute_bytes);
    assert_true(e.whisper_batch_tokens <= m.n_text_ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logged_buffers),
        cmocka_unit_test(test_decoders_and_batch),
        cmocka_unit_test(test_measured_peaks),
        cmocka_unit_test(test_saturates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

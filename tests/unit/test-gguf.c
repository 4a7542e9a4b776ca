#include "unit.h"

#include <dirent.h>

#include "model/ggml-types.h"
#include "model/gguf.h"

/* Real files: llama.cpp's vocab-only GGUFs (tests/data/gguf/README.md). */
static void test_real_llama_spm(void **state)
{
    (void)state;
    struct gguf_file g;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(gguf_open("tests/data/gguf/ggml-vocab-llama-spm.gguf", &g, &d), 0);
    assert_int_equal(g.version, 3);
    for (int o = 0; o < GGUF_ODD_COUNT; o++)
        assert_int_equal(g.odd_at[o], 0); /* a real file is not odd */
    assert_int_equal(g.n_tensors, 0);
    assert_int_equal(g.n_kv, 22);
    assert_int_equal(g.file_size, 723869);
    assert_string_equal(gguf_get_cstr(&g, "general.architecture"), "llama");
    uint64_t v;
    assert_true(gguf_get_uint(&g, "llama.block_count", &v));
    assert_int_equal(v, 32);
    assert_true(gguf_get_uint(&g, "llama.context_length", &v));
    assert_int_equal(v, 4096);
    const struct gguf_kv *tok = gguf_find(&g, "tokenizer.ggml.tokens");
    assert_non_null(tok);
    assert_int_equal(tok->type, GGUF_ARRAY);
    assert_int_equal(tok->arr_type, GGUF_STRING);
    assert_int_equal(tok->n, 32000);
    /* walk the token list: <unk>, <s>, </s>, then the byte tokens */
    struct gguf_iter it;
    struct strbuf sb = STRBUF_INIT;
    gguf_iter_init(&it, &g, tok);
    assert_int_equal(gguf_iter_next(&it, NULL, &sb), 1);
    assert_string_equal(sb.buf, "<unk>");
    assert_int_equal(gguf_iter_next(&it, NULL, &sb), 1);
    assert_string_equal(sb.buf, "<s>");
    assert_int_equal(gguf_iter_next(&it, NULL, &sb), 1);
    assert_int_equal(gguf_iter_next(&it, NULL, &sb), 1);
    assert_string_equal(sb.buf, "<0x00>");
    uint64_t n = 4;
    while (gguf_iter_next(&it, NULL, &sb) == 1)
        n++;
    assert_int_equal(n, 32000);
    /* every byte of the header was accounted for */
    assert_int_equal(it.pos, tok->off + tok->size);
    /* a value with no key, and type confusion refused */
    assert_null(gguf_find(&g, "nope"));
    assert_false(gguf_get_uint(&g, "general.architecture", &v));
    assert_false(gguf_get_uint(&g, "tokenizer.ggml.tokens", &v));
    assert_int_equal(gguf_get_str(&g, "llama.block_count", &sb), -EINVAL);
    /* the reader allocated a few KiB for 700 KiB of header */
    assert_true(g.alloc_bytes < 64 * 1024);
    strbuf_release(&sb);
    gguf_free(&g);
}

/* Hyperparameters of every real file (falcon: 71 heads, 1 KV head;
 * starcoder2: 24/2 heads). All but llama-spm have their arrays cut to 256
 * elements (tests/data/gguf/README.md gives the original counts). */
static void test_real_all(void **state)
{
    (void)state;
    static const struct {
        const char *file, *arch;
        uint64_t kv, n_tokens, heads, heads_kv;
    } cases[] = {
        {"baichuan", "baichuan", 18, 256, 32, 32},
        {"bert-bge", "bert", 20, 256, 12, 0},
        {"deepseek-coder", "llama", 25, 256, 32, 32},
        {"deepseek-llm", "llama", 23, 256, 32, 32},
        {"falcon", "falcon", 18, 256, 71, 1},
        {"gpt-2", "gpt2", 16, 256, 12, 0},
        {"gpt-neox", "gptneox", 17, 256, 64, 0},
        {"llama-spm", "llama", 22, 32000, 32, 32},
        {"mpt", "mpt", 17, 256, 32, 0},
        {"phi-3", "phi3", 26, 256, 32, 32},
        {"refact", "refact", 18, 256, 32, 1},
        {"starcoder", "starcoder2", 19, 256, 24, 2},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char path[128], key[96];
        snprintf(path, sizeof(path), "tests/data/gguf/ggml-vocab-%s.gguf", cases[i].file);
        struct gguf_file g;
        struct diag d;
        diag_clear(&d);
        assert_int_equal(gguf_open(path, &g, &d), 0);
        assert_string_equal(gguf_get_cstr(&g, "general.architecture"), cases[i].arch);
        assert_int_equal(g.n_kv, cases[i].kv);
        assert_int_equal(gguf_find(&g, "tokenizer.ggml.tokens")->n, cases[i].n_tokens);
        uint64_t v;
        snprintf(key, sizeof(key), "%s.attention.head_count", cases[i].arch);
        assert_true(gguf_get_uint(&g, key, &v));
        assert_int_equal(v, cases[i].heads);
        snprintf(key, sizeof(key), "%s.attention.head_count_kv", cases[i].arch);
        if (cases[i].heads_kv) {
            assert_true(gguf_get_uint(&g, key, &v));
            assert_int_equal(v, cases[i].heads_kv);
        } else {
            assert_false(gguf_get_uint(&g, key, &v));
        }
        /* every byte of the token array was walked to its end */
        struct gguf_iter it;
        gguf_iter_init(&it, &g, gguf_find(&g, "tokenizer.ggml.tokens"));
        uint64_t n = 0;
        while (gguf_iter_next(&it, NULL, NULL) == 1)
            n++;
        assert_int_equal(n, cases[i].n_tokens);
        assert_true(g.alloc_bytes < 64 * 1024);
        gguf_free(&g);
    }
}

static void *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    rewind(f);
    void *buf = malloc(*len ? *len : 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, *len, f), *len);
    fclose(f);
    return buf;
}

/* Files written by tests/tools/gguf-gen (kept as fuzz seeds): tensors,
 * big-endian, GGUF v2, a split shard. */
static void test_generated(void **state)
{
    (void)state;
    struct gguf_file g;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(gguf_open("fuzz/corpus/fuzz-gguf/llama-f16.gguf", &g, &d), 0);
    assert_int_equal(g.n_tensors, 2 * 9 + 2); /* tied: no output.weight */
    assert_string_equal(g.tensors[0].name, "token_embd.weight");
    assert_int_equal(g.tensors[0].ne[0], 32);
    assert_int_equal(g.tensors[0].ne[1], 300);
    assert_int_equal(g.tensors[0].type, GGML_T_F16);
    assert_int_equal(g.tensors[0].nbytes, 32 * 300 * 2);
    assert_int_equal(g.data_offset % 32, 0);
    assert_int_equal(g.tensors[1].offset, 19200); /* 19200 is a multiple of 32 */
    uint64_t last_end =
        g.data_offset + g.tensors[g.n_tensors - 1].offset + g.tensors[g.n_tensors - 1].nbytes;
    assert_true(last_end <= g.file_size);
    gguf_free(&g);

    /* big-endian: refused at the version, as ggml refuses it */
    diag_clear(&d);
    assert_int_equal(gguf_open("fuzz/corpus/fuzz-gguf/llama-be.gguf", &g, &d), -EBADMSG);
    assert_int_equal(d.offset, 4);
    assert_non_null(strstr(d.message, "big-endian GGUF (version 3"));
    uint64_t v;

    assert_int_equal(gguf_open("fuzz/corpus/fuzz-gguf/llama-v2.gguf", &g, &d), 0);
    assert_int_equal(g.version, 2);
    gguf_free(&g);

    /* a shard: split.no 1 (the second of three) */
    assert_int_equal(gguf_open("fuzz/corpus/fuzz-gguf/split-2-of-3.gguf", &g, &d), 0);
    assert_true(gguf_get_uint(&g, "split.no", &v));
    assert_int_equal(v, 1);
    assert_true(gguf_get_uint(&g, "split.count", &v));
    assert_int_equal(v, 3);
    gguf_free(&g);

    /* the memory reader agrees with the file reader */
    size_t len;
    void *buf = slurp("fuzz/corpus/fuzz-gguf/gemma3-swa-q4_0.gguf", &len);
    assert_int_equal(gguf_parse_mem(buf, len, &g, &d), 0);
    assert_string_equal(gguf_get_cstr(&g, "general.architecture"), "gemma3");
    assert_true(gguf_get_uint(&g, "gemma3.attention.sliding_window", &v));
    assert_int_equal(v, 128);
    gguf_free(&g);
    free(buf);
}

/* Every truncation of a valid file is refused with an offset inside it,
 * never read past. */
static void test_every_truncation(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = slurp("tests/gguf-bad/ok-minimal.gguf", &len);
    struct gguf_file g;
    struct diag d;
    assert_int_equal(gguf_parse_mem(buf, len, &g, &d), 0);
    gguf_free(&g);
    for (size_t n = 0; n < len - 64; n++) {
        uint8_t *cut = malloc(n ? n : 1); /* exact size: ASan sees any over-read */
        memcpy(cut, buf, n);
        diag_clear(&d);
        assert_int_equal(gguf_parse_mem(cut, n, &g, &d), -EBADMSG);
        assert_true(d.has_offset);
        assert_true(d.offset <= n);
        free(cut);
    }
    free(buf);
}

/* The regression files of tests/gguf-bad (one per CVE class of
 * research/gguf.md §3, made by make-bad.py): each is refused with a byte
 * offset, and the reader allocates next to nothing for it. */
static void test_cve_classes(void **state)
{
    (void)state;
    DIR *dir = opendir("tests/gguf-bad");
    assert_non_null(dir);
    struct dirent *de;
    unsigned files = 0, refused = 0;
    while ((de = readdir(dir))) {
        size_t n = strlen(de->d_name);
        if (n < 6 || strcmp(de->d_name + n - 5, ".gguf") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof(path), "tests/gguf-bad/%s", de->d_name);
        files++;
        size_t len;
        void *buf = slurp(path, &len);
        struct gguf_file g;
        struct diag d;
        diag_clear(&d);
        int e = gguf_parse_mem(buf, len, &g, &d);
        if (e == 0) {
            /* accepted by the reader: refused later by the model view, or
             * the valid base file */
            assert_true(g.alloc_bytes < 64 * 1024);
            gguf_free(&g);
        } else {
            assert_int_equal(e, -EBADMSG);
            assert_true(d.has_offset && d.offset <= len);
            assert_true(d.message[0] != '\0');
            refused++;
        }
        free(buf);
    }
    closedir(dir);
    assert_true(files >= 40);
    assert_true(refused >= 35);
}

/* A hand-made check of the strict offset rule and a 2^31 alignment. */
static void test_alignment_and_types(void **state)
{
    (void)state;
    assert_int_equal(ggml_type_get(4), NULL);
    assert_int_equal(ggml_type_get(43), NULL);
    assert_string_equal(ggml_type_name(GGML_T_Q4_K), "Q4_K");
    assert_int_equal(ggml_type_get(GGML_T_Q4_K)->block_size, 144);
    assert_int_equal(ggml_type_get(40)->block, 64); /* NVFP4, 2026 */
    assert_int_equal(ggml_type_get(42)->block_size, 18);
    uint64_t r;
    assert_true(ggml_row_size(GGML_T_Q8_0, 4096, &r));
    assert_int_equal(r, 4096 / 32 * 34);
    assert_false(ggml_row_size(GGML_T_Q8_0, 4095, &r));
    assert_false(ggml_row_size(GGML_T_F32, UINT64_MAX, &r));
    uint32_t t;
    assert_true(ggml_type_by_name("q4_0", &t));
    assert_int_equal(t, GGML_T_Q4_0);
    assert_false(ggml_type_by_name("q4_2", &t));
    assert_string_equal(ggml_ftype_name(15), "Q4_K_M");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_llama_spm), cmocka_unit_test(test_real_all),
        cmocka_unit_test(test_generated),      cmocka_unit_test(test_every_truncation),
        cmocka_unit_test(test_cve_classes),    cmocka_unit_test(test_alignment_and_types),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

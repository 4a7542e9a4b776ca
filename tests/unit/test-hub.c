/* hf:ORG/REPO:QUANT picking from the Hub's tree listing, in the shape
 * https://huggingface.co/docs/hub/api documents for GET
 * /api/models/{repo_id}/tree/{revision} (type, oid, size, path, lfs). */
#include "unit.h"

#include "model/hub.h"

#define ENTRY(p)                                                                                   \
    "{\"type\":\"file\",\"oid\":\"b6a1\",\"size\":491400032,\"lfs\":{\"oid\":\"74a4\","            \
    "\"size\":491400032,\"pointerSize\":135},\"path\":\"" p "\"}"

/* clang-format off */
static const char listing[] =
    "[{\"type\":\"file\",\"oid\":\"a1\",\"size\":1519,\"path\":\".gitattributes\"},"
    "{\"type\":\"directory\",\"oid\":\"c3\",\"size\":0,\"path\":\"BF16\"},"
    ENTRY("BF16/model-BF16-00001-of-00002.gguf") ","
    ENTRY("BF16/model-BF16-00002-of-00002.gguf") ","
    ENTRY("model-IQ4_XS.gguf") ","
    ENTRY("model-Q4_K_M.gguf") ","
    ENTRY("model-UD-Q4_K_XL.gguf") ","
    ENTRY("mmproj-model-Q8_0.gguf") ","
    ENTRY("model-Q8_0.gguf") "]";
/* clang-format on */

static int pick(const char *json, const char *quant, struct strbuf *out, struct strbuf *why)
{
    struct diag d;
    diag_clear(&d);
    return hub_pick_quant(json, strlen(json), quant, out, why, &d);
}

static void test_pick(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT, why = STRBUF_INIT;
    assert_int_equal(pick(listing, "Q4_K_M", &out, &why), 0);
    assert_string_equal(out.buf, "model-Q4_K_M.gguf");
    /* case aside, and the mmproj file is not the model */
    assert_int_equal(pick(listing, "q8_0", &out, &why), 0);
    assert_string_equal(out.buf, "model-Q8_0.gguf");
    /* a split set by its first part, in a folder */
    assert_int_equal(pick(listing, "BF16", &out, &why), 0);
    assert_string_equal(out.buf, "BF16/model-BF16-00001-of-00002.gguf");
    /* a word: XS is not IQ4_XS's "Q4" */
    assert_int_equal(pick(listing, "Q4", &out, &why), -ENOENT);
    assert_non_null(strstr(why.buf, "model-IQ4_XS.gguf"));
    assert_int_equal(pick(listing, "Q6_K", &out, &why), -ENOENT);
    assert_non_null(strstr(why.buf, "no .gguf carries Q6_K"));
    strbuf_release(&out);
    strbuf_release(&why);
}

static void test_ambiguous_and_empty(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT, why = STRBUF_INIT;
    const char *two = "[" ENTRY("a/m-Q8_0.gguf") "," ENTRY("b/m-Q8_0.gguf") "]";
    assert_int_equal(pick(two, "Q8_0", &out, &why), -EEXIST);
    assert_string_equal(why.buf, "2 files carry Q8_0: a/m-Q8_0.gguf, b/m-Q8_0.gguf");
    assert_int_equal(pick("[]", "Q8_0", &out, &why), -ENOENT);
    assert_string_equal(why.buf, "the repository holds no .gguf file");
    strbuf_release(&out);
    strbuf_release(&why);
}

static void test_malformed(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT, why = STRBUF_INIT;
    const char *bad[] = {
        "{\"error\":\"Repository not found\"}", /* what the Hub answers on an error */
        "[{\"type\":\"file\"}]",
        "[{\"type\":1,\"path\":\"m-Q8_0.gguf\"}]",
        "[1]",
        "[",
        "",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(pick(bad[i], "Q8_0", &out, &why), -EBADMSG);
    strbuf_release(&out);
    strbuf_release(&why);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pick),
        cmocka_unit_test(test_ambiguous_and_empty),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

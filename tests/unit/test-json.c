#include "unit.h"

#include "out/json.h"

static char *render(void (*fn)(struct json *))
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    struct json j;
    json_init(&j, f);
    fn(&j);
    fclose(f);
    return buf;
}

static void doc(struct json *j)
{
    json_obj_begin(j);
    json_kv_u64(j, "a", 18446744073709551615ULL);
    json_kv_i64(j, "b", -5);
    json_kv_centi(j, "c", 1234);
    json_kv_centi(j, "d", 7);
    json_key(j, "e");
    json_arr_begin(j);
    json_bool(j, true);
    json_null(j);
    json_str(j, NULL);
    json_arr_end(j);
    json_key(j, "empty");
    json_arr_begin(j);
    json_arr_end(j);
    json_key(j, "o");
    json_obj_begin(j);
    json_obj_end(j);
    json_kv_double(j, "r", 0.5);
    json_obj_end(j);
    json_finish(j);
}

static void test_document(void **state)
{
    (void)state;
    char *s = render(doc);
    assert_string_equal(s, "{\n"
                           "  \"a\": 18446744073709551615,\n"
                           "  \"b\": -5,\n"
                           "  \"c\": 12.34,\n"
                           "  \"d\": 0.07,\n"
                           "  \"e\": [\n"
                           "    true,\n"
                           "    null,\n"
                           "    null\n"
                           "  ],\n"
                           "  \"empty\": [],\n"
                           "  \"o\": {},\n"
                           "  \"r\": 0.5\n"
                           "}\n");
    free(s);
}

static char *escape(const char *in, size_t n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    json_write_string(f, in, n);
    fclose(f);
    return buf;
}

static void test_escaping(void **state)
{
    (void)state;
    char *s = escape(STR_AND_LEN("a\"b\\c\nd\te\r\x01\x7f"));
    assert_string_equal(s, "\"a\\\"b\\\\c\\nd\\te\\r\\u0001\\u007f\"");
    free(s);
    /* valid UTF-8 passes through; invalid bytes become U+FFFD one by one */
    s = escape(STR_AND_LEN("Jos\xc3\xa9 \xff\xfe \xe2\x82"));
    assert_string_equal(s, "\"Jos\xc3\xa9 \\ufffd\\ufffd \\ufffd\\ufffd\"");
    free(s);
    /* overlong encodings and surrogates are invalid */
    s = escape(STR_AND_LEN("\xc0\xaf\xed\xa0\x80"));
    assert_string_equal(s, "\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"");
    free(s);
    /* an embedded NUL is kept as a character */
    s = escape("a\0b", 3);
    assert_string_equal(s, "\"a\\u0000b\"");
    free(s);
}

static void nonfinite(struct json *j)
{
    json_arr_begin(j);
    json_double(j, 1.0 / 0.0);
    json_double(j, 0.0 / 0.0);
    json_arr_end(j);
}

static void test_nonfinite_is_null(void **state)
{
    (void)state;
    char *s = render(nonfinite);
    assert_string_equal(s, "[\n  null,\n  null\n]");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_nonfinite_is_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

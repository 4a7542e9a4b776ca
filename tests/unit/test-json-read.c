#include "unit.h"

#include "util/json-read.h"

static int parse(const char *s, struct json_doc *doc, struct diag *d)
{
    diag_clear(d);
    return json_doc_parse(s, strlen(s), doc, d);
}

static void test_values(void **state)
{
    (void)state;
    struct json_doc doc;
    struct diag d;
    assert_int_equal(
        parse(" {\"a\": [1, -2, 3.5, 1e3, true, false, null, \"x\"],\r\n \"b\": {}}\r\n", &doc, &d),
        0);
    const struct jv *a = jv_get(doc.root, "a");
    assert_non_null(a);
    assert_int_equal(a->type, JV_ARRAY);
    assert_int_equal(a->n, 8);
    const struct jv *e = a->child;
    assert_true(e->is_u64);
    assert_int_equal(e->u, 1);
    e = e->next;
    assert_false(e->is_u64); /* negative */
    assert_true(e->d == -2.0);
    e = e->next;
    assert_false(e->is_u64);
    assert_true(e->d == 3.5);
    e = e->next;
    assert_false(e->is_u64);
    assert_true(e->d == 1000.0);
    e = e->next;
    assert_int_equal(e->type, JV_BOOL);
    assert_true(e->b);
    e = e->next;
    assert_false(e->b);
    e = e->next;
    assert_int_equal(e->type, JV_NULL);
    e = e->next;
    assert_string_equal(e->s, "x");
    assert_null(e->next);
    const struct jv *b = jv_get(doc.root, "b");
    assert_int_equal(b->type, JV_OBJECT);
    assert_int_equal(b->n, 0);
    assert_null(jv_get(doc.root, "c"));
    assert_null(jv_get(a, "a")); /* not an object */
    json_doc_release(&doc);
}

static void test_u64_limits(void **state)
{
    (void)state;
    struct json_doc doc;
    struct diag d;
    assert_int_equal(parse("[18446744073709551615, 18446744073709551616, 0]", &doc, &d), 0);
    const struct jv *e = doc.root->child;
    assert_true(e->is_u64);
    assert_true(e->u == UINT64_MAX);
    assert_false(e->next->is_u64); /* one more overflows: not a u64 */
    assert_true(e->next->next->is_u64);
    json_doc_release(&doc);
}

/* Windows PowerShell 5.1's ConvertTo-Json escapes ' < > & (JavaScriptSerializer);
 * a BOM may lead the bytes; surrogate pairs and lone surrogates. */
static void test_strings(void **state)
{
    (void)state;
    struct json_doc doc;
    struct diag d;
    static const char in[] =
        "\xEF\xBB\xBF{\"p\":\"C:\\\\Users\\\\al\\u0027x\",\"q\":\"\\u003cb\\u003e "
        "\\u0026\",\"e\":\"\\ud83d\\ude00\",\"l\":\"\\ud800x\",\"n\":\"a\\n\\t\\/\","
        "\"u\":\"caf\xc3\xa9\",\"bad\":\"\xff\"}";
    assert_int_equal(json_doc_parse(in, sizeof(in) - 1, &doc, &d), 0);
    assert_string_equal(jv_get(doc.root, "p")->s, "C:\\Users\\al'x");
    assert_string_equal(jv_get(doc.root, "q")->s, "<b> &");
    assert_string_equal(jv_get(doc.root, "e")->s, "\xf0\x9f\x98\x80");
    assert_string_equal(jv_get(doc.root, "l")->s, "\xef\xbf\xbdx");
    assert_string_equal(jv_get(doc.root, "n")->s, "a\n\t/");
    assert_string_equal(jv_get(doc.root, "u")->s, "caf\xc3\xa9");
    assert_string_equal(jv_get(doc.root, "bad")->s, "\xef\xbf\xbd");
    assert_int_equal(jv_get(doc.root, "bad")->len, 3);
    json_doc_release(&doc);
}

static void expect_error(const char *in, unsigned line, unsigned col, const char *msg)
{
    struct json_doc doc;
    struct diag d;
    assert_int_equal(parse(in, &doc, &d), -EBADMSG);
    assert_int_equal(d.line, line);
    assert_int_equal(d.column, col);
    assert_non_null(strstr(d.message, msg));
}

static void test_errors_name_line_and_column(void **state)
{
    (void)state;
    expect_error("", 1, 1, "expected a value");
    expect_error("{\"a\": 1,\n \"b\" 2}", 2, 6, "expected ':'");
    expect_error("[1, 2", 1, 6, "unterminated array");
    expect_error("{\"a\": \"x}", 1, 7, "unterminated string");
    expect_error("[01]", 1, 2, "may not start with 0");
    expect_error("[1.]", 1, 4, "digit after '.'");
    expect_error("[tru]", 1, 2, "expected a value");
    expect_error("{\"a\": \"\\u0000\"}", 1, 8, "\\u0000");
    expect_error("{\"a\": \"\\x\"}", 1, 8, "bad escape");
    expect_error("{\"a\": \"\\u12g4\"}", 1, 8, "bad \\u escape");
    expect_error("\"tab\there\"", 1, 5, "control character");
    expect_error("{} x", 1, 4, "unexpected text");
    expect_error("{1: 2}", 1, 2, "member name");
    expect_error("[1 2]", 1, 4, "expected ',' or ']'");
}

static void test_depth_limit(void **state)
{
    (void)state;
    char deep[200];
    memset(deep, '[', 65);
    memset(deep + 65, ']', 65);
    deep[130] = '\0';
    struct json_doc doc;
    struct diag d;
    assert_int_equal(parse(deep, &doc, &d), 0); /* 65 levels: root + 64 */
    json_doc_release(&doc);
    memset(deep, '[', 66);
    memset(deep + 66, ']', 66);
    deep[132] = '\0';
    assert_int_equal(parse(deep, &doc, &d), -EBADMSG);
    assert_non_null(strstr(d.message, "deeper"));
}

/* offsets point at the value, so mappers can name line and column */
static void test_offsets(void **state)
{
    (void)state;
    struct json_doc doc;
    struct diag d;
    static const char in[] = "{\n  \"a\": 12,\n  \"b\": [true]\n}";
    assert_int_equal(parse(in, &doc, &d), 0);
    assert_int_equal(jv_get(doc.root, "a")->off, 9);
    assert_int_equal(jv_get(doc.root, "b")->child->off, 21);
    json_doc_release(&doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_values),      cmocka_unit_test(test_u64_limits),
        cmocka_unit_test(test_strings),     cmocka_unit_test(test_errors_name_line_and_column),
        cmocka_unit_test(test_depth_limit), cmocka_unit_test(test_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

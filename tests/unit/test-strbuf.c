#include "unit.h"

#include "util/strbuf.h"

static void test_lifecycle(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    assert_string_equal(sb.buf, ""); /* never NULL */
    assert_int_equal(sb.len, 0);
    strbuf_setlen(&sb, 0); /* harmless on the shared empty buffer */
    strbuf_addstr(&sb, "abc");
    strbuf_addch(&sb, 'd');
    strbuf_addf(&sb, "-%d-%s", 42, "x");
    assert_string_equal(sb.buf, "abcd-42-x");
    assert_int_equal(sb.len, 9);
    strbuf_add(&sb, "\0z", 2); /* binary-safe */
    assert_int_equal(sb.len, 11);
    assert_int_equal(sb.buf[9], '\0');
    assert_int_equal(sb.buf[10], 'z');
    strbuf_setlen(&sb, 3);
    assert_string_equal(sb.buf, "abc");
    size_t n;
    char *p = strbuf_detach(&sb, &n);
    assert_int_equal(n, 3);
    assert_string_equal(p, "abc");
    free(p);
    assert_string_equal(sb.buf, "");
    p = strbuf_detach(&sb, &n); /* detaching an empty buffer gives a fresh "" */
    assert_string_equal(p, "");
    free(p);
    strbuf_release(&sb);
}

static void test_growth(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    for (int i = 0; i < 100000; i++)
        strbuf_addch(&sb, (char)('a' + i % 26));
    assert_int_equal(sb.len, 100000);
    assert_true(sb.alloc > sb.len);
    assert_int_equal(sb.buf[sb.len], '\0');
    assert_int_equal(sb.buf[26], 'a');
    strbuf_release(&sb);
    assert_int_equal(sb.alloc, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lifecycle),
        cmocka_unit_test(test_growth),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "unit.h"

#include "util/parse.h"

static void test_u64(void **state)
{
    (void)state;
    const char s[] = "18446744073709551615x";
    const char *p = s;
    uint64_t v;
    assert_int_equal(parse_u64_dec(&p, s + strlen(s), &v), 0);
    assert_int_equal(v, UINT64_MAX);
    assert_int_equal(*p, 'x');
    const char o[] = "18446744073709551616";
    p = o;
    assert_int_equal(parse_u64_dec(&p, o + strlen(o), &v), -ERANGE);
    assert_ptr_equal(p, o); /* not advanced on failure */
    p = "x";
    assert_int_equal(parse_u64_dec(&p, p + 1, &v), -EINVAL);
    /* the end bound is honoured even without a NUL */
    const char b[] = "12345";
    p = b;
    assert_int_equal(parse_u64_dec(&p, b + 2, &v), 0);
    assert_int_equal(v, 12);
    assert_int_equal(parse_u64_str("42", &v), 0);
    assert_int_equal(parse_u64_str("42 ", &v), -EINVAL);
    assert_int_equal(parse_u64_str("", &v), -EINVAL);
}

static void test_i64(void **state)
{
    (void)state;
    int64_t v;
    const char *p = "-9223372036854775808";
    assert_int_equal(parse_i64_dec(&p, p + strlen(p), &v), 0);
    assert_true(v == INT64_MIN);
    p = "9223372036854775808";
    assert_int_equal(parse_i64_dec(&p, p + strlen(p), &v), -ERANGE);
    p = "-";
    assert_int_equal(parse_i64_dec(&p, p + 1, &v), -EINVAL);
}

static void test_centi(void **state)
{
    (void)state;
    uint64_t v;
    const char *p = "12.34 ";
    assert_int_equal(parse_centi(&p, p + 6, &v), 0);
    assert_int_equal(v, 1234);
    assert_int_equal(*p, ' ');
    p = "0.5";
    assert_int_equal(parse_centi(&p, p + 3, &v), 0);
    assert_int_equal(v, 50);
    p = "7";
    assert_int_equal(parse_centi(&p, p + 1, &v), 0);
    assert_int_equal(v, 700);
    p = "1.239"; /* extra digits truncated */
    assert_int_equal(parse_centi(&p, p + 5, &v), 0);
    assert_int_equal(v, 123);
    p = "1.";
    assert_int_equal(parse_centi(&p, p + 2, &v), -EINVAL);
    p = "184467440737095516.15";
    assert_int_equal(parse_centi(&p, p + strlen(p), &v), 0);
    assert_int_equal(v, UINT64_MAX);
    p = "184467440737095516.16";
    assert_int_equal(parse_centi(&p, p + strlen(p), &v), -ERANGE);
}

static void test_checked_math(void **state)
{
    (void)state;
    uint64_t r;
    assert_true(mul_u64(1ULL << 32, 1ULL << 31, &r));
    assert_false(mul_u64(1ULL << 32, 1ULL << 32, &r));
    assert_false(add_u64(UINT64_MAX, 1, &r));
    assert_int_equal(sat_add_u64(UINT64_MAX, 5), UINT64_MAX);
    assert_int_equal(sat_sub_u64(3, 5), 0);
    assert_int_equal(sat_sub_u64(5, 3), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_u64),
        cmocka_unit_test(test_i64),
        cmocka_unit_test(test_centi),
        cmocka_unit_test(test_checked_math),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "unit.h"

#include "util/size.h"

static void fmt(uint64_t v, const char *want)
{
    char buf[32];
    assert_string_equal(size_format(v, buf, sizeof(buf)), want);
}

static void test_format(void **state)
{
    (void)state;
    fmt(0, "0 B");
    fmt(1023, "1023 B");
    fmt(1024, "1.0 KiB");
    fmt(1536, "1.5 KiB");
    fmt(100 * 1024 - 1, "100 KiB");
    fmt(99 * 1024 + 500, "99.5 KiB");
    fmt(8058524ULL * 1024, "7.7 GiB");
    fmt(577 * MIB, "577 MiB");
    fmt(1023 * MIB + 700 * KIB, "1.0 GiB"); /* rounds up into the next unit */
    fmt(16 * GIB, "16.0 GiB");
    fmt(120 * GIB + 400 * MIB, "120 GiB");
    fmt(UINT64_MAX, "16.0 EiB");
    assert_string_equal(size_str(2 * MIB), "2.0 MiB");
}

static void words(uint64_t n, const char *want)
{
    char buf[32];
    assert_string_equal(count_words(n, buf, sizeof(buf)), want);
}

/* parameter counts: never "B" (bytes in every size column) */
static void test_count_words(void **state)
{
    (void)state;
    words(0, "0");
    words(950, "950");
    words(847360, "847 thousand");
    words(8030261248ULL, "8.0 billion");
    words(7615616512ULL, "7.6 billion");
    words(9960000000ULL, "10 billion");
    words(999960000ULL, "1.0 billion");
    words(70553706496ULL, "71 billion");
    words(630000000ULL, "630 million");
    words(1500000000000ULL, "1.5 trillion");
}

static void parse_ok(const char *s, uint64_t want)
{
    uint64_t v;
    assert_int_equal(size_parse(s, &v), 0);
    assert_int_equal(v, want);
}

static void test_parse(void **state)
{
    (void)state;
    parse_ok("4096B", 4096);
    parse_ok("16GB", 16 * GIB);
    parse_ok("16gb", 16 * GIB);
    parse_ok("16 GiB", 16 * GIB);
    parse_ok("5.6G", (uint64_t)(5.6 * GIB + 0.5));
    parse_ok("512MiB", 512 * MIB);
    parse_ok("1.5k", 1536);
    parse_ok("0", 0);
    uint64_t v;
    assert_int_equal(size_parse("", &v), -EINVAL);
    assert_int_equal(size_parse("GB", &v), -EINVAL);
    assert_int_equal(size_parse("5.GB", &v), -EINVAL);
    assert_int_equal(size_parse("-1GB", &v), -EINVAL);
    assert_int_equal(size_parse("5 XB", &v), -EINVAL);
    assert_int_equal(size_parse("99999999999TB", &v), -ERANGE);
    /* a unit is never guessed: 16 is not 16 bytes */
    assert_int_equal(size_parse("16", &v), -EDOM);
    assert_int_equal(size_parse("4096", &v), -EDOM);
    assert_int_equal(size_parse("0.5", &v), -EDOM);
    assert_string_equal(size_parse_problem(-EDOM), "needs a unit, e.g. 16GB");
    assert_string_equal(size_parse_problem(-ERANGE), "is too large");
    assert_string_equal(size_parse_problem(-EINVAL), "is not a size (e.g. 16GB, 512MiB)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format),
        cmocka_unit_test(test_count_words),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

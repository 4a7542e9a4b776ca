#include "unit.h"

#include "probe/swaps.h"

static void test_header_only_is_no_swap(void **state)
{
    (void)state;
    static const char t[] = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";
    struct swaps s;
    struct diag d;
    assert_int_equal(swaps_parse(STR_AND_LEN(t), &s, &d), 0);
    assert_int_equal(s.n, 0);
    assert_int_equal(s.total, 0);
    assert_int_equal(swaps_parse("", 0, &s, &d), 0);
    assert_int_equal(s.n, 0);
}

static void test_areas(void **state)
{
    (void)state;
    /* the kernel's layout; a file name with a space is escaped as \040 */
    static const char t[] =
        "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
        "/dev/sdb                                partition\t4194304\t\t319488\t\t-2\n"
        "/swap\\040file                           file\t\t1048576\t\t0\t\t10\n";
    struct swaps s;
    struct diag d;
    assert_int_equal(swaps_parse(STR_AND_LEN(t), &s, &d), 0);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.areas[0].filename, "/dev/sdb");
    assert_string_equal(s.areas[0].type, "partition");
    assert_int_equal(s.areas[0].size, 4194304ULL * 1024);
    assert_int_equal(s.areas[0].used, 319488ULL * 1024);
    assert_int_equal(s.areas[0].priority, -2);
    assert_string_equal(s.areas[1].filename, "/swap file");
    assert_int_equal(s.areas[1].priority, 10);
    assert_int_equal(s.total, (4194304ULL + 1048576) * 1024);
    assert_int_equal(s.used, 319488ULL * 1024);
}

static void test_malformed(void **state)
{
    (void)state;
    struct swaps s;
    struct diag d;
    static const char noheader[] = "/dev/sdb partition 1 0 -2\n";
    assert_int_equal(swaps_parse(STR_AND_LEN(noheader), &s, &d), -EBADMSG);
    assert_int_equal(d.line, 1);
    static const char cut[] = "Filename Type Size Used Priority\n/dev/sdb partition 1048576\n";
    assert_int_equal(swaps_parse(STR_AND_LEN(cut), &s, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    static const char extra[] = "Filename Type Size Used Priority\n/dev/sdb partition 1 0 -2 x\n";
    assert_int_equal(swaps_parse(STR_AND_LEN(extra), &s, &d), -EBADMSG);
    static const char badsize[] = "Filename Type Size Used Priority\n/dev/sdb partition 1x 0 -2\n";
    assert_int_equal(swaps_parse(STR_AND_LEN(badsize), &s, &d), -EBADMSG);
    assert_non_null(strstr(d.message, "size"));
    static const char big[] = "Filename Type Size Used Priority\n/a p 18446744073709551615 0 1\n";
    assert_int_equal(swaps_parse(STR_AND_LEN(big), &s, &d), -EBADMSG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_only_is_no_swap),
        cmocka_unit_test(test_areas),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

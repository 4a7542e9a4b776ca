#include "unit.h"

#include "probe/buddyinfo.h"

/* Read off the development machine (kernel 6.18; trailing space as printed). */
static const char real[] = "Node 0, zone      DMA      0      0      0      0      0      0      0 "
                           "     0      1      1      3 \n"
                           "Node 0, zone    DMA32      2      2      4      2      5      4      3 "
                           "     3      4      2    752 \n"
                           "Node 0, zone   Normal    145      2     45    104     83     40     12 "
                           "    11      9      1     17 \n";

static void test_real(void **state)
{
    (void)state;
    struct buddyinfo b;
    struct diag d;
    assert_int_equal(buddyinfo_parse(STR_AND_LEN(real), &b, &d), 0);
    assert_int_equal(b.n, 3);
    assert_string_equal(b.zones[1].zone, "DMA32");
    assert_int_equal(b.zones[1].norders, 11);
    assert_int_equal(b.zones[1].free[10], 752);
    assert_int_equal(b.zones[2].free[0], 145);
    /* below order 1: only the order-0 pages, 0 + 2 + 145 of 4 KiB */
    assert_int_equal(buddyinfo_free_below(&b, 1, 4096), (0 + 2 + 145) * 4096ULL);
    /* below order 2 adds the order-1 blocks of 8 KiB */
    assert_int_equal(buddyinfo_free_below(&b, 2, 4096), (147) * 4096ULL + (0 + 2 + 2) * 8192ULL);
    uint64_t total = buddyinfo_free_total(&b, 4096);
    assert_true(total > 3000ULL * 1024 * 1024); /* 752+17+3 blocks of 4 MiB alone */
    assert_int_equal(buddyinfo_free_below(&b, 11, 4096), total);
}

static void test_malformed(void **state)
{
    (void)state;
    struct buddyinfo b;
    struct diag d;
    static const char t1[] = "Node 0, zone Normal 1 x 3\n";
    assert_int_equal(buddyinfo_parse(STR_AND_LEN(t1), &b, &d), -EBADMSG);
    assert_int_equal(d.column, 23);
    static const char t2[] = "Zone 0\n";
    assert_int_equal(buddyinfo_parse(STR_AND_LEN(t2), &b, &d), -EBADMSG);
    static const char t3[] = "Node 0, zone Normal\n";
    assert_int_equal(buddyinfo_parse(STR_AND_LEN(t3), &b, &d), -EBADMSG);
    static const char t4[] = "Node 0, zone N 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1\n"; /* 17 orders */
    assert_int_equal(buddyinfo_parse(STR_AND_LEN(t4), &b, &d), -EBADMSG);
}

static void test_overflow_saturates(void **state)
{
    (void)state;
    static const char t[] = "Node 0, zone Normal 1 1 1 1 1 1 1 1 1 1 18446744073709551615\n";
    struct buddyinfo b;
    struct diag d;
    assert_int_equal(buddyinfo_parse(STR_AND_LEN(t), &b, &d), 0);
    assert_int_equal(buddyinfo_free_total(&b, 4096), UINT64_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_overflow_saturates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

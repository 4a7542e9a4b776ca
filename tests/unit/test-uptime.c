#include "unit.h"

#include "probe/uptime.h"

static void test_real(void **state)
{
    (void)state;
    /* this project's development VM (2 CPUs), cat /proc/uptime */
    static const char t[] = "15447.03 11073.00\n";
    struct uptime u;
    struct diag d;
    assert_int_equal(uptime_parse(STR_AND_LEN(t), &u, &d), 0);
    assert_int_equal(u.up_cs, 1544703);
    assert_int_equal(u.idle_cs, 1107300);
    uint64_t busy, idle;
    assert_true(uptime_cpu_times(&u, 2, &busy, &idle));
    assert_int_equal(idle, 1107300);
    assert_int_equal(busy, 2 * 1544703ull - 1107300);
    /* fewer or more fraction digits, no newline */
    assert_int_equal(uptime_parse(STR_AND_LEN("12.5 3"), &u, &d), 0);
    assert_int_equal(u.up_cs, 1250);
    assert_int_equal(u.idle_cs, 300);
    assert_int_equal(uptime_parse(STR_AND_LEN("1.239999 0.001\n"), &u, &d), 0);
    assert_int_equal(u.up_cs, 123);
    assert_int_equal(u.idle_cs, 0);
}

static void test_cpu_times(void **state)
{
    (void)state;
    uint64_t busy = 7, idle = 7;
    struct uptime u = {1000, 1500}; /* 10 s up, 15 s idle */
    /* one CPU cannot have been idle 15 s in 10: the count is stale */
    assert_false(uptime_cpu_times(&u, 1, &busy, &idle));
    assert_int_equal(busy, 7);
    assert_true(uptime_cpu_times(&u, 2, &busy, &idle));
    assert_int_equal(busy, 500);
    assert_int_equal(idle, 1500);
    /* rounding: a hundredth per CPU of slack, busy never below zero */
    u.idle_cs = 2002;
    assert_true(uptime_cpu_times(&u, 2, &busy, &idle));
    assert_int_equal(busy, 0);
    u.idle_cs = 2003;
    assert_false(uptime_cpu_times(&u, 2, &busy, &idle));
    assert_false(uptime_cpu_times(&u, 0, &busy, &idle));
    u.up_cs = UINT64_MAX / 2;
    assert_false(uptime_cpu_times(&u, 4, &busy, &idle));
}

static void bad(const char *s, size_t len)
{
    struct uptime u;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(uptime_parse(s, len, &u, &d), -EBADMSG);
    assert_true(d.message[0] != '\0');
}

static void test_malformed(void **state)
{
    (void)state;
    bad(STR_AND_LEN(""));
    bad(STR_AND_LEN("\n"));
    bad(STR_AND_LEN("12.34\n"));
    bad(STR_AND_LEN("12.34  5.6\n"));
    bad(STR_AND_LEN("12. 5.6\n"));
    bad(STR_AND_LEN("12.34 5.6 7\n"));
    bad(STR_AND_LEN("12.34 5.6\n\n"));
    bad(STR_AND_LEN("-1.00 5.6\n"));
    bad(STR_AND_LEN("12.34 5.1234567890\n"));
    bad(STR_AND_LEN("99999999999999999999.00 1.00\n"));
    bad(STR_AND_LEN("184467440737095516.16 1.00\n"));
    bad("12.34\0 5.6", 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real),
        cmocka_unit_test(test_cpu_times),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

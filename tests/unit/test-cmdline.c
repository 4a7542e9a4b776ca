#include "unit.h"

#include "probe/cmdline.h"

static void test_wsl_published(void **state)
{
    (void)state;
    /* microsoft/WSL#4694, as pasted */
    static const char t[] =
        "initrd=\\initrd.img panic=-1 pty.legacy_count=0 nr_cpus=8 vsyscall=emulate\n";
    struct cmdline c;
    struct diag d;
    assert_int_equal(cmdline_parse(STR_AND_LEN(t), &c, &d), 0);
    assert_true(c.has_nr_cpus);
    assert_int_equal(c.nr_cpus, 8);
    assert_false(c.has_page_reporting_order);
    assert_int_equal(c.psi, -1);
    assert_string_equal(c.raw, "initrd=\\initrd.img panic=-1 pty.legacy_count=0 nr_cpus=8 "
                               "vsyscall=emulate");
}

static void test_order_and_psi(void **state)
{
    (void)state;
    /* the development machine's line, shortened */
    static const char t[] = "console=ttyS0 psi=1 page_reporting.page_reporting_order=11 "
                            "rdinit=/process_api -- --addr 0.0.0.0:2024\n";
    struct cmdline c;
    struct diag d;
    assert_int_equal(cmdline_parse(STR_AND_LEN(t), &c, &d), 0);
    assert_true(c.has_page_reporting_order);
    assert_int_equal(c.page_reporting_order, 11);
    assert_int_equal(c.psi, 1);
    static const char off[] = "psi=off nr_cpus=2 nr_cpus=4 x=\"a b\"\n";
    assert_int_equal(cmdline_parse(STR_AND_LEN(off), &c, &d), 0);
    assert_int_equal(c.psi, 0);
    assert_int_equal(c.nr_cpus, 4); /* the last one wins, as in the kernel */
    static const char quoted[] = "a=\"nr_cpus=9 x\" nr_cpus=\"3\"\n";
    assert_int_equal(cmdline_parse(STR_AND_LEN(quoted), &c, &d), 0);
    assert_int_equal(c.nr_cpus, 3);
}

static void test_malformed(void **state)
{
    (void)state;
    struct cmdline c;
    struct diag d;
    static const char t1[] = "panic=-1 nr_cpus=abc\n";
    assert_int_equal(cmdline_parse(STR_AND_LEN(t1), &c, &d), -EBADMSG);
    assert_int_equal(d.column, 18);
    static const char t2[] = "a\nb\n";
    assert_int_equal(cmdline_parse(STR_AND_LEN(t2), &c, &d), -EBADMSG);
    static const char t3[] = "page_reporting.page_reporting_order=-1\n";
    assert_int_equal(cmdline_parse(STR_AND_LEN(t3), &c, &d), -EBADMSG);
}

static void test_long_line_truncated_in_raw(void **state)
{
    (void)state;
    char *t = malloc(10000);
    memset(t, 'x', 9990);
    memcpy(t + 9990, " nr_cpus=7", 10);
    struct cmdline c;
    struct diag d;
    assert_int_equal(cmdline_parse(t, 10000, &c, &d), 0);
    assert_int_equal(strlen(c.raw), sizeof(c.raw) - 1);
    assert_int_equal(c.nr_cpus, 7);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wsl_published),
        cmocka_unit_test(test_order_and_psi),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_long_line_truncated_in_raw),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

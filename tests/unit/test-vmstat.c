#include "unit.h"

#include "probe/vmstat.h"

static void test_real(void **state)
{
    (void)state;
    /* lines of this project's development VM's /proc/vmstat (6.18) */
    static const char t[] = "nr_free_pages 6085006\n"
                            "workingset_nodes 315\n"
                            "workingset_refault_anon 0\n"
                            "workingset_refault_file 393061\n"
                            "workingset_activate_file 82738\n"
                            "pgmajfault 3518\n"
                            "pgsteal_kswapd 0\n"
                            "pgsteal_direct 0\n"
                            "pgscan_kswapd 0\n"
                            "pgscan_direct 0\n"
                            "drop_pagecache 2\n"
                            "drop_slab 2\n"
                            "compact_stall 0\n"
                            "oom_kill 1\n";
    struct vmstat v;
    struct diag d;
    assert_int_equal(vmstat_parse(STR_AND_LEN(t), &v, &d), 0);
    assert_true(v.has_refault);
    assert_true(v.has_refault_anon);
    assert_int_equal(v.workingset_refault_file, 393061);
    assert_int_equal(v.pgmajfault, 3518);
    assert_int_equal(v.drop_pagecache, 2);
    assert_true(v.has_oom_kill);
    assert_int_equal(v.oom_kill, 1);
    /* before 5.9 one counter, taken as the file one */
    static const char old[] = "workingset_refault 777\nworkingset_activate 3\n";
    assert_int_equal(vmstat_parse(STR_AND_LEN(old), &v, &d), 0);
    assert_true(v.has_refault);
    assert_false(v.has_refault_anon);
    assert_false(v.has_oom_kill);
    assert_int_equal(v.workingset_refault_file, 777);
    /* no refault counters at all */
    static const char none[] = "nr_free_pages 1\n";
    assert_int_equal(vmstat_parse(STR_AND_LEN(none), &v, &d), 0);
    assert_false(v.has_refault);
}

static void test_malformed(void **state)
{
    (void)state;
    struct vmstat v;
    struct diag d;
    static const char a[] = "pgmajfault 12\nworkingset_refault_file x\n";
    assert_int_equal(vmstat_parse(STR_AND_LEN(a), &v, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 25);
    static const char b[] = "pgmajfault\n";
    assert_int_equal(vmstat_parse(STR_AND_LEN(b), &v, &d), -EBADMSG);
    static const char c[] = "pgmajfault 1 2\n";
    assert_int_equal(vmstat_parse(STR_AND_LEN(c), &v, &d), -EBADMSG);
    static const char e[] = "pgmajfault 99999999999999999999\n";
    assert_int_equal(vmstat_parse(STR_AND_LEN(e), &v, &d), -EBADMSG);
    assert_string_equal(d.message, "number too large");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

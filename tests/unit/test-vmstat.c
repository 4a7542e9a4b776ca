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

/* vm.min_unmapped_ratio as this machine's kernel writes it, read live too */
static void test_min_unmapped_ratio(void **state)
{
    (void)state;
    unsigned v;
    struct diag d;
    assert_int_equal(vm_percent_parse("1\n", 2, &v, &d), 0);
    assert_int_equal(v, 1);
    assert_int_equal(vm_percent_parse("100", 3, &v, &d), 0);
    assert_int_equal(v, 100);
    diag_clear(&d);
    assert_int_equal(vm_percent_parse("101\n", 4, &v, &d), -EBADMSG);
    assert_int_equal(vm_percent_parse("1 \n", 3, &v, &d), -EBADMSG);
    assert_int_equal(vm_percent_parse("", 0, &v, &d), -EBADMSG);
    FILE *f = fopen("/proc/sys/vm/min_unmapped_ratio", "r");
    unsigned want;
    if (!f || fscanf(f, "%u", &want) != 1) {
        if (f)
            fclose(f);
        skip();
    }
    fclose(f);
    struct rootfs *r;
    assert_int_equal(rootfs_new("/", &r), 0);
    struct probe_status st = {0};
    assert_int_equal(vm_min_unmapped_ratio_read(r, &v, &st), 0);
    assert_int_equal(v, want);
    rootfs_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_min_unmapped_ratio),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

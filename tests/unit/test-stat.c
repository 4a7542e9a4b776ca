#include "unit.h"

#include "probe/stat.h"

static void test_real(void **state)
{
    (void)state;
    /* this project's development VM (2 CPUs), first lines of /proc/stat */
    static const char t[] = "cpu  32098 0 9352 377805 1166 0 113 210 0 0\n"
                            "cpu0 5795 0 3500 200670 154 0 22 99 0 0\n"
                            "intr 469890 0 0 0\n";
    struct cpu_times c;
    struct diag d;
    assert_int_equal(cpu_times_parse(STR_AND_LEN(t), &c, &d), 0);
    assert_int_equal(c.user, 32098);
    assert_int_equal(c.system, 9352);
    assert_int_equal(c.idle, 377805);
    assert_int_equal(c.iowait, 1166);
    assert_int_equal(c.softirq, 113);
    assert_int_equal(c.steal, 210);
    assert_int_equal(c.nfields, 8);
    assert_int_equal(cpu_times_busy(&c), 32098 + 9352 + 113 + 210);
    assert_int_equal(cpu_times_idle(&c), 377805 + 1166);
    /* a reader may hand over only the start of the file: the rest is cut */
    static const char cut[] = "cpu  1 2 3 4 5 6 7 8 9 10\ncpu0 1 2 3";
    assert_int_equal(cpu_times_parse(STR_AND_LEN(cut), &c, &d), 0);
    assert_int_equal(c.steal, 8);
    /* 2.4 kernels: four fields */
    static const char old[] = "cpu  100 0 50 1000\n";
    assert_int_equal(cpu_times_parse(STR_AND_LEN(old), &c, &d), 0);
    assert_int_equal(c.nfields, 4);
    assert_int_equal(cpu_times_idle(&c), 1000);
}

static void test_malformed(void **state)
{
    (void)state;
    struct cpu_times c;
    struct diag d;
    static const char a[] = "cpu0 1 2 3 4\n";
    assert_int_equal(cpu_times_parse(STR_AND_LEN(a), &c, &d), -EBADMSG);
    assert_int_equal(d.line, 1);
    static const char b[] = "cpu  1 2 x 4\n";
    assert_int_equal(cpu_times_parse(STR_AND_LEN(b), &c, &d), -EBADMSG);
    assert_int_equal(d.column, 10);
    static const char e[] = "cpu  1 2 3\n";
    assert_int_equal(cpu_times_parse(STR_AND_LEN(e), &c, &d), -EBADMSG);
    static const char big[] = "cpu  99999999999999999999 0 0 0\n";
    assert_int_equal(cpu_times_parse(STR_AND_LEN(big), &c, &d), -EBADMSG);
    assert_string_equal(d.message, "number too large");
    assert_int_equal(cpu_times_parse("", 0, &c, &d), -EBADMSG);
    static const char glued[] = "cpu  1 2 3 4x\n";
    assert_int_equal(cpu_times_parse(STR_AND_LEN(glued), &c, &d), -EBADMSG);
}

static void test_reader(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    unit_write(dir, "proc/stat", "cpu  5 0 5 90 0 0 0 0 0 0\n");
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    struct cpu_times c;
    struct probe_status st = {0};
    assert_int_equal(cpu_times_read(r, &c, &st), 0);
    assert_int_equal(st.state, PROBE_OK);
    assert_int_equal(cpu_times_busy(&c), 10);
    rootfs_free(r);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_reader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

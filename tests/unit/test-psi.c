#include "unit.h"

#include "probe/psi.h"

static void test_real(void **state)
{
    (void)state;
    static const char t[] = "some avg10=3.12 avg60=1.48 avg300=0.52 total=48211977\n"
                            "full avg10=0.91 avg60=0.40 avg300=0.11 total=13520344\n";
    struct psi p;
    struct diag d;
    assert_int_equal(psi_parse(STR_AND_LEN(t), &p, &d), 0);
    assert_int_equal(p.some.avg10, 312);
    assert_int_equal(p.some.avg60, 148);
    assert_int_equal(p.some.avg300, 52);
    assert_int_equal(p.some.total_us, 48211977);
    assert_true(p.has_full);
    assert_int_equal(p.full.avg10, 91);
    assert_int_equal(p.full.total_us, 13520344);
    /* this machine, idle */
    static const char idle[] = "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
                               "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
    assert_int_equal(psi_parse(STR_AND_LEN(idle), &p, &d), 0);
    assert_int_equal(p.some.avg60, 0);
    static const char full100[] = "some avg10=100.00 avg60=99.9 avg300=5 total=1\n";
    assert_int_equal(psi_parse(STR_AND_LEN(full100), &p, &d), 0);
    assert_int_equal(p.some.avg10, 10000);
    assert_int_equal(p.some.avg60, 9990);
    assert_int_equal(p.some.avg300, 500);
    assert_false(p.has_full);
}

static void test_malformed(void **state)
{
    (void)state;
    struct psi p;
    struct diag d;
    static const char t1[] = "some avg10=abc avg60=0.00 avg300=0.00 total=0\n";
    assert_int_equal(psi_parse(STR_AND_LEN(t1), &p, &d), -EBADMSG);
    assert_int_equal(d.line, 1);
    assert_int_equal(d.column, 12);
    static const char t2[] = "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
    assert_int_equal(psi_parse(STR_AND_LEN(t2), &p, &d), -EBADMSG); /* no some */
    static const char t3[] = "some avg10=100.01 avg60=0 avg300=0 total=0\n";
    assert_int_equal(psi_parse(STR_AND_LEN(t3), &p, &d), -EBADMSG);
    static const char t4[] =
        "some avg10=0 avg60=0 avg300=0 total=0\nsome avg10=0 avg60=0 avg300=0 total=0\n";
    assert_int_equal(psi_parse(STR_AND_LEN(t4), &p, &d), -EBADMSG);
    static const char t5[] = "some avg10=0 avg60=0 avg300=0 total=0 x\n";
    assert_int_equal(psi_parse(STR_AND_LEN(t5), &p, &d), -EBADMSG);
    static const char t6[] = "some avg10=1. avg60=0 avg300=0 total=0\n";
    assert_int_equal(psi_parse(STR_AND_LEN(t6), &p, &d), -EBADMSG);
}

static void test_reader_unavailable_when_missing(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    struct psi p;
    struct probe_status st = {0};
    assert_true(psi_read(r, NULL, &p, &st) < 0);
    assert_int_equal(st.state, PROBE_UNAVAILABLE);
    assert_int_equal(st.error, -ENOENT);
    rootfs_free(r);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_reader_unavailable_when_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "unit.h"

#include "reclaim/sampler.h"
#include "util/rootfs.h"

/* A test root with this project's development VM's /proc/stat first line and
 * a fixture's meminfo; the tests rewrite uptime, the CPU list and PSI. */
static char *make_root(void)
{
    char *t = unit_tmpdir();
    char *mi = unit_slurp("tests/roots/wsl2-16g-default/proc/meminfo", NULL);
    unit_write(t, "proc/meminfo", mi);
    free(mi);
    unit_write(t, "proc/stat",
               "cpu  32098 0 9352 377805 1166 0 113 210 0 0\n"
               "cpu0 5795 0 3500 200670 154 0 22 99 0 0\n");
    unit_write(t, "proc/uptime", "100.00 150.00\n");
    unit_write(t, "sys/devices/system/cpu/online", "0-1\n");
    unit_write(t, "proc/pressure/memory",
               "some avg10=0.00 avg60=0.00 avg300=0.00 total=10\n"
               "full avg10=0.00 avg60=0.00 avg300=0.00 total=5\n");
    return t;
}

static void test_uptime_first(void **state)
{
    (void)state;
    char *t = make_root();
    struct rootfs *r;
    assert_int_equal(rootfs_new(t, &r), 0);
    struct sampler s;
    sampler_init(&s, r);
    sampler_read(&s, 1000, false);
    assert_int_equal(s.meminfo_st.state, PROBE_OK);
    assert_int_equal(s.cpu_st.state, PROBE_OK);
    assert_string_equal(s.cpu_source, "proc/uptime");
    /* 2 CPUs for 100 s, 150 s of it idle */
    assert_int_equal(s.cpu_idle, 15000);
    assert_int_equal(s.cpu_busy, 5000);

    /* 400 idle seconds in 101 cannot be 2 CPUs: the count is read again */
    unit_write(t, "proc/uptime", "101.00 400.00\n");
    unit_write(t, "sys/devices/system/cpu/online", "0-3\n");
    sampler_read(&s, 10999, false); /* CPU times every 10 s: not read yet */
    assert_int_equal(s.ncpu, 2);
    assert_int_equal(s.cpu_busy, 5000);
    sampler_read(&s, 11000, false);
    assert_int_equal(s.cpu_st.state, PROBE_OK);
    assert_int_equal(s.ncpu, 4);
    assert_int_equal(s.cpu_busy, 404 * 100 - 40000);

    /* a CPU going away is only seen at the next count, 30 s on */
    unit_write(t, "sys/devices/system/cpu/online", "0-2\n");
    unit_write(t, "proc/uptime", "102.00 300.00\n");
    sampler_read(&s, 21000, false); /* 10 s on: the CPU times, not the count */
    assert_int_equal(s.ncpu, 4);
    sampler_read(&s, 41000, false);
    assert_int_equal(s.ncpu, 3);
    assert_int_equal(s.cpu_busy, 306 * 100 - 30000);

    /* without uptime: the first line of /proc/stat (idle includes iowait) */
    char p[4200];
    snprintf(p, sizeof(p), "%s/proc/uptime", t);
    assert_int_equal(unlink(p), 0);
    sampler_read(&s, 51000, false);
    assert_int_equal(s.cpu_st.state, PROBE_OK);
    assert_string_equal(s.cpu_source, "proc/stat");
    assert_int_equal(s.cpu_idle, 377805 + 1166);
    assert_int_equal(s.cpu_busy, 32098 + 9352 + 113 + 210);

    /* and neither: no CPU figure at all */
    snprintf(p, sizeof(p), "%s/proc/stat", t);
    assert_int_equal(unlink(p), 0);
    sampler_read(&s, 61000, false);
    assert_int_equal(s.cpu_st.state, PROBE_UNAVAILABLE);
    sampler_close(&s);
    rootfs_free(r);
    unit_rmrf(t);
}

static void test_details_every_10s(void **state)
{
    (void)state;
    char *t = make_root();
    struct rootfs *r;
    assert_int_equal(rootfs_new(t, &r), 0);
    struct sampler s;
    sampler_init(&s, r);
    sampler_read(&s, 10000, false);
    assert_int_equal(s.psi_st.state, PROBE_OK);
    assert_int_equal(s.psi.some.total_us, 10);
    unit_write(t, "proc/pressure/memory", "some avg10=5.00 avg60=1.00 avg300=0.20 total=900\n");
    sampler_read(&s, 19999, false);
    assert_int_equal(s.psi_st.state, PROBE_OK);
    assert_int_equal(s.psi.some.avg10, 0); /* kept from 10.000 s */
    /* before an action: what was not read at this very time is read now */
    assert_false(sampler_refresh(&s, 10000, false));
    assert_true(sampler_refresh(&s, 19999, false));
    assert_int_equal(s.psi.some.avg10, 500);
    assert_false(sampler_refresh(&s, 19999, false));
    unit_write(t, "proc/pressure/memory", "some avg10=7.00 avg60=1.00 avg300=0.20 total=900\n");
    sampler_read(&s, 29998, false); /* 10 s after the refresh: not yet */
    assert_int_equal(s.psi.some.avg10, 500);
    sampler_read(&s, 29999, false);
    assert_int_equal(s.psi.some.avg10, 700);
    unit_write(t, "proc/pressure/memory", "some avg10=5.00 avg60=1.00 avg300=0.20 total=900\n");
    sampler_read(&s, 40000, false);
    assert_int_equal(s.psi.some.avg10, 500);
    assert_int_equal(s.psi.some.total_us, 900);
    assert_false(s.psi.has_full);
    /* the meminfo is read every time */
    assert_int_equal(s.meminfo_st.state, PROBE_OK);
    assert_int_equal(s.vmstat_st.state, PROBE_UNREAD);
    sampler_close(&s);
    rootfs_free(r);
    unit_rmrf(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uptime_first),
        cmocka_unit_test(test_details_every_10s),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

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

/* make_root's tree, its rootfs and a sampler on it; the tree's path. */
static char *open_test_root(struct rootfs **r, struct sampler *s)
{
    char *t = make_root();
    assert_int_equal(rootfs_new(t, r), 0);
    sampler_init(s, *r);
    return t;
}

static void close_test_root(char *t, struct rootfs *r, struct sampler *s)
{
    sampler_close(s);
    rootfs_free(r);
    unit_rmrf(t);
}

static void test_uptime_first(void **state)
{
    (void)state;
    struct rootfs *r;
    struct sampler s;
    char *t = open_test_root(&r, &s);
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
    close_test_root(t, r, &s);
}

static void test_details_every_10s(void **state)
{
    (void)state;
    struct rootfs *r;
    struct sampler s;
    char *t = open_test_root(&r, &s);
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
    close_test_root(t, r, &s);
}

#define MIB (1ull << 20)

static void test_meminfo_due(void **state)
{
    (void)state;
    /* 8 GiB: a read when free memory moved by 32 MiB (1/256), or is under
     * 512 MiB (1/16), or 10 s on */
    struct mem_glance then = {8192 * MIB, 4096 * MIB, 1024 * MIB}, now = then;
    assert_false(sampler_meminfo_due(&then, &now, 0));
    assert_false(sampler_meminfo_due(&then, &now, 9999));
    assert_true(sampler_meminfo_due(&then, &now, 10000));
    now.free = then.free - 31 * MIB;
    assert_false(sampler_meminfo_due(&then, &now, 500));
    now.free = then.free - 32 * MIB;
    assert_true(sampler_meminfo_due(&then, &now, 500));
    now.free = then.free + 32 * MIB;
    assert_true(sampler_meminfo_due(&then, &now, 500));
    now = then;
    now.swap_free = then.swap_free - 32 * MIB;
    assert_true(sampler_meminfo_due(&then, &now, 500));
    now.swap_free = then.swap_free + 31 * MIB;
    assert_false(sampler_meminfo_due(&then, &now, 500));
    /* low free memory: every sample, however still */
    then.free = now.free = 512 * MIB;
    assert_false(sampler_meminfo_due(&then, &now, 500));
    then.free = now.free = 512 * MIB - 1;
    assert_true(sampler_meminfo_due(&then, &now, 500));
    /* memory hot-added or a balloon: another machine */
    now = then;
    now.total += 4096 * MIB;
    now.free = then.free;
    assert_true(sampler_meminfo_due(&then, &now, 500));
    /* 1 GiB: the floors, 16 MiB of movement and 256 MiB of free memory */
    struct mem_glance a = {1024 * MIB, 600 * MIB, 0}, b = a;
    b.free -= 15 * MIB;
    assert_false(sampler_meminfo_due(&a, &b, 500));
    b.free -= 1 * MIB;
    assert_true(sampler_meminfo_due(&a, &b, 500));
    a.free = b.free = 256 * MIB;
    assert_false(sampler_meminfo_due(&a, &b, 500));
    a.free = b.free = 255 * MIB;
    assert_true(sampler_meminfo_due(&a, &b, 500));
}

/* A test root: sysinfo describes this machine, not the root, so meminfo is
 * read on every sample. */
static void test_test_root_reads_every_sample(void **state)
{
    (void)state;
    struct rootfs *r;
    struct sampler s;
    char *t = open_test_root(&r, &s);
    assert_false(s.glance);
    for (uint64_t now = 1000; now < 5000; now += 1000) {
        sampler_read(&s, now, false);
        assert_true(s.meminfo_fresh);
    }
    assert_int_equal(s.meminfo_reads, 4);
    assert_int_equal(s.meminfo_skips, 0);
    close_test_root(t, r, &s);
}

/* MemFree from /proc/meminfo now, in bytes (the test's own reading). */
static uint64_t live_mem_free(void)
{
    char *buf = unit_slurp("/proc/meminfo", NULL);
    char *p = strstr(buf, "\nMemFree:");
    assert_non_null(p);
    uint64_t kb = strtoull(p + 9, NULL, 10);
    free(buf);
    return kb * 1024;
}

/* The live root: sysinfo decides, by sampler_meminfo_due's rule (whose
 * thresholds test_meminfo_due checks on fixed numbers). What is checked here
 * holds whatever else this machine is doing:
 * - sysinfo's free memory is the counter behind MemFree: the glance a sample
 *   takes lies between the test's own MemFree readings around it (16 MiB for
 *   the kernel's per-CPU counter deltas, and the readings' own spread);
 * - on every sample, meminfo was read exactly when the rule says so for the
 *   glance that sample took, while this test allocates memory between
 *   samples to make it move;
 * - 10 s on, it is read whatever the glance;
 * - sampler_refresh reads it exactly when the sample did not. */
static void test_live_glance(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("/", &r), 0);
    struct sampler s;
    sampler_init(&s, r);
    assert_true(s.glance);
    uint64_t now = 1000;
    uint64_t m0 = live_mem_free();
    sampler_read(&s, now, false);
    uint64_t m1 = live_mem_free();
    assert_true(s.meminfo_fresh);
    assert_int_equal(s.meminfo_st.state, PROBE_OK);
    assert_int_equal(s.meminfo_reads, 1);
    assert_int_equal(s.sampled.total, s.meminfo.mem_total);
    uint64_t lo = (m0 < m1 ? m0 : m1), hi = (m0 < m1 ? m1 : m0), slack = 16 * MIB;
    assert_true(s.sampled.free + slack >= lo && s.sampled.free <= hi + slack);

    uint64_t delta = s.sampled.total / 256 > 16 * MIB ? s.sampled.total / 256 : 16 * MIB;
    enum { SAMPLES = 24 };
    char *blocks[SAMPLES] = {0};
    unsigned reads = 0, skips = 0;
    for (int i = 0; i < SAMPLES; i++) {
        if (i % 3 == 2) { /* every third sample, after taking 2 x the threshold */
            blocks[i] = malloc((size_t)(2 * delta));
            assert_non_null(blocks[i]);
            memset(blocks[i], 1, (size_t)(2 * delta));
        }
        struct mem_glance then = s.at_read;
        uint64_t age = ++now - s.meminfo_ms;
        unsigned long long before = s.meminfo_reads;
        sampler_read(&s, now, false);
        bool due = sampler_meminfo_due(&then, &s.sampled, age);
        assert_int_equal(s.meminfo_fresh, due);
        assert_int_equal(s.meminfo_reads, before + (due ? 1 : 0));
        if (due)
            reads++;
        else
            skips++;
        /* before an action: read now if this sample did not */
        before = s.meminfo_reads;
        bool was_fresh = s.meminfo_fresh;
        sampler_refresh(&s, now, false);
        assert_true(s.meminfo_fresh);
        assert_int_equal(s.meminfo_reads, before + (was_fresh ? 0 : 1));
        assert_int_equal(s.meminfo_ms, now);
    }
    print_message("# live glance: %u samples read meminfo, %u skipped it\n", reads, skips);
    for (int i = 0; i < SAMPLES; i++)
        free(blocks[i]);

    unsigned long long reads_before = s.meminfo_reads;
    sampler_read(&s, now + SAMPLER_DETAIL_EVERY_MS, false);
    assert_true(s.meminfo_fresh);
    assert_int_equal(s.meminfo_reads, reads_before + 1);
    sampler_close(&s);
    rootfs_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_uptime_first), cmocka_unit_test(test_details_every_10s),
        cmocka_unit_test(test_meminfo_due),  cmocka_unit_test(test_test_root_reads_every_sample),
        cmocka_unit_test(test_live_glance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "unit.h"

#include "machine.h"
#include "util/size.h"

static void load(const char *root, struct rootfs **r, struct machine *m)
{
    assert_int_equal(rootfs_new(root, r), 0);
    machine_load(m, *r, NULL);
}

/* Fixture (a): the figures of microsoft/WSL#10985's `free -mh` on a 16 GB
 * host with default settings. */
static void test_default_16g(void **state)
{
    (void)state;
    struct rootfs *r;
    struct machine m;
    load("tests/roots/wsl2-16g-default", &r, &m);
    assert_int_equal(m.meminfo_st.state, PROBE_OK);
    assert_int_equal(m.meminfo.mem_total, 8058524ULL * 1024);
    assert_int_equal(machine_host_view_used(&m), (8058524ULL - 7050908) * 1024);
    /* free's buff/cache: 551 MiB as published */
    uint64_t bc = m.meminfo.buffers + m.meminfo.cached + m.meminfo.s_reclaimable;
    assert_int_equal(bc / MIB, 551);
    assert_int_equal(m.meminfo.swap_total, 2 * GIB);
    assert_int_equal(m.swaps.n, 1);
    assert_int_equal(m.cpus.online, 8);
    assert_int_equal(m.cmdline.nr_cpus, 8);
    assert_int_equal(m.wsl.kind, WSL_2);
    assert_string_equal(m.wsl.version, "2.4.11");
    assert_int_equal(m.psi_st.state, PROBE_UNAVAILABLE);
    assert_int_equal(m.procs.n, 8);
    assert_string_equal(m.procs.procs[0].name, "python3");
    assert_string_equal(machine_kernel_release(&m), "5.15.167.4-microsoft-standard-WSL2");
    uint64_t unrep;
    assert_false(machine_unreportable_free(&m, &unrep)); /* no order on this cmdline */
    machine_release(&m);
    rootfs_free(r);
}

static void test_tuned_6g(void **state)
{
    (void)state;
    struct rootfs *r;
    struct machine m;
    load("tests/roots/wsl2-tuned-6g", &r, &m);
    assert_int_equal(m.cpus.online, 6);
    assert_int_equal(m.meminfo.swap_total, 4 * GIB);
    assert_int_equal(m.swaps.used, 319488ULL * 1024);
    assert_int_equal(m.psi_st.state, PROBE_OK);
    assert_int_equal(m.psi.some.avg10, 312);
    assert_int_equal(m.cmdline.psi, 1);
    assert_int_equal(m.cgroup.mode, CGROUP_V2);
    const struct proc_info *top = machine_top_file_holder(&m);
    assert_non_null(top);
    assert_string_equal(top->name, "llama-server");
    /* the model's mapped pages are cache drop_caches cannot free */
    assert_true(machine_droppable_cache(&m) < machine_reclaimable_cache(&m));
    assert_int_equal(machine_droppable_cache(&m), machine_reclaimable_cache(&m) - m.meminfo.mapped);
    machine_release(&m);
    rootfs_free(r);
}

static void test_probe_table_covers_every_status(void **state)
{
    (void)state;
    struct rootfs *r;
    struct machine m;
    load("tests/roots/hostile", &r, &m);
    struct machine_probe_ref refs[32];
    size_t n = machine_probes(&m, refs, 32);
    assert_int_equal(n, 14);
    unsigned malformed = 0;
    for (size_t i = 0; i < n; i++)
        malformed += refs[i].st->state == PROBE_MALFORMED;
    assert_int_equal(malformed, 6); /* swaps, buddyinfo, cpus, cmdline, psi, disk */
    assert_int_equal(m.kernel_st.state, PROBE_UNAVAILABLE);
    assert_int_equal(m.wsl.kind, WSL_1);
    machine_release(&m);
    rootfs_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_16g),
        cmocka_unit_test(test_tuned_6g),
        cmocka_unit_test(test_probe_table_covers_every_status),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

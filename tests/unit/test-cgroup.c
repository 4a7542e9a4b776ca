#include "unit.h"

#include "probe/cgroup.h"

static enum cgroup_mode mode_of(const char *mounts, char *v2)
{
    struct cgroup_mounts m;
    struct diag d;
    assert_int_equal(cgroup_mounts_parse(mounts, strlen(mounts), &m, &d), 0);
    if (v2)
        strcpy(v2, m.v2_mount);
    return m.mode;
}

static void test_modes(void **state)
{
    (void)state;
    char v2[256];
    /* WSL >= 2.5.1: unified only */
    assert_int_equal(mode_of("cgroup2 /sys/fs/cgroup cgroup2 rw,nosuid,nodev,noexec,relatime,"
                             "nsdelegate 0 0\nproc /proc proc rw 0 0\n",
                             v2),
                     CGROUP_V2);
    assert_string_equal(v2, "/sys/fs/cgroup");
    /* the development machine: v1 controllers plus cgroup2 at unified */
    assert_int_equal(mode_of("tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0\n"
                             "cgroup /sys/fs/cgroup/cpu cgroup rw,relatime,cpu 0 0\n"
                             "cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0\n"
                             "cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0\n",
                             v2),
                     CGROUP_HYBRID);
    assert_string_equal(v2, "/sys/fs/cgroup/unified");
    assert_int_equal(mode_of("cgroup /sys/fs/cgroup/memory cgroup rw,memory 0 0\n", v2), CGROUP_V1);
    assert_int_equal(mode_of("proc /proc proc rw 0 0\n", v2), CGROUP_NONE);
    /* an escaped mount point is unescaped */
    assert_int_equal(mode_of("cgroup2 /mnt/my\\040cg cgroup2 rw 0 0\n", v2), CGROUP_V2);
    assert_string_equal(v2, "/mnt/my cg");
    struct cgroup_mounts m;
    struct diag d;
    assert_int_equal(cgroup_mounts_parse(STR_AND_LEN("onlytwo fields\n"), &m, &d), -EBADMSG);
    /* found by fuzzing: a mount point that unescapes to nothing, or is relative */
    assert_int_equal(cgroup_mounts_parse(STR_AND_LEN("cgroup2 \\000 cgroup2 rw 0 0\n"), &m, &d),
                     -EBADMSG);
    assert_int_equal(cgroup_mounts_parse(STR_AND_LEN("cgroup2 cs/ cgroup2 rw 0 0\n"), &m, &d),
                     -EBADMSG);
    assert_non_null(strstr(d.message, "absolute"));
}

static void test_self(void **state)
{
    (void)state;
    char path[512];
    struct diag d;
    static const char hybrid[] = "4:memory:/process_api/8390b6\n1:cpu:/\n0::/\n";
    assert_int_equal(cgroup_self_parse(STR_AND_LEN(hybrid), path, sizeof(path), &d), 0);
    assert_string_equal(path, "/");
    static const char v2[] = "0::/user.slice/user-1000.slice/session-1.scope\n";
    assert_int_equal(cgroup_self_parse(STR_AND_LEN(v2), path, sizeof(path), &d), 0);
    assert_string_equal(path, "/user.slice/user-1000.slice/session-1.scope");
    static const char v1[] = "3:memory:/x\n";
    assert_int_equal(cgroup_self_parse(STR_AND_LEN(v1), path, sizeof(path), &d), 0);
    assert_string_equal(path, "");
    static const char bad[] = "garbage\n";
    assert_int_equal(cgroup_self_parse(STR_AND_LEN(bad), path, sizeof(path), &d), -EBADMSG);
    static const char rel[] = "0::relative\n";
    assert_int_equal(cgroup_self_parse(STR_AND_LEN(rel), path, sizeof(path), &d), -EBADMSG);
}

static void test_memory_files(void **state)
{
    (void)state;
    struct cgroup_mem m;
    memset(&m, 0, sizeof(m));
    struct diag d;
    static const char stat[] = "anon 1048576\nfile 2097152\nkernel 4096\nshmem 512\n"
                               "file_mapped 1024\nactive_file 7\ninactive_file 9\n";
    assert_int_equal(cgroup_memstat_parse(STR_AND_LEN(stat), &m, &d), 0);
    assert_true(m.has_stat);
    assert_int_equal(m.anon, 1048576);
    assert_int_equal(m.file, 2097152);
    assert_int_equal(m.shmem, 512);
    assert_int_equal(m.file_mapped, 1024);
    assert_int_equal(m.inactive_file, 9);
    assert_int_equal(cgroup_memstat_parse(STR_AND_LEN("anon x\n"), &m, &d), -EBADMSG);
    uint64_t v;
    assert_int_equal(cgroup_value_parse(STR_AND_LEN("max\n"), &v, &d), 0);
    assert_int_equal(v, UINT64_MAX);
    assert_int_equal(cgroup_value_parse(STR_AND_LEN("4294967296\n"), &v, &d), 0);
    assert_int_equal(v, 4294967296ULL);
    assert_int_equal(cgroup_value_parse(STR_AND_LEN("-1\n"), &v, &d), -EBADMSG);
}

static void test_read_fixture(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-tuned-6g", &r), 0);
    struct cgroup_info ci;
    cgroup_read(r, &ci);
    assert_int_equal(ci.mode, CGROUP_V2);
    assert_string_equal(ci.own_path, "/user.slice/user-1000.slice/session-1.scope");
    assert_int_equal(ci.own_st.state, PROBE_OK);
    assert_true(ci.own.has_current && ci.own.has_max && ci.own.has_peak && ci.own.has_stat);
    assert_int_equal(ci.own.max, UINT64_MAX);
    assert_true(ci.own.peak >= ci.own.current);
    assert_int_equal(ci.root_st.state, PROBE_UNAVAILABLE);
    rootfs_free(r);
}

/* memory.events as a 6.x kernel writes it after one OOM kill in the group */
static void test_events(void **state)
{
    (void)state;
    const char *ev = "low 0\nhigh 0\nmax 1843\noom 1\noom_kill 1\noom_group_kill 0\n";
    struct cgroup_events e;
    struct diag d;
    assert_int_equal(cgroup_events_parse(ev, strlen(ev), &e, &d), 0);
    assert_int_equal(e.max, 1843);
    assert_int_equal(e.oom, 1);
    assert_int_equal(e.oom_kill, 1); /* not oom_group_kill's 0 */
    const char *grp = "oom_group_kill 5\noom_kill 2\n";
    assert_int_equal(cgroup_events_parse(grp, strlen(grp), &e, &d), 0);
    assert_int_equal(e.oom_kill, 2);
    diag_clear(&d);
    assert_int_equal(cgroup_events_parse("oom_kill x\n", 11, &e, &d), -EBADMSG);
    assert_true(d.message[0] != '\0');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_modes),        cmocka_unit_test(test_self),
        cmocka_unit_test(test_memory_files), cmocka_unit_test(test_read_fixture),
        cmocka_unit_test(test_events),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

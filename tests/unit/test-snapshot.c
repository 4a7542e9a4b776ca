#include "unit.h"

#include "machine.h"
#include "snapshot.h"

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 1 << 20);
    *n = fread(buf, 1, (1 << 20) - 1, f);
    fclose(f);
    return buf;
}

/* Recording a machine load and writing it out gives a tree from which a
 * second load sees exactly the same figures. */
static void test_roundtrip_through_fixture(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-tuned-6g", &r), 0);
    struct snapshot s;
    snapshot_init(&s);
    snapshot_attach(&s, r);
    struct machine m1;
    machine_load(&m1, r, NULL);
    r->rec = NULL;
    snapshot_finish(&s);
    assert_true(snapshot_file_count(&s) > 20);
    /* the .wslconfig under mnt/c was not read by any probe, so it is not copied */
    for (size_t i = 0; i < s.n; i++)
        assert_null(strstr(s.entries[i].path, "wslconfig"));

    char *dir = unit_tmpdir();
    char out[4200];
    snprintf(out, sizeof(out), "%s/snap", dir);
    assert_int_equal(snapshot_write_dir(&s, out), 0);
    /* refuses to write into a non-empty directory */
    assert_int_equal(snapshot_write_dir(&s, out), -EEXIST);

    struct rootfs *r2;
    assert_int_equal(rootfs_new(out, &r2), 0);
    struct machine m2;
    machine_load(&m2, r2, NULL);
    assert_int_equal(m2.meminfo.mem_total, m1.meminfo.mem_total);
    assert_int_equal(m2.meminfo.nfields, m1.meminfo.nfields);
    assert_int_equal(m2.swaps.total, m1.swaps.total);
    assert_int_equal(m2.cpus.online, m1.cpus.online);
    assert_int_equal(m2.psi.some.avg10, m1.psi.some.avg10);
    assert_int_equal(m2.wsl.kind, WSL_2);
    assert_string_equal(m2.wsl.version, m1.wsl.version);
    assert_string_equal(m2.wsl.distro, m1.wsl.distro);
    assert_int_equal(m2.wsl.interop, m1.wsl.interop);
    assert_int_equal(m2.cgroup.own.current, m1.cgroup.own.current);
    assert_int_equal(m2.procs.n, m1.procs.n);
    for (size_t i = 0; i < m1.procs.n; i++) {
        assert_int_equal(m2.procs.procs[i].pid, m1.procs.procs[i].pid);
        assert_int_equal(m2.procs.procs[i].pss, m1.procs.procs[i].pss);
    }
    /* byte-identical copies */
    size_t n1, n2;
    char *a = read_all("tests/roots/wsl2-tuned-6g/proc/meminfo", &n1);
    snprintf(out, sizeof(out), "%s/snap/proc/meminfo", dir);
    char *b = read_all(out, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    free(a);
    free(b);
    machine_release(&m1);
    machine_release(&m2);
    rootfs_free(r);
    rootfs_free(r2);
    snapshot_release(&s);
    unit_rmrf(dir);
}

/* dpkg's status file is recorded byte for byte, and a load of the copy
 * finds the same driver packages. */
static void test_records_dpkg_status(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-dpkg-status", &r), 0);
    struct snapshot s;
    snapshot_init(&s);
    snapshot_attach(&s, r);
    struct machine_opts opts = {.want = MACHINE_SETUP};
    struct machine m1;
    machine_load(&m1, r, &opts);
    r->rec = NULL;
    snapshot_finish(&s);
    char *dir = unit_tmpdir();
    char out[4200];
    snprintf(out, sizeof(out), "%s/snap", dir);
    assert_int_equal(snapshot_write_dir(&s, out), 0);
    size_t n1, n2;
    char *a = read_all("tests/roots/wsl2-dpkg-status/var/lib/dpkg/status", &n1);
    snprintf(out, sizeof(out), "%s/snap/var/lib/dpkg/status", dir);
    char *b = read_all(out, &n2);
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    free(a);
    free(b);
    struct rootfs *r2;
    snprintf(out, sizeof(out), "%s/snap", dir);
    assert_int_equal(rootfs_new(out, &r2), 0);
    struct machine m2;
    machine_load(&m2, r2, &opts);
    assert_int_equal(m2.gpu.n_driver_pkgs, 2);
    assert_int_equal(m2.gpu.n_driver_pkgs, m1.gpu.n_driver_pkgs);
    assert_false(m2.gpu.pkgs_from_lists);
    machine_release(&m1);
    machine_release(&m2);
    rootfs_free(r);
    rootfs_free(r2);
    snapshot_release(&s);
    unit_rmrf(dir);
}

static void test_tar_is_readable_by_tar(void **state)
{
    (void)state;
    struct snapshot s;
    snapshot_init(&s);
    snapshot_add_file(&s, "proc/meminfo", STR_AND_LEN("MemTotal: 1 kB\nMemFree: 1 kB\n"));
    char longname[300];
    memset(longname, 'a', sizeof(longname));
    memcpy(longname, "proc/", 5);
    longname[120] = '/';
    longname[200] = '\0';
    snapshot_add_file(&s, longname, STR_AND_LEN("x"));
    snapshot_finish(&s);
    char *dir = unit_tmpdir();
    char tarpath[4200], cmd[9000];
    snprintf(tarpath, sizeof(tarpath), "%s/s.tar", dir);
    assert_int_equal(snapshot_write_tar(&s, tarpath, "snap", 1764000000), 0);
    snprintf(cmd, sizeof(cmd),
             "tar -xf '%s' -C '%s' && cmp -s '%s/snap/proc/meminfo' - <<'EOF'\n"
             "MemTotal: 1 kB\nMemFree: 1 kB\nEOF",
             tarpath, dir, dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cmd, sizeof(cmd), "test \"$(cat '%s/snap/%s')\" = x", dir, longname);
    assert_int_equal(system(cmd), 0);
    snapshot_release(&s);
    unit_rmrf(dir);
}

static void test_unsafe_paths_refused(void **state)
{
    (void)state;
    struct snapshot s;
    snapshot_init(&s);
    snapshot_add_file(&s, "../escape", STR_AND_LEN("x"));
    snapshot_finish(&s);
    char *dir = unit_tmpdir();
    char out[4200];
    snprintf(out, sizeof(out), "%s/snap", dir);
    assert_int_equal(snapshot_write_dir(&s, out), -EINVAL);
    snprintf(out, sizeof(out), "%s/escape", dir);
    assert_int_equal(access(out, F_OK), -1);
    snapshot_release(&s);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_through_fixture),
        cmocka_unit_test(test_records_dpkg_status),
        cmocka_unit_test(test_tar_is_readable_by_tar),
        cmocka_unit_test(test_unsafe_paths_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

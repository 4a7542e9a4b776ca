/* drop.c and cgroup.c against a scratch tree standing in for /proc and /sys
 * (the live writes are tested as root by tests/cli/reclaim-*.sh). */
#include "unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include "reclaim/cgroup.h"
#include "reclaim/drop.h"
#include "util/rootfs.h"
#include "util/size.h"

static char *slurp(const char *dir, const char *rel)
{
    static char buf[256];
    char p[512];
    snprintf(p, sizeof(p), "%s/%s", dir, rel);
    FILE *f = fopen(p, "r");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_drop_and_compact(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    unit_write(dir, "proc/sys/vm/drop_caches", "");
    unit_write(dir, "proc/sys/vm/compact_memory", "");
    struct reclaim_step st;
    assert_int_equal(reclaim_drop_caches(dir, 3, &st), 0);
    assert_string_equal(slurp(dir, "proc/sys/vm/drop_caches"), "3\n");
    assert_string_equal(st.what, "drop_caches");
    assert_string_equal(st.value, "3");
    assert_int_equal(reclaim_drop_caches(dir, 4, &st), -EINVAL);
    assert_int_equal(reclaim_compact(dir, &st), 0);
    assert_string_equal(slurp(dir, "proc/sys/vm/compact_memory"), "1\n");
    /* a missing file is an error, never created */
    char other[300];
    snprintf(other, sizeof(other), "%s/none", dir);
    assert_int_equal(reclaim_drop_caches(other, 1, &st), -ENOENT);
    assert_int_equal(st.error, -ENOENT);
    reclaim_sync(&st);
    assert_string_equal(st.what, "sync");
    unit_rmrf(dir);
}

static void test_target_and_chunks(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    struct reclaim_target t;
    /* nothing there */
    reclaim_target_find(dir, "/sys/fs/cgroup", &t);
    assert_int_equal(t.kind, RECLAIM_NONE);
    assert_non_null(strstr(t.why_none, "memory.reclaim is absent"));
    /* two nodes (cgroup v1/hybrid with a 6.17+ kernel) */
    unit_write(dir, "sys/devices/system/node/node0/reclaim", "");
    unit_write(dir, "sys/devices/system/node/node1/reclaim", "");
    chmod(dir, 0755);
    reclaim_target_find(dir, "/sys/fs/cgroup/unified", &t);
    assert_int_equal(t.kind, RECLAIM_NODE);
    assert_int_equal(t.n, 2);
    struct reclaim_mem_result r;
    assert_int_equal(reclaim_memory(&t, 600 * MIB, 256 * MIB, 0, &r), 0);
    assert_int_equal(r.writes, 3);
    assert_int_equal(r.written, 600 * MIB);
    assert_true(r.file_only);
    /* the last chunk went to node0 (round robin: 0, 1, 0); a plain file is
     * not truncated by the write (a kernel file has no contents), so only
     * the start is the last request */
    char want[64];
    snprintf(want, sizeof(want), "%llu swappiness=0", (unsigned long long)(88 * MIB));
    assert_memory_equal(slurp(dir, "sys/devices/system/node/node0/reclaim"), want, strlen(want));
    snprintf(want, sizeof(want), "%llu swappiness=0", (unsigned long long)(256 * MIB));
    assert_string_equal(slurp(dir, "sys/devices/system/node/node1/reclaim"), want);
    /* the root cgroup's memory.reclaim wins when present */
    unit_write(dir, "sys/fs/cgroup/memory.reclaim", "");
    reclaim_target_find(dir, "/sys/fs/cgroup", &t);
    assert_int_equal(t.kind, RECLAIM_CGROUP);
    assert_string_equal(reclaim_kind_name(t.kind), "memory.reclaim");
    /* a zero budget means no limit; an elapsed one stops before writing */
    assert_int_equal(reclaim_memory(&t, GIB, 0, 1, &r), 0);
    assert_true(r.timed_out || r.writes <= 1);
    unit_rmrf(dir);
}

static void test_run_cgroup(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char why[300];
    struct run_cgroup cg;
    /* no memory controller in v2 (hybrid mode): refused with the reason */
    unit_write(dir, "sys/fs/cgroup/unified/cgroup.controllers", "hugetlb\n");
    assert_int_equal(
        run_cgroup_create(dir, "/sys/fs/cgroup/unified", "run-1", 0, &cg, why, sizeof(why)),
        -EOPNOTSUPP);
    assert_non_null(strstr(why, "memory controller is not available"));
    /* a v2 root with memory: the parent gets +memory, the child memory.max */
    unit_write(dir, "sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
    unit_write(dir, "sys/fs/cgroup/cgroup.subtree_control", "");
    unit_write(dir, "sys/fs/cgroup/headroom/cgroup.subtree_control", "");
    unit_write(dir, "sys/fs/cgroup/headroom/run-2/memory.max", "");
    unit_write(dir, "sys/fs/cgroup/headroom/run-2/cgroup.procs", "");
    /* the real kernel makes run-2 on mkdir; here it exists: EEXIST */
    assert_int_equal(run_cgroup_create(dir, "/sys/fs/cgroup", "run-2", GIB, &cg, why, sizeof(why)),
                     -EEXIST);
    assert_string_equal(slurp(dir, "sys/fs/cgroup/cgroup.subtree_control"), "+memory");
    assert_string_equal(slurp(dir, "sys/fs/cgroup/headroom/cgroup.subtree_control"), "+memory");
    unit_rmrf(dir);
    assert_true(cgroup_controllers_has(STR_AND_LEN("cpu memory pids\n"), "memory"));
    assert_false(cgroup_controllers_has(STR_AND_LEN("cpu memoryx\n"), "memory"));
    assert_false(cgroup_controllers_has(STR_AND_LEN(""), "memory"));
}

static void test_lock(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    unit_write(dir, "run/.keep", "");
    int a = reclaim_lock(dir, 0);
    assert_true(a >= 0);
    /* a second holder (another open file description) is refused */
    int b = reclaim_lock(dir, 100);
    assert_int_equal(b, -EWOULDBLOCK);
    reclaim_unlock(a);
    b = reclaim_lock(dir, 0);
    assert_true(b >= 0);
    reclaim_unlock(b);
    char p[600];
    snprintf(p, sizeof(p), "%s/run/headroom", dir);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0700); /* created private */
    /* a directory others can write is not trusted (anyone could hold the
     * lock or swap the file), nor is a link in its place */
    assert_int_equal(chmod(p, 0777), 0);
    assert_int_equal(reclaim_lock(dir, 0), -EPERM);
    unit_rmrf(dir);
    dir = unit_tmpdir();
    unit_write(dir, "run/elsewhere/.keep", "");
    snprintf(p, sizeof(p), "%s/run/headroom", dir);
    assert_int_equal(symlink("elsewhere", p), 0);
    assert_true(reclaim_lock(dir, 0) < 0);
    unit_rmrf(dir);
}

/* The measured drop: writes the level, reads MemFree and Cached through the
 * root before and after, and refuses while another holds the lock. The
 * scratch tree is both the prefix written to and the root read from. */
static void test_drop_measured(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    unit_write(dir, "proc/sys/vm/drop_caches", "");
    unit_write(dir, "run/.keep", "");
    unit_write(dir, "proc/meminfo", "MemTotal: 8000000 kB\nMemFree: 1000 kB\nCached: 5000 kB\n");
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    struct reclaim_drop_result dr;
    assert_int_equal(reclaim_drop_measured(dir, r, 1, 0, &dr), 0);
    assert_string_equal(slurp(dir, "proc/sys/vm/drop_caches"), "1\n");
    assert_true(dr.measured);
    assert_int_equal(dr.free_before, 1000 * 1024);
    assert_int_equal(dr.cached_before, 5000 * 1024);
    assert_int_equal(dr.free_after, 1000 * 1024); /* a plain file: nothing was freed */
    int held = reclaim_lock(dir, 0);
    assert_true(held >= 0);
    unit_write(dir, "proc/sys/vm/drop_caches", "");
    assert_int_equal(reclaim_drop_measured(dir, r, 3, 100, &dr), -EWOULDBLOCK);
    assert_string_equal(slurp(dir, "proc/sys/vm/drop_caches"), ""); /* nothing written */
    reclaim_unlock(held);
    /* without /proc/meminfo the drop happens, unmeasured */
    char p[600];
    snprintf(p, sizeof(p), "%s/proc/meminfo", dir);
    assert_int_equal(unlink(p), 0);
    assert_int_equal(reclaim_drop_measured(dir, r, 3, 0, &dr), 0);
    assert_false(dr.measured);
    assert_string_equal(slurp(dir, "proc/sys/vm/drop_caches"), "3\n");
    rootfs_free(r);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_drop_and_compact), cmocka_unit_test(test_target_and_chunks),
        cmocka_unit_test(test_run_cgroup),       cmocka_unit_test(test_lock),
        cmocka_unit_test(test_drop_measured),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

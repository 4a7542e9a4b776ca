#include "unit.h"

#include <sys/stat.h>

#include "util/interop.h"
#include "util/rootfs.h"

struct rec_log {
    char paths[32][128];
    char kinds[32];
    int n;
};

static void rec_file(void *ud, const char *path, const char *data, size_t len)
{
    (void)data;
    (void)len;
    struct rec_log *l = ud;
    snprintf(l->paths[l->n], sizeof(l->paths[0]), "%s", path);
    l->kinds[l->n++] = 'f';
}

static void rec_dir(void *ud, const char *path)
{
    struct rec_log *l = ud;
    snprintf(l->paths[l->n], sizeof(l->paths[0]), "%s", path);
    l->kinds[l->n++] = 'd';
}

static void rec_exists(void *ud, const char *path, mode_t type)
{
    struct rec_log *l = ud;
    snprintf(l->paths[l->n], sizeof(l->paths[0]), "%s", path);
    l->kinds[l->n++] = type == S_IFDIR ? 'D' : 'e';
}

static char *tree(void)
{
    char *dir = unit_tmpdir();
    unit_write(dir, "proc/meminfo", "MemTotal: 1 kB\n");
    unit_write(dir, "proc/big", "0123456789");
    unit_write(dir, "etc/inside", "inside\n");
    char p[4096];
    snprintf(p, sizeof(p), "%s/proc/self", dir);
    assert_int_equal(symlink("../etc", p), 0); /* relative, stays inside */
    snprintf(p, sizeof(p), "%s/proc/abs", dir);
    assert_int_equal(symlink("/etc/passwd", p), 0); /* absolute: leaves a snapshot */
    snprintf(p, sizeof(p), "%s/proc/up", dir);
    assert_int_equal(symlink("../../..", p), 0); /* climbs above the root */
    snprintf(p, sizeof(p), "%s/proc/loop", dir);
    assert_int_equal(symlink("loop", p), 0);
    snprintf(p, sizeof(p), "%s/proc/dot", dir);
    assert_int_equal(symlink("./meminfo", p), 0);
    return dir;
}

static void read_and_caps(bool walk_only)
{
    char *dir = tree();
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    r->walk_only = walk_only;
    assert_false(r->live);
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(rootfs_read(r, "proc/meminfo", 100, &sb), 0);
    assert_string_equal(sb.buf, "MemTotal: 1 kB\n");
    strbuf_reset(&sb);
    assert_int_equal(rootfs_read(r, "/proc/meminfo", 100, &sb), 0); /* leading '/' ignored */
    strbuf_reset(&sb);
    assert_int_equal(rootfs_read(r, "proc/big", 10, &sb), 0); /* exactly the cap */
    assert_int_equal(sb.len, 10);
    strbuf_reset(&sb);
    assert_int_equal(rootfs_read(r, "proc/big", 9, &sb), -EFBIG);
    assert_int_equal(sb.len, 9);
    strbuf_reset(&sb);
    assert_int_equal(rootfs_read(r, "proc/none", 9, &sb), -ENOENT);
    assert_int_equal(rootfs_read(r, "proc/meminfo/x", 9, &sb), -ENOTDIR);
    assert_int_equal(rootfs_read(r, "proc", 9, &sb), -EISDIR);
    /* a FIFO planted in a snapshot is refused at once (no writer would
     * ever come), as is a device */
    char fifo[600];
    snprintf(fifo, sizeof(fifo), "%s/proc/fifo", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    assert_int_equal(rootfs_read(r, "proc/fifo", 9, &sb), -EINVAL);
    assert_int_equal(rootfs_read_once(r, "proc/fifo", 9, &sb), -EINVAL);
    /* one read: the same results for small files; appends like rootfs_read */
    strbuf_reset(&sb);
    strbuf_addstr(&sb, ">");
    assert_int_equal(rootfs_read_once(r, "proc/meminfo", 100, &sb), 0);
    assert_string_equal(sb.buf, ">MemTotal: 1 kB\n");
    strbuf_reset(&sb);
    assert_int_equal(rootfs_read_once(r, "proc/big", 10, &sb), 0);
    assert_int_equal(sb.len, 10);
    strbuf_reset(&sb);
    assert_int_equal(rootfs_read_once(r, "proc/big", 9, &sb), -EFBIG);
    assert_int_equal(sb.len, 9);
    strbuf_reset(&sb);
    assert_int_equal(rootfs_read_once(r, "proc/none", 9, &sb), -ENOENT);
    assert_int_equal(sb.len, 0);
    assert_int_equal(rootfs_read_once(r, "proc", 9, &sb), -EISDIR);
    strbuf_release(&sb);
    rootfs_free(r);
    unit_rmrf(dir);
}

/* The same rules hold on both paths: openat2() and the hand walk. */
static void cannot_leave_the_root(bool walk_only)
{
    char *dir = tree();
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    r->walk_only = walk_only;
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(rootfs_read(r, "../etc/passwd", 100, &sb), -EINVAL);
    assert_int_equal(rootfs_read(r, "proc/../etc/inside", 100, &sb), -EINVAL);
    assert_int_equal(rootfs_read(r, "proc/abs", 100, &sb), -EXDEV);
    assert_int_equal(rootfs_read(r, "proc/up/etc/passwd", 100, &sb), -EXDEV);
    assert_int_equal(rootfs_read(r, "proc/loop", 100, &sb), -ELOOP);
    /* a relative link inside the root is followed */
    assert_int_equal(rootfs_read(r, "proc/self/inside", 100, &sb), 0);
    assert_string_equal(sb.buf, "inside\n");
    strbuf_reset(&sb);
    assert_int_equal(rootfs_read(r, "proc/dot", 100, &sb), 0);
    assert_string_equal(sb.buf, "MemTotal: 1 kB\n");
    strbuf_release(&sb);
    rootfs_free(r);
    unit_rmrf(dir);
}

static void test_read_and_caps(void **state)
{
    (void)state;
    read_and_caps(false);
    read_and_caps(true);
}

static void test_cannot_leave_the_root_openat2(void **state)
{
    (void)state;
    cannot_leave_the_root(false);
}

static void test_cannot_leave_the_root_walk(void **state)
{
    (void)state;
    cannot_leave_the_root(true);
}

static void test_live_root_follows_absolute_links(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("/", &r), 0);
    assert_true(r->live);
    struct strbuf sb = STRBUF_INIT;
    /* /proc/self is a link; /proc/self/root is an absolute magic link */
    assert_int_equal(rootfs_read(r, "proc/self/comm", 100, &sb), 0);
    assert_true(sb.len > 0);
    /* /proc/PID/stat comes whole from one read: "PID (comm) ... \n" */
    strbuf_reset(&sb);
    assert_int_equal(rootfs_read_once(r, "proc/self/stat", 4096, &sb), 0);
    char head[32];
    snprintf(head, sizeof(head), "%d (", (int)getpid());
    assert_memory_equal(sb.buf, head, strlen(head));
    assert_true(sb.len > 40 && sb.buf[sb.len - 1] == '\n');
    assert_non_null(strchr(sb.buf, ')'));
    strbuf_release(&sb);
    rootfs_free(r);
}

static void test_new_errors(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("/nonexistent-headroom-root", &r), -ENOENT);
    assert_int_equal(rootfs_new("/etc/passwd", &r), -ENOTDIR);
}

static void test_list_stat_and_recorder(void **state)
{
    (void)state;
    char *dir = tree();
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    struct rec_log log = {.n = 0};
    struct rootfs_recorder rec = {
        .file = rec_file, .dir = rec_dir, .exists = rec_exists, .ud = &log};
    r->rec = &rec;
    char **names;
    size_t n;
    assert_int_equal(rootfs_list(r, "proc", 100, &names, &n), 0);
    assert_int_equal(n, 7);
    assert_string_equal(names[0], "abs"); /* sorted */
    assert_string_equal(names[6], "up");
    rootfs_names_free(names, n);
    assert_int_equal(rootfs_list(r, "proc", 2, &names, &n), 0); /* capped */
    assert_int_equal(n, 2);
    rootfs_names_free(names, n);
    assert_true(rootfs_exists(r, "etc"));
    assert_true(rootfs_exists(r, "proc/meminfo"));
    assert_false(rootfs_exists(r, "nope"));
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(rootfs_read(r, "proc/meminfo", 100, &sb), 0);
    assert_int_equal(rootfs_read(r, "proc/big", 2, &sb), -EFBIG); /* not recorded */
    strbuf_release(&sb);
    assert_int_equal(log.n, 5);
    assert_string_equal(log.paths[0], "proc");
    assert_int_equal(log.kinds[0], 'd');
    assert_string_equal(log.paths[2], "etc");
    assert_int_equal(log.kinds[2], 'D');
    assert_int_equal(log.kinds[3], 'e');
    assert_string_equal(log.paths[4], "proc/meminfo");
    assert_int_equal(log.kinds[4], 'f');
    rootfs_free(r);
    unit_rmrf(dir);
}

static void test_glob_and_readlink(void **state)
{
    (void)state;
    char *dir = tree();
    unit_write(dir, "lib/libcuda.so.1.1", "elf");
    unit_write(dir, "lib/libcudart.so.12", "elf");
    unit_write(dir, "lib/.libcuda.so.hidden", "elf");
    char p[4096];
    snprintf(p, sizeof(p), "%s/lib/libcuda.so.1", dir);
    assert_int_equal(symlink("libcuda.so.1.1", p), 0);
    snprintf(p, sizeof(p), "%s/lib/libcuda.so", dir);
    assert_int_equal(symlink("/usr/lib/wsl/lib/libcuda.so.1", p), 0); /* leaves the root */
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    char **names;
    size_t n;
    static const char *const cuda[] = {"libcuda.so*", NULL};
    assert_int_equal(rootfs_glob(r, "lib", cuda, 10, &names, &n), 0);
    /* the escaping link still counts as present; dot files are not matched */
    assert_int_equal(n, 3);
    assert_string_equal(names[0], "libcuda.so");
    assert_string_equal(names[1], "libcuda.so.1");
    assert_string_equal(names[2], "libcuda.so.1.1");
    rootfs_names_free(names, n);
    static const char *const two[] = {"libcudart*", "*.1.1", NULL};
    assert_int_equal(rootfs_glob(r, "lib", two, 10, &names, &n), 0);
    assert_int_equal(n, 2);
    assert_string_equal(names[0], "libcuda.so.1.1");
    assert_string_equal(names[1], "libcudart.so.12");
    rootfs_names_free(names, n);
    static const char *const all[] = {"*", NULL};
    assert_int_equal(rootfs_glob(r, "nodir", all, 10, &names, &n), 0);
    assert_int_equal(n, 0);
    char target[256];
    assert_int_equal(rootfs_readlink(r, "lib/libcuda.so", target, sizeof(target)),
                     (int)strlen("/usr/lib/wsl/lib/libcuda.so.1"));
    assert_string_equal(target, "/usr/lib/wsl/lib/libcuda.so.1");
    assert_int_equal(rootfs_readlink(r, "lib/libcudart.so.12", target, sizeof(target)), -EINVAL);
    assert_int_equal(rootfs_readlink(r, "lib/none", target, sizeof(target)), -ENOENT);
    assert_int_equal(rootfs_readlink(r, "../x", target, sizeof(target)), -EINVAL);
    rootfs_free(r);
    unit_rmrf(dir);
}

/* One definition of "interop is registered", for the three places that ask */
static void test_interop_registered(void **state)
{
    (void)state;
    static const char *const names[] = {"WSLInterop", "WSLInterop-late", NULL};
    for (int i = 0; i < 3; i++) {
        char *dir = unit_tmpdir();
        unit_write(dir, "proc/sys/fs/binfmt_misc/python3.11", "enabled\n");
        if (names[i]) {
            char rel[100];
            snprintf(rel, sizeof(rel), "proc/sys/fs/binfmt_misc/%s", names[i]);
            unit_write(dir, rel, "enabled\ninterpreter /init\n");
        }
        struct rootfs *r;
        assert_int_equal(rootfs_new(dir, &r), 0);
        assert_int_equal(wsl_interop_registered(r), names[i] != NULL);
        rootfs_free(r);
        unit_rmrf(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_and_caps),
        cmocka_unit_test(test_cannot_leave_the_root_openat2),
        cmocka_unit_test(test_cannot_leave_the_root_walk),
        cmocka_unit_test(test_live_root_follows_absolute_links),
        cmocka_unit_test(test_new_errors),
        cmocka_unit_test(test_list_stat_and_recorder),
        cmocka_unit_test(test_glob_and_readlink),
        cmocka_unit_test(test_interop_registered),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

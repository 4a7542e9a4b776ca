#include "unit.h"

#include "probe/mounts.h"

/* from a published /proc/mounts of WSL 2 (kernel 6.6.87.2): the root, WSL's
 * driver share (9p but not a drive), two drives and a path mount of Docker
 * Desktop's with escaped spaces */
static const char wsl2[] =
    "/dev/sdf / ext4 rw,relatime,discard,errors=remount-ro,data=ordered 0 0\n"
    "drivers /usr/lib/wsl/drivers 9p "
    "ro,nosuid,nodev,noatime,aname=drivers;fmask=222;dmask=222,cache=5,access=client,msize=65536,"
    "trans=fd,rfd=8,wfd=8 0 0\n"
    "C:\\134 /mnt/c 9p "
    "rw,noatime,aname=drvfs;path=C:\\;uid=1000;gid=1000;symlinkroot=/mnt/,cache=5,access=client,"
    "msize=65536,trans=fd,rfd=6,wfd=6 0 0\n"
    "D:\\134 /mnt/d 9p "
    "rw,noatime,aname=drvfs;path=D:\\;uid=1000;gid=1000;symlinkroot=/mnt/,cache=5,access=client,"
    "msize=65536,trans=fd,rfd=6,wfd=6 0 0\n"
    "C:\\134Program\\040Files\\134Docker\\134Docker\\134resources /Docker/host 9p "
    "rw,noatime,aname=drvfs;path=C:\\Program Files\\Docker\\Docker\\resources;symlinkroot=/mnt/,"
    "cache=5,access=client,msize=65536,trans=fd,rfd=3,wfd=3 0 0\n";

static void test_wsl2(void **state)
{
    (void)state;
    struct mount_table t;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(mounts_parse(STR_AND_LEN(wsl2), &t, &d), 0);
    assert_int_equal(t.n, 5);
    assert_false(t.v[0].windows_drive);
    assert_false(t.v[1].windows_drive); /* aname=drivers */
    assert_true(t.v[2].windows_drive);
    assert_string_equal(t.v[2].source, "C:\\");
    assert_string_equal(t.v[2].windows_path, "C:\\");
    assert_string_equal(t.v[4].source, "C:\\Program Files\\Docker\\Docker\\resources");
    assert_string_equal(t.v[4].windows_path, "C:\\Program Files\\Docker\\Docker\\resources");

    assert_string_equal(mount_table_find(&t, "/mnt/c/Users/a/x.gguf")->target, "/mnt/c");
    assert_string_equal(mount_table_find(&t, "/mnt/c")->target, "/mnt/c");
    assert_string_equal(mount_table_find(&t, "/mnt/cd/x")->target, "/"); /* not /mnt/c */
    assert_string_equal(mount_table_find(&t, "/home/a/x.gguf")->fstype, "ext4");
    assert_string_equal(mount_table_find(&t, "/usr/lib/wsl/drivers/x")->source, "drivers");
    assert_null(mount_table_find(&t, "relative/x"));
    mount_table_release(&t);
}

static void test_wsl1_and_stacked(void **state)
{
    (void)state;
    /* WSL 1's own type; then a second mount on /mnt/e hides the first */
    static const char buf[] = "rootfs / lxfs rw,noatime 0 0\n"
                              "C: /mnt/c drvfs rw,noatime,uid=1000,gid=1000 0 0\n"
                              "E: /mnt/e drvfs rw,noatime 0 0\n"
                              "/dev/sdb /mnt/e ext4 rw 0 0\n"
                              "tmpfs /mnt/with\\040space tmpfs rw 0 0\n";
    struct mount_table t;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(mounts_parse(STR_AND_LEN(buf), &t, &d), 0);
    assert_true(t.v[1].windows_drive);
    assert_string_equal(t.v[1].windows_path, "C:");
    assert_string_equal(mount_table_find(&t, "/mnt/e/m.gguf")->fstype, "ext4");
    assert_string_equal(mount_table_find(&t, "/mnt/with space/x")->fstype, "tmpfs");
    mount_table_release(&t);
}

static void test_malformed(void **state)
{
    (void)state;
    struct mount_table t;
    struct diag d;
    diag_clear(&d);
    static const char short_line[] = "/dev/sda / ext4 rw 0 0\nnone /x\n";
    assert_int_equal(mounts_parse(STR_AND_LEN(short_line), &t, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    static const char rel[] = "none relative tmpfs rw 0 0\n";
    assert_int_equal(mounts_parse(STR_AND_LEN(rel), &t, &d), -EBADMSG);
    assert_int_equal(d.column, 6);
    /* an escape cut at the end of a field is kept as written */
    static const char cut[] = "C:\\13 /mnt/\\04 9p aname=drvfs 0 0\n";
    assert_int_equal(mounts_parse(STR_AND_LEN(cut), &t, &d), 0);
    assert_string_equal(t.v[0].source, "C:\\13");
    assert_string_equal(t.v[0].windows_path, "C:\\13"); /* no path= */
    mount_table_release(&t);
}

static void test_fixture(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-16g-default", &r), 0);
    struct mount_table t;
    struct probe_status st;
    assert_int_equal(mounts_read(r, &t, &st), 0);
    assert_int_equal(st.state, PROBE_OK);
    const struct mount_entry *m = mount_table_find(&t, "/mnt/c/Users/x");
    assert_non_null(m);
    assert_true(m->windows_drive);
    assert_string_equal(m->windows_path, "C:\\");
    mount_table_release(&t);
    rootfs_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wsl2),
        cmocka_unit_test(test_wsl1_and_stacked),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_fixture),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "unit.h"

#include <sys/statvfs.h>

#include "probe/disk.h"

/* recorded by `headroom snapshot` on this project's development VM (ext4 on
 * /dev/vda, df -B1: 270553174016 size, 21948583936 used, 80796696576
 * available) */
static const char dev_vm[] = "block_size 4096\n"
                             "blocks 66053021\n"
                             "blocks_free 60694480\n"
                             "blocks_avail 19725756\n"
                             "fs_type 61267\n";

static void test_recorded(void **state)
{
    (void)state;
    struct disk_fs fs;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(disk_fs_parse(STR_AND_LEN(dev_vm), &fs, &d), 0);
    assert_int_equal(disk_fs_size(&fs), 270553174016ULL);
    assert_int_equal(disk_fs_used(&fs), 21948583936ULL);
    assert_int_equal(disk_fs_available(&fs), 80796696576ULL);
    assert_string_equal(disk_fs_type_name(fs.fs_type), "ext4");
    assert_null(disk_fs_type_name(12345));
    /* the formatter writes what the parser reads */
    char buf[256];
    int n = disk_fs_format(&fs, buf, sizeof(buf));
    assert_int_equal((size_t)n, strlen(dev_vm));
    assert_string_equal(buf, dev_vm);
}

static void test_malformed(void **state)
{
    (void)state;
    struct disk_fs fs;
    struct diag d;
    static const char missing[] = "block_size 4096\nblocks 10\nblocks_free 5\nfs_type 61267\n";
    assert_int_equal(disk_fs_parse(STR_AND_LEN(missing), &fs, &d), -EBADMSG);
    assert_string_equal(d.message, "no 'blocks_avail' line");
    static const char more_free[] = "block_size 4096\nblocks 10\nblocks_free 11\nblocks_avail 1\n"
                                    "fs_type 1\n";
    assert_int_equal(disk_fs_parse(STR_AND_LEN(more_free), &fs, &d), -EBADMSG);
    static const char zero_bs[] = "block_size 0\nblocks 10\nblocks_free 1\nblocks_avail 1\n"
                                  "fs_type 1\n";
    assert_int_equal(disk_fs_parse(STR_AND_LEN(zero_bs), &fs, &d), -EBADMSG);
    static const char text[] = "block_size 4096\nblocks ten\n";
    assert_int_equal(disk_fs_parse(STR_AND_LEN(text), &fs, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    /* sizes saturate rather than wrap */
    static const char huge[] = "block_size 1048576\nblocks 18446744073709551615\nblocks_free 0\n"
                               "blocks_avail 0\nfs_type 1\n";
    assert_int_equal(disk_fs_parse(STR_AND_LEN(huge), &fs, &d), 0);
    assert_int_equal(disk_fs_size(&fs), UINT64_MAX);
    assert_int_equal(disk_fs_used(&fs), UINT64_MAX);
}

static void rec_file(void *ud, const char *path, const char *data, size_t len)
{
    if (strcmp(path, DISK_STATFS_RECORD) == 0)
        snprintf(ud, 256, "%.*s", (int)len, data);
}

/* The live root reads statfs("/") and records it in the form a snapshot
 * root reads back. */
static void test_live_and_snapshot(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("/", &r), 0);
    char recorded[256] = "";
    struct rootfs_recorder rec = {.file = rec_file, .ud = recorded};
    r->rec = &rec;
    struct disk_fs fs;
    struct probe_status st;
    assert_int_equal(disk_fs_read(r, &fs, &st), 0);
    assert_int_equal(st.state, PROBE_OK);
    struct statvfs sv;
    assert_int_equal(statvfs("/", &sv), 0);
    assert_int_equal(disk_fs_size(&fs), (uint64_t)sv.f_blocks * sv.f_frsize);
    rootfs_free(r);

    char *dir = unit_tmpdir();
    unit_write(dir, DISK_STATFS_RECORD, recorded);
    assert_int_equal(rootfs_new(dir, &r), 0);
    struct disk_fs back;
    assert_int_equal(disk_fs_read(r, &back, &st), 0);
    assert_int_equal(st.state, PROBE_OK);
    assert_memory_equal(&back, &fs, sizeof(fs));
    rootfs_free(r);

    /* a directory that is neither a snapshot nor a mount point: not read
     * (statfs there would describe the disk the fixture sits on) */
    char path[4096];
    snprintf(path, sizeof(path), "%s/" DISK_STATFS_RECORD, dir);
    assert_int_equal(unlink(path), 0);
    assert_int_equal(rootfs_new(dir, &r), 0);
    assert_int_equal(disk_fs_read(r, &back, &st), -ENOENT);
    assert_int_equal(st.state, PROBE_UNAVAILABLE);
    rootfs_free(r);
    snprintf(path, sizeof(path), "rm -rf '%s'", dir);
    assert_int_equal(system(path), 0);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recorded),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_live_and_snapshot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

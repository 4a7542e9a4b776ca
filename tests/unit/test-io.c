/* util/io.c on real files, a directory, a FIFO with no writer and a device:
 * the read must refuse the last three at once, never block. */
#include "unit.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/io.h"

static void test_read_file_capped(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    unit_write(dir, "a.txt", "hello\n");
    char p[600];
    struct strbuf sb = STRBUF_INIT;
    mode_t mode = 0;
    snprintf(p, sizeof(p), "%s/a.txt", dir);
    assert_int_equal(chmod(p, 0640), 0);
    assert_int_equal(read_file_capped(p, 100, &sb, &mode), 0);
    assert_string_equal(sb.buf, "hello\n");
    assert_int_equal(mode, 0640);
    /* over the cap: -EFBIG, and no more than the cap kept */
    strbuf_reset(&sb);
    assert_int_equal(read_file_capped(p, 3, &sb, NULL), -EFBIG);
    assert_true(sb.len <= 3);
    /* exactly the cap is fine */
    strbuf_reset(&sb);
    assert_int_equal(read_file_capped(p, 6, &sb, NULL), 0);
    assert_int_equal(sb.len, 6);
    strbuf_reset(&sb);
    assert_int_equal(read_file_capped(dir, 100, &sb, NULL), -EISDIR);
    snprintf(p, sizeof(p), "%s/fifo", dir);
    assert_int_equal(mkfifo(p, 0600), 0);
    assert_int_equal(read_file_capped(p, 100, &sb, NULL), -EINVAL);
    assert_string_equal(read_file_error(-EINVAL), "not a regular file");
    assert_int_equal(read_file_capped("/dev/zero", 100, &sb, NULL), -EINVAL);
    snprintf(p, sizeof(p), "%s/none", dir);
    assert_int_equal(read_file_capped(p, 100, &sb, NULL), -ENOENT);
    assert_int_equal(sb.len, 0);
    strbuf_release(&sb);
    unit_rmrf(dir);
}

static void test_write_all(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char p[600];
    snprintf(p, sizeof(p), "%s/out", dir);
    int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(fd >= 0);
    static char big[1 << 20];
    memset(big, 'x', sizeof(big));
    assert_int_equal(write_all(fd, big, sizeof(big)), 0);
    close(fd);
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(read_file_capped(p, sizeof(big), &sb, NULL), 0);
    assert_int_equal(sb.len, sizeof(big));
    strbuf_release(&sb);
    /* a closed descriptor is an error, not a loop */
    assert_int_equal(write_all(fd, "x", 1), -EBADF);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_file_capped),
        cmocka_unit_test(test_write_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

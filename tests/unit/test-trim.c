#include "unit.h"

#include <sys/stat.h>

#include "disk/trim.h"

/* fstrim -v (util-linux 2.38.1) on the ext4 image tests/cli/disk-trim.sh
 * loop-mounts, after 1 GiB was written and deleted */
static const char loop_image[] = "/tmp/headroom-disk-trim-Ab12Cd/mnt-b: 1.1 GiB (1197977600 bytes) "
                                 "trimmed\n";
/* fstrim -av form: one line per file system, with the device */
static const char all[] = "/boot/efi: 0 B (0 bytes) trimmed on /dev/sda1\n"
                          "/: 12.4 GiB (13350768640 bytes) trimmed on /dev/sda2\n";

static void test_parse(void **state)
{
    (void)state;
    uint64_t v = 1;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(fstrim_output_parse(STR_AND_LEN(loop_image), &v, &d), 0);
    assert_int_equal(v, 1197977600ULL);
    assert_int_equal(fstrim_output_parse(STR_AND_LEN(all), &v, &d), 0);
    assert_int_equal(v, 13350768640ULL);
    /* no final newline; a mount point with parentheses and the words in it */
    static const char odd[] = "/mnt/a (1 bytes) trimmed x: 0 B (4096 bytes) trimmed";
    assert_int_equal(fstrim_output_parse(STR_AND_LEN(odd), &v, &d), 0);
    assert_int_equal(v, 4096);
    static const char zero[] = "/: 0 B (0 bytes) trimmed\n";
    assert_int_equal(fstrim_output_parse(STR_AND_LEN(zero), &v, &d), 0);
    assert_int_equal(v, 0);
}

static void test_malformed(void **state)
{
    (void)state;
    uint64_t v = 7;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(fstrim_output_parse("", 0, &v, &d), -EBADMSG);
    assert_string_equal(d.message, "no '(N bytes) trimmed' line");
    static const char nodigits[] = "/: 0 B ( bytes) trimmed\n";
    assert_int_equal(fstrim_output_parse(STR_AND_LEN(nodigits), &v, &d), -EBADMSG);
    assert_int_equal(d.line, 1);
    static const char noparen[] = "/: 0 B 4096 bytes) trimmed\n";
    assert_int_equal(fstrim_output_parse(STR_AND_LEN(noparen), &v, &d), -EBADMSG);
    static const char huge[] = "/: x (99999999999999999999 bytes) trimmed\n";
    assert_int_equal(fstrim_output_parse(STR_AND_LEN(huge), &v, &d), -EBADMSG);
    assert_string_equal(d.message, "the trimmed byte count is too large");
    /* two lines whose sum overflows */
    static const char sum[] = "/a: x (18446744073709551615 bytes) trimmed\n"
                              "/b: x (1 bytes) trimmed\n";
    assert_int_equal(fstrim_output_parse(STR_AND_LEN(sum), &v, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    /* a translated message that lost the words is not guessed at */
    static const char other[] = "/: 1 GiB (1073741824 octets) libérés\n";
    assert_int_equal(fstrim_output_parse(STR_AND_LEN(other), &v, &d), -EBADMSG);
    assert_int_equal(v, 7); /* never written on failure */
}

static void test_find(void **state)
{
    (void)state;
    char buf[4096];
    const char *old = getenv("PATH");
    char *saved = old ? strdup(old) : NULL;
    /* a relative PATH entry is never taken */
    char *dir = unit_tmpdir();
    unit_write(dir, "fstrim", "#!/bin/sh\n");
    char p[4200];
    snprintf(p, sizeof(p), "%s/fstrim", dir);
    assert_int_equal(chmod(p, 0755), 0);
    setenv("PATH", dir, 1);
    assert_string_equal(fstrim_find(buf, sizeof(buf)), p);
    char cwd[4096];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(dir), 0);
    setenv("PATH", ".", 1);
    const char *f = fstrim_find(buf, sizeof(buf));
    assert_true(f == NULL || f[0] == '/');
    assert_int_equal(chdir(cwd), 0);
    if (saved)
        setenv("PATH", saved, 1);
    free(saved);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_find),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

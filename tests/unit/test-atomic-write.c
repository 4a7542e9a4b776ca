#include "unit.h"

#include <sys/wait.h>

#include "util/atomic-write.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 65536);
    size_t n = fread(buf, 1, 65535, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_new_and_replace_with_backup(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char path[4200], bak[4200];
    snprintf(path, sizeof(path), "%s/.wslconfig", dir);
    snprintf(bak, sizeof(bak), "%s/.wslconfig.bak-1", dir);
    assert_int_equal(atomic_write(path, STR_AND_LEN("[wsl2]\r\nmemory=4GB\r\n"), bak), 0);
    assert_int_equal(access(bak, F_OK), -1); /* nothing to back up yet */
    chmod(path, 0600);
    assert_int_equal(atomic_write(path, STR_AND_LEN("[wsl2]\r\nmemory=6GB\r\n"), bak), 0);
    char *now = slurp(path), *old = slurp(bak);
    assert_string_equal(now, "[wsl2]\r\nmemory=6GB\r\n");
    assert_string_equal(old, "[wsl2]\r\nmemory=4GB\r\n");
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600); /* permissions kept */
    free(now);
    free(old);
    /* an existing backup is never overwritten, and then nothing changes */
    assert_int_equal(atomic_write(path, STR_AND_LEN("x"), bak), -EEXIST);
    now = slurp(path);
    assert_string_equal(now, "[wsl2]\r\nmemory=6GB\r\n");
    free(now);
    unit_rmrf(dir);
}

/* An edit made as root (headroom under sudo) leaves a user's file, and its
 * backup, with the user's owner, group and mode. */
static void test_owner_kept(void **state)
{
    (void)state;
    if (geteuid() != 0) {
        printf("# skip reason: needs root to give a file another owner\n");
        skip();
    }
    char *dir = unit_tmpdir();
    char path[4200], bak[4200];
    snprintf(path, sizeof(path), "%s/.wslconfig", dir);
    snprintf(bak, sizeof(bak), "%s/.wslconfig.bak-1", dir);
    assert_int_equal(atomic_write(path, STR_AND_LEN("[wsl2]\nmemory=4GB\n"), NULL), 0);
    assert_int_equal(chown(path, 1234, 2345), 0);
    assert_int_equal(chmod(path, 0600), 0);
    assert_int_equal(atomic_write(path, STR_AND_LEN("[wsl2]\nmemory=6GB\n"), bak), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_uid, 1234);
    assert_int_equal(st.st_gid, 2345);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_int_equal(stat(bak, &st), 0);
    assert_int_equal(st.st_uid, 1234);
    assert_int_equal(st.st_gid, 2345);
    assert_int_equal(st.st_mode & 07777, 0600);
    unit_rmrf(dir);
}

/* Kills a child at each step of a write: the file is always whole, old or new. */
static void test_killed_at_every_step(void **state)
{
    (void)state;
    static const char *const steps[] = {"backup", "temp-created", "temp-half-written",
                                        "temp-synced", "renamed"};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        char *dir = unit_tmpdir();
        char path[4200], bak[4200];
        snprintf(path, sizeof(path), "%s/f", dir);
        snprintf(bak, sizeof(bak), "%s/f.bak", dir);
        assert_int_equal(atomic_write(path, STR_AND_LEN("old contents\n"), NULL), 0);
        pid_t pid = fork();
        if (pid == 0) {
            setenv("HEADROOM_FAULT_AT", steps[i], 1);
            atomic_write(path, STR_AND_LEN("new contents\n"), bak);
            _exit(0);
        }
        int status;
        waitpid(pid, &status, 0);
        assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        char *now = slurp(path);
        assert_non_null(now);
        if (strcmp(steps[i], "renamed") == 0)
            assert_string_equal(now, "new contents\n");
        else
            assert_string_equal(now, "old contents\n");
        free(now);
        char *b = slurp(bak);
        assert_non_null(b); /* the backup is made before anything else */
        assert_string_equal(b, "old contents\n");
        free(b);
        unit_rmrf(dir);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_and_replace_with_backup),
        cmocka_unit_test(test_killed_at_every_step),
        cmocka_unit_test(test_owner_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

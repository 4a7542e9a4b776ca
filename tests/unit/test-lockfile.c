/* util/lockfile.c: turns are taken, and a lock left by a dead process is
 * taken over once it is a second old, never one of a live process. */
#include "unit.h"

#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/lockfile.h"

static void age(const char *path)
{
    struct timeval tv[2];
    gettimeofday(&tv[0], NULL);
    tv[0].tv_sec -= 5;
    tv[1] = tv[0];
    assert_int_equal(utimes(path, tv), 0);
}

static void test_lockfile(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    char path[600], lock[620];
    snprintf(path, sizeof(path), "%s/.wslconfig", dir);
    snprintf(lock, sizeof(lock), "%s.lock", path);
    struct lockfile a, b;
    assert_int_equal(lockfile_acquire(&a, path, 0), 0);
    assert_int_equal(access(lock, F_OK), 0);
    /* held by a live process (us): the second waits, then gives up */
    assert_int_equal(lockfile_acquire(&b, path, 100), -EWOULDBLOCK);
    age(lock);
    assert_int_equal(lockfile_acquire(&b, path, 0), -EWOULDBLOCK); /* old, but alive */
    lockfile_release(&a);
    assert_int_equal(access(lock, F_OK), -1);
    lockfile_release(&a); /* twice is harmless */

    /* a lock left by a process that is gone */
    pid_t child = fork();
    if (child == 0)
        _exit(0);
    assert_int_equal(waitpid(child, NULL, 0), child);
    char pid[32];
    snprintf(pid, sizeof(pid), "%ld\n", (long)child);
    unit_write(dir, ".wslconfig.lock", pid);
    /* too fresh: its writer may still be writing */
    assert_int_equal(lockfile_acquire(&b, path, 0), -EWOULDBLOCK);
    age(lock);
    assert_int_equal(lockfile_acquire(&b, path, 0), 0);
    lockfile_release(&b);

    /* a lock that names no PID is never removed */
    unit_write(dir, ".wslconfig.lock", "garbage");
    age(lock);
    assert_int_equal(lockfile_acquire(&b, path, 0), -EWOULDBLOCK);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lockfile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

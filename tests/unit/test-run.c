/* util/run.c, the one process runner, on real child processes. */
#include "unit.h"

#include <errno.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "util/run.h"

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int run_sh(const char *script, unsigned ms, size_t cap, bool cap_is_error,
                  struct strbuf *out, struct run_result *res)
{
    char *argv[] = {"/bin/sh", "-c", (char *)script, NULL};
    struct run_spec spec = {
        .argv = argv, .timeout_ms = ms, .cap = cap, .cap_is_error = cap_is_error};
    return run_program(&spec, out, res);
}

static void test_status_and_stderr_line(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    struct run_result res;
    assert_int_equal(run_sh("echo hi; printf '\\n  bad thing\\nmore\\n' >&2; exit 3", 5000, 100,
                            false, &out, &res),
                     0);
    assert_int_equal(res.status, 3);
    assert_string_equal(res.err_line, "bad thing");
    assert_string_equal(out.buf, "hi\n");
    strbuf_release(&out);
    assert_int_equal(run_sh("kill -9 $$", 5000, 100, false, &out, &res), 0);
    assert_int_equal(res.status, 128 + SIGKILL);
    strbuf_release(&out);
}

static void test_cap_keeps_or_refuses(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    struct run_result res;
    assert_int_equal(run_sh("yes | head -c 100000", 5000, 1000, false, &out, &res), 0);
    assert_int_equal(out.len, 1000);
    assert_int_equal(res.status, 0);
    strbuf_release(&out);
    assert_int_equal(run_sh("yes | head -c 100000", 5000, 1000, true, &out, &res), -EFBIG);
    strbuf_release(&out);
}

/* The limit ends the child and what it started: a grandchild that would
 * outlive the shell is in the same process group and is killed with it. */
static void test_timeout_kills_the_group(void **state)
{
    (void)state;
    char mark[64];
    snprintf(mark, sizeof(mark), "/tmp/hr-run-%d", (int)getpid());
    unlink(mark);
    char script[256];
    snprintf(script, sizeof(script), "(sleep 1; touch %s) & sleep 30", mark);
    struct strbuf out = STRBUF_INIT;
    struct run_result res;
    double t0 = now_s();
    assert_int_equal(run_sh(script, 300, 100, false, &out, &res), -ETIMEDOUT);
    assert_true(now_s() - t0 < 5);
    sleep(2);
    assert_int_equal(access(mark, F_OK), -1); /* the grandchild never ran touch */
    strbuf_release(&out);
}

/* A daemon started by the child may keep the pipe open (wineserver does):
 * the answer is complete when the child exits, not when the pipe closes. */
static void test_child_exit_ends_the_wait(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    struct run_result res;
    double t0 = now_s();
    assert_int_equal(run_sh("echo answer; sleep 20 & exit 0", 10000, 100, false, &out, &res), 0);
    assert_true(now_s() - t0 < 5);
    assert_string_equal(out.buf, "answer\n");
    assert_int_equal(res.status, 0);
    strbuf_release(&out);
}

static void test_cannot_run(void **state)
{
    (void)state;
    struct strbuf out = STRBUF_INIT;
    char *argv[] = {"/nonexistent/helper", NULL};
    assert_int_equal(run_capture(argv, NULL, 1000, 100, &out), -ENOENT);
    char *argv2[] = {"/bin/sh", "-c", "pwd; exit 4", NULL};
    assert_int_equal(run_capture(argv2, "/tmp", 1000, 100, &out), 4);
    assert_string_equal(out.buf, "/tmp\n");
    strbuf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_and_stderr_line),
        cmocka_unit_test(test_cap_keeps_or_refuses),
        cmocka_unit_test(test_timeout_kills_the_group),
        cmocka_unit_test(test_child_exit_ends_the_wait),
        cmocka_unit_test(test_cannot_run),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

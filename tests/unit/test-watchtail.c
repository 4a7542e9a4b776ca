#include "unit.h"

#include <sys/stat.h>
#include <unistd.h>

#include "probe/stat.h"
#include "probe/watchtail.h"

/* Lines `headroom watch --dry-run --log F --sample-every 1s` wrote on the
 * development VM (tests/roots/wsl2-watch-restarted/var/log/). */
#define START                                                                                      \
    "{\"time\":\"2026-12-03T07:18:51.359Z\",\"event\":\"start\",\"mode\":\"gradual\",\"detail\":"  \
    "\"started (dry run); reclaim through nothing; interval adaptive 100ms-1s; program "           \
    "headroom\"}\n"
#define SAMPLE(t, avail)                                                                           \
    "{\"time\":\"2026-12-03T07:18:" t "Z\",\"event\":\"sample\",\"mem_total\":8251928576,"         \
    "\"mem_free\":145752064,\"mem_available\":" avail ",\"file_cache\":573591552}\n"

static void test_tail(void **state)
{
    (void)state;
    static const char log[] = START SAMPLE("51.359", "326107136") SAMPLE("54.366", "326107137");
    struct watch_tail t;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(watch_tail_parse(log, sizeof(log) - 1, 0, &t, &d), 0);
    assert_true(t.has_sample);
    assert_int_equal(t.samples, 2);
    assert_int_equal(t.last.mem_available, 326107137);
    assert_int_equal(t.last.t_ms, 1796282334366LL);
    assert_int_equal(t.last_offset, strlen(START SAMPLE("51.359", "326107136")));

    /* read from inside a line: that line is skipped; so is an unfinished last one */
    static const char cut[] = "326107136,\"file_cache\":1}\n" SAMPLE(
        "52.364", "5") "{\"time\":\"2026-12-03T07:18:53.364Z\",\"event\":\"sam";
    assert_int_equal(watch_tail_parse(cut, sizeof(cut) - 1, 1000, &t, &d), 0);
    assert_int_equal(t.samples, 1);
    assert_int_equal(t.last.mem_available, 5);
    assert_int_equal(t.last_offset, 1000 + strlen("326107136,\"file_cache\":1}\n"));

    /* a complete bad line: its byte offset in the file */
    static const char bad[] = START "{\"time\":\"yesterday\",\"event\":\"sample\"}\n";
    diag_clear(&d);
    assert_int_equal(watch_tail_parse(bad, sizeof(bad) - 1, 0, &t, &d), -EBADMSG);
    assert_true(d.has_offset);
    assert_int_equal(d.offset, strlen(START));
    /* nothing but a start line: no sample */
    assert_int_equal(watch_tail_parse(START, strlen(START), 0, &t, &d), 0);
    assert_false(t.has_sample);
}

static void test_fixture_and_btime(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-watch-restarted", &r), 0);
    struct watch_tail t;
    struct probe_status st;
    assert_int_equal(watch_tail_read(r, &t, &st), 0);
    assert_int_equal(st.state, PROBE_OK);
    assert_int_equal(t.samples, 4);
    assert_int_equal(t.last.t_ms / 1000, 1796282334);
    uint64_t bt = 0;
    assert_int_equal(stat_btime_read(r, &bt, &st), 0);
    assert_int_equal(bt, 1796282634); /* 300 s after the last sample */
    rootfs_free(r);
    /* no log: unavailable, not an error */
    assert_int_equal(rootfs_new("tests/roots/wsl2-vm-restarted", &r), 0);
    assert_int_equal(watch_tail_read(r, &t, &st), -ENOENT);
    assert_int_equal(st.state, PROBE_UNAVAILABLE);
    rootfs_free(r);

    struct diag d;
    diag_clear(&d);
    static const char stat[] = "cpu  1 2 3 4 5 6 7 8 0 0\nintr 5 0\nctxt 9\nbtime 1795481460\n"
                               "processes 7\n";
    assert_int_equal(stat_btime_parse(stat, sizeof(stat) - 1, &bt, &d), 0);
    assert_int_equal(bt, 1795481460);
    assert_int_equal(stat_btime_parse("cpu  1 2 3 4\n", 13, &bt, &d), -ENOENT);
    static const char badb[] = "cpu  1 2 3 4\nbtime 17x\n";
    assert_int_equal(stat_btime_parse(badb, sizeof(badb) - 1, &bt, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 9);
}

/* A log longer than the tail: the snapshot's copy is whole lines only, and
 * the reader's offsets are those of the file. */
static void test_long_log(void **state)
{
    (void)state;
    char dir[] = "/tmp/headroom-watchtail-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof(path), "%s/var", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/var/log", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/var/log/headroom-watch.log", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    size_t line = strlen(SAMPLE("51.359", "326107136")), n = 0;
    for (; n * line < WATCHTAIL_BYTES + 5000; n++)
        fputs(SAMPLE("51.359", "326107136"), f);
    fputs("{\"time\":\"2026-12-03T07:18:5", f); /* being written */
    fclose(f);
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(watch_tail_raw(r, &sb), 0);
    assert_true(sb.len > 0 && sb.len <= WATCHTAIL_BYTES);
    assert_int_equal(sb.len % line, 0); /* whole lines, the unfinished one left out */
    assert_memory_equal(sb.buf, "{\"time\"", 7);
    struct watch_tail t;
    struct probe_status st;
    assert_int_equal(watch_tail_read(r, &t, &st), 0);
    assert_int_equal(t.samples, sb.len / line);
    assert_int_equal(t.last_offset, (n - 1) * line);
    strbuf_release(&sb);
    rootfs_free(r);
    unlink(path);
    snprintf(path, sizeof(path), "%s/var/log", dir);
    rmdir(path);
    snprintf(path, sizeof(path), "%s/var", dir);
    rmdir(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tail),
        cmocka_unit_test(test_fixture_and_btime),
        cmocka_unit_test(test_long_log),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

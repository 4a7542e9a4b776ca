#include "unit.h"

#include "watchlog-write.h"
#include "watchlog.h"

static void test_time(void **state)
{
    (void)state;
    int64_t t;
    assert_int_equal(watchlog_time_parse("2026-11-24T02:19:09.780Z", &t), 0);
    assert_true(t == 1795486749780LL);
    assert_int_equal(watchlog_time_parse("2026-11-24T02:19:09Z", &t), 0);
    assert_true(t == 1795486749000LL);
    assert_int_equal(watchlog_time_parse("2026-11-24T02:19:09.7Z", &t), 0);
    assert_true(t == 1795486749700LL);
    static const char *const bad[] = {"",
                                      "2026-11-24 02:19:09Z",
                                      "2026-11-24T02:19:09",
                                      "2026-13-24T02:19:09Z",
                                      "2026-11-24T02:19:09.Z",
                                      "2026-11-24T02:19:09+01:00",
                                      "1969-12-31T23:59:59Z"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(watchlog_time_parse(bad[i], &t), -EINVAL);
}

static void test_real_log(void **state)
{
    (void)state;
    FILE *f = fopen("tests/report/watch-live.log", "rb");
    assert_non_null(f);
    static char buf[1 << 20];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    struct watchlog l;
    struct diag d;
    assert_int_equal(watchlog_parse(buf, n, &l, &d), 0);
    assert_int_equal(l.nsamples, 151);
    assert_int_equal(l.nevents, 2);
    assert_int_equal(l.other_lines, 2); /* start, stop */
    assert_string_equal(l.events[0].kind, "reclaim");
    assert_int_equal(l.events[0].bytes_freed, 0);
    assert_int_equal(l.events[1].bytes_freed, 797569024);
    assert_false(l.events[1].dry_run || l.events[1].failed);
    assert_non_null(strstr(l.events[1].reason, "cache above the cap"));
    for (size_t i = 1; i < l.nsamples; i++)
        assert_true(l.samples[i].t_ms >= l.samples[i - 1].t_ms);
    assert_true(l.samples[0].has_psi);
    watchlog_release(&l);
}

static void bad(const char *text, unsigned line)
{
    struct watchlog l;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(watchlog_parse(text, strlen(text), &l, &d), -EBADMSG);
    assert_int_equal(d.line, line);
    assert_true(d.message[0] != '\0');
}

static void test_malformed(void **state)
{
    (void)state;
    bad("{\"time\": oops}\n", 1);
    bad("{\"event\":\"sample\"}\n", 1);
    bad("{\"time\":\"2026-11-24T02:19:09Z\",\"event\":\"sample\",\"mem_total\":1}\n", 1);
    bad("\n{\"time\":\"2026-11-24T02:19:09Z\",\"event\":\"sample\",\"mem_total\":1,\"mem_free\":2,"
        "\"mem_available\":1,\"file_cache\":0}\n",
        2);
    bad("{\"time\":\"2026-11-24T02:19:09Z\",\"event\":\"sample\",\"mem_total\":-1,\"mem_free\":0,"
        "\"mem_available\":0,\"file_cache\":0}\n",
        1);
    /* CRLF and unknown events are fine */
    static const char ok[] =
        "{\"time\":\"2026-11-24T02:19:09Z\",\"event\":\"start\"}\r\n"
        "{\"time\":\"2026-11-24T02:19:10Z\",\"event\":\"drop\",\"bytes_freed\":5,"
        "\"dry_run\":true}\r\n";
    struct watchlog l;
    struct diag d;
    assert_int_equal(watchlog_parse(STR_AND_LEN(ok), &l, &d), 0);
    assert_int_equal(l.nevents, 1);
    assert_true(l.events[0].dry_run);
    assert_int_equal(l.other_lines, 1);
    watchlog_release(&l);
}

/* The writer and the parser agree: what the daemon writes, the report reads
 * back, figure for figure, names with quotes and control bytes included. */
static void test_round_trip(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    watchlog_write_event(f, "start", "gradual", "started; reclaim through memory.reclaim");
    struct watch_sample s1 = {.mem_total = 8ull << 30,
                              .mem_free = 123456789,
                              .mem_available = 4ull << 30,
                              .file_cache = 987654321,
                              .has_psi = true,
                              .psi_some_avg10 = 12.34};
    struct watch_sample s2 = {.mem_total = UINT64_MAX, .mem_free = 0, .file_cache = 1};
    watchlog_write_sample(f, &s1);
    watchlog_write_sample(f, &s2);
    struct watchlog_action a = {.event = "reclaim",
                                .mode = "gradual",
                                .target = "memory.reclaim",
                                .value = "268435456 swappiness=0",
                                .bytes_asked = 268435456,
                                .bytes_freed = 201326592,
                                .duration_ms = 12.5,
                                .has_reclaim_detail = true,
                                .eagain = 1,
                                .reason = "idle 3 min; \"cache\"\n\x1b[31m above the floor",
                                .error = NULL};
    watchlog_write_action(f, &a);
    struct watchlog_action d = {.event = "drop",
                                .mode = "dropcache",
                                .target = "drop_caches",
                                .reason = "idle 10 min",
                                .dry_run = true,
                                .error = "another reclaim is running"};
    watchlog_write_action(f, &d);
    watchlog_write_event(f, "stop", "gradual", "signal");
    fclose(f);

    struct watchlog l;
    struct diag dg;
    assert_int_equal(watchlog_parse(buf, len, &l, &dg), 0);
    assert_int_equal(l.nsamples, 2);
    assert_int_equal(l.samples[0].mem_total, s1.mem_total);
    assert_int_equal(l.samples[0].mem_free, s1.mem_free);
    assert_int_equal(l.samples[0].mem_available, s1.mem_available);
    assert_int_equal(l.samples[0].file_cache, s1.file_cache);
    assert_true(l.samples[0].has_psi);
    assert_true(l.samples[0].psi_some_avg10 > 12.339 && l.samples[0].psi_some_avg10 < 12.341);
    assert_int_equal(l.samples[1].mem_total, UINT64_MAX);
    assert_false(l.samples[1].has_psi);
    assert_true(l.samples[0].t_ms > 1700000000000LL);
    assert_int_equal(l.nevents, 2);
    assert_string_equal(l.events[0].kind, "reclaim");
    assert_int_equal(l.events[0].bytes_freed, 201326592);
    assert_false(l.events[0].failed);
    assert_false(l.events[0].dry_run);
    assert_string_equal(l.events[0].reason, "idle 3 min; \"cache\"\n\x1b[31m above the floor");
    assert_string_equal(l.events[1].kind, "drop");
    assert_true(l.events[1].failed);
    assert_true(l.events[1].dry_run);
    assert_int_equal(l.other_lines, 2);
    watchlog_release(&l);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time),
        cmocka_unit_test(test_real_log),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

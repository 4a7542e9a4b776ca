#include "unit.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_time),
        cmocka_unit_test(test_real_log),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

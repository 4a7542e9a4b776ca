#include "unit.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include "out/prom.h"
#include "reclaim/watchconf.h"
#include "util/duration.h"
#include "util/size.h"

static void test_parse(void **state)
{
    (void)state;
    static const char t[] = "# /etc/headroom/watch.conf\n"
                            "mode = dropcache\n"
                            "floor=1GiB   # keep a model's worth\n"
                            "cap = 4G\r\n"
                            "\n"
                            "psi_stop = 2.5\n"
                            "idle_threshold = 1\n"
                            "idle_tick = 10s\n"
                            "dropcache_idle = 2m\n"
                            "gradual_idle = 45s\n"
                            "backoff = 1m\n"
                            "min_gap = 500ms\n"
                            "max_per_hour = 12\n"
                            "compact = false\n"
                            "drop_level = 3\n"
                            "refault_stop = 16MiB\n";
    struct policy_config c;
    policy_config_default(&c);
    struct diag d;
    assert_int_equal(watchconf_parse(STR_AND_LEN(t), &c, &d), 0);
    assert_int_equal(c.mode, POLICY_DROPCACHE);
    assert_int_equal(c.floor, GIB);
    assert_int_equal(c.cache_cap, 4 * GIB);
    assert_int_equal(c.psi_stop_centi, 250);
    assert_int_equal(c.idle_busy_permille, 10);
    assert_int_equal(c.idle_tick_ms, 10000);
    assert_int_equal(c.dropcache_idle_ticks, 12);
    assert_int_equal(c.gradual_idle_ticks, 5); /* 45 s in 10 s ticks, rounded up */
    assert_int_equal(c.backoff_ms, 60000);
    assert_int_equal(c.min_gap_ms, 500);
    assert_int_equal(c.max_per_hour, 12);
    assert_false(c.compact);
    assert_int_equal(c.drop_level, 3);
    assert_int_equal(c.refault_stop_bps, 16 * MIB);
    /* an empty file changes nothing */
    struct policy_config e, def;
    policy_config_default(&e);
    policy_config_default(&def);
    assert_int_equal(watchconf_parse("", 0, &e, &d), 0);
    assert_memory_equal(&e, &def, sizeof(e));
}

static void test_errors(void **state)
{
    (void)state;
    struct policy_config c, before;
    policy_config_default(&c);
    before = c;
    struct diag d;
    static const char a[] = "mode = gradual\nfloor = lots\n";
    assert_int_equal(watchconf_parse(STR_AND_LEN(a), &c, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 9);
    assert_memory_equal(&c, &before, sizeof(c)); /* nothing applied */
    static const char b[] = "speed = 3\n";
    assert_int_equal(watchconf_parse(STR_AND_LEN(b), &c, &d), -EBADMSG);
    assert_string_equal(d.message, "unknown key 'speed'");
    static const char e[] = "mode\n";
    assert_int_equal(watchconf_parse(STR_AND_LEN(e), &c, &d), -EBADMSG);
    static const char f[] = "drop_level = 2\n";
    assert_int_equal(watchconf_parse(STR_AND_LEN(f), &c, &d), -EBADMSG);
    static const char g[] = "step_min = 2G\nstep_max = 1G\n";
    assert_int_equal(watchconf_parse(STR_AND_LEN(g), &c, &d), -EBADMSG);
    static const char h[] = "idle_tick = 0\n";
    assert_int_equal(watchconf_parse(STR_AND_LEN(h), &c, &d), -EBADMSG);
    static const char i[] = "psi_stop = 101\n";
    assert_int_equal(watchconf_parse(STR_AND_LEN(i), &c, &d), -EBADMSG);
    static const char j[] = "backoff = 10d\n";
    assert_int_equal(watchconf_parse(STR_AND_LEN(j), &c, &d), -EBADMSG);
}

static void test_duration_and_listen(void **state)
{
    (void)state;
    uint64_t ms;
    assert_int_equal(duration_parse_ms(STR_AND_LEN("100ms"), &ms), 0);
    assert_int_equal(ms, 100);
    /* a unit is never guessed; 0 needs none */
    assert_int_equal(duration_parse_ms(STR_AND_LEN("2"), &ms), -EDOM);
    assert_int_equal(duration_parse_ms(STR_AND_LEN("0"), &ms), 0);
    assert_int_equal(ms, 0);
    assert_int_equal(duration_parse_ms(STR_AND_LEN("2s"), &ms), 0);
    assert_int_equal(ms, 2000);
    assert_string_equal(duration_parse_problem(-EDOM), "needs a unit, e.g. 1s");
    assert_int_equal(duration_parse_ms(STR_AND_LEN("10m"), &ms), 0);
    assert_int_equal(ms, 600000);
    assert_int_equal(duration_parse_ms(STR_AND_LEN("1h"), &ms), 0);
    assert_int_equal(duration_parse_ms(STR_AND_LEN("1.5s"), &ms), -EINVAL);
    assert_int_equal(duration_parse_ms(STR_AND_LEN("s"), &ms), -EINVAL);
    assert_int_equal(duration_parse_ms(STR_AND_LEN("99999999h"), &ms), -ERANGE);

    struct sockaddr_storage ss;
    socklen_t sl;
    assert_int_equal(listen_addr_parse("9101", &ss, &sl), 0);
    struct sockaddr_in *a = (struct sockaddr_in *)&ss;
    assert_int_equal(a->sin_family, AF_INET);
    assert_int_equal(ntohs(a->sin_port), 9101);
    assert_int_equal(ntohl(a->sin_addr.s_addr), 0x7f000001); /* loopback by default */
    assert_int_equal(listen_addr_parse("0.0.0.0:80", &ss, &sl), 0);
    assert_int_equal(a->sin_addr.s_addr, 0);
    assert_int_equal(listen_addr_parse("[::1]:9101", &ss, &sl), 0);
    assert_int_equal(ss.ss_family, AF_INET6);
    assert_int_equal(listen_addr_parse("70000", &ss, &sl), -EINVAL);
    assert_int_equal(listen_addr_parse("localhost:80", &ss, &sl), -EINVAL);
    assert_int_equal(listen_addr_parse("[::1]80", &ss, &sl), -EINVAL);
    assert_int_equal(listen_addr_parse(":80", &ss, &sl), -EINVAL);
}

static void test_prom(void **state)
{
    (void)state;
    struct prom_metrics m;
    memset(&m, 0, sizeof(m));
    m.has_mem = true;
    m.mem_total = 8 * GIB;
    m.mem_free = 5 * GIB;
    m.has_psi = true;
    m.psi_some_avg10 = 250;
    m.psi_some_total_us = 1234567;
    m.mode = "gradual";
    m.reclaims = 3;
    m.bytes_freed = 1536 * MIB;
    struct strbuf sb = STRBUF_INIT;
    prom_render(&m, &sb);
    assert_non_null(strstr(sb.buf, "\nheadroom_host_view_used_bytes 3221225472\n"));
    assert_non_null(strstr(sb.buf, "# TYPE headroom_host_view_used_bytes gauge\n"));
    assert_non_null(strstr(sb.buf, "headroom_psi_memory_avg10_ratio{kind=\"some\"} 0.0250\n"));
    assert_non_null(
        strstr(sb.buf, "headroom_psi_memory_stall_seconds_total{kind=\"some\"} 1.234567\n"));
    assert_non_null(strstr(sb.buf, "headroom_reclaim_actions_total{kind=\"memory_reclaim\"} 3\n"));
    assert_non_null(strstr(sb.buf, "headroom_reclaim_freed_bytes_total 1610612736\n"));
    assert_non_null(strstr(sb.buf, "headroom_watch_mode{mode=\"gradual\",dry_run=\"false\"} 1\n"));
    assert_null(strstr(sb.buf, "kind=\"full\""));
    /* every line is a comment or "name[{labels}] value" */
    for (char *l = sb.buf; *l;) {
        char *nl = strchr(l, '\n');
        assert_non_null(nl);
        if (*l != '#') {
            char *sp = memchr(l, ' ', (size_t)(nl - l));
            assert_non_null(sp);
            assert_true(strncmp(l, "headroom_", 9) == 0);
        }
        l = nl + 1;
    }
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_duration_and_listen),
        cmocka_unit_test(test_prom),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

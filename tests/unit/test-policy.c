/* The watch policy on synthetic sample streams with an accelerated clock:
 * a machine of 2 CPUs at USER_HZ 100 (200 ticks of CPU time a second), 16 GiB,
 * whose page cache grows while it is busy. The expectations are worked out
 * by hand from WSL's thresholds (research/wsl.md §3) and the defaults in
 * policy.h, not read back from the code. */
#include "unit.h"

#include "reclaim/policy.h"
#include "util/size.h"

struct sim {
    struct policy p;
    uint64_t t_ms, busy, idle, self, cache, refault;
    uint32_t psi;
    bool has_psi;
    uint64_t protected_bytes;
    /* what happened */
    unsigned drops, reclaims, compacts;
    uint64_t asked;
    uint64_t times[256];
    unsigned ntimes;
    struct policy_action last;
};

static void sim_init(struct sim *s, enum policy_mode mode)
{
    memset(s, 0, sizeof(*s));
    struct policy_config c;
    policy_config_default(&c);
    c.mode = mode;
    policy_init(&s->p, &c);
    s->cache = 128 * MIB;
    s->has_psi = true;
}

static struct policy_sample sim_sample(const struct sim *s)
{
    struct policy_sample x = {
        .now_ms = s->t_ms,
        .has_cpu = true,
        .cpu_busy = s->busy,
        .cpu_idle = s->idle,
        .self_ticks = s->self,
        .has_mem = true,
        .mem_total = 16 * GIB,
        .mem_free = 16 * GIB - s->cache - GIB,
        .mem_available = 16 * GIB - GIB,
        .file_cache = s->cache,
        .has_psi = s->has_psi,
        .psi_some_avg10 = s->psi,
        .has_refault = true,
        .refault_file_bytes = s->refault,
        .protected_bytes = s->protected_bytes,
    };
    return x;
}

/* Feeds the current state; carries out what the policy asks at once. */
static void sim_feed(struct sim *s)
{
    struct policy_sample x = sim_sample(s);
    bool may = policy_may_act(&s->p, x.file_cache);
    policy_feed(&s->p, &x, &s->last);
    /* every scenario checks the shortcut too: no action where it said none */
    assert_true(may || s->last.act == POLICY_NONE);
    if (s->last.act == POLICY_NONE)
        return;
    if (s->ntimes < 256)
        s->times[s->ntimes++] = s->t_ms;
    uint64_t freed = 0;
    if (s->last.act == POLICY_DROP) {
        s->drops++;
        freed = s->cache > 64 * MIB ? s->cache - 64 * MIB : 0;
        s->cache -= freed;
    } else {
        s->reclaims++;
        s->asked += s->last.bytes;
        freed = s->last.bytes < s->cache ? s->last.bytes : s->cache;
        s->cache -= freed;
    }
    if (s->last.compact)
        s->compacts++;
    policy_done(&s->p, s->t_ms, freed);
}

/* One second of CPU: busy = half the machine; idle = one busy tick every 5 s
 * (0.1 %, a quiet shell and a few daemons). */
static void sim_second(struct sim *s, bool busy)
{
    s->t_ms += 1000;
    unsigned b = busy ? 100 : (s->t_ms / 1000) % 5 == 0;
    s->busy += b;
    s->idle += 200 - b;
    sim_feed(s);
}

static void sim_run(struct sim *s, unsigned seconds, bool busy)
{
    for (unsigned i = 0; i < seconds; i++)
        sim_second(s, busy);
}

/* dropcache idles: a tick is idle under 0.5 % busy; 20 idle ticks of 30 s (10
 * minutes) drop once. Fed every 10 s with exact tick counts. */
static void feed_ticks(struct sim *s, unsigned busy_per_30s, unsigned ticks)
{
    for (unsigned t = 0; t < ticks; t++) {
        unsigned parts[3] = {busy_per_30s / 3, busy_per_30s / 3,
                             busy_per_30s - 2 * (busy_per_30s / 3)};
        for (int i = 0; i < 3; i++) {
            s->t_ms += 10000;
            s->busy += parts[i];
            s->idle += 2000 - parts[i];
            sim_feed(s);
        }
    }
}

static void test_dropcache_threshold(void **state)
{
    (void)state;
    struct sim s;
    /* 29 busy ticks of 6000 = 0.483 %: idle; the 20th idle tick drops */
    sim_init(&s, POLICY_DROPCACHE);
    s.cache = 4 * GIB;
    sim_feed(&s); /* first sample: the baseline */
    feed_ticks(&s, 29, 19);
    assert_int_equal(s.drops, 0);
    assert_int_equal(s.p.idle_streak, 19);
    feed_ticks(&s, 29, 1);
    assert_int_equal(s.drops, 1);
    assert_int_equal(s.times[0], 600000); /* exactly 10 minutes */
    assert_int_equal(s.last.drop_level, 1);
    assert_true(s.last.compact);
    /* once per idle period: an hour more of idle does nothing */
    feed_ticks(&s, 29, 120);
    assert_int_equal(s.drops, 1);
    /* 30 of 6000 = 0.5 %: not under the threshold, so busy; it re-arms */
    feed_ticks(&s, 30, 1);
    assert_int_equal(s.p.idle_streak, 0);
    feed_ticks(&s, 0, 19);
    assert_int_equal(s.drops, 1);
    feed_ticks(&s, 0, 1);
    assert_int_equal(s.drops, 2);

    /* 0.6 % forever: never idle */
    sim_init(&s, POLICY_DROPCACHE);
    sim_feed(&s);
    feed_ticks(&s, 36, 200);
    assert_int_equal(s.drops, 0);
    /* one busy tick in the window starts the count again */
    sim_init(&s, POLICY_DROPCACHE);
    sim_feed(&s);
    feed_ticks(&s, 10, 15);
    feed_ticks(&s, 31, 1);
    feed_ticks(&s, 10, 19);
    assert_int_equal(s.drops, 0);
    feed_ticks(&s, 10, 1);
    assert_int_equal(s.drops, 1);
}

static void test_own_cpu_left_out(void **state)
{
    (void)state;
    struct sim s;
    sim_init(&s, POLICY_DROPCACHE);
    sim_feed(&s);
    /* 1 % busy, all of it ours: idle all the same */
    for (unsigned i = 0; i < 60; i++) {
        s.t_ms += 10000;
        s.busy += 20;
        s.self += 20;
        s.idle += 1980;
        sim_feed(&s);
    }
    assert_int_equal(s.drops, 1);
    assert_int_equal(s.times[0], 600000);
}

static void test_cpu_hole_is_not_idle(void **state)
{
    (void)state;
    struct sim s;
    sim_init(&s, POLICY_DROPCACHE);
    sim_feed(&s);
    feed_ticks(&s, 0, 15);
    /* /proc/stat unreadable for one sample */
    s.t_ms += 10000;
    struct policy_sample x = sim_sample(&s);
    x.has_cpu = false;
    policy_feed(&s.p, &x, &s.last);
    assert_int_equal(s.p.idle_streak, 0);
    feed_ticks(&s, 0, 19);
    assert_int_equal(s.drops, 0);
    feed_ticks(&s, 0, 2);
    assert_int_equal(s.drops, 1);
}

static void test_gradual_stops_on_pressure(void **state)
{
    (void)state;
    struct sim s;
    sim_init(&s, POLICY_GRADUAL);
    s.cache = 4 * GIB;
    sim_feed(&s);
    sim_run(&s, 179, false);
    assert_int_equal(s.reclaims, 0);
    sim_run(&s, 1, false); /* 6 idle ticks = 3 minutes */
    assert_int_equal(s.reclaims, 1);
    assert_int_equal(s.last.bytes, 512 * MIB); /* 16 GiB / 32 */
    assert_false(s.last.compact);
    sim_run(&s, 30, false); /* the next step comes 30 s later, not sooner */
    assert_int_equal(s.reclaims, 2);
    assert_int_equal(s.times[1] - s.times[0], 30000);
    /* pressure: stop at once, and back off 5 minutes */
    s.psi = 250;
    sim_run(&s, 1, false);
    assert_int_equal(s.last.act, POLICY_NONE);
    assert_string_equal(s.last.reason, "memory pressure: PSI some avg10 2.50%");
    assert_int_equal(s.p.stops_pressure, 1);
    assert_false(s.p.draining);
    s.psi = 0;
    sim_run(&s, 299, false);
    assert_int_equal(s.reclaims, 2);
    sim_run(&s, 1, false);
    assert_int_equal(s.reclaims, 3);
    /* at 1.00 % it stops; 0.99 % is not pressure */
    s.psi = 99;
    sim_run(&s, 30, false);
    assert_int_equal(s.reclaims, 4);
    s.psi = 100;
    sim_run(&s, 30, false);
    assert_int_equal(s.reclaims, 4);
    assert_int_equal(s.p.stops_pressure, 2);
}

/* watch reads /proc/vmstat every 2 s and passes the last reading again in
 * between: a repeat is no new reading, and the rate is taken over the time
 * between two readings, not between two samples. */
static void test_refault_rate_between_readings(void **state)
{
    (void)state;
    struct policy p;
    struct policy_config c;
    policy_config_default(&c);
    policy_init(&p, &c);
    struct policy_action a;
    struct policy_sample x = {.now_ms = 1000, .has_refault = true, .refault_ms = 1000};
    policy_feed(&p, &x, &a);
    x.now_ms = 2000; /* the 1.000 s reading again */
    policy_feed(&p, &x, &a);
    assert_int_equal(p.refault_bps, 0);
    x.now_ms = 3000;
    x.refault_ms = 3000;
    x.refault_file_bytes = 20 * MIB; /* 20 MiB in the 2 s since the last reading */
    policy_feed(&p, &x, &a);
    assert_int_equal(p.refault_bps, 10 * MIB);
    x.now_ms = 4000; /* repeated: the rate stands, it does not fall to 0 */
    policy_feed(&p, &x, &a);
    assert_int_equal(p.refault_bps, 10 * MIB);
    x.now_ms = 5000;
    x.refault_ms = 5000; /* no refaults since: 0 */
    policy_feed(&p, &x, &a);
    assert_int_equal(p.refault_bps, 0);
    /* without a reading time, the sample's own time (every sample fresh) */
    x.refault_ms = 0;
    x.now_ms = 5500;
    x.refault_file_bytes = 21 * MIB;
    policy_feed(&p, &x, &a);
    assert_int_equal(p.refault_bps, 2 * MIB);
}

static void test_gradual_stops_on_refaults(void **state)
{
    (void)state;
    struct sim s;
    sim_init(&s, POLICY_GRADUAL);
    s.has_psi = false; /* WSL: PSI off by default; refaults still brake */
    s.cache = 4 * GIB;
    sim_feed(&s);
    sim_run(&s, 180, false);
    assert_int_equal(s.reclaims, 1);
    uint64_t cache_at_spike = s.cache; /* 3.5 GiB */
    /* 10 MiB/s of refaults: what was evicted is being read back */
    for (int i = 0; i < 3; i++) {
        s.refault += 10 * MIB;
        sim_run(&s, 1, false);
    }
    assert_int_equal(s.p.stops_refault, 1);
    assert_int_equal(s.reclaims, 1);
    /* the floor rose to what is cached now, less the configured floor */
    uint64_t floor = policy_floor(&s.p, &(struct policy_sample){.protected_bytes = 0});
    assert_true(floor >= cache_at_spike - 8 * MIB);
    assert_true(floor <= cache_at_spike);
    /* calm again: after the back-off the floor has decayed only a little, so
     * reclaim resumes with small steps only as far as the decayed floor */
    sim_run(&s, 600, false);
    uint64_t floor2 = policy_floor(&s.p, &(struct policy_sample){.protected_bytes = 0});
    assert_true(floor2 < floor);
    assert_true(floor2 > 128 * MIB);
    sim_run(&s, 3600, false);
    floor2 = policy_floor(&s.p, &(struct policy_sample){.protected_bytes = 0});
    assert_true(floor2 < 128 * MIB + 16 * MIB);
    assert_true(s.cache <= 128 * MIB + 16 * MIB + 128 * MIB);
}

static void test_protected_model(void **state)
{
    (void)state;
    struct sim s;
    sim_init(&s, POLICY_GRADUAL);
    s.cache = 6 * GIB;
    s.protected_bytes = 4 * GIB; /* llama-server's mapped model, resident */
    sim_feed(&s);
    sim_run(&s, 3600, false);
    /* only what is above floor + model went: 6 - 4 - 0.125 GiB */
    assert_int_equal(s.cache, 4 * GIB + 128 * MIB);
    assert_int_equal(s.asked, 2 * GIB - 128 * MIB);
    assert_int_equal(s.reclaims, 4);
    assert_int_equal(s.compacts, 1);
}

static void test_cap_while_busy(void **state)
{
    (void)state;
    struct sim s;
    sim_init(&s, POLICY_GRADUAL);
    struct policy_config c = s.p.cfg;
    c.cache_cap = 2 * GIB;
    policy_reconfigure(&s.p, &c);
    s.cache = 3 * GIB;
    sim_feed(&s);
    /* busy all along: without the cap nothing would happen (WSL #10011) */
    sim_run(&s, 600, true);
    assert_int_equal(s.cache, 2 * GIB - 128 * MIB); /* down to cap - hysteresis */
    assert_int_equal(s.reclaims, 3);                /* 512 + 512 + 128 MiB */
    /* below the cap and busy: nothing more */
    sim_run(&s, 600, true);
    assert_int_equal(s.reclaims, 3);
}

static void test_rate_limits_and_one_at_a_time(void **state)
{
    (void)state;
    struct sim s;
    sim_init(&s, POLICY_GRADUAL);
    struct policy_config c = s.p.cfg;
    c.min_gap_ms = 0;
    c.max_per_hour = 7;
    c.cache_cap = 1; /* always over the cap */
    policy_reconfigure(&s.p, &c);
    s.cache = 100 * GIB;
    sim_feed(&s);
    /* t = 0 s ... 6 s: seven, then nothing for the rest of the hour */
    sim_run(&s, 3599, true);
    assert_int_equal(s.reclaims, 7);
    assert_int_equal(s.times[6], 6000);
    /* at t = 3600 s the first one leaves the rolling hour */
    sim_run(&s, 1, true);
    assert_int_equal(s.reclaims, 8);
    assert_int_equal(s.times[7], 3600000);
    assert_true(s.p.rate_limited > 3000);
}

static void test_one_at_a_time(void **state)
{
    (void)state;
    struct policy p;
    struct policy_config c;
    policy_config_default(&c);
    c.cache_cap = GIB;
    c.min_gap_ms = 0;
    policy_init(&p, &c);
    struct policy_sample x = {
        .now_ms = 1000, .has_mem = true, .mem_total = 16 * GIB, .file_cache = 8 * GIB};
    struct policy_action a;
    policy_feed(&p, &x, &a);
    assert_int_equal(a.act, POLICY_RECLAIM);
    /* not reported done: every later sample waits */
    for (int i = 0; i < 100; i++) {
        x.now_ms += 1000;
        policy_feed(&p, &x, &a);
        assert_int_equal(a.act, POLICY_NONE);
        assert_string_equal(a.reason, "a reclaim is running");
    }
    policy_done(&p, x.now_ms, 0);
    x.now_ms += 1;
    policy_feed(&p, &x, &a);
    assert_int_equal(a.act, POLICY_RECLAIM);
}

/* 24 hours at one sample a second (86 400 samples). */
static void day(struct sim *s, const unsigned (*plan)[2], size_t n, bool grow)
{
    for (size_t i = 0; i < n; i++) {
        unsigned minutes = plan[i][0];
        bool busy = plan[i][1];
        for (unsigned m = 0; m < minutes; m++) {
            if (grow && busy && (s->t_ms / 1000) % 3600 == 0)
                s->cache += GIB; /* a busy hour reads 1 GiB of new files */
            sim_run(s, 60, busy);
        }
    }
}

static void test_24h_dropcache(void **state)
{
    (void)state;
    static const unsigned plan[][2] = {
        {420, 0}, /* 00:00-07:00 idle: drop at 00:10 */
        {120, 1}, /* 07:00-09:00 */
        {5, 0},   /* 09:00-09:05 idle, too short */
        {175, 1}, /* 09:05-12:00 */
        {60, 0},  /* 12:00-13:00 idle: drop at 12:10 */
        {270, 1}, /* 13:00-17:30 */
        {9, 0},   /* 17:30-17:39 idle, one tick short */
        {21, 1},  /* 17:39-18:00 */
        {360, 0}, /* 18:00-24:00 idle: drop at 18:10 */
    };
    struct sim s;
    sim_init(&s, POLICY_DROPCACHE);
    sim_feed(&s);
    day(&s, plan, sizeof(plan) / sizeof(plan[0]), true);
    assert_int_equal(s.t_ms, 86400000);
    assert_int_equal(s.drops, 3);
    assert_int_equal(s.times[0], 600000);
    assert_int_equal(s.times[1], (12 * 60 + 10) * 60000);
    assert_int_equal(s.times[2], (18 * 60 + 10) * 60000);
}

static void test_24h_gradual(void **state)
{
    (void)state;
    static const unsigned plan[][2] = {
        {420, 0}, /* 00:00-07:00 idle, the cache at the floor: nothing */
        {120, 1}, /* 07:00-09:00: +2 GiB */
        {2, 0},   /* 09:00-09:02 idle, under 3 minutes: nothing (no growth at 09:00) */
        {178, 1}, /* 09:02-12:00: +2 GiB (10:00, 11:00) */
        {60, 0},  /* 12:00-13:00: drain 4 GiB in 8 steps of 512 MiB */
        {300, 1}, /* 13:00-18:00: +5 GiB */
        {360, 0}, /* 18:00-24:00: 10 steps, with a pressure stop at 18:05 */
    };
    struct sim s;
    sim_init(&s, POLICY_GRADUAL);
    sim_feed(&s);
    /* as day(), with a 20-second PSI spike at 18:05:10 */
    for (size_t i = 0; i < sizeof(plan) / sizeof(plan[0]); i++) {
        for (unsigned m = 0; m < plan[i][0]; m++) {
            bool busy = plan[i][1];
            if (busy && (s.t_ms / 1000) % 3600 == 0)
                s.cache += GIB;
            for (unsigned k = 0; k < 60; k++) {
                uint64_t t = s.t_ms / 1000 + 1;
                s.psi = t >= 18 * 3600 + 5 * 60 + 10 && t < 18 * 3600 + 5 * 60 + 30 ? 300 : 0;
                sim_second(&s, busy);
            }
        }
    }
    assert_int_equal(s.t_ms, 86400000);
    assert_int_equal(s.reclaims, 18);
    assert_int_equal(s.asked, 9 * GIB);
    assert_int_equal(s.compacts, 2);
    assert_int_equal(s.cache, 128 * MIB);
    assert_int_equal(s.p.stops_pressure, 1);
    /* first drain: 12:03:00 + 30 s apart; nothing before (not at 07:00:01,
     * when work starts inside an idle tick) */
    for (unsigned i = 0; i < 8; i++)
        assert_int_equal(s.times[i], (12 * 3600 + 3 * 60 + 30 * i) * 1000ull);
    /* second: 18:03:00 ... 18:05:00 (5 steps), stop at 18:05:10, back off until
     * 18:10:29 (5 minutes after the last sample under pressure, 18:05:29),
     * then 5 more */
    for (unsigned i = 0; i < 5; i++)
        assert_int_equal(s.times[8 + i], (18 * 3600 + 3 * 60 + 30 * i) * 1000ull);
    assert_int_equal(s.times[13], (18 * 3600 + 10 * 60 + 29) * 1000ull);
    for (unsigned i = 1; i < 5; i++)
        assert_int_equal(s.times[13 + i] - s.times[12 + i], 30000);
}

static void test_interval(void **state)
{
    (void)state;
    struct policy p;
    struct policy_config c;
    policy_config_default(&c);
    policy_init(&p, &c);
    struct policy_sample x = {.has_mem = true, .mem_total = 16 * GIB, .mem_available = 12 * GIB};
    assert_int_equal(policy_interval_ms(&p, &x, 100, 1000), 1000);
    /* 10 % + 3000 MiB available: 500 ms, as earlyoom's 6000 MiB/s gives */
    x.mem_available = 16 * GIB / 10 + 3000 * MIB;
    assert_int_equal(policy_interval_ms(&p, &x, 100, 1000), 500);
    x.mem_available = 16 * GIB / 10;
    assert_int_equal(policy_interval_ms(&p, &x, 100, 1000), 100);
    x.mem_available = 12 * GIB;
    x.has_psi = true;
    x.psi_some_avg10 = 1;
    assert_int_equal(policy_interval_ms(&p, &x, 100, 1000), 100);
}

static void test_wants_detail(void **state)
{
    (void)state;
    struct sim s;
    sim_init(&s, POLICY_GRADUAL);
    s.cache = 4 * GIB;
    sim_feed(&s);
    assert_false(policy_wants_detail(&s.p, s.cache)); /* busy or not yet idle */
    sim_run(&s, 150, false);                          /* 5 idle ticks: one short */
    assert_true(policy_wants_detail(&s.p, s.cache));
    assert_false(policy_wants_detail(&s.p, 200 * MIB)); /* nothing above the floor */
    struct sim d;
    sim_init(&d, POLICY_DROPCACHE);
    sim_feed(&d);
    sim_run(&d, 900, false);
    assert_false(policy_wants_detail(&d.p, 4 * GIB)); /* dropcache needs no detail */
}

static void test_mode_names(void **state)
{
    (void)state;
    enum policy_mode m;
    assert_int_equal(policy_mode_parse("dropcache", &m), 0);
    assert_int_equal(m, POLICY_DROPCACHE);
    assert_int_equal(policy_mode_parse("Gradual", &m), 0);
    assert_int_equal(m, POLICY_GRADUAL);
    assert_int_equal(policy_mode_parse("disabled", &m), 0);
    assert_int_equal(m, POLICY_OFF);
    assert_int_equal(policy_mode_parse("fast", &m), -EINVAL);
    assert_string_equal(policy_mode_name(POLICY_GRADUAL), "gradual");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dropcache_threshold),
        cmocka_unit_test(test_own_cpu_left_out),
        cmocka_unit_test(test_cpu_hole_is_not_idle),
        cmocka_unit_test(test_gradual_stops_on_pressure),
        cmocka_unit_test(test_refault_rate_between_readings),
        cmocka_unit_test(test_gradual_stops_on_refaults),
        cmocka_unit_test(test_protected_model),
        cmocka_unit_test(test_cap_while_busy),
        cmocka_unit_test(test_rate_limits_and_one_at_a_time),
        cmocka_unit_test(test_one_at_a_time),
        cmocka_unit_test(test_24h_dropcache),
        cmocka_unit_test(test_24h_gradual),
        cmocka_unit_test(test_interval),
        cmocka_unit_test(test_wants_detail),
        cmocka_unit_test(test_mode_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "reclaim/policy.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/parse.h"
#include "util/size.h"

void policy_config_default(struct policy_config *c)
{
    memset(c, 0, sizeof(*c));
    c->mode = POLICY_GRADUAL;
    c->idle_tick_ms = 30000;
    c->idle_busy_permille = 5;
    c->dropcache_idle_ticks = 20;
    c->gradual_idle_ticks = 6;
    c->drop_level = 1;
    c->floor = 128 * MIB;
    c->hysteresis = 128 * MIB;
    c->cache_cap = 0;
    c->step_min = 256 * MIB;
    c->step_max = GIB;
    c->psi_stop_centi = 100;
    c->refault_stop_bps = 8 * MIB;
    c->backoff_ms = 300000;
    c->min_gap_ms = 30000;
    c->max_per_hour = 30;
    c->compact = true;
}

const char *policy_mode_name(enum policy_mode m)
{
    switch (m) {
    case POLICY_DROPCACHE:
        return "dropcache";
    case POLICY_GRADUAL:
        return "gradual";
    case POLICY_OFF:
        break;
    }
    return "off";
}

int policy_mode_parse(const char *s, enum policy_mode *ret)
{
    if (strcasecmp(s, "dropcache") == 0)
        *ret = POLICY_DROPCACHE;
    else if (strcasecmp(s, "gradual") == 0)
        *ret = POLICY_GRADUAL;
    else if (strcasecmp(s, "off") == 0 || strcasecmp(s, "disabled") == 0)
        *ret = POLICY_OFF;
    else
        return -EINVAL;
    return 0;
}

void policy_init(struct policy *p, const struct policy_config *c)
{
    memset(p, 0, sizeof(*p));
    p->cfg = *c;
}

void policy_reconfigure(struct policy *p, const struct policy_config *c)
{
    if (c->mode != p->cfg.mode) {
        p->draining = false;
        p->dropped_this_idle = false;
    }
    p->cfg = *c;
}

/* Adds the CPU time since the previous sample to the current tick and closes
 * the tick when it is long enough. */
static void account_cpu(struct policy *p, const struct policy_sample *s)
{
    if (!s->has_cpu) {
        /* a hole in the measurement: nobody can say the machine was idle */
        p->have_cpu = false;
        p->tick_valid = false;
        p->idle_streak = 0;
        return;
    }
    if (!p->have_cpu || s->cpu_busy < p->prev_busy || s->cpu_idle < p->prev_idle) {
        p->have_cpu = true;
        p->prev_busy = s->cpu_busy;
        p->prev_idle = s->cpu_idle;
        p->prev_self = s->self_ticks;
        p->tick_start_ms = s->now_ms;
        p->tick_busy = p->tick_total = 0;
        p->tick_valid = true;
        return;
    }
    uint64_t db = s->cpu_busy - p->prev_busy, di = s->cpu_idle - p->prev_idle;
    uint64_t dself = s->self_ticks >= p->prev_self ? s->self_ticks - p->prev_self : 0;
    p->prev_busy = s->cpu_busy;
    p->prev_idle = s->cpu_idle;
    p->prev_self = s->self_ticks;
    p->tick_busy = sat_add_u64(p->tick_busy, sat_sub_u64(db, dself));
    p->tick_total = sat_add_u64(p->tick_total, sat_add_u64(db, di));
    uint64_t elapsed = s->now_ms - p->tick_start_ms;
    if (elapsed < p->cfg.idle_tick_ms) {
        /* Busy time that already exceeds the budget of the whole tick ends
         * the idle period now, not when the tick closes (WSL waits for the
         * tick; a reclaim in those seconds would hit the work starting). */
        if (elapsed > 0 && p->tick_valid) {
            unsigned __int128 full =
                (unsigned __int128)p->tick_total * p->cfg.idle_tick_ms / elapsed;
            if ((unsigned __int128)p->tick_busy * 1000 >= full * p->cfg.idle_busy_permille &&
                p->tick_busy > 0) {
                p->tick_valid = false;
                p->idle_streak = 0;
                p->dropped_this_idle = false;
            }
        }
        return;
    }
    /* the tick is over */
    bool idle = p->tick_valid && p->tick_total > 0 &&
                p->tick_busy * 1000 < (uint64_t)p->cfg.idle_busy_permille * p->tick_total;
    if (idle) {
        p->idle_streak++;
    } else {
        p->idle_streak = 0;
        p->dropped_this_idle = false;
    }
    p->tick_start_ms = s->now_ms;
    p->tick_busy = p->tick_total = 0;
    p->tick_valid = true;
}

static void account_refaults(struct policy *p, const struct policy_sample *s)
{
    if (!s->has_refault) {
        p->have_refault = false;
        p->refault_bps = 0;
        return;
    }
    /* the time of the reading: the caller may pass the same one again */
    uint64_t at = s->refault_ms ? s->refault_ms : s->now_ms;
    if (p->have_refault && at == p->prev_ms && s->refault_file_bytes == p->prev_refault)
        return; /* no new reading: the rate stands */
    if (p->have_refault && s->refault_file_bytes >= p->prev_refault && at > p->prev_ms) {
        uint64_t d = s->refault_file_bytes - p->prev_refault, dt = at - p->prev_ms;
        uint64_t bps;
        p->refault_bps = mul_u64(d, 1000, &bps) ? bps / dt : UINT64_MAX;
    } else {
        p->refault_bps = 0;
    }
    /* the adaptive floor decays with a time constant of ten minutes */
    if (p->have_refault && at > p->prev_ms && p->adaptive_floor) {
        uint64_t dt = at - p->prev_ms;
        if (dt >= 600000)
            p->adaptive_floor = 0;
        else
            p->adaptive_floor -= (uint64_t)((unsigned __int128)p->adaptive_floor * dt / 600000);
    }
    p->have_refault = true;
    p->prev_refault = s->refault_file_bytes;
    p->prev_ms = at;
}

static unsigned in_last_hour(const struct policy *p, uint64_t now)
{
    unsigned n = 0;
    for (unsigned i = 0; i < p->nstarts; i++)
        if (now - p->starts[i] < 3600000)
            n++;
    return n;
}

/* NULL when an action may start now, else why not. */
static const char *rate_limit(const struct policy *p, uint64_t now)
{
    if (p->any_done && now - p->last_end_ms < p->cfg.min_gap_ms)
        return "rate limit: too soon after the last action";
    if (p->cfg.max_per_hour == 0 || in_last_hour(p, now) >= p->cfg.max_per_hour)
        return "rate limit: hourly maximum reached";
    return NULL;
}

/* True (and the reason set, the counter moved) when a rate limit holds an
 * action back now. */
static bool held_back(struct policy *p, uint64_t now, struct policy_action *ret)
{
    const char *why = rate_limit(p, now);
    if (!why)
        return false;
    p->rate_limited++;
    snprintf(ret->reason, sizeof(ret->reason), "%s", why);
    return true;
}

static void start(struct policy *p, uint64_t now)
{
    p->in_flight = true;
    unsigned cap = POLICY_HISTORY;
    if (p->nstarts < cap) {
        p->starts[p->nstarts++] = now;
    } else {
        /* overwrite the oldest */
        unsigned oldest = 0;
        for (unsigned i = 1; i < cap; i++)
            if (p->starts[i] < p->starts[oldest])
                oldest = i;
        p->starts[oldest] = now;
    }
    p->actions++;
}

uint64_t policy_floor(const struct policy *p, const struct policy_sample *s)
{
    return sat_add_u64(sat_add_u64(p->cfg.floor, s->protected_bytes), p->adaptive_floor);
}

bool policy_idle(const struct policy *p)
{
    unsigned need =
        p->cfg.mode == POLICY_DROPCACHE ? p->cfg.dropcache_idle_ticks : p->cfg.gradual_idle_ticks;
    return need > 0 && p->idle_streak >= need;
}

bool policy_wants_detail(const struct policy *p, uint64_t file_cache)
{
    if (p->cfg.mode != POLICY_GRADUAL)
        return false;
    if (p->draining || p->in_flight || p->adaptive_floor)
        return true;
    if (p->cfg.cache_cap && file_cache > p->cfg.cache_cap)
        return true;
    /* one idle tick short of the window is enough to start looking, so the
     * refault rate has a previous sample when the window opens */
    unsigned need = p->cfg.gradual_idle_ticks;
    return p->idle_streak + 1 >= need && file_cache > sat_add_u64(p->cfg.floor, p->cfg.hysteresis);
}

bool policy_may_act(const struct policy *p, uint64_t file_cache)
{
    if (p->in_flight)
        return false;
    switch (p->cfg.mode) {
    case POLICY_GRADUAL:
        return policy_wants_detail(p, file_cache);
    case POLICY_DROPCACHE:
        /* a feed closes at most one tick */
        return !p->dropped_this_idle && p->cfg.dropcache_idle_ticks > 0 &&
               p->idle_streak + 1 >= p->cfg.dropcache_idle_ticks;
    case POLICY_OFF:
        break;
    }
    return false;
}

#define REASON(...) snprintf(ret->reason, sizeof(ret->reason), __VA_ARGS__)

static void feed_dropcache(struct policy *p, const struct policy_sample *s,
                           struct policy_action *ret)
{
    if (!policy_idle(p)) {
        REASON("not idle (%u of %u idle ticks)", p->idle_streak, p->cfg.dropcache_idle_ticks);
        return;
    }
    if (p->dropped_this_idle) {
        REASON("already dropped in this idle period");
        return;
    }
    if (held_back(p, s->now_ms, ret))
        return;
    ret->act = POLICY_DROP;
    ret->drop_level = p->cfg.drop_level == 3 ? 3 : 1;
    ret->compact = p->cfg.compact;
    REASON("idle for %u s", p->idle_streak * (p->cfg.idle_tick_ms / 1000));
    p->dropped_this_idle = true;
    p->drops++;
    start(p, s->now_ms);
}

static void feed_gradual(struct policy *p, const struct policy_sample *s, struct policy_action *ret)
{
    if (!s->has_mem) {
        p->draining = false;
        REASON("no meminfo sample");
        return;
    }
    bool pressure = s->has_psi && s->psi_some_avg10 >= p->cfg.psi_stop_centi;
    bool refaults = p->cfg.refault_stop_bps && p->refault_bps >= p->cfg.refault_stop_bps;
    if (pressure || refaults) {
        if (refaults) {
            /* what is cached now was being used: keep it */
            uint64_t base = sat_add_u64(p->cfg.floor, s->protected_bytes);
            uint64_t want = sat_sub_u64(s->file_cache, base);
            if (want > p->adaptive_floor)
                p->adaptive_floor = want;
        }
        if (p->draining || s->now_ms >= p->backoff_until_ms) {
            if (pressure)
                p->stops_pressure++;
            else
                p->stops_refault++;
        }
        p->draining = false;
        p->backoff_until_ms = s->now_ms + p->cfg.backoff_ms;
        if (pressure)
            REASON("memory pressure: PSI some avg10 %u.%02u%%", s->psi_some_avg10 / 100,
                   s->psi_some_avg10 % 100);
        else
            REASON("refaults at %llu KiB/s", (unsigned long long)(p->refault_bps / 1024));
        return;
    }
    if (s->now_ms < p->backoff_until_ms) {
        REASON("backing off after pressure");
        return;
    }
    uint64_t floor = policy_floor(p, s);
    bool idle = policy_idle(p);
    bool over_cap = p->cfg.cache_cap && s->file_cache > p->cfg.cache_cap;
    uint64_t cap_target = p->cfg.cache_cap ? sat_sub_u64(p->cfg.cache_cap, p->cfg.hysteresis) : 0;
    if (cap_target < floor)
        cap_target = floor;
    if (!p->draining) {
        if (idle && s->file_cache > sat_add_u64(floor, p->cfg.hysteresis)) {
            p->draining = true;
            p->drain_by_cap = false;
        } else if (over_cap && s->file_cache > cap_target) {
            p->draining = true;
            p->drain_by_cap = true;
        } else {
            REASON(idle ? "cache at the floor" : "not idle and cache under the cap");
            return;
        }
    } else if (!p->drain_by_cap && !idle) {
        /* the machine woke up: go on only if the cap still asks for it */
        if (over_cap)
            p->drain_by_cap = true;
        else {
            p->draining = false;
            REASON("no longer idle");
            return;
        }
    } else if (p->drain_by_cap && idle) {
        p->drain_by_cap = false; /* idle now: drain to the floor */
    }
    uint64_t target = p->drain_by_cap ? cap_target : floor;
    if (s->file_cache <= target) {
        p->draining = false;
        REASON("cache at the target");
        return;
    }
    if (held_back(p, s->now_ms, ret))
        return;
    uint64_t step = s->mem_total / 32;
    if (step < p->cfg.step_min)
        step = p->cfg.step_min;
    if (step > p->cfg.step_max)
        step = p->cfg.step_max;
    uint64_t left = s->file_cache - target;
    ret->act = POLICY_RECLAIM;
    ret->bytes = left < step ? left : step;
    ret->compact = p->cfg.compact && ret->bytes == left;
    REASON("%s: cache %llu MiB, target %llu MiB", p->drain_by_cap ? "cache above the cap" : "idle",
           (unsigned long long)(s->file_cache / MIB), (unsigned long long)(target / MIB));
    p->reclaims++;
    p->bytes_asked = sat_add_u64(p->bytes_asked, ret->bytes);
    start(p, s->now_ms);
}

void policy_feed(struct policy *p, const struct policy_sample *s, struct policy_action *ret)
{
    memset(ret, 0, sizeof(*ret));
    account_cpu(p, s);
    account_refaults(p, s);
    if (p->in_flight) {
        REASON("a reclaim is running");
        return;
    }
    switch (p->cfg.mode) {
    case POLICY_DROPCACHE:
        feed_dropcache(p, s, ret);
        break;
    case POLICY_GRADUAL:
        feed_gradual(p, s, ret);
        break;
    case POLICY_OFF:
        REASON("mode off");
        break;
    }
}

void policy_done(struct policy *p, uint64_t now_ms, uint64_t freed)
{
    if (!p->in_flight)
        return;
    p->in_flight = false;
    p->any_done = true;
    p->last_end_ms = now_ms;
    p->bytes_freed = sat_add_u64(p->bytes_freed, freed);
}

uint32_t policy_interval_ms(const struct policy *p, const struct policy_sample *s, uint32_t min_ms,
                            uint32_t max_ms)
{
    if (min_ms > max_ms)
        min_ms = max_ms;
    if (p->draining || (s->has_psi && s->psi_some_avg10 > 0))
        return min_ms;
    if (!s->has_mem)
        return max_ms;
    uint64_t headroom = sat_sub_u64(s->mem_available, s->mem_total / 10);
    uint64_t ms = headroom / (6000 * MIB / 1000);
    if (ms < min_ms)
        ms = min_ms;
    if (ms > max_ms)
        ms = max_ms;
    return (uint32_t)ms;
}

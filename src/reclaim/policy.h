/* The decision half of `watch`: when to give memory back, and how much. Pure:
 * no clock, no files, no output. The caller feeds one sample at a time (its
 * own monotonic time included) and gets back at most one action; it carries
 * the action out and reports the result with policy_done(). Until it does,
 * every further sample gets POLICY_NONE, so two reclaims never run at once.
 *
 * Idle is measured the way WSL's autoMemoryReclaim measures it
 * (microsoft/WSL src/linux/init/util.cpp, StartMemoryReductionThread): CPU time is cut into ticks
 * of 30 s, a tick is idle when busy time (all CPU time that was not idle, less our own; the sampler
 * takes it from /proc/uptime, so iowait counts as busy) is under 0.5 % of
 * all CPU time in it, and a run of idle ticks makes an idle
 * period: 20 ticks (10 minutes) for dropcache, 6 (3 minutes) for gradual, as
 * WSL's released versions count them.
 *
 * dropcache  WSL's semantics: after the idle window, drop the page cache once
 *            (drop_caches=1), then not again until the machine has been busy.
 * gradual    reclaim file cache above a floor in steps (MemTotal/32 clamped to
 *            256 MiB-1 GiB, as WSL's current code does) while idle, OR while
 *            the cache is above a cap even when busy (what WSL lacks: #10011);
 *            stop at once on memory pressure (PSI some avg10) or on a burst of
 *            refaults, back off, and raise the floor to what was in use (it
 *            decays back over ~10 minutes when calm).
 * The floor is the configured floor + the resident file pages of running
 * inference processes (their mapped model) + the adaptive part.
 * Rate limits in every mode: a minimum gap between two actions and a maximum
 * number per rolling hour. */
#ifndef HEADROOM_POLICY_H
#define HEADROOM_POLICY_H

#include <stdbool.h>
#include <stdint.h>

enum policy_mode { POLICY_OFF = 0, POLICY_DROPCACHE, POLICY_GRADUAL };

struct policy_config {
    enum policy_mode mode;
    uint32_t idle_tick_ms;         /* 30000 */
    uint32_t idle_busy_permille;   /* 5 = 0.5 % */
    uint32_t dropcache_idle_ticks; /* 20 */
    uint32_t gradual_idle_ticks;   /* 6 */
    unsigned drop_level;           /* 1 (page cache) or 3 (+ dentries and inodes) */
    uint64_t floor;                /* file cache always kept: 128 MiB */
    uint64_t hysteresis;           /* start only this far above the target: 128 MiB */
    uint64_t cache_cap;            /* reclaim above this even when busy; 0 = no cap */
    uint64_t step_min, step_max;   /* 256 MiB, 1 GiB */
    uint32_t psi_stop_centi;       /* PSI some avg10 that stops reclaim: 100 = 1.00 % */
    uint64_t refault_stop_bps;     /* file refaults (bytes/s) that stop reclaim: 8 MiB/s */
    uint32_t backoff_ms;           /* pause after a stop: 300000 */
    uint32_t min_gap_ms;           /* between the end of one action and the next: 30000 */
    uint32_t max_per_hour;         /* 30 */
    bool compact;                  /* compact memory after the last step of a drain */
};

void policy_config_default(struct policy_config *c);
const char *policy_mode_name(enum policy_mode m);
/* "off", "dropcache", "gradual" (also "disabled"); -EINVAL otherwise. */
int policy_mode_parse(const char *s, enum policy_mode *ret);

struct policy_sample {
    uint64_t now_ms; /* monotonic, never going back */
    bool has_cpu;
    uint64_t cpu_busy, cpu_idle; /* cumulative, any one unit (the sampler: 1/100 s) */
    uint64_t self_ticks;         /* our own cumulative CPU time, same unit, left out of busy */
    bool has_mem;
    uint64_t mem_total, mem_free, mem_available;
    uint64_t file_cache; /* Active(file) + Inactive(file) + SReclaimable */
    bool has_psi;
    uint32_t psi_some_avg10; /* hundredths of a percent */
    bool has_refault;
    uint64_t refault_file_bytes; /* cumulative */
    uint64_t refault_ms;         /* when it was read (0: now_ms); a repeat is no new reading */
    uint64_t protected_bytes;    /* resident file pages of inference processes */
};

enum policy_act { POLICY_NONE = 0, POLICY_DROP, POLICY_RECLAIM };

struct policy_action {
    enum policy_act act;
    unsigned drop_level; /* POLICY_DROP */
    uint64_t bytes;      /* POLICY_RECLAIM: bytes to ask for */
    bool compact;        /* compact afterwards */
    char reason[112];    /* why this sample did (or, for NONE, did not) act */
};

#define POLICY_HISTORY 64

struct policy {
    struct policy_config cfg;
    /* CPU idle ticks */
    bool have_cpu;
    uint64_t prev_busy, prev_idle, prev_self;
    uint64_t tick_start_ms, tick_busy, tick_total;
    bool tick_valid;
    unsigned idle_streak;
    bool dropped_this_idle;
    /* gradual */
    bool draining;
    bool drain_by_cap;
    uint64_t adaptive_floor;
    bool have_refault;
    uint64_t prev_refault, prev_ms;
    uint64_t refault_bps; /* over the last interval */
    uint64_t backoff_until_ms;
    /* one at a time, rate limits */
    bool in_flight;
    bool any_done;
    uint64_t last_end_ms;
    uint64_t starts[POLICY_HISTORY];
    unsigned nstarts, head;
    /* counters */
    uint64_t actions, drops, reclaims, bytes_asked, bytes_freed;
    uint64_t stops_pressure, stops_refault, rate_limited;
};

void policy_init(struct policy *p, const struct policy_config *c);
/* Replaces the configuration (SIGHUP) keeping the state and the counters. */
void policy_reconfigure(struct policy *p, const struct policy_config *c);
/* Takes one sample; fills *ret (act NONE when nothing is to be done). */
void policy_feed(struct policy *p, const struct policy_sample *s, struct policy_action *ret);
/* The action returned last has ended at now_ms; `freed` bytes came back. */
void policy_done(struct policy *p, uint64_t now_ms, uint64_t freed);
/* The floor in force for a sample: floor + protected + adaptive. */
uint64_t policy_floor(const struct policy *p, const struct policy_sample *s);
/* True while the machine is in an idle period long enough for `mode`. */
bool policy_idle(const struct policy *p);
/* True when the next sample could lead to a gradual reclaim (idle, draining,
 * backing off, or the cache above the cap): only then does the caller need
 * the costlier inputs, refaults and the inference processes' floor. */
bool policy_wants_detail(const struct policy *p, uint64_t file_cache);
/* False when no sample with this file cache can make the next feed act (so a
 * caller can skip work that only matters before an action); true when it may. */
bool policy_may_act(const struct policy *p, uint64_t file_cache);
/* The next sampling interval: like earlyoom, shorter as memory runs out
 * (available above 10 % of the total, at 6000 MiB/s, clamped to
 * [min_ms, max_ms]), and min_ms while a drain is under way or PSI shows
 * pressure, so a stop comes quickly. */
uint32_t policy_interval_ms(const struct policy *p, const struct policy_sample *s, uint32_t min_ms,
                            uint32_t max_ms);

#endif

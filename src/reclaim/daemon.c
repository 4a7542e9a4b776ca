/* headroom watch's daemon: each tick samples memory, CPU and pressure
 * (sampler.c), lets the policy decide (policy.c), carries the decision out
 * (drop.c, cgroup.c) and logs it (src/watchlog-write.c). The command
 * (src/cmd/watch.c) owns the options, the settings file, the signals and
 * the waiting between ticks. */
#include "reclaim/daemon.h"

#include <errno.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "probe/cgroup.h"
#include "reclaim/drop.h"
#include "util/parse.h"
#include "util/size.h"
#include "watchlog-write.h"

/* Our own CPU time in hundredths of a second. Read at the start and after
 * each action, not every sample: a reclaim's kernel time is charged to us and
 * must not count as the machine being busy, while sampling itself costs about
 * 0.01 % of a CPU at 1 Hz, far under the 0.5 % idle threshold. */
static uint64_t self_cs(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) < 0)
        return 0;
    uint64_t us = (uint64_t)ru.ru_utime.tv_sec * 1000000 + (uint64_t)ru.ru_utime.tv_usec +
                  (uint64_t)ru.ru_stime.tv_sec * 1000000 + (uint64_t)ru.ru_stime.tv_usec;
    return us / 10000;
}

/* One error line when /proc/meminfo stops reading (missing, malformed, not
 * a regular file), one when it reads again: without it watch decides on
 * nothing, and the log must say so rather than go quiet. */
static void log_meminfo_state(struct watch_daemon *w)
{
    const struct probe_status *st = &w->sampler.meminfo_st;
    if (st->state == PROBE_UNREAD)
        return;
    bool bad = st->state != PROBE_OK;
    if (bad == w->meminfo_failing)
        return;
    w->meminfo_failing = bad;
    if (bad) {
        char why[700], line[800];
        probe_status_reason(st, why, sizeof(why));
        snprintf(line, sizeof(line), "cannot read /proc/meminfo: %s; no reclaim until it reads",
                 why);
        w->errors++;
        watch_daemon_event(w, "error", line);
    } else {
        watch_daemon_event(w, "recovered", "/proc/meminfo reads again");
    }
}

static void make_sample(struct watch_daemon *w, uint64_t now, struct policy_sample *x)
{
    const struct sampler *s = &w->sampler;
    memset(x, 0, sizeof(*x));
    x->now_ms = now;
    if (s->cpu_st.state == PROBE_OK) {
        x->has_cpu = true;
        x->cpu_busy = s->cpu_busy;
        x->cpu_idle = s->cpu_idle;
        x->self_ticks = w->self_cs;
    }
    if (s->meminfo_st.state == PROBE_OK) {
        const struct meminfo *mi = &s->meminfo;
        x->has_mem = true;
        x->mem_total = mi->mem_total;
        x->mem_free = mi->mem_free;
        x->mem_available = mi->mem_available;
        x->file_cache = meminfo_file_cache(mi);
    }
    if (s->psi_st.state == PROBE_OK) {
        x->has_psi = true;
        x->psi_some_avg10 = (uint32_t)s->psi.some.avg10;
    }
    if (s->vmstat_st.state == PROBE_OK && s->vmstat.has_refault) {
        x->has_refault = true;
        uint64_t b;
        x->refault_file_bytes =
            mul_u64(s->vmstat.workingset_refault_file, w->page_size, &b) ? b : UINT64_MAX;
        x->refault_ms = s->vmstat_ms ? s->vmstat_ms : 1;
    }
    x->protected_bytes = w->inf.protected_bytes;
}

/* True when feeding x would start an action: a trial feed on a copy of the
 * policy (it is pure, so the copy is all it changes). */
static bool would_act(const struct watch_daemon *w, const struct policy_sample *x)
{
    struct policy trial = w->policy;
    struct policy_action a;
    policy_feed(&trial, x, &a);
    return a.act != POLICY_NONE;
}

/* What decides an action must be fresh. When this sample would start one, the
 * details the sampler reads only every 10 s (CPU times, PSI, refaults) and
 * meminfo (when this sample did not read it) are read again, and so is the
 * floor of the inference processes (their mapped models) when it may have
 * grown: a walk over /proc, three reads per process (1.3-1.7 ms on this
 * machine's 67 processes, cold), which is why it is not done every sample nor
 * before every step of a drain. The floor is the resident file pages mapped
 * by those processes, and no process maps more file pages without meminfo's
 * Mapped (all mapped file pages) growing: so the walk is redone when Mapped
 * grew by WALK_MAPPED_GROWTH since the last one. A model being loaded, a new
 * server or an old process that maps a model all show there. Mapped that
 * falls (a server exited) leaves the floor too high, which is safe; while a
 * reclaim could follow, the walk is also done every 5 minutes, so that such a
 * floor comes down. Then the sample is made again. */
#define WALK_MAPPED_GROWTH (16ull << 20) /* less than the smallest model */
#define WALK_EVERY_MS      300000

static void prepare_decision(struct watch_daemon *w, uint64_t now, bool want_vmstat,
                             struct policy_sample *x)
{
    bool detail = x->has_mem && policy_wants_detail(&w->policy, x->file_cache);
    bool walk_due = detail && (w->last_scan_ms == 0 || now - w->last_scan_ms >= WALK_EVERY_MS);
    if (!walk_due && !(policy_may_act(&w->policy, x->file_cache) && would_act(w, x)))
        return;
    sampler_refresh(&w->sampler, now, want_vmstat);
    const struct sampler *s = &w->sampler;
    if (detail && s->meminfo_st.state == PROBE_OK &&
        s->meminfo.mapped >= sat_add_u64(w->scan_mapped, WALK_MAPPED_GROWTH))
        walk_due = true;
    if (walk_due) {
        struct inference_list l;
        if (inference_scan(w->root, NULL, 0, w->page_size, &l) == 0)
            w->inf = l;
        w->last_scan_ms = now ? now : 1;
        w->scan_mapped = s->meminfo_st.state == PROBE_OK ? s->meminfo.mapped : 0;
    }
    make_sample(w, now, x);
}

static uint64_t read_free(struct watch_daemon *w)
{
    sampler_read_meminfo(&w->sampler);
    return w->sampler.meminfo_st.state == PROBE_OK ? w->sampler.meminfo.mem_free : 0;
}

/* Carries the action out (or pretends to, with --dry-run) and logs it. */
static void act(struct watch_daemon *w, const struct policy_action *a)
{
    uint64_t t0 = reclaim_now_ns();
    uint64_t free0 = w->sampler.meminfo.mem_free;
    const char *target = a->act == POLICY_DROP ? "drop_caches" : reclaim_kind_name(w->target.kind);
    char value[64] = "";
    int err = 0;
    struct reclaim_mem_result mr;
    memset(&mr, 0, sizeof(mr));
    bool compacted = false;
    if (!w->dry_run) {
        int lock = reclaim_lock("", 0);
        if (lock == -EWOULDBLOCK) {
            err = -EWOULDBLOCK;
        } else {
            if (a->act == POLICY_DROP || w->target.kind == RECLAIM_NONE) {
                /* no memory.reclaim anywhere: WSL's fallback, drop_caches */
                if (a->act != POLICY_DROP)
                    target = "drop_caches (no memory.reclaim)";
                struct reclaim_step steps[3];
                size_t n;
                err = reclaim_drop_steps("", a->act == POLICY_DROP ? a->drop_level : 1, a->compact,
                                         steps, &n);
                snprintf(value, sizeof(value), "%s", steps[1].value);
                compacted = n == 3 && steps[2].error == 0;
            } else {
                err = reclaim_memory(&w->target, a->bytes, 128 * MIB, 5ull * 1000000000u, &mr);
                snprintf(value, sizeof(value), "%s", mr.last_value);
                if (!err && a->compact) {
                    struct reclaim_step st;
                    compacted = reclaim_compact("", &st) == 0;
                }
            }
            reclaim_unlock(lock);
        }
    }
    uint64_t ns = reclaim_now_ns() - t0;
    uint64_t free1 = w->dry_run ? free0 : read_free(w);
    uint64_t freed = w->dry_run ? 0 : sat_sub_u64(free1, free0);
    policy_done(&w->policy, reclaim_now_ns() / 1000000, freed);
    w->self_cs = self_cs();
    if (err)
        w->errors++;
    w->reclaim_us += ns / 1000;

    struct watchlog_action la = {
        .event = a->act == POLICY_DROP ? "drop" : "reclaim",
        .mode = policy_mode_name(w->policy.cfg.mode),
        .target = target,
        .value = value,
        .bytes_asked = a->act == POLICY_DROP ? 0 : a->bytes,
        .bytes_freed = freed,
        .duration_ms = (double)ns / 1e6,
        .has_reclaim_detail = a->act == POLICY_RECLAIM && !w->dry_run,
        .eagain = mr.eagain,
        .timed_out = mr.timed_out,
        .compacted = compacted,
        .protected_bytes = w->inf.protected_bytes,
        .reason = a->reason,
        .dry_run = w->dry_run,
        .error = err == -EWOULDBLOCK ? "another reclaim is running"
                 : err               ? strerror(-err)
                                     : NULL,
    };
    watchlog_write_action(w->log, &la);
}

void watch_daemon_event(struct watch_daemon *w, const char *event, const char *detail)
{
    watchlog_write_event(w->log, event, policy_mode_name(w->policy.cfg.mode), detail);
}

void watch_daemon_init(struct watch_daemon *w, const struct rootfs *root,
                       const struct policy_config *cfg, bool dry_run, FILE *log)
{
    memset(w, 0, sizeof(*w));
    w->root = root;
    w->dry_run = dry_run;
    w->log = log;
    long ps = sysconf(_SC_PAGESIZE);
    w->page_size = ps > 0 ? (uint64_t)ps : 4096;
    policy_init(&w->policy, cfg);
    if (!dry_run) {
        struct cgroup_info cg;
        cgroup_read(root, &cg);
        reclaim_target_find("", cg.v2_mount, &w->target);
    }
    sampler_init(&w->sampler, root);
    w->self_cs = self_cs();
}

bool watch_daemon_tick(struct watch_daemon *w, uint64_t now, bool log_sample,
                       struct policy_sample *x)
{
    /* vmstat (refaults) only matters when a gradual reclaim could follow */
    bool want_vmstat = policy_wants_detail(&w->policy, w->sampler.meminfo_st.state == PROBE_OK
                                                           ? meminfo_file_cache(&w->sampler.meminfo)
                                                           : 0);
    sampler_read(&w->sampler, now, want_vmstat);
    log_meminfo_state(w);
    make_sample(w, now, x);
    prepare_decision(w, now, want_vmstat, x);
    struct policy_action a;
    policy_feed(&w->policy, x, &a);
    if (log_sample) {
        if (!w->sampler.meminfo_fresh) { /* a logged sample is a fresh one */
            sampler_read_meminfo(&w->sampler);
            make_sample(w, now, x);
        }
        if (x->has_mem) {
            struct watch_sample s = {
                .mem_total = x->mem_total,
                .mem_free = x->mem_free,
                .mem_available = x->mem_available,
                .file_cache = x->file_cache,
                .has_psi = x->has_psi,
                .psi_some_avg10 = x->psi_some_avg10 / 100.0,
            };
            watchlog_write_sample(w->log, &s);
        }
    }
    if (a.act != POLICY_NONE)
        act(w, &a);
    if (w->metrics_wanted)
        watch_metrics_fill(&w->pm, &w->sampler, x, &w->policy, w->dry_run, w->errors,
                           w->reclaim_us);
    else
        w->pm.samples++; /* nobody reads the rest */
    return a.act != POLICY_NONE;
}

void watch_daemon_close(struct watch_daemon *w)
{
    sampler_close(&w->sampler);
}

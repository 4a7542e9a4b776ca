/* headroom watch: the daemon. Samples memory, CPU and pressure; the policy
 * (src/reclaim/policy.c) decides; this file carries the decision out, logs
 * one JSON line per action and serves the metrics. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cmd/act.h"
#include "cmd/cmds.h"
#include "cmd/watch-metrics.h"
#include "cmd/watch.h"
#include "machine.h"
#include "out/json.h"
#include "out/prom.h"
#include "probe/cgroup.h"
#include "probe/inference.h"
#include "reclaim/cgroup.h"
#include "reclaim/drop.h"
#include "reclaim/policy.h"
#include "reclaim/sampler.h"
#include "reclaim/watchconf.h"
#include "util/duration.h"
#include "util/io.h"
#include "util/parse.h"
#include "util/self-path.h"
#include "util/size.h"
#include "util/strbuf.h"

#define DEFAULT_CONFIG "/etc/headroom/watch.conf"

static const char *arg_mode, *arg_interval, *arg_config, *arg_log, *arg_metrics, *arg_listen,
    *arg_duration, *arg_floor, *arg_cap, *arg_sample_every;
static bool arg_dry_run;

static const struct opt watch_opts[] = {
    {"mode", 'm', OPT_STRING, &arg_mode, "MODE",
     "gradual (default), dropcache (WSL's semantics) or off (metrics only)"},
    {"interval", 'i', OPT_STRING, &arg_interval, "DURATION",
     "fixed sampling interval (e.g. 100ms, 1s); default adaptive 100ms-1s"},
    {"config", 'c', OPT_STRING, &arg_config, "FILE",
     "settings file (default " DEFAULT_CONFIG "; re-read on SIGHUP)"},
    {"floor", 0, OPT_STRING, &arg_floor, "SIZE", "file cache gradual mode always keeps (128MiB)"},
    {"cap", 0, OPT_STRING, &arg_cap, "SIZE",
     "reclaim file cache above SIZE even when the machine is busy"},
    {"log", 'l', OPT_STRING, &arg_log, "FILE",
     "append the JSON action lines to FILE, not stdout (a regular file; never a symlink)"},
    {"metrics-file", 0, OPT_STRING, &arg_metrics, "PATH",
     "write Prometheus metrics to PATH (atomically; node_exporter textfile collector)"},
    {"listen", 0, OPT_STRING, &arg_listen, "[ADDR:]PORT",
     "serve /metrics over HTTP (address 127.0.0.1 unless given)"},
    {"sample-every", 0, OPT_STRING, &arg_sample_every, "DURATION",
     "also log a sample line (memory, cache, PSI) every DURATION, for 'headroom report --log'"},
    {"duration", 0, OPT_STRING, &arg_duration, "DURATION", "exit after DURATION (tests)"},
    {"dry-run", 'n', OPT_FLAG, &arg_dry_run, NULL,
     "decide and log, but write nothing to /proc or /sys (allowed under --root)"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static volatile sig_atomic_t got_term, got_hup;

bool watch_in_helper;

/* Runs headroom-watch in this process's place with the same command line, so
 * the daemon that stays up holds only the watch code (src/main-watch.c).
 * Returns only when there is no such program or it cannot be run; watch then
 * goes on here. */
static void exec_helper(const struct ctx *ctx)
{
    char path[PATH_MAX + 64];
    if (watch_in_helper || !ctx->argv || !self_sibling("headroom-watch", path, sizeof(path)))
        return;
    fflush(NULL);
    execv(path, ctx->argv);
}

static void on_signal(int sig)
{
    if (sig == SIGHUP)
        got_hup = 1;
    else
        got_term = 1;
}

static uint64_t mono_ms(void)
{
    return reclaim_now_ns() / 1000000;
}

/* Settings: defaults, the file, then the command line. Returns 0 or prints one
 * line and returns EXIT_USAGE. */
static int load_config(struct watch *w, struct policy_config *ret, char *err, size_t errn)
{
    struct policy_config c;
    policy_config_default(&c);
    if (w->config_path) {
        struct strbuf sb = STRBUF_INIT;
        struct rootfs *cr;
        /* the settings file is always this machine's, whatever --root says */
        int e = rootfs_new(w->config_path[0] == '/' ? "/" : ".", &cr);
        if (e == 0) {
            e = rootfs_read(cr, w->config_path, 64 * 1024, &sb);
            rootfs_free(cr);
        }
        if (e == 0) {
            struct diag d;
            diag_clear(&d);
            if (watchconf_parse(sb.buf, sb.len, &c, &d) < 0) {
                diag_set_file(&d, w->config_path);
                diag_format(&d, err, errn);
                strbuf_release(&sb);
                return EXIT_USAGE;
            }
        } else if (e != -ENOENT || w->config_required) {
            snprintf(err, errn, "cannot read %s: %s", w->config_path, strerror(-e));
            strbuf_release(&sb);
            return e == -ENOENT ? EXIT_USAGE : EXIT_SYSTEM;
        }
        strbuf_release(&sb);
    }
    if (arg_mode && policy_mode_parse(arg_mode, &c.mode) < 0) {
        snprintf(err, errn, "--mode '%s': expected gradual, dropcache or off", arg_mode);
        return EXIT_USAGE;
    }
    int e;
    if (arg_floor && (e = size_parse(arg_floor, &c.floor)) < 0) {
        snprintf(err, errn, "--floor '%s' %s", arg_floor, size_parse_problem(e));
        return EXIT_USAGE;
    }
    if (arg_cap && (e = size_parse(arg_cap, &c.cache_cap)) < 0) {
        snprintf(err, errn, "--cap '%s' %s", arg_cap, size_parse_problem(e));
        return EXIT_USAGE;
    }
    *ret = c;
    return 0;
}

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

static void make_sample(struct watch *w, uint64_t now, struct policy_sample *x)
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
static bool would_act(const struct watch *w, const struct policy_sample *x)
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

static void prepare_decision(struct watch *w, uint64_t now, bool want_vmstat,
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
        if (inference_scan(w->ctx->root, NULL, 0, w->page_size, &l) == 0)
            w->inf = l;
        w->last_scan_ms = now ? now : 1;
        w->scan_mapped = s->meminfo_st.state == PROBE_OK ? s->meminfo.mapped : 0;
    }
    make_sample(w, now, x);
}

static uint64_t read_free(struct watch *w)
{
    sampler_read_meminfo(&w->sampler);
    return w->sampler.meminfo_st.state == PROBE_OK ? w->sampler.meminfo.mem_free : 0;
}

/* Carries the action out (or pretends to, with --dry-run) and logs it. */
static void act(struct watch *w, const struct policy_action *a)
{
    uint64_t t0 = reclaim_now_ns();
    uint64_t free0 = w->sampler.meminfo.mem_free;
    const char *target = a->act == POLICY_DROP ? "drop_caches" : reclaim_kind_name(w->target.kind);
    char value[64] = "";
    int err = 0;
    struct reclaim_mem_result mr;
    memset(&mr, 0, sizeof(mr));
    bool compacted = false;
    if (!arg_dry_run) {
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
    uint64_t free1 = arg_dry_run ? free0 : read_free(w);
    uint64_t freed = arg_dry_run ? 0 : sat_sub_u64(free1, free0);
    policy_done(&w->policy, mono_ms(), freed);
    w->self_cs = self_cs();
    if (err)
        w->errors++;
    w->reclaim_us += ns / 1000;

    FILE *f = w->log;
    log_time(f);
    log_kv_str(f, "event", a->act == POLICY_DROP ? "drop" : "reclaim");
    log_kv_str(f, "mode", policy_mode_name(w->policy.cfg.mode));
    log_kv_str(f, "target", target);
    if (value[0])
        log_kv_str(f, "value", value);
    fprintf(f, ",\"bytes_asked\":%llu,\"bytes_freed\":%llu,\"duration_ms\":%.3f",
            (unsigned long long)(a->act == POLICY_DROP ? 0 : a->bytes), (unsigned long long)freed,
            (double)ns / 1e6);
    if (a->act == POLICY_RECLAIM && !arg_dry_run)
        fprintf(f, ",\"eagain\":%u,\"timed_out\":%s", mr.eagain, mr.timed_out ? "true" : "false");
    fprintf(f, ",\"compacted\":%s,\"protected\":%llu", compacted ? "true" : "false",
            (unsigned long long)w->inf.protected_bytes);
    log_kv_str(f, "reason", a->reason);
    fprintf(f, ",\"dry_run\":%s", arg_dry_run ? "true" : "false");
    log_kv_str(f, "error",
               err == -EWOULDBLOCK ? "another reclaim is running"
               : err               ? strerror(-err)
                                   : NULL);
    fputs("}\n", f);
    fflush(f);
}

static void write_metrics_file(struct watch *w)
{
    int e = watch_metrics_write(arg_metrics, &w->pm);
    if (e < 0) {
        w->errors++;
        log_event(w, "error", strerror(-e));
    }
}

static int run_watch(struct ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    exec_helper(ctx);
    struct watch w;
    memset(&w, 0, sizeof(w));
    w.ctx = ctx;
    watch_http_init(&w.http);
    long ps = sysconf(_SC_PAGESIZE);
    w.page_size = ps > 0 ? (uint64_t)ps : 4096;
    w.config_path = arg_config ? arg_config : DEFAULT_CONFIG;
    w.config_required = arg_config != NULL;

    uint64_t fixed_ms = 0, duration_ms = 0, sample_ms = 0, last_sample_ms = 0;
    int e;
    if (arg_interval && (e = duration_parse_ms(arg_interval, strlen(arg_interval), &fixed_ms)) < 0)
        return cli_usage_error(ctx->cmd, "option '--interval': '%s' %s", arg_interval,
                               duration_parse_problem(e));
    if (arg_interval && fixed_ms < 10)
        return cli_usage_error(ctx->cmd, "--interval '%s': expected a duration of 10ms or more",
                               arg_interval);
    if (arg_sample_every &&
        (e = duration_parse_ms(arg_sample_every, strlen(arg_sample_every), &sample_ms)) < 0)
        return cli_usage_error(ctx->cmd, "option '--sample-every': '%s' %s", arg_sample_every,
                               duration_parse_problem(e));
    if (arg_sample_every && sample_ms < 100)
        return cli_usage_error(ctx->cmd, "--sample-every takes a duration of at least 100ms, "
                                         "such as 1s or 1m");
    if (arg_duration &&
        (e = duration_parse_ms(arg_duration, strlen(arg_duration), &duration_ms)) < 0)
        return cli_usage_error(ctx->cmd, "option '--duration': '%s' %s", arg_duration,
                               duration_parse_problem(e));
    char err[800];
    struct policy_config cfg;
    int st = load_config(&w, &cfg, err, sizeof(err));
    if (st)
        return cli_error(ctx, st, "%s", err);
    st =
        act_check(ctx, arg_dry_run, "writing /proc/sys/vm/drop_caches and memory.reclaim", "watch");
    if (st)
        return st;

    w.log = stdout;
    if (arg_log) {
        int fd = io_open_append(arg_log, 0640);
        if (fd == -ELOOP || fd == -EINVAL)
            return cli_error(ctx, EXIT_USAGE, "--log %s: %s", arg_log,
                             fd == -ELOOP ? "a symbolic link; give the file it points to"
                                          : "not a regular file");
        if (fd < 0)
            errno = -fd;
        if (fd < 0 || !(w.log = fdopen(fd, "a"))) {
            if (fd >= 0)
                close(fd);
            return cli_error(ctx, EXIT_SYSTEM, "cannot open --log %s: %s", arg_log,
                             strerror(errno));
        }
    }
    if (arg_listen && (st = watch_http_listen(arg_listen, &w.http, err, sizeof(err))) != 0) {
        if (w.log != stdout)
            fclose(w.log);
        return cli_error(ctx, st, "%s", err);
    }
    policy_init(&w.policy, &cfg);
    if (!arg_dry_run) {
        struct cgroup_info cg;
        cgroup_read(ctx->root, &cg);
        reclaim_target_find("", cg.v2_mount, &w.target);
    }
    sampler_init(&w.sampler, ctx->root);
    w.self_cs = self_cs();

    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigset_t block, orig;
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &orig);

    char detail[300];
    snprintf(detail, sizeof(detail), "started%s; reclaim through %s; interval %s; program %s",
             arg_dry_run ? " (dry run)" : "",
             arg_dry_run ? "nothing" : reclaim_kind_name(w.target.kind),
             fixed_ms ? arg_interval : "adaptive 100ms-1s",
             watch_in_helper ? "headroom-watch" : "headroom");
    log_event(&w, "start", detail);

    uint64_t start = mono_ms();
    while (!got_term) {
        if (got_hup) {
            got_hup = 0;
            struct policy_config nc;
            if (load_config(&w, &nc, err, sizeof(err)) == 0) {
                policy_reconfigure(&w.policy, &nc);
                log_event(&w, "reload", w.config_path);
            } else {
                log_event(&w, "error", err);
            }
        }
        uint64_t now = mono_ms();
        /* vmstat (refaults) only matters when a gradual reclaim could follow */
        bool want_vmstat = policy_wants_detail(
            &w.policy,
            w.sampler.meminfo_st.state == PROBE_OK ? meminfo_file_cache(&w.sampler.meminfo) : 0);
        sampler_read(&w.sampler, now, want_vmstat);
        log_meminfo_state(&w);
        struct policy_sample x;
        make_sample(&w, now, &x);
        prepare_decision(&w, now, want_vmstat, &x);
        struct policy_action a;
        policy_feed(&w.policy, &x, &a);
        if (sample_ms && (last_sample_ms == 0 || now - last_sample_ms >= sample_ms)) {
            if (!w.sampler.meminfo_fresh) { /* a logged sample is a fresh one */
                sampler_read_meminfo(&w.sampler);
                make_sample(&w, now, &x);
            }
            log_sample(&w, &x);
            last_sample_ms = now ? now : 1;
        }
        if (a.act != POLICY_NONE)
            act(&w, &a);
        if (arg_metrics || w.http.listen_fd >= 0)
            watch_metrics_fill(&w.pm, &w.sampler, &x, &w.policy, arg_dry_run, w.errors,
                               w.reclaim_us);
        else
            w.pm.samples++; /* nobody reads the rest */
        if (arg_metrics &&
            (a.act != POLICY_NONE || w.last_metrics_ms == 0 || now - w.last_metrics_ms >= 10000)) {
            write_metrics_file(&w);
            w.last_metrics_ms = now;
        }
        if (duration_ms && mono_ms() - start >= duration_ms)
            break;
        uint64_t wait = fixed_ms ? fixed_ms : policy_interval_ms(&w.policy, &x, 100, 1000);
        uint64_t until = now + wait;
        for (;;) {
            uint64_t t = mono_ms();
            if (t >= until || got_term || got_hup)
                break;
            struct timespec ts = {(time_t)((until - t) / 1000),
                                  (long)((until - t) % 1000) * 1000000};
            if (w.http.listen_fd < 0) {
                /* Nothing to poll: wait for the blocked signals alone. Measured
                 * at 1 Hz in this VM, a wake-up from sigtimedwait costs about
                 * 25 us less than one from ppoll() with a signal mask, which
                 * was a third of a sample (bench/watch-vs-earlyoom.sh). */
                siginfo_t si;
                int sig = sigtimedwait(&block, &si, &ts);
                if (sig > 0)
                    on_signal(sig);
                continue;
            }
            watch_http_wait(&w.http, &w.pm, t, until - t, &orig);
        }
    }
    log_event(&w, "stop", got_term ? "signal" : "duration reached");
    if (arg_metrics)
        write_metrics_file(&w);
    sampler_close(&w.sampler);
    watch_http_close(&w.http);
    if (w.log != stdout)
        fclose(w.log);
    sigprocmask(SIG_SETMASK, &orig, NULL);
    return EXIT_OK;
}

const struct command cmd_watch = {
    .name = "watch",
    .summary =
        "daemon: give idle page cache back to Windows, safely (autoMemoryReclaim done right)",
    .usage = "watch [--mode gradual|dropcache|off] [--interval DURATION] [--config FILE]\n"
             "       [--log FILE] [--metrics-file PATH] [--listen [ADDR:]PORT] [--dry-run]",
    .description =
        "Every interval, free memory and swap from sysinfo(2), and /proc/meminfo when\n"
        "they moved by 1/256 of RAM since it was last read, while free memory is under\n"
        "1/16 of RAM, and at least every 10 s (with --root: /proc/meminfo every\n"
        "interval). Every 10 s and again right before any action: /proc/meminfo,\n"
        "/proc/uptime (idle CPU time; /proc/stat where it is missing),\n"
        "/proc/pressure/memory and, when a reclaim could follow, /proc/vmstat. The\n"
        "files are kept open and re-read. The interval adapts like earlyoom's: 1 s when\n"
        "memory is plentiful, down to 100 ms as it runs out, under pressure or while\n"
        "reclaiming.\n"
        "\n"
        "Modes:\n"
        "  dropcache  WSL's autoMemoryReclaim semantics: when the CPU has been idle (under\n"
        "             0.5 % busy in each 30 s tick) for 10 minutes, sync and drop the page\n"
        "             cache once; again only after the machine was busy.\n"
        "  gradual    (default) after 3 idle minutes, or at once when the file cache is\n"
        "             above --cap, reclaim file cache above a floor through memory.reclaim\n"
        "             (\"N swappiness=0\") in steps of MemTotal/32 (256 MiB-1 GiB), at least\n"
        "             30 s apart; stop on memory pressure (PSI some avg10 >= 1 %) or a\n"
        "             burst of refaults, back off 5 minutes and keep what was in use.\n"
        "  off        sample and serve metrics only.\n"
        "The floor always includes the resident file pages of running inference processes\n"
        "(llama-server, ollama, whisper, any process mapping a .gguf): a loaded model is\n"
        "never asked for. They are looked for before a step when meminfo's Mapped grew\n"
        "by 16 MiB since the last look, and every 5 minutes. At most 30 actions an hour;\n"
        "never two reclaims at once (also across processes: `headroom reclaim` waits for\n"
        "a running one). Each write is limited in time (5 s), so a slow kernel reclaim\n"
        "cannot hang the daemon.\n"
        "\n"
        "One JSON line per action on stdout (or --log FILE): time, mode, target, bytes\n"
        "asked, bytes freed (MemFree gained), duration, reason. With --sample-every, a\n"
        "\"sample\" line too (MemTotal, MemFree, MemAvailable, file cache, PSI), which\n"
        "'headroom report --log FILE' draws as a timeline. SIGHUP re-reads the\n"
        "settings file; SIGTERM and SIGINT stop it cleanly.\n"
        "\n"
        "Settings file (" DEFAULT_CONFIG ", key = value): mode, floor, cap, step_min,\n"
        "step_max, hysteresis, psi_stop, refault_stop, idle_threshold, idle_tick,\n"
        "dropcache_idle, gradual_idle, backoff, min_gap, max_per_hour, compact,\n"
        "drop_level. Command-line options win over the file.\n"
        "\n"
        "Metrics (Prometheus text format): --metrics-file PATH (written atomically every\n"
        "10 s and after each action, for node_exporter's textfile collector) and\n"
        "--listen PORT (GET /metrics on 127.0.0.1; give ADDR:PORT to bind elsewhere).\n"
        "\n"
        "Runs in the foreground; contrib/headroom-watch.service is a systemd unit. Without\n"
        "systemd, in /etc/wsl.conf:\n"
        "  [boot]\n"
        "  command = /usr/local/bin/headroom watch --log /var/log/headroom-watch.log &\n"
        "\n"
        "Needs root unless --dry-run; under --root only --dry-run is allowed.\n"
        "\n"
        "Examples:\n"
        "  sudo headroom watch\n"
        "  sudo headroom watch --mode dropcache --log /var/log/headroom-watch.log\n"
        "  sudo headroom watch --cap 4GB --listen 9101\n"
        "  headroom watch --dry-run --interval 100ms --root ./snapshot\n",
    .opts = watch_opts,
    .min_args = 0,
    .max_args = 0,
    .run = run_watch,
};

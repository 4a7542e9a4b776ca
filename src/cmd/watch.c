/* headroom watch: the command around the daemon (src/reclaim/daemon.c, one
 * tick at a time): options, the settings file, the log file, signals, the
 * metrics file and the wait between ticks, during which the /metrics server
 * (src/reclaim/metrics.c) answers. */
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
#include "reclaim/daemon.h"
#include "reclaim/drop.h"
#include "reclaim/metrics.h"
#include "reclaim/watchconf.h"
#include "util/duration.h"
#include "util/io.h"
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

CLI_VALUES(mode_values, "watch mode", "gradual", "dropcache", "off");
/* --mode's values: the names policy_mode_parse() accepts, one per mode */
static const char *mode_word(size_t i)
{
    return i <= POLICY_GRADUAL ? policy_mode_name((enum policy_mode)i) : NULL;
}

static const struct complete_spec watch_complete[] = {
    {"mode", NULL, COMPLETE_WORDS, mode_word, NULL},
    {NULL, NULL, COMPLETE_END, NULL, NULL},
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
struct watch_settings {
    const char *path;
    bool required; /* given with --config: its absence is an error */
};

static int load_config(const struct watch_settings *w, struct policy_config *ret, char *err,
                       size_t errn)
{
    struct policy_config c;
    policy_config_default(&c);
    if (w->path) {
        struct strbuf sb = STRBUF_INIT;
        struct rootfs *cr;
        /* the settings file is always this machine's, whatever --root says */
        int e = rootfs_new(w->path[0] == '/' ? "/" : ".", &cr);
        if (e == 0) {
            e = rootfs_read(cr, w->path, 64 * 1024, &sb);
            rootfs_free(cr);
        }
        if (e == 0) {
            struct diag d;
            diag_clear(&d);
            if (watchconf_parse(sb.buf, sb.len, &c, &d) < 0) {
                diag_set_file(&d, w->path);
                diag_format(&d, err, errn);
                strbuf_release(&sb);
                return EXIT_USAGE;
            }
        } else if (e != -ENOENT || w->required) {
            snprintf(err, errn, "cannot read %s: %s", w->path, strerror(-e));
            strbuf_release(&sb);
            return e == -ENOENT ? EXIT_USAGE : EXIT_SYSTEM;
        }
        strbuf_release(&sb);
    }
    if (arg_mode && policy_mode_parse(arg_mode, &c.mode) < 0) {
        char hint[80];
        snprintf(err, errn, "--mode '%s': expected gradual, dropcache or off%s", arg_mode,
                 cli_did_you_mean(&mode_values, arg_mode, hint, sizeof(hint)));
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

static void write_metrics_file(struct watch_daemon *w)
{
    int e = watch_metrics_write(arg_metrics, &w->pm);
    if (e < 0) {
        w->errors++;
        watch_daemon_event(w, "error", strerror(-e));
    }
}

static int run_watch(struct ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    exec_helper(ctx);
    struct watch_settings set = {.path = arg_config ? arg_config : DEFAULT_CONFIG,
                                 .required = arg_config != NULL};
    struct watch_http http;
    watch_http_init(&http);
    FILE *log = stdout;

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
    int st = load_config(&set, &cfg, err, sizeof(err));
    if (st)
        return cli_error(ctx, st, "%s", err);
    st =
        act_check(ctx, arg_dry_run, "writing /proc/sys/vm/drop_caches and memory.reclaim", "watch");
    if (st)
        return st;

    if (arg_log) {
        int fd = io_open_append(arg_log, 0640);
        if (fd == -ELOOP || fd == -EINVAL)
            return cli_error(ctx, EXIT_USAGE, "--log %s: %s", arg_log,
                             fd == -ELOOP ? "a symbolic link; give the file it points to"
                                          : "not a regular file");
        if (fd < 0)
            errno = -fd;
        if (fd < 0 || !(log = fdopen(fd, "a"))) {
            if (fd >= 0)
                close(fd);
            return cli_error(ctx, EXIT_SYSTEM, "cannot open --log %s: %s", arg_log,
                             strerror(errno));
        }
    }
    if (arg_listen && (e = watch_http_listen(arg_listen, &http, err, sizeof(err))) != 0) {
        if (log != stdout)
            fclose(log);
        return cli_error(ctx, e == -EINVAL ? EXIT_USAGE : EXIT_SYSTEM, "%s", err);
    }
    struct watch_daemon w;
    watch_daemon_init(&w, ctx->root, &cfg, arg_dry_run, log);
    w.metrics_wanted = arg_metrics || http.listen_fd >= 0;
    uint64_t last_metrics_ms = 0;

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
    watch_daemon_event(&w, "start", detail);

    uint64_t start = mono_ms();
    while (!got_term) {
        if (got_hup) {
            got_hup = 0;
            struct policy_config nc;
            if (load_config(&set, &nc, err, sizeof(err)) == 0) {
                policy_reconfigure(&w.policy, &nc);
                watch_daemon_event(&w, "reload", set.path);
            } else {
                watch_daemon_event(&w, "error", err);
            }
        }
        uint64_t now = mono_ms();
        bool log_sample = sample_ms && (last_sample_ms == 0 || now - last_sample_ms >= sample_ms);
        if (log_sample)
            last_sample_ms = now ? now : 1;
        struct policy_sample x;
        bool acted = watch_daemon_tick(&w, now, log_sample, &x);
        if (arg_metrics && (acted || last_metrics_ms == 0 || now - last_metrics_ms >= 10000)) {
            write_metrics_file(&w);
            last_metrics_ms = now;
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
            if (http.listen_fd < 0) {
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
            watch_http_wait(&http, &w.pm, t, until - t, &orig);
        }
    }
    watch_daemon_event(&w, "stop", got_term ? "signal" : "duration reached");
    if (arg_metrics)
        write_metrics_file(&w);
    watch_daemon_close(&w);
    watch_http_close(&http);
    if (log != stdout)
        fclose(log);
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
    .exit_status = "0 stopped (SIGTERM, SIGINT, or --duration ended); 2 bad usage or a bad\n"
                   "settings file (its name and line); 3 not permitted, or a file that cannot\n"
                   "be read or written.",
    .complete = watch_complete,
};

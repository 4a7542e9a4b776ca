/* headroom top: the memory picture, live, refreshed every second. Full
 * screen (ncurses) on a terminal; one line per refresh otherwise. */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "budget.h"
#include "cmd/cmds.h"
#include "loaded-models.h"
#include "machine.h"
#include "out/text.h"
#include "out/top-view.h"
#include "out/tui.h"
#include "probe/meminfo.h"
#include "probe/procs.h"
#include "reclaim/drop.h"
#include "util/parse.h"
#include "util/size.h"
#include "wslconfig/wslconfig.h"

static unsigned arg_count;
static uint64_t arg_interval_ms;
static const char *arg_sort;

static const struct opt top_opts[] = {
    {"interval", 'i', OPT_DURATION, &arg_interval_ms, "DURATION",
     "refresh every DURATION, 100ms to 1h (default 1s)"},
    {"count", 'c', OPT_UINT, &arg_count, "N",
     "stop after N refreshes (default: until q or Ctrl-C)"},
    {"sort", 0, OPT_STRING, &arg_sort, "rss|pss", "order processes by RSS (default) or PSS"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

CLI_VALUES(sort_values, "sort key", "rss", "pss");
static const struct opt_value_set top_values[] = {{"sort", &sort_values}, {NULL, NULL}};

static volatile sig_atomic_t stop;
static struct tui_screen screen; /* large: not on the stack */

static void draw(const struct top_view *v, bool utf8)
{
    int rows, cols;
    tui_size(&rows, &cols);
    top_view_layout(v, rows, cols, utf8, &screen);
    tui_draw(&screen);
}

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

/* Returns 0, or the exit status when /proc/meminfo could not be read (the
 * figures would all be 0, which is not a reading): reported on stderr, or,
 * with `on_screen`, as the status line over the last good figures. With
 * `cmdlines`, the processes' command lines too (for the full screen). */
static int refresh_view(struct ctx *ctx, struct top_view *v, bool on_screen, bool cmdlines)
{
    struct machine m;
    /* PSS walks page tables: only while sorting by it */
    struct machine_opts mo = {.top_n = TOP_MAX_PROCS,
                              .want = v->sort == TOP_SORT_PSS ? MACHINE_PSS : 0};
    machine_load(&m, ctx->root, &mo);
    int failed = 0;
    if (on_screen && m.meminfo_st.state != PROBE_OK) {
        char why[100];
        probe_status_reason(&m.meminfo_st, why, sizeof(why));
        snprintf(v->status, sizeof(v->status),
                 "cannot read /proc/meminfo (%.100s): figures as before", why);
        failed = EXIT_SYSTEM;
    } else if (!on_screen) {
        failed = cli_probe_failed(ctx, &m.meminfo_st);
    }
    if (!failed) {
        top_view_update(v, &m, m.wsl.kind == WSL_2);
        /* what the wide table's COMMAND column shows; a process gone since
         * leaves it empty */
        for (unsigned i = 0; cmdlines && i < v->nprocs; i++)
            proc_cmdline_read(ctx->root, v->procs[i].pid, v->cmdline[i], sizeof(v->cmdline[i]));
        loaded_models_read(&m, &v->loaded, NULL);
        v->has_loaded = true;
    }
    machine_release(&m);
    return failed;
}

/* The VM's memory limit, read once: the .wslconfig WSL uses (when there is
 * exactly one) or WSL's default of half the host's RAM. The host's RAM is
 * resolved as `budget` and `config show` resolve it (the Windows host data
 * first), so the three show the same limit. */
static void load_limit(struct ctx *ctx, struct top_view *v)
{
    struct machine m;
    struct machine_opts mo = {.top_n = 1};
    machine_load(&m, ctx->root, &mo);
    struct wsl_locate loc;
    wsl_locate(ctx->root, ctx->root->live, &loc);
    struct wsl_config cfg;
    struct diag d;
    bool have = false;
    if (m.wsl.kind == WSL_2 && loc.nfound == 1) {
        int r = wsl_config_load(ctx->root, loc.found[0], true, WSLF_WSLCONFIG, &cfg, &d);
        have = r == 0 || r == -EBADMSG;
    }
    if (m.wsl.kind == WSL_2 && loc.nfound <= 1) {
        if (!have)
            wsl_config_from_bytes("", 0, WSLF_WSLCONFIG, &cfg);
        struct host_facts hf;
        struct win_host win;
        win_host_load(ctx->root, NULL, &win);
        host_facts_resolve(&m, &cfg.ev, &win, 0, 0, &hf);
        win_host_release(&win);
        struct wsl_vm vm;
        wsl_eval_vm(&cfg.ev, hf.ram, hf.cpus, &vm);
        const struct wsl_setting *s = wsl_eval_get(&cfg.ev, "wsl2.memory");
        if (vm.memory_known) {
            v->limit = vm.memory;
            if (s && s->from_file)
                snprintf(v->limit_from, sizeof(v->limit_from), ".wslconfig:%u",
                         wsl_stmt_line(&cfg.ev.syn.v[s->stmt]));
            else
                snprintf(v->limit_from, sizeof(v->limit_from), "WSL's default: %s",
                         have ? "no memory= in .wslconfig" : "no .wslconfig");
        }
        wsl_config_release(&cfg);
    }
    wsl_locate_release(&loc);
    machine_release(&m);
}

/* The time stamped on a refresh: the wall clock now, or HEADROOM_NOW's fixed
 * time (cli.c) so that a test or the README's example prints the same line
 * each run. ctx->now alone would repeat the start time on every live line. */
static time_t refresh_time(const struct ctx *ctx)
{
    return getenv("HEADROOM_NOW") ? ctx->now : time(NULL);
}

static int run_lines(struct ctx *ctx, struct top_view *v, unsigned interval_ms)
{
    for (unsigned n = 0; !stop && (!arg_count || n < arg_count); n++) {
        if (n) {
            struct timespec ts = {(time_t)(interval_ms / 1000),
                                  (long)(interval_ms % 1000) * 1000000};
            nanosleep(&ts, NULL); /* a signal ends it early; stop is checked next */
        }
        if (stop)
            break;
        int failed = refresh_view(ctx, v, false, false);
        if (failed)
            return failed;
        if (ctx->json)
            top_view_json(v, ctx->out, refresh_time(ctx));
        else
            top_view_line(v, ctx->out, refresh_time(ctx));
        fflush(ctx->out);
    }
    return EXIT_OK;
}

/* 'r': asks, then syncs and drops the page cache like `headroom reclaim`,
 * reporting what MemFree gained. Only on the live machine, only as root. */
static void reclaim_key(struct ctx *ctx, struct top_view *v)
{
    if (!ctx->root->live) {
        /* not offered on a snapshot (the key line leaves it out), and
         * refused when pressed anyway */
        snprintf(v->status, sizeof(v->status),
                 "reclaim acts on the live machine; this is a snapshot");
        return;
    }
    if (geteuid() != 0) {
        snprintf(v->status, sizeof(v->status), "reclaim needs root: run sudo headroom top");
        return;
    }
    snprintf(v->status, sizeof(v->status), "Drop the page cache now (sync; drop_caches=1)? [y/N]");
    draw(v, strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
    int ch = tui_getch(-1);
    if (ch != 'y' && ch != 'Y') {
        snprintf(v->status, sizeof(v->status), "reclaim cancelled");
        return;
    }
    struct reclaim_drop_result dr;
    int e = reclaim_drop_measured("", ctx->root, 1, 2000, &dr);
    if (e == -EWOULDBLOCK) {
        snprintf(v->status, sizeof(v->status), "another reclaim is running (headroom watch?)");
        return;
    }
    if (e < 0) {
        snprintf(v->status, sizeof(v->status), "drop_caches failed: %s", strerror(-e));
        return;
    }
    time_t now = time(NULL);
    struct tm tm;
    char when[16];
    localtime_r(&now, &tm);
    strftime(when, sizeof(when), "%H:%M:%S", &tm);
    double ms = (double)(dr.sync.ns + dr.drop.ns) / 1e6;
    if (dr.measured)
        snprintf(v->last_reclaim, sizeof(v->last_reclaim),
                 "%s dropped the page cache: MemFree +%s, Cached -%s, in %.1f ms", when,
                 size_str(sat_sub_u64(dr.free_after, dr.free_before)),
                 size_str(sat_sub_u64(dr.cached_before, dr.cached_after)), ms);
    else
        snprintf(v->last_reclaim, sizeof(v->last_reclaim),
                 "%s dropped the page cache in %.1f ms (/proc/meminfo unreadable: gain unknown)",
                 when, ms);
    v->status[0] = '\0';
}

static int run_screen(struct ctx *ctx, struct top_view *v, unsigned interval_ms)
{
    setlocale(LC_CTYPE, "");
    bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    char err[300];
    int failed = refresh_view(ctx, v, false, true); /* before the screen: errors stay readable */
    if (failed)
        return failed;
    /* colour as everywhere else: a terminal, no NO_COLOR, no --no-color, and
     * (tui_open checks) a terminal that has colours */
    if (tui_open(text_color_on(), err, sizeof(err)) < 0)
        return cli_error(ctx, EXIT_SYSTEM, "%s", err);
    for (unsigned n = 0; !stop && (!arg_count || n < arg_count); n++) {
        if (n)
            refresh_view(ctx, v, true, true);
        draw(v, utf8);
        int ch = tui_getch((int)interval_ms);
        if (ch == 'q' || ch == 'Q')
            break;
        if (ch == '?' || (ch == 27 && v->help)) { /* 27: Esc */
            v->help = !v->help;
            n--; /* a key is not a refresh: redraw at once */
            continue;
        }
        if (ch == 'r' || ch == 'R')
            reclaim_key(ctx, v);
        if (ch == 's' || ch == 'S') {
            v->sort = v->sort == TOP_SORT_RSS ? TOP_SORT_PSS : TOP_SORT_RSS;
            snprintf(v->status, sizeof(v->status), "sorted by %s",
                     v->sort == TOP_SORT_RSS ? "RSS" : "PSS");
        }
    }
    tui_close();
    return EXIT_OK;
}

static int run_top(struct ctx *ctx, int argc, char **argv)
{
    (void)argc;
    (void)argv;
    static struct top_view v;
    memset(&v, 0, sizeof(v));
    if (arg_sort && strcmp(arg_sort, "rss") != 0 && strcmp(arg_sort, "pss") != 0)
        return cli_usage_error(ctx->cmd, "--sort takes rss or pss, not '%s'", arg_sort);
    v.sort = arg_sort && strcmp(arg_sort, "pss") == 0 ? TOP_SORT_PSS : TOP_SORT_RSS;
    uint64_t interval_ms = arg_interval_ms ? arg_interval_ms : 1000;
    if (interval_ms < 100 || interval_ms > 3600000)
        return cli_usage_error(ctx->cmd, "--interval must be 100ms to 1h");
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    const char *term = getenv("TERM");
    bool tty = isatty(STDOUT_FILENO) && isatty(STDIN_FILENO) && term && strcmp(term, "dumb") != 0;
    if (tty || ctx->json)
        load_limit(ctx, &v);
    /* --json prints objects, never the screen */
    return tty && !ctx->json ? run_screen(ctx, &v, (unsigned)interval_ms)
                             : run_lines(ctx, &v, (unsigned)interval_ms);
}

const struct command cmd_top = {
    .name = "top",
    .summary = "the memory picture, live: bars, swap, pressure, the largest processes",
    .usage = "top [--interval DURATION] [--count N] [--sort rss|pss]",
    .description =
        "A full-screen view refreshed every second: the guest's memory as a bar (held\n"
        "by programs, reclaimable cache, free) with what Windows sees and the memory limit\n"
        "marked on it, swap, a sparkline of memory pressure (PSI), and the largest\n"
        "processes by RSS or PSS.\n"
        "\n"
        "Keys: q quits, s switches the sort between RSS and PSS, r drops the page cache\n"
        "(after asking; live machine and root only, as 'headroom reclaim' does; not\n"
        "offered with --root), ? shows or hides the keys.\n"
        "\n"
        "Colour (held by programs, cache, and figures past doctor's thresholds) only on\n"
        "a terminal that has colours, and never with NO_COLOR or --no-color. The bar\n"
        "uses the terminal's width; a narrow terminal drops process columns, a wide one\n"
        "adds each process's command line, then SHMEM, PEAK (VmHWM) and PPID.\n"
        "\n"
        "When stdout is not a terminal it prints one line per refresh instead (time,\n"
        "held by programs, reclaimable cache, free, what Windows sees, swap used, PSI);\n"
        "with --json, one JSON object per refresh with the figures under the names\n"
        "'status --json' uses, the memory limit and the processes shown.\n"
        "\n"
        "Examples:\n"
        "  headroom top\n"
        "  headroom top --count 10 | tee memory.log\n"
        "  headroom top --count 1 --json | jq .guest.used\n",
    .opts = top_opts,
    .min_args = 0,
    .max_args = 0,
    .run = run_top,
    .exit_status =
        "0 quit (q, Ctrl-C, or --count refreshes shown); 2 bad usage or a malformed\n"
        "/proc/meminfo; 3 /proc/meminfo cannot be read, or the terminal cannot be set up.",
    .values = top_values,
};

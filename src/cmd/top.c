/* headroom top: the memory picture, live, refreshed every second. Full
 * screen (ncurses) on a terminal; one line per refresh otherwise. */
#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmds.h"
#include "machine.h"
#include "out/top-view.h"

static unsigned arg_interval, arg_count;
static const char *arg_sort;

static const struct opt top_opts[] = {
    {"interval", 'i', OPT_UINT, &arg_interval, "SECONDS", "refresh every SECONDS (default 1)"},
    {"count", 'c', OPT_UINT, &arg_count, "N",
     "stop after N refreshes (default: until q or Ctrl-C)"},
    {"sort", 0, OPT_STRING, &arg_sort, "rss|pss", "order processes by RSS (default) or PSS"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
    (void)sig;
    stop = 1;
}

static void refresh_view(struct ctx *ctx, struct top_view *v)
{
    struct machine m;
    struct machine_opts mo = {.top_n = TOP_MAX_PROCS};
    machine_load(&m, ctx->root, &mo);
    top_view_update(v, &m, m.wsl.kind == WSL_2);
    machine_release(&m);
}

static int run_lines(struct ctx *ctx, struct top_view *v, unsigned interval)
{
    for (unsigned n = 0; !stop && (!arg_count || n < arg_count); n++) {
        if (n)
            sleep(interval);
        if (stop)
            break;
        refresh_view(ctx, v);
        top_view_line(v, ctx->out, time(NULL));
        fflush(ctx->out);
    }
    return EXIT_OK;
}

static int run_screen(struct ctx *ctx, struct top_view *v, unsigned interval)
{
    setlocale(LC_CTYPE, "");
    bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    if (!initscr())
        return cli_error(ctx, EXIT_SYSTEM, "cannot start the terminal screen");
    cbreak();
    noecho();
    keypad(stdscr, TRUE);
    curs_set(0);
    timeout((int)interval * 1000);
    for (unsigned n = 0; !stop && (!arg_count || n < arg_count); n++) {
        refresh_view(ctx, v);
        top_view_draw(v, utf8);
        int ch = getch();
        if (ch == 'q' || ch == 'Q')
            break;
        if (ch == 's' || ch == 'S') {
            v->sort = v->sort == TOP_SORT_RSS ? TOP_SORT_PSS : TOP_SORT_RSS;
            snprintf(v->status, sizeof(v->status), "sorted by %s",
                     v->sort == TOP_SORT_RSS ? "RSS" : "PSS");
        }
    }
    endwin();
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
    unsigned interval = arg_interval ? arg_interval : 1;
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    const char *term = getenv("TERM");
    bool tty = isatty(STDOUT_FILENO) && isatty(STDIN_FILENO) && term && strcmp(term, "dumb") != 0;
    if (ctx->json)
        return cli_usage_error(ctx->cmd, "top has no --json; use 'headroom status --json' or "
                                         "'headroom watch'");
    return tty ? run_screen(ctx, &v, interval) : run_lines(ctx, &v, interval);
}

const struct command cmd_top = {
    .name = "top",
    .summary = "the memory picture, live: bars, swap, pressure, the largest processes",
    .usage = "top [--interval SECONDS] [--count N] [--sort rss|pss]",
    .description = "A full-screen view refreshed every second: the guest's memory as a bar (used,\n"
                   "page cache, free) with what Windows sees marked on it, swap, a sparkline of\n"
                   "memory pressure (PSI), and the largest processes by RSS or PSS.\n"
                   "\n"
                   "Keys: q quits, s switches the sort between RSS and PSS.\n"
                   "\n"
                   "When stdout is not a terminal it prints one line per refresh instead (time,\n"
                   "used, cache, free, what Windows sees, swap used, PSI).\n"
                   "\n"
                   "Examples:\n"
                   "  headroom top\n"
                   "  headroom top --count 10 | tee memory.log\n",
    .opts = top_opts,
    .min_args = 0,
    .max_args = 0,
    .run = run_top,
};

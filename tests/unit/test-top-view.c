#include "unit.h"

#include "out/text.h"
#include "out/top-view.h"
#include "probe/procs.h"
#include "util/size.h"

static void test_bar(void **state)
{
    (void)state;
    char b[512];
    assert_string_equal(top_bar(1, 2, 10, 10, false, b, sizeof(b)), "#==.......");
    assert_string_equal(top_bar(0, 0, 10, 4, false, b, sizeof(b)), "....");
    assert_string_equal(top_bar(10, 0, 10, 4, false, b, sizeof(b)), "####");
    /* more than the total is clamped, never overflowing the width */
    assert_string_equal(top_bar(20, 20, 10, 4, false, b, sizeof(b)), "####");
    assert_string_equal(top_bar(1, 1, 0, 3, false, b, sizeof(b)), "...");
    assert_string_equal(top_bar(1, 1, 4, 4, true, b, sizeof(b)), "█▒··");
    /* a small buffer is cut, not overrun */
    char small[5];
    assert_int_equal(strlen(top_bar(1, 1, 4, 40, false, small, sizeof(small))), 4);
}

static void test_sparkline(void **state)
{
    (void)state;
    uint64_t v[] = {0, 312, 1250, 2500, 9999};
    char b[64];
    assert_string_equal(top_sparkline(v, 5, false, b, sizeof(b)), "__=@@");
    assert_string_equal(top_sparkline(v, 5, true, b, sizeof(b)), "▁▁▅██");
    assert_string_equal(top_sparkline(v, 0, true, b, sizeof(b)), "");
}

static void test_update_keeps_history(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-tuned-6g", &r), 0);
    static struct top_view v;
    struct machine m;
    struct machine_opts mo = {.top_n = TOP_MAX_PROCS};
    for (int i = 0; i < TOP_PSI_HISTORY + 3; i++) {
        machine_load(&m, r, &mo);
        top_view_update(&v, &m, true);
        machine_release(&m);
    }
    assert_int_equal(v.psi_n, TOP_PSI_HISTORY);
    assert_int_equal(v.psi_hist[TOP_PSI_HISTORY - 1], 312);
    assert_int_equal(v.host_view, v.total - v.free);
    assert_int_equal(v.swap_used, 319488ULL * 1024);
    assert_string_equal(v.procs[0].name, "llama-server");
    v.sort = TOP_SORT_PSS;
    machine_load(&m, r, &mo);
    top_view_update(&v, &m, true);
    machine_release(&m);
    for (unsigned i = 1; i < v.nprocs; i++)
        assert_true(v.procs[i - 1].pss >= v.procs[i].pss);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    top_view_line(&v, f, 1764000000);
    fclose(f);
    assert_string_equal(buf, "16:00:00 held_by_programs 889 MiB reclaimable_cache 3.7 GiB free 1.2 "
                             "GiB host_view 4.6 GiB "
                             "swap 312 MiB psi_some10 3.12%\n");
    free(buf);
    rootfs_free(r);
}

/* The screen as a terminal would show it: row by row, later spans over
 * earlier ones, one cell per code point; and each cell's style. */
#define GRID_COLS 256
static char grid[64][GRID_COLS][5];
static enum tui_style grid_style[64][GRID_COLS];

static void render(const struct tui_screen *s)
{
    for (int r = 0; r < 64; r++)
        for (int c = 0; c < GRID_COLS; c++) {
            strcpy(grid[r][c], " ");
            grid_style[r][c] = TUI_PLAIN;
        }
    for (unsigned i = 0; i < s->nspans; i++) {
        const struct tui_span *sp = &s->spans[i];
        assert_true(sp->row >= 0 && sp->row < s->rows);
        const char *p = s->text + sp->off, *end = p + sp->len;
        int c = sp->col;
        while (p < end) {
            size_t l = 1;
            while (p + l < end && (p[l] & 0xc0) == 0x80)
                l++;
            /* a span never reaches past the right edge */
            assert_true(c < s->cols);
            memcpy(grid[sp->row][c], p, l);
            grid[sp->row][c][l] = '\0';
            grid_style[sp->row][c] = sp->style;
            c++;
            p += l;
        }
    }
}

static const char *row_text(const struct tui_screen *s, int r)
{
    static char line[GRID_COLS * 4 + 1];
    size_t at = 0;
    for (int c = 0; c < s->cols; c++)
        at += (size_t)sprintf(line + at, "%s", grid[r][c]);
    while (at && line[at - 1] == ' ')
        line[--at] = '\0';
    return line;
}

/* The row whose text contains `what`, or -1. */
static int find_row(const struct tui_screen *s, const char *what)
{
    for (int r = 0; r < s->rows; r++)
        if (strstr(row_text(s, r), what))
            return r;
    return -1;
}

static int find_col(const struct tui_screen *s, int r, const char *cell)
{
    for (int c = 0; c < s->cols; c++)
        if (strcmp(grid[r][c], cell) == 0)
            return c;
    return -1;
}

static struct top_view view;
static struct tui_screen screen;

static void load_view(const char *root, bool pss)
{
    struct rootfs *r;
    assert_int_equal(rootfs_new(root, &r), 0);
    memset(&view, 0, sizeof(view));
    view.sort = pss ? TOP_SORT_PSS : TOP_SORT_RSS;
    struct machine m;
    struct machine_opts mo = {.top_n = TOP_MAX_PROCS, .want = pss ? MACHINE_PSS : 0};
    machine_load(&m, r, &mo);
    top_view_update(&view, &m, true);
    machine_release(&m);
    rootfs_free(r);
}

static void test_split_and_markers(void **state)
{
    (void)state;
    /* 1 used, 2 cache of 10, on a scale of 10 and of 20 (a limit twice the
     * total: half the bar is beyond MemTotal) */
    struct top_bar_cells b = top_bar_split(1, 2, 10, 10, 10);
    assert_int_equal(b.used, 1);
    assert_int_equal(b.cache, 2);
    assert_int_equal(b.free, 7);
    assert_int_equal(b.beyond, 0);
    b = top_bar_split(1, 2, 10, 20, 20);
    assert_int_equal(b.used + b.cache + b.free, 10);
    assert_int_equal(b.beyond, 10);
    /* a scale below the total is the total */
    b = top_bar_split(10, 0, 10, 5, 8);
    assert_int_equal(b.used, 8);
    assert_int_equal(b.beyond, 0);
    assert_int_equal(top_marker_cell(5, 10, 10), 4);
    assert_int_equal(top_marker_cell(10, 10, 10), 9);
    assert_int_equal(top_marker_cell(30, 10, 10), 9);
    assert_int_equal(top_marker_cell(0, 10, 10), 0);
    assert_int_equal(top_marker_cell(5, 0, 10), 0);
}

static void test_levels(void **state)
{
    (void)state;
    /* mem.low-available: under 10 % warns, under 5 % is critical */
    assert_int_equal(top_available_style(100, 1000), TUI_OK);
    assert_int_equal(top_available_style(99, 1000), TUI_WARN);
    assert_int_equal(top_available_style(50, 1000), TUI_WARN);
    assert_int_equal(top_available_style(49, 1000), TUI_CRIT);
    assert_int_equal(top_available_style(0, 0), TUI_PLAIN);
    /* mem.pressure: some 10.00 % warns, full 5.00 % is critical */
    assert_int_equal(top_psi_style(999, true, 0), TUI_OK);
    assert_int_equal(top_psi_style(1000, true, 0), TUI_WARN);
    assert_int_equal(top_psi_style(0, true, 500), TUI_CRIT);
    assert_int_equal(top_psi_style(0, false, 900), TUI_OK);
}

/* 80x24: the bar's segments in their styles, the limit marker on the bar's
 * last cell (memory=6GB is just above MemTotal 5.8 GiB), no r on a snapshot,
 * the table cut to whole columns. */
static void test_layout_80(void **state)
{
    (void)state;
    load_view("tests/roots/wsl2-tuned-6g", false);
    view.limit = 6ULL * GIB;
    snprintf(view.limit_from, sizeof(view.limit_from), ".wslconfig:5");
    top_view_layout(&view, 24, 80, true, &screen);
    render(&screen);
    assert_string_equal(row_text(&screen, 1), "q quit  s sort by PSS  ? help");
    int bar = find_row(&screen, "Guest  [");
    assert_true(bar >= 0);
    const char *t = row_text(&screen, bar);
    assert_non_null(strstr(t, "] 5.8 GiB"));
    assert_true(text_width(t) <= 80);
    /* bar cells from column 8 to the "]" */
    int close = find_col(&screen, bar, "]");
    int width = close - 8;
    assert_int_equal(width, 80 - 7 - 1 - 2 - 7 - 1);
    assert_int_equal(grid_style[bar][8], TUI_USED);
    assert_string_equal(grid[bar][8], "█");
    int first_cache = find_col(&screen, bar, "▒");
    assert_int_equal(grid_style[bar][first_cache], TUI_CACHE);
    assert_int_equal(grid_style[bar][find_col(&screen, bar, "·")], TUI_FREE);
    /* the limit marker at the limit's own cell on a scale of 6 GiB; the
     * ▲ at what Windows sees, both on the row under the legend */
    int marks = find_row(&screen, "┆");
    assert_true(marks > bar);
    assert_int_equal(find_col(&screen, marks, "┆"),
                     8 + (int)top_marker_cell(6ULL * GIB, 6ULL * GIB, (unsigned)width));
    assert_int_equal(find_col(&screen, marks, "▲"),
                     8 + (int)top_marker_cell(view.host_view, 6ULL * GIB, (unsigned)width));
    /* the legend names both, and starts at the indent, not at a marker's
     * place */
    int legend = find_row(&screen, "Windows sees 4.6 GiB");
    assert_string_equal(row_text(&screen, legend),
                        "       ▲ Windows sees 4.6 GiB  ┆ limit memory=6.0 GiB (.wslconfig:5)");
    /* colours of the figures: available 4.8 of 5.8 GiB is fine */
    int avail = find_row(&screen, "available 4.8 GiB");
    assert_true(avail >= 0);
    assert_int_equal(grid_style[avail][find_col(&screen, avail, "a")], TUI_OK);
    assert_int_equal(find_row(&screen, "Swap   [█"), find_row(&screen, "312 MiB of 4.0 GiB"));
    /* five size columns fit in 80 (the last ends at column 80) */
    int head = find_row(&screen, "PID  NAME");
    assert_string_equal(row_text(&screen, head),
                        "    PID  NAME                    RSS        PSS       "
                        "ANON       FILE       SWAP");
    assert_string_equal(row_text(&screen, head + 1), "   2210  llama-server        3.6 GiB    3.6 "
                                                     "GiB    411 MiB    3.2 GiB    208 MiB");
    for (int r = 0; r < 24; r++)
        assert_true(text_width(row_text(&screen, r)) <= 80);
    /* live: r is offered */
    view.live = true;
    top_view_layout(&view, 24, 80, true, &screen);
    render(&screen);
    assert_string_equal(row_text(&screen, 1), "q quit  s sort by PSS  r reclaim  ? help");
}

/* 50 columns: whole columns only, items that do not fit on a line move to
 * the next at the indent; nothing is cut mid-figure except the bar. */
static void test_layout_narrow(void **state)
{
    (void)state;
    load_view("tests/roots/wsl2-tuned-6g", false);
    top_view_layout(&view, 24, 50, false, &screen);
    render(&screen);
    int head = find_row(&screen, "PID  NAME");
    assert_string_equal(row_text(&screen, head), "    PID  NAME                    RSS        PSS");
    assert_string_equal(row_text(&screen, head + 2),
                        "   1780  python3             243 MiB    217 MiB");
    int r = find_row(&screen, "# held by programs 889 MiB");
    assert_string_equal(row_text(&screen, r), "       # held by programs 889 MiB");
    assert_string_equal(row_text(&screen, r + 1),
                        "       = reclaimable cache 3.7 GiB  . free 1.2 GiB");
    for (int i = 0; i < 24; i++)
        assert_true(text_width(row_text(&screen, i)) <= 50);
}

/* 200x50: the bar takes the width, the table gains columns */
static void test_layout_wide(void **state)
{
    (void)state;
    load_view("tests/roots/wsl2-tuned-6g", false);
    top_view_layout(&view, 50, 200, true, &screen);
    render(&screen);
    int bar = find_row(&screen, "Guest  [");
    assert_int_equal(find_col(&screen, bar, "]"), 8 + 200 - 7 - 1 - 2 - 7 - 1);
    int head = find_row(&screen, "PID  NAME");
    const char *t = row_text(&screen, head);
    assert_non_null(strstr(t, "SWAP      SHMEM       PEAK       PPID  COMMAND"));
    /* without command lines read: "-" */
    assert_non_null(strstr(row_text(&screen, head + 1), "3.7 GiB        421  -"));
    /* the command lines as top reads them, cut at the edge; a process's
     * escape bytes do not reach the terminal */
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-tuned-6g", &r), 0);
    for (unsigned i = 0; i < view.nprocs; i++)
        proc_cmdline_read(r, view.procs[i].pid, view.cmdline[i], sizeof(view.cmdline[i]));
    rootfs_free(r);
    snprintf(view.cmdline[2], sizeof(view.cmdline[2]), "evil \033[2J\033]0;owned\007 x");
    top_view_layout(&view, 50, 200, true, &screen);
    render(&screen);
    assert_string_equal(row_text(&screen, head + 1) + 113,
                        "  /home/alex/llama.cpp/build/bin/llama-server -m "
                        "/home/alex/models/Meta-Llama-3.1-8B-In");
    assert_string_equal(row_text(&screen, head + 2) + 113,
                        "  python3 client.py --url http://127.0.0.1:8080");
    for (unsigned i = 0; i < screen.nspans; i++)
        assert_null(memchr(screen.text + screen.spans[i].off, '\033', screen.spans[i].len));
    assert_non_null(strstr(row_text(&screen, head + 3), "  evil "));
    /* at 120 columns the command line comes before the extra columns */
    top_view_layout(&view, 50, 120, true, &screen);
    render(&screen);
    assert_string_equal(row_text(&screen, head),
                        "    PID  NAME                    RSS        PSS       ANON       FILE    "
                        "   SWAP      SHMEM  COMMAND");
    for (int i = 0; i < 50; i++)
        assert_true(text_width(row_text(&screen, i)) <= 120);
}

/* no swap: the words status uses, not an empty bar of 0 B */
static void test_layout_swap_none(void **state)
{
    (void)state;
    load_view("tests/roots/wsl2-broken", false);
    assert_int_equal(view.swap_total, 0);
    top_view_layout(&view, 24, 80, true, &screen);
    render(&screen);
    assert_true(find_row(&screen, "Swap   none (no swap area is active)") >= 0);
    assert_int_equal(find_row(&screen, "Swap   ["), -1);
}

/* a limit well below MemTotal (memory= changed, WSL not restarted): the
 * marker inside the bar, where the limit is */
static void test_layout_limit_inside(void **state)
{
    (void)state;
    load_view("tests/roots/wsl2-tuned-6g", false);
    view.limit = view.total / 2;
    snprintf(view.limit_from, sizeof(view.limit_from), ".wslconfig:2");
    top_view_layout(&view, 24, 100, false, &screen);
    render(&screen);
    int bar = find_row(&screen, "Guest  [");
    int width = find_col(&screen, bar, "]") - 8;
    int marks = find_row(&screen, "|");
    assert_int_equal(find_col(&screen, marks, "|"), 8 + width / 2 - 1);
    assert_true(find_row(&screen, ": the VM has more, WSL was not restarted since") >= 0);
}

/* ? draws the keys over the screen; r only where it works */
static void test_layout_help(void **state)
{
    (void)state;
    load_view("tests/roots/wsl2-tuned-6g", false);
    view.help = true;
    top_view_layout(&view, 24, 80, true, &screen);
    render(&screen);
    int k = find_row(&screen, "│ Keys");
    assert_true(k > 0);
    assert_true(find_row(&screen, "q    quit") == k + 1);
    assert_true(find_row(&screen, "s    sort the processes by RSS or by PSS") == k + 2);
    assert_int_equal(find_row(&screen, "r    drop the page cache"), -1);
    assert_true(find_row(&screen, "?    show or hide this help") == k + 3);
    assert_true(find_row(&screen, "│ blank before ┆: the limit above MemTotal") > k + 3);
    /* the box hides what is beneath: its lines are whole */
    assert_non_null(strstr(row_text(&screen, k + 1), "│ q    quit   "));
    view.live = true;
    top_view_layout(&view, 24, 80, true, &screen);
    render(&screen);
    assert_true(find_row(&screen, "r    drop the page cache (asks first; root only)") >= 0);
    /* a terminal smaller than the box: still nothing past the edge */
    top_view_layout(&view, 6, 30, true, &screen);
    render(&screen);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bar),
        cmocka_unit_test(test_sparkline),
        cmocka_unit_test(test_update_keeps_history),
        cmocka_unit_test(test_split_and_markers),
        cmocka_unit_test(test_levels),
        cmocka_unit_test(test_layout_80),
        cmocka_unit_test(test_layout_narrow),
        cmocka_unit_test(test_layout_wide),
        cmocka_unit_test(test_layout_swap_none),
        cmocka_unit_test(test_layout_limit_inside),
        cmocka_unit_test(test_layout_help),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

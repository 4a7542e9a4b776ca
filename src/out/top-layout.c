/* `headroom top`'s full screen as spans (out/tui.h): the guest bar with its
 * coloured segments and markers, swap, PSI, the process table sized to the
 * terminal's width, and the ? help drawn over it. Pure: out/tui.c draws. */
#include <stdarg.h>
#include <string.h>

#include "out/text.h"
#include "out/top-view.h"
#include "util/parse.h"
#include "util/size.h"

#define INDENT 7 /* "Guest  " */

/* Adds a span at (row, col), cut to the screen's width (one cell per code
 * point: the glyphs here are all one cell wide, and tui.c cuts again by the
 * real display width). Returns the cells it takes. */
static int put(struct tui_screen *s, int row, int col, enum tui_style st, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int put(struct tui_screen *s, int row, int col, enum tui_style st, const char *fmt, ...)
{
    if (row < 0 || row >= s->rows || col < 0 || col >= s->cols || s->nspans >= TUI_MAX_SPANS)
        return 0;
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    size_t len = 0, cells = 0, room = (size_t)(s->cols - col);
    while (buf[len] && cells < room) {
        len++;
        while ((buf[len] & 0xc0) == 0x80)
            len++;
        cells++;
    }
    if (!len || s->used + len > sizeof(s->text))
        return 0;
    memcpy(s->text + s->used, buf, len);
    s->spans[s->nspans++] = (struct tui_span){row, col, st, s->used, (unsigned)len};
    s->used += (unsigned)len;
    return (int)cells;
}

/* Items laid out left to right, each whole: one that does not fit on the
 * line starts the next line at the indent (never a wrapped fragment). */
struct flow {
    struct tui_screen *s;
    int row, col, indent;
    bool first;
};

static void flow_item(struct flow *f, enum tui_style st, const char *text)
{
    int w = (int)text_width(text), gap = f->first ? 0 : 2;
    if (!f->first && f->col + gap + w > f->s->cols) {
        f->row++;
        f->col = f->indent;
        gap = 0;
    }
    f->col += gap;
    f->col += put(f->s, f->row, f->col, st, "%s", text);
    f->first = false;
}

static void layout_keys(const struct top_view *v, struct tui_screen *s, int row)
{
    struct flow f = {s, row, 0, 0, true};
    char item[64];
    const struct {
        const char *key, *what;
        bool shown;
    } keys[] = {
        {"q", "quit", true},
        {"s", v->sort == TOP_SORT_RSS ? "sort by PSS" : "sort by RSS", true},
        /* a snapshot is not the running machine: nothing to reclaim */
        {"r", "reclaim", v->live},
        {"?", "help", true},
    };
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        if (!keys[i].shown)
            continue;
        int gap = f.first ? 0 : 2;
        snprintf(item, sizeof(item), "%s %s", keys[i].key, keys[i].what);
        if (f.col + gap + (int)text_width(item) > s->cols)
            break; /* keys are one line; ? lists them all */
        f.col += gap;
        f.col += put(s, f.row, f.col, TUI_KEY, "%s", keys[i].key);
        f.col += put(s, f.row, f.col, TUI_PLAIN, " %s", keys[i].what);
        f.first = false;
    }
}

/* The guest bar, its legend and markers; returns the next free row. */
static int layout_guest(const struct top_view *v, struct tui_screen *s, int y, bool utf8)
{
    char total[16];
    size_format(v->total, total, sizeof(total));
    /* "Guest  [" bar "] 5.8 GiB" and one column spare */
    int width = s->cols - INDENT - 1 - 2 - (int)strlen(total) - 1;
    if (width < 10)
        width = 10;
    /* the bar's scale reaches the memory limit when it is above MemTotal, so
     * the limit marker is at its real place, never off the bar's end */
    uint64_t scale = v->limit > v->total ? v->limit : v->total;
    struct top_bar_cells b = top_bar_split(v->programs, v->cache, v->total, scale, (unsigned)width);
    char cells[4096];
    int x = put(s, y, 0, TUI_PLAIN, "Guest  [");
    const struct {
        unsigned n;
        const char *glyph;
        enum tui_style st;
    } seg[] = {{b.used, utf8 ? "█" : "#", TUI_USED},
               {b.cache, utf8 ? "▒" : "=", TUI_CACHE},
               {b.free, utf8 ? "·" : ".", TUI_FREE},
               {b.beyond, " ", TUI_PLAIN}};
    for (size_t i = 0; i < 4; i++) {
        size_t at = 0, gl = strlen(seg[i].glyph);
        for (unsigned k = 0; k < seg[i].n && at + gl < sizeof(cells); k++, at += gl)
            memcpy(cells + at, seg[i].glyph, gl);
        cells[at] = '\0';
        if (at)
            x += put(s, y, x, seg[i].st, "%s", cells);
    }
    put(s, y, x, TUI_PLAIN, "] %s", total);
    y++;

    char item[320];
    struct flow f = {s, y, 0, INDENT, true};
    f.col = put(s, y, 0, TUI_PLAIN, "%*s", INDENT, "");
    snprintf(item, sizeof(item), "%s held by programs %s", utf8 ? "█" : "#", size_str(v->programs));
    flow_item(&f, TUI_USED, item);
    snprintf(item, sizeof(item), "%s reclaimable cache %s", utf8 ? "▒" : "=", size_str(v->cache));
    flow_item(&f, TUI_CACHE, item);
    snprintf(item, sizeof(item), "%s free %s", utf8 ? "·" : ".", size_str(v->free));
    flow_item(&f, TUI_PLAIN, item);
    snprintf(item, sizeof(item), "available %s", size_str(v->available));
    flow_item(&f, top_available_style(v->available, v->total), item);
    y = f.row + 1;

    if (!v->total)
        return y;
    /* the markers on their own row, each at its cell of the bar */
    unsigned host = top_marker_cell(v->host_view, scale, (unsigned)width);
    if (v->limit) {
        unsigned lim = top_marker_cell(v->limit, scale, (unsigned)width);
        if (lim != host)
            put(s, y, INDENT + 1 + (int)lim, TUI_BOLD, "%s", utf8 ? "┆" : "|");
    }
    put(s, y, INDENT + 1 + (int)host, TUI_BOLD, "%s", utf8 ? "▲" : "^");
    y++;
    f = (struct flow){s, y, INDENT, INDENT, true};
    snprintf(item, sizeof(item), "%s Windows sees %s", utf8 ? "▲" : "^", size_str(v->host_view));
    flow_item(&f, TUI_PLAIN, item);
    if (v->limit) {
        snprintf(item, sizeof(item), "%s limit memory=%s (%s)%s", utf8 ? "┆" : "|",
                 size_str(v->limit), v->limit_from,
                 v->limit + 600 * MIB < v->total ? ": the VM has more, WSL was not restarted since"
                                                 : "");
        flow_item(&f, TUI_PLAIN, item);
    }
    return f.row + 1;
}

static int layout_swap_psi(const struct top_view *v, struct tui_screen *s, int y, bool utf8)
{
    if (!v->swap_total) {
        /* the words `status` uses */
        int x = put(s, y, 0, TUI_PLAIN, "Swap   ");
        put(s, y, x, TUI_DIM, "none (no swap area is active)");
    } else {
        char sizes[64];
        snprintf(sizes, sizeof(sizes), "] %s of %s", size_str(v->swap_used),
                 size_str(v->swap_total));
        int width = s->cols - INDENT - 1 - (int)strlen(sizes) - 1;
        if (width < 10)
            width = 10;
        struct top_bar_cells b =
            top_bar_split(v->swap_used, 0, v->swap_total, v->swap_total, (unsigned)width);
        char cells[4096];
        int x = put(s, y, 0, TUI_PLAIN, "Swap   [");
        size_t at = 0, gl = utf8 ? 3 : 1;
        for (unsigned k = 0; k < b.used && at + gl < sizeof(cells); k++, at += gl)
            memcpy(cells + at, utf8 ? "█" : "#", gl);
        cells[at] = '\0';
        if (at)
            x += put(s, y, x, TUI_USED, "%s", cells);
        at = 0;
        for (unsigned k = 0; k < b.free && at + gl < sizeof(cells); k++, at += gl)
            memcpy(cells + at, utf8 ? "·" : ".", gl);
        cells[at] = '\0';
        if (at)
            x += put(s, y, x, TUI_FREE, "%s", cells);
        put(s, y, x, TUI_PLAIN, "%s", sizes);
    }
    y++;
    if (v->psi) {
        char spark[TOP_PSI_HISTORY * 4 + 1], fig[64];
        int x = put(s, y, 0, TUI_PLAIN, "PSI    ");
        snprintf(fig, sizeof(fig), "some avg10 %llu.%02llu%%",
                 (unsigned long long)(v->psi_some10 / 100),
                 (unsigned long long)(v->psi_some10 % 100));
        enum tui_style st = top_psi_style(v->psi_some10, v->psi_has_full, v->psi_full10);
        x += put(s, y, x, st, "%s", fig);
        if (v->psi_has_full)
            x += put(s, y, x, st, "  full avg10 %llu.%02llu%%",
                     (unsigned long long)(v->psi_full10 / 100),
                     (unsigned long long)(v->psi_full10 % 100));
        /* the newest samples that fit */
        int room = s->cols - x - 2 - 1;
        unsigned n = v->psi_n, from = 0;
        if (room < 0)
            room = 0;
        if (n > (unsigned)room) {
            from = n - (unsigned)room;
            n = (unsigned)room;
        }
        if (n)
            put(s, y, x + 2, st, "%s",
                top_sparkline(v->psi_hist + from, n, utf8, spark, sizeof(spark)));
    } else {
        put(s, y, 0, TUI_PLAIN, "PSI    unavailable (kernelCommandLine=psi=1 turns it on)");
    }
    y++;
    put(s, y++, 0, TUI_PLAIN, "Last reclaim: %s",
        v->last_reclaim[0] ? v->last_reclaim : "none this session");
    return y;
}

/* The process table's columns, in the order they are dropped when the
 * terminal is narrow (last first) and added when it is wide. */
enum col { C_RSS, C_PSS, C_ANON, C_FILE, C_SWAP, C_SHMEM, C_PEAK, C_PPID, C_COUNT };
static const char *const col_names[C_COUNT] = {"RSS",  "PSS",   "ANON", "FILE",
                                               "SWAP", "SHMEM", "PEAK", "PPID"};
#define COL_W 11 /* " %10s" */

static void col_value(const struct proc_info *p, enum col c, char *buf, size_t n)
{
    switch (c) {
    case C_RSS:
        snprintf(buf, n, "%s", size_str(p->rss));
        break;
    case C_PSS:
        snprintf(buf, n, "%s", p->has_smaps ? size_str(p->pss) : "-");
        break;
    case C_ANON:
        snprintf(buf, n, "%s", size_str(p->rss_anon));
        break;
    case C_FILE:
        snprintf(buf, n, "%s", size_str(p->rss_file));
        break;
    case C_SWAP:
        snprintf(buf, n, "%s", size_str(p->swap));
        break;
    case C_SHMEM:
        snprintf(buf, n, "%s", size_str(p->rss_shmem));
        break;
    case C_PEAK:
        snprintf(buf, n, "%s", size_str(p->vm_hwm));
        break;
    case C_PPID:
        snprintf(buf, n, "%d", p->ppid);
        break;
    default:
        buf[0] = '\0';
    }
}

#define CMD_MIN 20 /* the command line only with room for this much */

static void layout_procs(const struct top_view *v, struct tui_screen *s, int y)
{
    /* "%7s  %-16s" (comm is 15 bytes at most), the size columns up to SWAP
     * while they fit, then, with room for it, the command line taking the
     * rest of the width and the extra columns leaving it CMD_MIN */
    const int fixed = 7 + 2 + 16;
    int ncols = 0;
    while (ncols <= C_SWAP && fixed + (ncols + 1) * COL_W <= s->cols)
        ncols++;
    bool cmd = ncols == C_SWAP + 1 && fixed + ncols * COL_W + 2 + CMD_MIN <= s->cols;
    int need = cmd ? 2 + CMD_MIN : 0;
    while (ncols > C_SWAP && ncols < C_COUNT && fixed + (ncols + 1) * COL_W + need <= s->cols)
        ncols++;
    char line[1024];
    int at = snprintf(line, sizeof(line), "%7s  %-16s", "PID", "NAME");
    for (int c = 0; c < ncols; c++)
        at += snprintf(line + at, sizeof(line) - (size_t)at, " %10s", col_names[c]);
    if (cmd)
        snprintf(line + at, sizeof(line) - (size_t)at, "  COMMAND");
    put(s, y++, 0, TUI_BOLD, "%s", line);
    for (unsigned i = 0; i < v->nprocs && y < s->rows - 1; i++) {
        const struct proc_info *p = &v->procs[i];
        char name[80], val[32], cmdline[sizeof(v->cmdline[0])];
        text_sanitize(p->name, strlen(p->name), name, sizeof(name));
        at = snprintf(line, sizeof(line), "%7d  %-16.16s", p->pid, name);
        for (int c = 0; c < ncols; c++) {
            col_value(p, (enum col)c, val, sizeof(val));
            at += snprintf(line + at, sizeof(line) - (size_t)at, " %10s", val);
        }
        int x = put(s, y, 0, TUI_PLAIN, "%s", line);
        if (cmd) {
            /* the process's own bytes: no escape reaches the terminal; the
             * line is cut at the edge */
            text_sanitize(v->cmdline[i], strlen(v->cmdline[i]), cmdline, sizeof(cmdline));
            put(s, y, x + 2, cmdline[0] ? TUI_PLAIN : TUI_DIM, "%s", cmdline[0] ? cmdline : "-");
        }
        y++;
    }
}

/* The keys, in a box over the middle of the screen; every line padded to the
 * box's width so nothing beneath shows through. */
static void layout_help(const struct top_view *v, struct tui_screen *s, bool utf8)
{
    const char *lines[16];
    int n = 0;
    lines[n++] = "Keys";
    lines[n++] = "q    quit";
    lines[n++] = "s    sort the processes by RSS or by PSS";
    if (v->live)
        lines[n++] = "r    drop the page cache (asks first; root only)";
    lines[n++] = "?    show or hide this help (Esc hides it too)";
    lines[n++] = "";
    lines[n++] = utf8 ? "█ held by programs  ▒ reclaimable cache  · free"
                      : "# held by programs  = "
                        "reclaimable cache  . "
                        "free";
    lines[n++] = utf8 ? "▲ what Windows sees  ┆ the memory limit"
                      : "^ what Windows sees  | the "
                        "memory limit";
    /* the bar's scale reaches the limit when it is above MemTotal */
    lines[n++] = utf8 ? "blank before ┆: the limit above MemTotal"
                      : "blank before |: the limit above MemTotal";
    int inner = 0;
    for (int i = 0; i < n; i++)
        if ((int)text_width(lines[i]) > inner)
            inner = (int)text_width(lines[i]);
    int boxw = inner + 4;
    if (boxw > s->cols)
        boxw = s->cols;
    int x = (s->cols - boxw) / 2, y = (s->rows - (n + 2)) / 2;
    if (y < 0)
        y = 0;
    char edge[1024];
    size_t at = 0;
    for (int i = 0; i < boxw - 2 && at + 4 < sizeof(edge); i++)
        at += (size_t)snprintf(edge + at, sizeof(edge) - at, "%s", utf8 ? "─" : "-");
    put(s, y, x, TUI_BOLD, "%s%s%s", utf8 ? "┌" : "+", edge, utf8 ? "┐" : "+");
    for (int i = 0; i < n; i++) {
        int pad = inner - (int)text_width(lines[i]);
        int cx = x + put(s, y + 1 + i, x, TUI_BOLD, "%s ", utf8 ? "│" : "|");
        cx += put(s, y + 1 + i, cx, i == 0 ? TUI_BOLD : TUI_PLAIN, "%s%*s", lines[i], pad, "");
        put(s, y + 1 + i, cx, TUI_BOLD, " %s", utf8 ? "│" : "|");
    }
    put(s, y + n + 1, x, TUI_BOLD, "%s%s%s", utf8 ? "└" : "+", edge, utf8 ? "┘" : "+");
}

/* "Models  qwen2.5-coder:7b 5.2 GiB (3.0 GiB on the GPU) · ..., from Ollama", or
 * the files processes map; cut at the edge. */
static int layout_models(const struct top_view *v, struct tui_screen *s, int y)
{
    if (!v->has_loaded)
        return y;
    const struct loaded_models *lm = &v->loaded;
    char line[1024], name[160];
    size_t at = 0;
    line[0] = '\0';
    if (lm->source == LOADED_OLLAMA) {
        for (unsigned i = 0; i < lm->ps.n && at < sizeof(line) - 200; i++) {
            const struct ollama_running *r = &lm->ps.models[i];
            at += (size_t)snprintf(line + at, sizeof(line) - at, "%s%s %s", i ? " · " : "",
                                   text_sanitize(r->name, strlen(r->name), name, sizeof(name)),
                                   size_str(r->size));
            if (r->has_vram && r->size_vram)
                at += (size_t)snprintf(line + at, sizeof(line) - at, " (%s on the GPU)",
                                       size_str(r->size_vram));
        }
        if (!lm->ps.n)
            snprintf(line, sizeof(line), "none loaded in Ollama");
        else
            snprintf(line + at, sizeof(line) - at, ", from Ollama");
    } else if (lm->source == LOADED_PROCESSES) {
        for (unsigned i = 0; i < lm->nprocs && at < sizeof(line) - 200; i++) {
            const struct loaded_proc *p = &lm->procs[i];
            const char *base = strrchr(p->file, '/');
            at += (size_t)snprintf(
                line + at, sizeof(line) - at, "%s%s %s resident (%s)", i ? " · " : "",
                text_sanitize(base ? base + 1 : p->file, strlen(base ? base + 1 : p->file), name,
                              sizeof(name)),
                size_str(p->resident), p->process);
        }
    } else {
        snprintf(line, sizeof(line), "none mapped by a process");
    }
    int x = put(s, y, 0, TUI_PLAIN, "Models ");
    put(s, y, x, TUI_PLAIN, "%.*s", s->cols > x ? s->cols - x : 0, line);
    return y + 1;
}

void top_view_layout(const struct top_view *v, int rows, int cols, bool utf8, struct tui_screen *s)
{
    s->rows = rows;
    s->cols = cols;
    s->nspans = 0;
    s->used = 0;
    int y = 0;
    put(s, y++, 0, TUI_BOLD, "%s", v->title);
    layout_keys(v, s, y++);
    y++;
    y = layout_guest(v, s, y, utf8);
    y = layout_swap_psi(v, s, y, utf8);
    y = layout_models(v, s, y);
    y++;
    layout_procs(v, s, y);
    if (v->status[0])
        put(s, rows - 1, 0, TUI_PLAIN, "%s", v->status);
    if (v->help)
        layout_help(v, s, utf8);
}

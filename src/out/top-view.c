#include "out/top-view.h"

#include <stdlib.h>
#include <string.h>

#include "out/text.h"
#include "out/json.h"
#include "out/tui.h"
#include "util/parse.h"
#include "util/size.h"

static int by_pss(const void *a, const void *b)
{
    const struct proc_info *x = a, *y = b;
    if (x->pss != y->pss)
        return x->pss > y->pss ? -1 : 1;
    return x->pid - y->pid;
}

void top_view_update(struct top_view *v, const struct machine *m, bool wsl)
{
    const struct meminfo *mi = &m->meminfo;
    v->total = mi->mem_total;
    v->free = mi->mem_free;
    v->cache = machine_reclaimable_cache(m);
    v->used = machine_used(m);
    v->buff_cache = machine_buff_cache(m);
    v->programs = machine_held_by_programs(m);
    v->host_view = machine_host_view_used(m);
    v->swap_total = mi->swap_total;
    v->swap_used = machine_swap_used(m);
    v->psi = m->psi_st.state == PROBE_OK;
    v->psi_some10 = v->psi ? m->psi.some.avg10 : 0;
    if (v->psi) {
        if (v->psi_n == TOP_PSI_HISTORY) {
            memmove(v->psi_hist, v->psi_hist + 1, (TOP_PSI_HISTORY - 1) * sizeof(v->psi_hist[0]));
            v->psi_n--;
        }
        v->psi_hist[v->psi_n++] = v->psi_some10;
    }
    v->nprocs = 0;
    for (size_t i = 0; i < m->procs.n && v->nprocs < TOP_MAX_PROCS; i++)
        v->procs[v->nprocs++] = m->procs.procs[i];
    if (v->sort == TOP_SORT_PSS && v->nprocs > 1)
        qsort(v->procs, v->nprocs, sizeof(v->procs[0]), by_pss);
    snprintf(v->title, sizeof(v->title), "headroom top · %s · %s%s%s · %u CPUs",
             m->live ? "this machine" : "snapshot", wsl ? "WSL2" : "Linux",
             m->wsl.version[0] ? " " : "", m->wsl.version,
             m->cpus_st.state == PROBE_OK ? m->cpus.online : 0);
}

void top_view_line(const struct top_view *v, FILE *f, time_t now)
{
    struct tm tm;
    char when[16];
    gmtime_r(&now, &tm);
    strftime(when, sizeof(when), "%H:%M:%S", &tm);
    fprintf(f, "%s held_by_programs %s reclaimable_cache %s free %s host_view %s swap %s", when,
            size_str(v->programs), size_str(v->cache), size_str(v->free), size_str(v->host_view),
            size_str(v->swap_used));
    if (v->psi)
        fprintf(f, " psi_some10 %llu.%02llu%%", (unsigned long long)(v->psi_some10 / 100),
                (unsigned long long)(v->psi_some10 % 100));
    fputc('\n', f);
}

void top_view_json(const struct top_view *v, FILE *f, time_t now)
{
    struct tm tm;
    char when[32];
    gmtime_r(&now, &tm);
    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
    struct json j;
    json_init(&j, f);
    json_obj_begin(&j);
    json_kv_str(&j, "time", when);
    json_key(&j, "guest");
    json_obj_begin(&j);
    json_kv_u64(&j, "mem_total", v->total);
    json_kv_u64(&j, "mem_free", v->free);
    json_kv_u64(&j, "used", v->used);
    json_kv_u64(&j, "buff_cache", v->buff_cache);
    json_kv_u64(&j, "reclaimable_cache", v->cache);
    json_kv_u64(&j, "held_by_programs", v->programs);
    json_kv_u64(&j, "swap_total", v->swap_total);
    json_kv_u64(&j, "swap_used", v->swap_used);
    json_kv_u64(&j, "host_view_used", v->host_view);
    json_obj_end(&j);
    json_key(&j, "wsl_memory_limit");
    if (v->limit) {
        json_obj_begin(&j);
        json_kv_u64(&j, "bytes", v->limit);
        json_kv_str(&j, "from", v->limit_from);
        json_obj_end(&j);
    } else {
        json_null(&j);
    }
    json_key(&j, "psi_some_avg10");
    v->psi ? json_centi(&j, v->psi_some10) : json_null(&j);
    json_kv_str(&j, "sort", v->sort == TOP_SORT_PSS ? "pss" : "rss");
    json_key(&j, "processes");
    json_arr_begin(&j);
    for (unsigned i = 0; i < v->nprocs; i++) {
        const struct proc_info *p = &v->procs[i];
        json_obj_begin(&j);
        json_kv_i64(&j, "pid", p->pid);
        json_kv_str(&j, "name", p->name);
        json_kv_u64(&j, "rss", p->rss);
        json_key(&j, "pss");
        p->has_smaps ? json_u64(&j, p->pss) : json_null(&j);
        json_obj_end(&j);
    }
    json_arr_end(&j);
    json_obj_end(&j);
    json_finish(&j);
}

static size_t put_cell(char *buf, size_t at, size_t n, const char *cell)
{
    size_t l = strlen(cell);
    if (at + l < n) {
        memcpy(buf + at, cell, l);
        at += l;
    }
    return at;
}

char *top_bar(uint64_t used, uint64_t cache, uint64_t total, unsigned width, bool utf8, char *buf,
              size_t n)
{
    size_t at = 0;
    unsigned u = 0, c = 0;
    if (total) {
        u = (unsigned)((long double)used * width / total + 0.5L);
        c = (unsigned)((long double)(used + cache) * width / total + 0.5L);
        if (u > width)
            u = width;
        if (c > width)
            c = width;
        if (c < u)
            c = u;
    }
    for (unsigned i = 0; i < width; i++)
        at = put_cell(buf, at, n,
                      i < u   ? (utf8 ? "█" : "#")
                      : i < c ? (utf8 ? "▒" : "=")
                              : (utf8 ? "·" : "."));
    buf[at < n ? at : n - 1] = '\0';
    return buf;
}

char *top_sparkline(const uint64_t *v, unsigned count, bool utf8, char *buf, size_t size)
{
    static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
    static const char ascii[] = "_.-~=*#@";
    size_t at = 0;
    for (unsigned i = 0; i < count; i++) {
        /* 0 % is the lowest cell; 25 % or more the highest */
        uint64_t x = v[i] >= 2500 ? 7 : v[i] * 8 / 2500;
        char a[2] = {ascii[x], 0};
        at = put_cell(buf, at, size, utf8 ? blocks[x] : a);
    }
    buf[at < size ? at : size - 1] = '\0';
    return buf;
}

void top_view_draw(const struct top_view *v, bool utf8)
{
    int rows, cols;
    tui_size(&rows, &cols);
    tui_erase();
    int y = 0;
    tui_bold(true);
    tui_printf_at(y++, 0, "%s", v->title);
    tui_bold(false);
    tui_printf_at(y++, 0, "q quit · s sort by %s · r reclaim",
                  v->sort == TOP_SORT_RSS ? "PSS" : "RSS");
    y++;
    int width = cols - 30;
    if (width < 10)
        width = 10;
    if (width > 80)
        width = 80;
    char bar[1024];
    tui_printf_at(y, 0, "Guest  [");
    tui_printf("%s",
               top_bar(v->programs, v->cache, v->total, (unsigned)width, utf8, bar, sizeof(bar)));
    tui_printf("] %s", size_str(v->total));
    y++;
    tui_printf_at(y++, 0, "       held by programs %s  reclaimable cache %s  free %s",
                  size_str(v->programs), size_str(v->cache), size_str(v->free));
    /* the host view: where Windows' count ends on the same scale */
    if (v->total) {
        int at = (int)((long double)v->host_view * width / v->total + 0.5L);
        if (at > width)
            at = width;
        /* the .wslconfig's limit: at the bar's end when it took effect (the
         * kernel keeps a little of it, so MemTotal is just below) */
        if (v->limit) {
            int lat = v->limit >= v->total ? width
                                           : (int)((long double)v->limit * width / v->total + 0.5L);
            tui_printf_at(y, 8 + (lat > 0 ? lat - 1 : 0), "%s", utf8 ? "┆" : "|");
        }
        tui_printf_at(y, 8 + (at > 0 ? at - 1 : 0), "%s", utf8 ? "▲" : "^");
        tui_printf(" Windows sees %s", size_str(v->host_view));
        if (v->limit) {
            tui_printf_at(y + 1, 8, "%s limit memory=%s (%s)%s", utf8 ? "┆" : "|",
                          size_str(v->limit), v->limit_from,
                          v->limit + 600 * MIB < v->total
                              ? ": the VM has more, WSL was not restarted since"
                              : "");
        }
    }
    y += 2;
    tui_printf_at(y, 0, "Swap   [");
    tui_printf("%s", top_bar(v->swap_used, 0, v->swap_total ? v->swap_total : 1, (unsigned)width,
                             utf8, bar, sizeof(bar)));
    tui_printf("] %s of %s", size_str(v->swap_used), size_str(v->swap_total));
    y++;
    if (v->psi) {
        char spark[TOP_PSI_HISTORY * 4 + 1];
        tui_printf_at(y++, 0, "PSI    some avg10 %llu.%02llu%%  %s",
                      (unsigned long long)(v->psi_some10 / 100),
                      (unsigned long long)(v->psi_some10 % 100),
                      top_sparkline(v->psi_hist, v->psi_n, utf8, spark, sizeof(spark)));
    } else {
        tui_printf_at(y++, 0, "PSI    unavailable (kernelCommandLine=psi=1 turns it on)");
    }
    tui_printf_at(y++, 0, "Last reclaim: %s",
                  v->last_reclaim[0] ? v->last_reclaim : "none this session");
    y++;
    tui_bold(true);
    tui_printf_at(y++, 0, "%7s  %-16s %10s %10s %10s %10s %10s", "PID", "NAME", "RSS", "PSS",
                  "ANON", "FILE", "SWAP");
    tui_bold(false);
    for (unsigned i = 0; i < v->nprocs && y < rows - 1; i++) {
        const struct proc_info *p = &v->procs[i];
        char name[80];
        text_sanitize(p->name, strlen(p->name), name, sizeof(name));
        tui_printf_at(y++, 0, "%7d  %-16.16s %10s %10s %10s %10s %10s", p->pid, name,
                      size_str(p->rss), p->has_smaps ? size_str(p->pss) : "-",
                      size_str(p->rss_anon), size_str(p->rss_file), size_str(p->swap));
    }
    if (v->status[0])
        tui_printf_at(rows - 1, 0, "%s", v->status);
    tui_refresh();
}

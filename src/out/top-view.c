#include "out/top-view.h"
#include "out/status-json.h"

#include <stdlib.h>
#include <string.h>

#include "out/text.h"
#include "out/json.h"
#include "out/tui.h"
#include "rules/thresholds.h"
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
    v->available = mi->mem_available;
    v->live = m->live;
    v->psi = m->psi_st.state == PROBE_OK;
    v->psi_some10 = v->psi ? m->psi.some.avg10 : 0;
    v->psi_has_full = v->psi && m->psi.has_full;
    v->psi_full10 = v->psi_has_full ? m->psi.full.avg10 : 0;
    if (v->psi) {
        if (v->psi_n == TOP_PSI_HISTORY) {
            memmove(v->psi_hist, v->psi_hist + 1, (TOP_PSI_HISTORY - 1) * sizeof(v->psi_hist[0]));
            v->psi_n--;
        }
        v->psi_hist[v->psi_n++] = v->psi_some10;
    }
    v->nprocs = 0;
    memset(v->cmdline, 0, sizeof(v->cmdline));
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
    if (v->has_loaded)
        loaded_models_json(&j, &v->loaded);
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

static unsigned cells_of(uint64_t bytes, uint64_t scale, unsigned width)
{
    unsigned c = (unsigned)((long double)bytes * width / scale + 0.5L);
    return c > width ? width : c;
}

struct top_bar_cells top_bar_split(uint64_t used, uint64_t cache, uint64_t total, uint64_t scale,
                                   unsigned width)
{
    struct top_bar_cells b = {0, 0, width, 0};
    if (!total)
        return b;
    if (scale < total)
        scale = total;
    /* boundaries rounded once each, so the segments always add up to width */
    unsigned u = cells_of(used, scale, width);
    unsigned c = cells_of(sat_add_u64(used, cache), scale, width);
    unsigned t = cells_of(total, scale, width);
    if (c < u)
        c = u;
    if (t < c)
        t = c;
    b.used = u;
    b.cache = c - u;
    b.free = t - c;
    b.beyond = width - t;
    return b;
}

unsigned top_marker_cell(uint64_t value, uint64_t scale, unsigned width)
{
    if (!scale || !width)
        return 0;
    unsigned at = cells_of(value, scale, width);
    return at ? at - 1 : 0;
}

enum tui_style top_available_style(uint64_t available, uint64_t total)
{
    if (!total)
        return TUI_PLAIN;
    /* as mem.low-available: whole percent, rounded down */
    unsigned p = (unsigned)((long double)available * 100 / total);
    return p < LOW_AVAILABLE_CRIT_PCT ? TUI_CRIT : p < LOW_AVAILABLE_WARN_PCT ? TUI_WARN : TUI_OK;
}

enum tui_style top_psi_style(uint64_t some10, bool has_full, uint64_t full10)
{
    if (has_full && full10 >= PSI_FULL_CRIT)
        return TUI_CRIT;
    return some10 >= PSI_SOME_WARN ? TUI_WARN : TUI_OK;
}

char *top_bar(uint64_t used, uint64_t cache, uint64_t total, unsigned width, bool utf8, char *buf,
              size_t n)
{
    size_t at = 0;
    struct top_bar_cells b = top_bar_split(used, cache, total, total, width);
    for (unsigned i = 0; i < width; i++)
        at = put_cell(buf, at, n,
                      i < b.used             ? (utf8 ? "█" : "#")
                      : i < b.used + b.cache ? (utf8 ? "▒" : "=")
                      : i < width - b.beyond ? (utf8 ? "·" : ".")
                                             : " ");
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

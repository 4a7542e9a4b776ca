#include "out/prom.h"

#include "util/parse.h"

static void metric(struct strbuf *o, const char *name, const char *type, const char *help)
{
    strbuf_addf(o, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void u64(struct strbuf *o, const char *name, const char *type, const char *help, uint64_t v)
{
    metric(o, name, type, help);
    strbuf_addf(o, "%s %llu\n", name, (unsigned long long)v);
}

/* micro-units as an exact decimal: 1234567 -> 1.234567 */
static void micro(struct strbuf *o, uint64_t v)
{
    strbuf_addf(o, "%llu.%06llu", (unsigned long long)(v / 1000000),
                (unsigned long long)(v % 1000000));
}

void prom_render(const struct prom_metrics *m, struct strbuf *o)
{
    if (m->has_mem) {
        u64(o, "headroom_memory_total_bytes", "gauge", "MemTotal of the guest.", m->mem_total);
        u64(o, "headroom_memory_free_bytes", "gauge", "MemFree of the guest.", m->mem_free);
        u64(o, "headroom_memory_available_bytes", "gauge", "MemAvailable of the guest.",
            m->mem_available);
        u64(o, "headroom_host_view_used_bytes", "gauge",
            "MemTotal - MemFree: what the host (Vmmem on WSL2) holds for this VM.",
            sat_sub_u64(m->mem_total, m->mem_free));
        u64(o, "headroom_page_cache_bytes", "gauge", "Cached + Buffers.",
            sat_add_u64(m->cached, m->buffers));
        u64(o, "headroom_file_cache_bytes", "gauge",
            "Active(file) + Inactive(file) + SReclaimable: what reclaim can take.", m->file_cache);
        u64(o, "headroom_shmem_bytes", "gauge", "Shmem: shared memory and tmpfs, not droppable.",
            m->shmem);
        u64(o, "headroom_mapped_bytes", "gauge", "Mapped: file pages mapped by processes.",
            m->mapped);
        /* the denominator of swap used, for an alert on swap filling */
        u64(o, "headroom_swap_total_bytes", "gauge", "SwapTotal of the guest.", m->swap_total);
        u64(o, "headroom_swap_used_bytes", "gauge", "SwapTotal - SwapFree.",
            sat_sub_u64(m->swap_total, m->swap_free));
    }
    if (m->has_psi) {
        metric(o, "headroom_psi_memory_avg10_ratio", "gauge",
               "PSI memory pressure over 10 s, 0-1 (/proc/pressure/memory).");
        strbuf_addf(o, "headroom_psi_memory_avg10_ratio{kind=\"some\"} %llu.%04llu\n",
                    (unsigned long long)(m->psi_some_avg10 / 10000),
                    (unsigned long long)(m->psi_some_avg10 % 10000));
        if (m->has_psi_full)
            strbuf_addf(o, "headroom_psi_memory_avg10_ratio{kind=\"full\"} %llu.%04llu\n",
                        (unsigned long long)(m->psi_full_avg10 / 10000),
                        (unsigned long long)(m->psi_full_avg10 % 10000));
        metric(o, "headroom_psi_memory_stall_seconds_total", "counter",
               "Cumulative memory stall time (PSI total).");
        strbuf_addstr(o, "headroom_psi_memory_stall_seconds_total{kind=\"some\"} ");
        micro(o, m->psi_some_total_us);
        strbuf_addch(o, '\n');
        if (m->has_psi_full) {
            strbuf_addstr(o, "headroom_psi_memory_stall_seconds_total{kind=\"full\"} ");
            micro(o, m->psi_full_total_us);
            strbuf_addch(o, '\n');
        }
    }
    if (m->has_refault)
        u64(o, "headroom_refault_file_bytes_total", "counter",
            "File pages read back soon after eviction (vmstat workingset_refault_file).",
            m->refault_file_bytes);
    u64(o, "headroom_protected_bytes", "gauge",
        "Resident file pages of running inference processes, never asked for.", m->protected_bytes);
    u64(o, "headroom_reclaim_floor_bytes", "gauge", "File cache gradual reclaim keeps.",
        m->floor_bytes);
    metric(o, "headroom_watch_mode", "gauge", "The reclaim mode in force (1 for the mode).");
    strbuf_addf(o, "headroom_watch_mode{mode=\"%s\",dry_run=\"%s\"} 1\n", m->mode,
                m->dry_run ? "true" : "false");
    u64(o, "headroom_watch_idle", "gauge", "1 while the CPU has been idle long enough.", m->idle);
    u64(o, "headroom_watch_samples_total", "counter", "Samples taken.", m->samples);
    metric(o, "headroom_reclaim_actions_total", "counter", "Reclaims done, by kind.");
    strbuf_addf(o, "headroom_reclaim_actions_total{kind=\"drop_caches\"} %llu\n",
                (unsigned long long)m->drops);
    strbuf_addf(o, "headroom_reclaim_actions_total{kind=\"memory_reclaim\"} %llu\n",
                (unsigned long long)m->reclaims);
    u64(o, "headroom_reclaim_requested_bytes_total", "counter", "Bytes asked of memory.reclaim.",
        m->bytes_asked);
    u64(o, "headroom_reclaim_freed_bytes_total", "counter",
        "MemFree gained across reclaims (what the host can take back).", m->bytes_freed);
    metric(o, "headroom_reclaim_stops_total", "counter", "Gradual reclaim stopped, by reason.");
    strbuf_addf(o, "headroom_reclaim_stops_total{reason=\"pressure\"} %llu\n",
                (unsigned long long)m->stops_pressure);
    strbuf_addf(o, "headroom_reclaim_stops_total{reason=\"refaults\"} %llu\n",
                (unsigned long long)m->stops_refault);
    u64(o, "headroom_reclaim_rate_limited_total", "counter", "Actions held back by rate limits.",
        m->rate_limited);
    u64(o, "headroom_reclaim_errors_total", "counter", "Reclaim writes that failed.", m->errors);
    metric(o, "headroom_reclaim_seconds_total", "counter", "Time spent in reclaim writes.");
    strbuf_addstr(o, "headroom_reclaim_seconds_total ");
    micro(o, m->reclaim_seconds_us);
    strbuf_addch(o, '\n');
}

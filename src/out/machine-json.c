#include "out/machine-json.h"

#include <stdio.h>

#include "version.h"

static void psi_line(struct json *j, const char *key, const struct psi_line *l)
{
    json_key(j, key);
    json_obj_begin(j);
    json_kv_centi(j, "avg10", l->avg10);
    json_kv_centi(j, "avg60", l->avg60);
    json_kv_centi(j, "avg300", l->avg300);
    json_kv_u64(j, "total_us", l->total_us);
    json_obj_end(j);
}

static void cgroup_mem(struct json *j, const char *key, const struct cgroup_mem *c,
                       const struct probe_status *st)
{
    json_key(j, key);
    if (st->state != PROBE_OK) {
        json_null(j);
        return;
    }
    json_obj_begin(j);
    json_key(j, "current");
    c->has_current ? json_u64(j, c->current) : json_null(j);
    json_key(j, "max");
    c->has_max && c->max != UINT64_MAX ? json_u64(j, c->max) : json_null(j);
    json_key(j, "peak");
    c->has_peak ? json_u64(j, c->peak) : json_null(j);
    if (c->has_stat) {
        json_kv_u64(j, "anon", c->anon);
        json_kv_u64(j, "file", c->file);
        json_kv_u64(j, "shmem", c->shmem);
    }
    json_obj_end(j);
}

void machine_json_disk_fs(struct json *j, const struct disk_fs *fs)
{
    json_obj_begin(j);
    json_kv_str(j, "fs_type", disk_fs_type_name(fs->fs_type));
    json_kv_u64(j, "fs_magic", fs->fs_type);
    json_kv_u64(j, "size", disk_fs_size(fs));
    json_kv_u64(j, "used", disk_fs_used(fs));
    json_kv_u64(j, "free", disk_fs_free(fs));
    json_kv_u64(j, "available", disk_fs_available(fs));
    json_kv_u64(j, "block_size", fs->block_size);
    json_obj_end(j);
}

void machine_json_disk_open(struct json *j, const struct machine *m)
{
    json_key(j, "disk");
    json_obj_begin(j);
    json_key(j, "root_fs");
    if (m->disk_st.state == PROBE_OK) {
        machine_json_disk_fs(j, &m->disk);
        json_kv_null(j, "root_fs_error");
    } else {
        char why[700];
        json_null(j);
        json_kv_str(j, "root_fs_error", probe_status_reason(&m->disk_st, why, sizeof(why)));
    }
}

void machine_json_members(struct json *j, const struct machine *m, const char *root_path)
{
    const struct meminfo *mi = &m->meminfo;
    json_kv_str(j, "headroom_version", HEADROOM_VERSION);
    json_key(j, "source");
    json_obj_begin(j);
    json_kv_bool(j, "live", m->live);
    json_kv_str(j, "root", root_path);
    json_obj_end(j);

    json_key(j, "guest");
    json_obj_begin(j);
    json_kv_u64(j, "mem_total", mi->mem_total);
    json_kv_u64(j, "mem_free", mi->mem_free);
    json_kv_u64(j, "mem_available", mi->mem_available);
    json_kv_bool(j, "mem_available_estimated", !mi->has_mem_available);
    json_kv_u64(j, "used", machine_used(m));
    json_kv_u64(j, "buffers", mi->buffers);
    json_kv_u64(j, "cached", mi->cached);
    json_kv_u64(j, "shmem", mi->shmem);
    json_kv_u64(j, "s_reclaimable", mi->s_reclaimable);
    json_kv_u64(j, "buff_cache", machine_buff_cache(m));
    json_kv_u64(j, "reclaimable_cache", machine_reclaimable_cache(m));
    json_kv_u64(j, "held_by_programs", machine_held_by_programs(m));
    json_kv_u64(j, "droppable_cache", machine_droppable_cache(m));
    json_kv_u64(j, "anon_pages", mi->anon_pages);
    json_kv_u64(j, "mapped", mi->mapped);
    json_kv_u64(j, "dirty", mi->dirty);
    json_kv_u64(j, "swap_total", mi->swap_total);
    json_kv_u64(j, "swap_free", mi->swap_free);
    json_kv_u64(j, "swap_used", machine_swap_used(m));
    json_kv_u64(j, "host_view_used", machine_host_view_used(m));
    uint64_t unrep;
    json_key(j, "host_view_unreported_free");
    machine_unreportable_free(m, &unrep) ? json_u64(j, unrep) : json_null(j);
    json_obj_end(j);

    json_key(j, "cpus");
    m->cpus_st.state == PROBE_OK ? json_u64(j, m->cpus.online) : json_null(j);

    json_key(j, "swaps");
    if (m->swaps_st.state == PROBE_OK) {
        json_arr_begin(j);
        for (size_t i = 0; i < m->swaps.n; i++) {
            const struct swap_area *a = &m->swaps.areas[i];
            json_obj_begin(j);
            json_kv_str(j, "filename", a->filename);
            json_kv_str(j, "type", a->type);
            json_kv_u64(j, "size", a->size);
            json_kv_u64(j, "used", a->used);
            json_kv_i64(j, "priority", a->priority);
            json_obj_end(j);
        }
        json_arr_end(j);
    } else {
        json_null(j);
    }

    json_key(j, "wsl");
    json_obj_begin(j);
    json_kv_bool(j, "detected", m->wsl.kind == WSL_2);
    json_kv_str(j, "kind", wsl_kind_name(m->wsl.kind));
    json_kv_str(j, "kernel", machine_kernel_release(m));
    json_kv_str(j, "version", m->wsl.version[0] ? m->wsl.version : NULL);
    json_kv_str(j, "version_source", m->wsl.version_source);
    json_kv_str(j, "distro", m->wsl.distro[0] ? m->wsl.distro : NULL);
    json_kv_bool(j, "interop", m->wsl.interop);
    json_kv_bool(j, "run_wsl", m->wsl.run_wsl);
    json_kv_bool(j, "gpu_lib_dir", m->wsl.lib_dir);
    json_kv_bool(j, "wslg", m->wsl.wslg);
    json_key(j, "nr_cpus");
    m->cmdline.has_nr_cpus ? json_u64(j, m->cmdline.nr_cpus) : json_null(j);
    json_key(j, "page_reporting_order");
    m->cmdline.has_page_reporting_order ? json_u64(j, m->cmdline.page_reporting_order)
                                        : json_null(j);
    json_obj_end(j);

    json_key(j, "psi");
    if (m->psi_st.state == PROBE_OK) {
        json_obj_begin(j);
        psi_line(j, "some", &m->psi.some);
        if (m->psi.has_full)
            psi_line(j, "full", &m->psi.full);
        else
            json_kv_null(j, "full");
        json_obj_end(j);
    } else {
        json_null(j);
    }

    json_key(j, "cgroup");
    json_obj_begin(j);
    json_kv_str(j, "mode", cgroup_mode_name(m->cgroup.mode));
    json_kv_str(j, "own_path", m->cgroup.own_path[0] ? m->cgroup.own_path : NULL);
    cgroup_mem(j, "root", &m->cgroup.root, &m->cgroup.root_st);
    cgroup_mem(j, "own", &m->cgroup.own, &m->cgroup.own_st);
    json_obj_end(j);

    json_key(j, "processes");
    json_arr_begin(j);
    for (size_t i = 0; i < m->procs.n; i++) {
        const struct proc_info *p = &m->procs.procs[i];
        json_obj_begin(j);
        json_kv_i64(j, "pid", p->pid);
        json_kv_str(j, "name", p->name);
        json_kv_u64(j, "rss", p->rss);
        json_key(j, "pss");
        p->has_smaps ? json_u64(j, p->pss) : json_null(j);
        json_kv_u64(j, "rss_anon", p->rss_anon);
        json_kv_u64(j, "rss_file", p->rss_file);
        json_kv_u64(j, "rss_shmem", p->rss_shmem);
        json_kv_u64(j, "swap", p->swap);
        json_kv_u64(j, "vm_hwm", p->vm_hwm);
        json_obj_end(j);
    }
    json_arr_end(j);

    json_key(j, "probes");
    json_arr_begin(j);
    struct machine_probe_ref refs[32];
    size_t n = machine_probes(m, refs, 32);
    for (size_t i = 0; i < n; i++) {
        char why[700];
        json_obj_begin(j);
        json_kv_str(j, "name", refs[i].name);
        json_kv_str(j, "path", refs[i].st->path);
        json_kv_str(j, "state", probe_state_name(refs[i].st->state));
        json_key(j, "reason");
        refs[i].st->state == PROBE_OK
            ? json_null(j)
            : json_str(j, probe_status_reason(refs[i].st, why, sizeof(why)));
        json_obj_end(j);
    }
    json_arr_end(j);
}

#include "out/win-host-json.h"

#include <stdio.h>

#include "out/win-disk-json.h"

static void kv_error(struct json *j, const char *key, const char *why)
{
    char ek[96];
    json_kv_null(j, key);
    snprintf(ek, sizeof(ek), "%s_error", key);
    json_kv_str(j, ek, why);
}

void json_kv_win_u64(struct json *j, const char *key, const struct win_u64 *v)
{
    if (v->known)
        json_kv_u64(j, key, v->v);
    else
        kv_error(j, key, v->why);
}

void json_kv_win_bool(struct json *j, const char *key, const struct win_bool *v)
{
    if (v->known)
        json_kv_bool(j, key, v->v);
    else
        kv_error(j, key, v->why);
}

void json_kv_win_str(struct json *j, const char *key, const struct win_str *v)
{
    if (v->s)
        json_kv_str(j, key, v->s);
    else
        kv_error(j, key, v->why);
}

static void kv_enum(struct json *j, const char *key, const char *name, const char *why)
{
    if (name)
        json_kv_str(j, key, name);
    else
        kv_error(j, key, why);
}

static void proc_members(struct json *j, const struct win_proc *p)
{
    json_kv_str(j, "name", p->name);
    json_kv_u64(j, "pid", p->pid);
    json_kv_win_u64(j, "working_set", &p->working_set);
    json_kv_win_u64(j, "private_bytes", &p->private_bytes);
}

static void group(struct json *j, const struct win_group *g)
{
    json_obj_begin(j);
    json_kv_str(j, "name", g->name);
    json_kv_u64(j, "processes", g->processes);
    json_kv_u64(j, "unreadable", g->unreadable);
    json_kv_u64(j, "working_set", g->working_set);
    json_kv_u64(j, "private_bytes", g->private_bytes);
    json_obj_end(j);
}

void win_host_json_members(struct json *j, const struct win_host *h)
{
    json_kv_str(j, "source", win_source_name(h->source));
    json_kv_str(j, "source_version", h->source_version);

    json_key(j, "os");
    json_obj_begin(j);
    json_kv_win_str(j, "product_name", &h->product_name);
    json_kv_win_str(j, "display_version", &h->display_version);
    json_kv_win_str(j, "version", &h->version);
    json_kv_win_u64(j, "build", &h->build);
    json_kv_win_u64(j, "ubr", &h->ubr);
    const char *fam = h->build.known ? win_product_family(h->build.v) : NULL;
    const char *rel = h->build.known ? win_release_name(h->build.v) : NULL;
    if (fam)
        json_kv_str(j, "family", fam);
    else
        kv_error(j, "family", h->build.known ? "build older than Windows 10" : h->build.why);
    if (rel)
        json_kv_str(j, "release", rel);
    else
        kv_error(j, "release", h->build.known ? "build not in headroom's table" : h->build.why);
    json_obj_end(j);

    json_key(j, "memory");
    json_obj_begin(j);
    json_kv_win_u64(j, "total", &h->mem_total);
    json_kv_win_u64(j, "available", &h->mem_available);
    json_kv_win_u64(j, "commit_total", &h->commit_total);
    json_kv_win_u64(j, "commit_limit", &h->commit_limit);
    json_kv_win_u64(j, "nonpaged_pool", &h->nonpaged_pool);
    json_kv_win_u64(j, "paged_pool", &h->paged_pool);
    json_obj_end(j);

    json_kv_win_u64(j, "process_count", &h->process_count);
    if (h->has_vmmem) {
        json_key(j, "vmmem");
        json_obj_begin(j);
        proc_members(j, &h->vmmem);
        json_obj_end(j);
    } else {
        kv_error(j, "vmmem", h->vmmem_why);
    }
    if (h->has_browsers) {
        json_key(j, "browsers");
        json_arr_begin(j);
        for (size_t i = 0; i < h->nbrowsers; i++)
            group(j, &h->browsers[i]);
        json_arr_end(j);
    } else {
        kv_error(j, "browsers", h->browsers_why);
    }
    if (h->has_widgets) {
        json_key(j, "widgets");
        group(j, &h->widgets);
    } else {
        kv_error(j, "widgets", h->widgets_why);
    }
    if (h->has_top) {
        json_key(j, "top_processes");
        json_arr_begin(j);
        for (size_t i = 0; i < h->ntop; i++) {
            json_obj_begin(j);
            proc_members(j, &h->top[i]);
            json_obj_end(j);
        }
        json_arr_end(j);
    } else {
        kv_error(j, "top_processes", h->top_why);
    }

    if (h->has_services) {
        json_key(j, "services");
        json_arr_begin(j);
        for (size_t i = 0; i < h->nservices; i++) {
            const struct win_service *s = &h->services[i];
            json_obj_begin(j);
            json_kv_str(j, "name", s->name);
            json_kv_str(j, "display_name", s->display_name);
            kv_enum(j, "state", win_svc_state_name(s->state), s->state_why);
            kv_enum(j, "start_type", win_start_type_name(s->start_type), s->start_why);
            json_kv_win_bool(j, "delayed_auto_start", &s->delayed_auto_start);
            json_kv_win_u64(j, "pid", &s->pid);
            json_kv_u64(j, "process_services", s->process_services);
            json_kv_win_u64(j, "working_set", &s->working_set);
            json_obj_end(j);
        }
        json_arr_end(j);
    } else {
        kv_error(j, "services", h->services_why);
    }

    json_key(j, "ndu");
    json_obj_begin(j);
    json_kv_win_u64(j, "start", &h->ndu_start);
    kv_enum(j, "state", win_svc_state_name(h->ndu_state), h->ndu_state_why);
    json_obj_end(j);

    if (h->has_adapters) {
        json_key(j, "adapters");
        json_arr_begin(j);
        for (size_t i = 0; i < h->nadapters; i++) {
            json_obj_begin(j);
            json_kv_str(j, "name", h->adapters[i].name);
            json_kv_str(j, "description", h->adapters[i].description);
            json_kv_bool(j, "killer", h->adapters[i].killer);
            json_kv_bool(j, "msi", h->adapters[i].msi);
            json_obj_end(j);
        }
        json_arr_end(j);
    } else {
        kv_error(j, "adapters", h->adapters_why);
    }

    json_key(j, "profile");
    json_obj_begin(j);
    json_kv_win_str(j, "path", &h->profile_path);
    json_kv_win_bool(j, "wslconfig", &h->wslconfig);
    json_kv_win_u64(j, "wslconfig_size", &h->wslconfig_size);
    json_obj_end(j);

    if (h->has_gpu_procs) {
        json_key(j, "gpu_processes");
        json_arr_begin(j);
        for (size_t i = 0; i < h->ngpu_procs; i++) {
            const struct win_gpu_proc *p = &h->gpu_procs[i];
            json_obj_begin(j);
            json_kv_u64(j, "pid", p->pid);
            json_kv_str(j, "name", p->name);
            json_kv_u64(j, "dedicated", p->dedicated);
            json_kv_u64(j, "shared", p->shared);
            json_obj_end(j);
        }
        json_arr_end(j);
    } else {
        kv_error(j, "gpu_processes", h->gpu_procs_why);
    }
    json_kv_win_u64(j, "gpu_dedicated_used", &h->gpu_dedicated_used);

    if (h->has_pagefile) {
        json_key(j, "pagefile");
        json_obj_begin(j);
        json_key(j, "paging_files");
        json_arr_begin(j);
        for (size_t i = 0; i < h->npaging_files; i++) {
            const struct win_paging_file *p = &h->paging_files[i];
            json_obj_begin(j);
            json_kv_str(j, "path", p->path);
            json_kv_bool(j, "all_drives", p->all_drives);
            json_kv_bool(j, "system_managed", p->system_managed);
            json_kv_u64(j, "initial_mb", p->initial_mb);
            json_kv_u64(j, "max_mb", p->max_mb);
            json_obj_end(j);
        }
        json_arr_end(j);
        json_obj_end(j);
    } else {
        kv_error(j, "pagefile", h->pagefile_why);
    }
    json_kv_win_u64(j, "uptime_ms", &h->uptime_ms);
    win_disk_json_members(j, &h->disk);
    if (h->has_mic) {
        json_key(j, "microphone");
        json_obj_begin(j);
        const struct win_consent_value *v[2] = {&h->mic, &h->mic_non_packaged};
        static const char *const keys[2] = {"value", "non_packaged"};
        for (int i = 0; i < 2; i++) {
            if (v[i]->v != WIN_CONSENT_UNKNOWN)
                json_kv_str(j, keys[i], v[i]->text);
            else
                kv_error(j, keys[i], v[i]->why);
        }
        json_obj_end(j);
    } else {
        kv_error(j, "microphone", h->mic_why);
    }
}

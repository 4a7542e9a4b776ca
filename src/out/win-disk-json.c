#include "out/win-disk-json.h"

#include <stdio.h>
#include <string.h>

#include "win/host.h"

static void kv_dval(struct json *j, const char *key, const struct win_dval *v)
{
    if (v->known) {
        json_kv_u64(j, key, v->v);
        return;
    }
    char ek[64];
    json_kv_null(j, key);
    snprintf(ek, sizeof(ek), "%s_error", key);
    json_kv_str(j, ek, v->why);
}

static void kv_str_why(struct json *j, const char *key, const char *s, const char *why)
{
    if (s) {
        json_kv_str(j, key, s);
        return;
    }
    char ek[64];
    json_kv_null(j, key);
    snprintf(ek, sizeof(ek), "%s_error", key);
    json_kv_str(j, ek, why);
}

static void kv_tri(struct json *j, const char *key, int v, const char *why)
{
    if (v < 0)
        kv_str_why(j, key, NULL, why);
    else
        json_kv_bool(j, key, v == 1);
}

static void distro_members(struct json *j, const struct win_distro *x)
{
    json_kv_str(j, "guid", x->guid);
    kv_str_why(j, "name", x->name, x->name_why);
    kv_tri(j, "vm_mode", x->vm_mode, x->vm_mode_why);
    kv_str_why(j, "base_path", x->base_path, x->base_why);
    kv_str_why(j, "vhd_path", x->vhd_path, x->vhd_path_why);
    kv_dval(j, "vhd_size", &x->vhd_size);
    kv_dval(j, "vhd_allocated", &x->vhd_alloc);
    kv_str_why(j, "volume", x->volume, x->volume_why);
    kv_dval(j, "volume_total", &x->vol_total);
    kv_dval(j, "volume_free", &x->vol_free);
    kv_dval(j, "volume_available", &x->vol_avail);
}

static void swap_files(struct json *j, const struct win_disk *k)
{
    if (!k->has_temp_files) {
        kv_str_why(j, "temp_files", NULL, k->temp_files_why);
        return;
    }
    json_key(j, "temp_files");
    json_arr_begin(j);
    for (size_t i = 0; i < k->ntemp_files; i++) {
        const struct win_swap_file *s = &k->temp_files[i];
        json_obj_begin(j);
        json_kv_str(j, "path", s->path);
        json_kv_str(j, "name", s->name);
        kv_dval(j, "size", &s->size);
        kv_dval(j, "allocated", &s->alloc);
        kv_dval(j, "age_s", &s->age_s);
        kv_tri(j, "in_use", s->in_use, s->in_use_why);
        json_obj_end(j);
    }
    json_arr_end(j);
    json_kv_bool(j, "temp_files_truncated", k->temp_files_truncated);
}

void win_disk_json_members(struct json *j, const struct win_disk *k)
{
    if (k->has_distros) {
        json_key(j, "wsl_distros");
        json_arr_begin(j);
        for (size_t i = 0; i < k->ndistros; i++) {
            json_obj_begin(j);
            distro_members(j, &k->distros[i]);
            json_obj_end(j);
        }
        json_arr_end(j);
        json_kv_bool(j, "wsl_distros_truncated", k->distros_truncated);
    } else {
        kv_str_why(j, "wsl_distros", NULL, k->distros_why);
    }
    if (!k->has_swap) {
        kv_str_why(j, "wsl_swap", NULL, k->swap_why);
        return;
    }
    json_key(j, "wsl_swap");
    json_obj_begin(j);
    kv_str_why(j, "swap_file", k->swap_file, k->swap_file_why);
    kv_dval(j, "swap_file_size", &k->swap_file_size);
    kv_dval(j, "swap_file_allocated", &k->swap_file_alloc);
    kv_str_why(j, "temp_dir", k->temp_dir, "not in the host document");
    swap_files(j, k);
    json_obj_end(j);
}

void win_disk_json_host(struct json *j, const struct win_host *h, const char *name,
                        const struct disk_fs *fs)
{
    const struct win_distro *x = h->state == WIN_HOST_OK ? win_disk_distro(&h->disk, name) : NULL;
    if (!x) {
        json_kv_null(j, "host");
        const char *why = h->state != WIN_HOST_OK ? h->reason
                          : h->disk.has_distros   ? "this distribution is not among the host's"
                                                  : win_disk_distros_why(&h->disk);
        json_kv_str(j, "host_error", why);
        return;
    }
    json_key(j, "host");
    json_obj_begin(j);
    distro_members(j, x);
    uint64_t v;
    if (win_distro_on_disk(x, &v))
        json_kv_u64(j, "vhd_on_disk", v);
    else
        kv_str_why(j, "vhd_on_disk", NULL, x->vhd_size.why);
    if (fs && win_distro_reclaimable(x, fs, &v)) {
        json_kv_u64(j, "reclaimable_estimate", v);
        json_kv_str(j, "reclaimable_how",
                    "vhd_on_disk - root_fs.used (an estimate: compacting "
                    "gives back about this much)");
    } else {
        json_kv_null(j, "reclaimable_estimate");
        json_kv_str(j, "reclaimable_estimate_error",
                    fs ? "the virtual disk's size is unknown" : "the guest's / was not read");
    }
    uint64_t bytes;
    size_t n = win_swap_orphans(&h->disk, &bytes);
    json_kv_u64(j, "swap_orphans", n);
    json_kv_u64(j, "swap_orphans_bytes", bytes);
    json_obj_end(j);
}

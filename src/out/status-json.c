#include "out/status-json.h"

#include "out/machine-json.h"
#include "out/pyenv-json.h"
#include "out/win-disk-json.h"

void loaded_models_json(struct json *j, const struct loaded_models *lm)
{
    json_key(j, "loaded_models");
    json_obj_begin(j);
    json_kv_str(j, "source", loaded_source_name(lm->source));
    if (lm->source != LOADED_OLLAMA)
        json_kv_str(j, "ollama_error", lm->ollama_why);
    json_key(j, "models");
    json_arr_begin(j);
    if (lm->source == LOADED_OLLAMA) {
        for (unsigned i = 0; i < lm->ps.n; i++) {
            const struct ollama_running *r = &lm->ps.models[i];
            json_obj_begin(j);
            json_kv_str(j, "name", r->name);
            json_kv_u64(j, "size_bytes", r->size);
            if (r->has_vram)
                json_kv_u64(j, "size_vram_bytes", r->size_vram);
            else
                json_kv_null(j, "size_vram_bytes");
            if (r->context_length)
                json_kv_u64(j, "context_length", r->context_length);
            else
                json_kv_null(j, "context_length");
            json_kv_str(j, "expires_at", r->expires_at[0] ? r->expires_at : NULL);
            json_kv_str(j, "family", r->family[0] ? r->family : NULL);
            json_kv_str(j, "parameter_size", r->parameter_size[0] ? r->parameter_size : NULL);
            json_kv_str(j, "quantization", r->quantization[0] ? r->quantization : NULL);
            json_obj_end(j);
        }
    } else {
        for (unsigned i = 0; i < lm->nprocs; i++) {
            const struct loaded_proc *p = &lm->procs[i];
            json_obj_begin(j);
            json_kv_u64(j, "pid", (uint64_t)p->pid);
            json_kv_str(j, "process", p->process);
            json_kv_str(j, "file", p->file);
            json_kv_str(j, "architecture", p->architecture[0] ? p->architecture : NULL);
            if (p->file_bytes)
                json_kv_u64(j, "file_bytes", p->file_bytes);
            else
                json_kv_null(j, "file_bytes");
            json_kv_u64(j, "resident_file_bytes", p->resident);
            json_obj_end(j);
        }
    }
    json_arr_end(j);
    if (lm->source == LOADED_OLLAMA && lm->ps.total > lm->ps.n)
        json_kv_u64(j, "models_not_shown", lm->ps.total - lm->ps.n);
    json_obj_end(j);
}

void status_json_members(struct json *j, const struct machine *m, const struct win_host *h,
                         const struct loaded_models *lm, const char *root_path)
{
    machine_json_members(j, m, root_path);
    machine_json_disk_open(j, m);
    win_disk_json_host(j, h, m->wsl.distro, m->disk_st.state == PROBE_OK ? &m->disk : NULL);
    json_obj_end(j);
    pyenv_json(j, &m->pyenvs);
    loaded_models_json(j, lm);
}

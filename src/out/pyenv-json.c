#include "out/pyenv-json.h"

#include <stdio.h>

static void path_kv(struct json *j, const char *key, const char *rel)
{
    char p[PYENV_PATH + 2];
    snprintf(p, sizeof(p), "/%s", rel);
    json_kv_str(j, key, p);
}

static void one(struct json *j, const struct pyenv *e)
{
    json_obj_begin(j);
    json_kv_str(j, "kind", pyenv_kind_name(e->kind));
    path_kv(j, "prefix", e->prefix);
    path_kv(j, "site_packages", e->site);
    json_kv_str(j, "python", e->python);
    json_kv_bool(j, "active", e->active);
    json_key(j, "torch");
    if (e->torch_st.state == PROBE_OK) {
        json_obj_begin(j);
        json_kv_str(j, "version", e->torch.version);
        json_key(j, "cuda");
        if (e->torch.cuda) {
            char v[16];
            snprintf(v, sizeof(v), "%u.%u", e->torch.cuda_major, e->torch.cuda_minor);
            json_str(j, v);
        } else {
            json_null(j);
        }
        json_kv_bool(j, "rocm", e->torch.hip);
        json_obj_end(j);
        json_kv_null(j, "torch_error");
    } else {
        json_null(j);
        char why[700];
        if (e->torch_st.state == PROBE_UNREAD)
            json_kv_null(j, "torch_error");
        else
            json_kv_str(j, "torch_error", probe_status_reason(&e->torch_st, why, sizeof(why)));
    }
    json_kv_bool(j, "torchvision", e->has_torchvision);
    json_kv_bool(j, "torchaudio", e->has_torchaudio);
    json_key(j, "onnxruntime");
    if (e->has_ort) {
        json_obj_begin(j);
        json_kv_str(j, "package", e->ort_package[0] ? e->ort_package : NULL);
        json_kv_str(j, "version", e->ort_version[0] ? e->ort_version : NULL);
        json_kv_bool(j, "cuda_provider", e->ort_cuda_provider);
        json_kv_u64(j, "packages_installed", e->ort_dists);
        json_obj_end(j);
    } else {
        json_null(j);
    }
    json_key(j, "tensorflow");
    if (e->has_tf) {
        json_obj_begin(j);
        json_kv_str(j, "version", e->tf_version[0] ? e->tf_version : NULL);
        json_obj_end(j);
    } else {
        json_null(j);
    }
    json_obj_end(j);
}

void pyenv_json(struct json *j, const struct pyenv_list *l)
{
    json_key(j, "python_envs");
    json_obj_begin(j);
    json_key(j, "envs");
    json_arr_begin(j);
    for (unsigned i = 0; i < l->n; i++)
        one(j, &l->env[i]);
    json_arr_end(j);
    json_kv_bool(j, "truncated", l->truncated);
    json_obj_end(j);
}

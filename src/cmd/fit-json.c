/* fit --json: one model's object, as fit and fit --list print it. */
#include <string.h>

#include "cmd/fit.h"
#include "model/gguf.h"
#include "model/ggml-types.h"
#include "cmd/model-remote.h"
#include "out/fit-verdict.h"
#include "out/json.h"

void fit_json_entry(struct json *j, const struct fit_entry *e, const struct fit_env *bu)
{
    const struct model *m = &e->m;
    const struct estimate *s = &e->r.est;
    json_key(j, "model");
    json_obj_begin(j);
    json_kv_str(j, "path", e->src.display);
    if (e->src.name)
        json_kv_str(j, "name", e->src.name);
    json_kv_str(j, "format", m->format == MODEL_WHISPER ? "whisper" : "gguf");
    json_kv_str(j, "architecture", m->arch);
    json_kv_u64(j, "n_layer",
                m->format == MODEL_WHISPER ? m->n_text_layer + m->n_audio_layer : m->n_layer);
    json_kv_u64(j, "n_params", m->n_params);
    if (e->ftype[0])
        json_kv_str(j, "file_type", e->ftype);
    else
        json_kv_null(j, "file_type");
    json_kv_u64(j, "n_ctx_train", m->n_ctx_train);
    json_kv_u64(j, "n_vocab", m->n_vocab);
    json_kv_u64(j, "sliding_window", m->n_swa);
    json_kv_u64(j, "file_bytes", m->file_bytes);
    json_kv_u64(j, "splits", m->n_splits);
    if (e->src.remote) {
        /* what reading the header over HTTP took */
        json_key(j, "remote");
        json_obj_begin(j);
        json_kv_str(j, "url", e->src.remote->url);
        json_kv_u64(j, "requests", e->src.remote->requests);
        json_kv_u64(j, "bytes_read", e->src.remote->bytes);
        json_kv_u64(j, "parts_from_cache", e->src.remote->from_cache);
        json_obj_end(j);
    }
    json_key(j, "file_notes"); /* what llama.cpp accepts but is odd */
    json_arr_begin(j);
    for (int o = 0; o < GGUF_ODD_COUNT; o++) {
        if (!m->gguf_odd_at[o])
            continue;
        json_obj_begin(j);
        json_kv_str(j, "id", gguf_oddity_id(o));
        json_kv_u64(j, "offset", m->gguf_odd_at[o]);
        json_kv_str(j, "text", gguf_oddity_text(o));
        json_obj_end(j);
    }
    json_arr_end(j);
    if (m->format == MODEL_WHISPER) {
        json_kv_str(j, "whisper_size", m->whisper_size);
        if (m->whisper_readme_ram)
            json_kv_u64(j, "readme_ram_bytes", m->whisper_readme_ram);
        else
            json_kv_null(j, "readme_ram_bytes");
        json_kv_bool(j, "weights_computed", m->whisper_weights_computed);
    }
    json_obj_end(j);
    json_kv_u64(j, "weights_bytes", s->weights_bytes);
    json_kv_u64(j, "weights_ram_bytes", s->weights_ram);
    json_kv_u64(j, "weights_vram_bytes", s->weights_vram);
    json_kv_u64(j, "mmap_bytes", s->mmap_bytes);
    json_kv_u64(j, "repack_bytes", s->repack_bytes);
    json_kv_u64(j, "kv_bytes", s->kv_bytes);
    json_kv_u64(j, "state_bytes", s->state_bytes);
    json_kv_u64(j, "compute_bytes", s->compute_bytes);
    json_kv_u64(j, "compute_reserved_bytes", s->compute_reserved_bytes);
    json_kv_u64(j, "output_bytes", s->output_bytes);
    json_kv_u64(j, "overhead_bytes", s->overhead_bytes);
    if (m->format == MODEL_WHISPER) {
        json_kv_u64(j, "whisper_decoders", s->whisper_decoders);
        json_kv_u64(j, "whisper_batch_tokens", s->whisper_batch_tokens);
    }
    json_kv_u64(j, "resident_bytes", s->resident_bytes);
    json_kv_u64(j, "load_peak_bytes", s->load_peak_bytes);
    json_kv_u64(j, "ram_bytes", s->ram_bytes);
    json_kv_u64(j, "vram_bytes", s->vram_bytes);
    json_kv_u64(j, "ngl", s->ngl);
    json_kv_bool(j, "cpu_moe", e->r.cpu_moe);
    json_kv_u64(j, "ctx", s->ctx);
    json_kv_u64(j, "max_ctx", e->r.max_ctx);
    json_kv_bool(j, "ctx_above_train", fit_ctx_above_train(m, e->o.ctx));
    json_kv_str(j, "verdict", fit_verdict_key(e->r.verdict));
    struct strbuf sb = STRBUF_INIT;
    fit_command_line(e, &sb);
    json_kv_str(j, "command", sb.buf);
    fit_place_json(j, e);
    json_kv_bool(j, "fits_nowhere", e->r.verdict == FIT_NO && !e->alt.found);
    struct fit_entry shown;
    fit_command_line(fit_shown_entry(e, &shown), &sb);
    fit_alt_json(j, &e->alt, sb.buf);
    strbuf_release(&sb);
    (void)bu;
}

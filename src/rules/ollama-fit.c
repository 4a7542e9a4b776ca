#include "rules/ollama-fit.h"

#include <stdio.h>
#include <string.h>

#include "fit-env.h"
#include "model/ggml-types.h"
#include "probe/nvml.h"
#include "util/parse.h"
#include "util/size.h"

bool ollama_fit_evidence(const struct doctor_input *in, const struct ollama_log *l,
                         const struct ollama_load *ld, struct strbuf *ev, struct fit_result *ret)
{
    const struct doctor_models *ms = in->models;
    if (!ms)
        return false;
    const struct doctor_model *dm = &ms->ollama;
    if (!dm->loaded) {
        strbuf_addf(ev, "; headroom's own fit needs the model file (%s)", dm->why);
        return false;
    }
    if (dm->m.format != MODEL_GGUF)
        return false;
    const struct machine *m = in->m;
    struct estimate_opts o;
    estimate_opts_default(&o);
    /* Ollama's scheduler passes num_ctx x parallel as the runner's
     * --ctx-size (ollama/ollama server/sched.go): the context of one slot
     * is that over the slots. A refused load has no runner command line:
     * then the server's defaults say what was asked. */
    uint32_t parallel = ld->parallel ? ld->parallel : l->env_num_parallel ? l->env_num_parallel : 1;
    uint32_t ctx = ld->has_cmd && ld->ctx_size ? ld->ctx_size / parallel : l->env_context_length;
    const char *ctx_from = ld->has_cmd && ld->ctx_size ? "the runner's --ctx-size"
                           : ctx                       ? "OLLAMA_CONTEXT_LENGTH"
                                 : "fit's default; Ollama's is not in the log";
    o.ctx = ctx;
    o.n_seq = parallel;
    uint32_t kv = GGML_T_F16;
    if (l->env_kv_cache_type[0] && !ggml_type_by_name(l->env_kv_cache_type, &kv))
        kv = GGML_T_F16; /* a type Ollama does not know falls back to f16 */
    o.type_k = o.type_v = kv;
    o.flash_attn = l->has_config ? l->env_flash_attention : o.flash_attn;

    /* fit's own budget and CPU flags (fit-env.h), with its margin for what
     * Windows holds */
    struct fit_env env;
    fit_env_from_machine(m, NULL, &env);
    fit_env_windows_margin(&env, in->host);
    struct fit_budget b = env.b;
    o.cpu_avx2 = env.avx2;
    o.cpu_avx512 = env.avx512;
    struct fit_result r;
    fit_solve(&dm->m, &o, &b, 0, &r);
    const struct estimate *e = &r.est;
    strbuf_addf(ev,
                "; headroom's fit of the same file (%s, %s, at a %u context per slot from %s, "
                "%u slot%s, KV %s, flash attention %s): RAM %s (%s resident + %s page cache of "
                "the mapped file), of which weights %s, KV cache %s, compute %s",
                dm->name, dm->picked, e->ctx, ctx_from, parallel, parallel == 1 ? "" : "s",
                ggml_type_name(kv), o.flash_attn ? "on" : "off", size_str(e->ram_bytes),
                size_str(e->resident_bytes), size_str(e->mmap_bytes), size_str(e->weights_ram),
                size_str(e->kv_ram_bytes), size_str(e->compute_bytes));
    if (e->vram_bytes)
        strbuf_addf(ev, "; VRAM %s for -ngl %u (%s free less a %s margin)", size_str(e->vram_bytes),
                    e->ngl, size_str(b.vram), size_str(b.vram_margin));
    if (m->meminfo_st.state != PROBE_OK)
        strbuf_addstr(ev, "; no /proc/meminfo to fit it into");
    else if (r.verdict == FIT_NO)
        strbuf_addf(ev, ": it does not fit here now (%s%s needed, %s there)",
                    r.need_is_vram ? "VRAM " : "", size_str(r.need), size_str(r.have));
    else
        strbuf_addf(ev, ": it fits here now (MemAvailable %s%s)", size_str(b.ram),
                    r.verdict == FIT_GPU ? ", with the GPU" : "");
    uint64_t ollama = ld->refused         ? ld->refused_required
                      : ld->has_too_large ? ld->tl_requested
                                          : ld->req_full;
    if (ollama && e->ram_bytes + e->vram_bytes) {
        uint64_t mine = sat_add_u64(e->ram_bytes, e->vram_bytes);
        uint64_t hi = mine > ollama ? mine : ollama, lo = mine > ollama ? ollama : mine;
        strbuf_addf(ev, "; Ollama's estimate %s, headroom's %s", size_str(ollama), size_str(mine));
        if (hi > lo + lo / 4)
            strbuf_addf(ev, ", %s apart", size_str(hi - lo));
    }
    if (ret && m->meminfo_st.state == PROBE_OK)
        *ret = r;
    return m->meminfo_st.state == PROBE_OK;
}

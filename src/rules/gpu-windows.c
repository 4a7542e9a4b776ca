/* GPU memory held on the Windows side: what WSL's GPU cannot have. */
#include <stdio.h>
#include <string.h>

#include "fit-env.h"
#include "probe/nvml.h"
#include "rules/rules.h"
#include "util/parse.h"
#include "util/sanitize.h"
#include "util/size.h"

/* what counts as worth closing, and the total worth a finding */
#define HOLDER_MIN (64 * MIB)
#define HELD_MIN   (256 * MIB)

/* What closing the apps (`closable` bytes of `held`) does to the model's
 * offload: fit --ngl auto before and after, with the margin fit keeps
 * (fit-vram.h) for what Windows holds then. 0 and the figures in *now and
 * *closed; -1 without a model or a GPU seen by NVML. */
static int layers_gained(const struct doctor_input *in, const struct doctor_model *dm,
                         uint64_t held, uint64_t closable, struct fit_result *now,
                         struct fit_result *closed, struct fit_budget *bnow,
                         struct fit_budget *bclosed)
{
    const struct machine *m = in->m;
    if (!dm || dm->m.format != MODEL_GGUF || m->nvml_st.state != PROBE_OK || !m->nvml.n)
        return -1;
    struct estimate_opts eo;
    estimate_opts_default(&eo); /* fit's defaults: a 4096 context, -ngl auto */
    struct fit_env env;         /* fit's budget and CPU flags (fit-env.h) */
    if (fit_env_from_machine(m, NULL, &env) < 0)
        env.b.ram = UINT64_MAX; /* the layers depend on the VRAM only */
    eo.cpu_avx2 = env.avx2;
    eo.cpu_avx512 = env.avx512;
    *bnow = env.b;
    bnow->vram_margin = fit_vram_margin_bytes(held);
    *bclosed = *bnow;
    bclosed->vram = sat_add_u64(bnow->vram, closable);
    bclosed->vram_margin = fit_vram_margin_bytes(sat_sub_u64(held, closable));
    fit_solve(&dm->m, &eo, bnow, 0, now);
    fit_solve(&dm->m, &eo, bclosed, 0, closed);
    return 0;
}

void check_gpu_vram_held_by_windows(const struct doctor_input *in, struct rule_out *o)
{
    const struct win_host *h = in->host;
    if (!h || h->state != WIN_HOST_OK) {
        rule_skip(o, "no Windows host data");
        return;
    }
    if (!h->has_gpu_procs) {
        char why[WIN_WHY_MAX];
        rule_skip(o, "no GPU memory per process in the host data (%s)",
                  text_sanitize(h->gpu_procs_why, strlen(h->gpu_procs_why), why, sizeof(why)));
        return;
    }
    struct strbuf apps = STRBUF_INIT, sys = STRBUF_INIT;
    uint64_t closable = 0, system = 0;
    size_t napps = 0;
    for (size_t i = 0; i < h->ngpu_procs; i++) {
        const struct win_gpu_proc *p = &h->gpu_procs[i];
        char name[96];
        text_sanitize(p->name ? p->name : "?", strlen(p->name ? p->name : "?"), name, sizeof(name));
        if (win_gpu_system_process(p->name)) {
            system = sat_add_u64(system, p->dedicated);
            if (p->dedicated)
                strbuf_addf(&sys, "%s%s %s", sys.len ? ", " : "", name, size_str(p->dedicated));
            continue;
        }
        if (p->dedicated < HOLDER_MIN || !p->name)
            continue;
        closable = sat_add_u64(closable, p->dedicated);
        strbuf_addf(&apps, "%s%s %s (PID %llu)", napps ? ", " : "", name, size_str(p->dedicated),
                    (unsigned long long)p->pid);
        napps++;
    }
    if (closable < HELD_MIN) {
        strbuf_release(&apps);
        strbuf_release(&sys);
        return;
    }
    uint64_t held = 0;
    fit_vram_windows_held(h, &held);
    const struct doctor_model *dm = doctor_model_pick(in);
    struct fit_result now, closed;
    struct fit_budget bnow, bclosed;
    bool weighed = layers_gained(in, dm, held, closable, &now, &closed, &bnow, &bclosed) == 0;
    struct strbuf gain = STRBUF_INIT;
    if (weighed) {
        uint32_t all = dm->m.n_layer + 1; /* the output layer counts as one, as in fit */
        if (closed.est.ngl > now.est.ngl)
            strbuf_addf(&gain, ": closing them fits %u more layers of %s (%u of %u on the GPU)",
                        closed.est.ngl - now.est.ngl, dm->name, closed.est.ngl, all);
        else if (now.est.ngl >= all)
            strbuf_addf(&gain, "; %s fits on the GPU whole already (%u layers)", dm->name, all);
        else
            strbuf_addf(&gain, ": closing them fits no more layers of %s (%u of %u on the GPU)",
                        dm->name, now.est.ngl, all);
    }
    struct finding *f =
        rule_emit(o, SEV_INFO, "Windows apps hold %s of the GPU's memory that WSL cannot use: %s%s",
                  size_str(closable), apps.buf, gain.buf);
    strbuf_release(&gain);
    struct strbuf ev = STRBUF_INIT;
    strbuf_addf(&ev, "dedicated GPU memory by process (PDH GPU Process Memory): %s", apps.buf);
    if (sys.len)
        strbuf_addf(&ev, "; Windows itself: %s", sys.buf);
    if (h->gpu_dedicated_used.known)
        strbuf_addf(&ev, "; in use on all adapters %s", size_str(h->gpu_dedicated_used.v));
    const struct machine *m = in->m;
    if (m->nvml_st.state == PROBE_OK && m->nvml.n)
        strbuf_addf(&ev, "; NVML in WSL: %s free of %s", size_str(m->nvml.gpu[0].free),
                    size_str(m->nvml.gpu[0].total));
    if (weighed)
        strbuf_addf(&ev,
                    "; fit --ngl auto for %s (%s, a %u context): %u layers on the GPU with %s free "
                    "and a %s margin for what Windows holds, %u with %s free and a %s margin once "
                    "they are closed",
                    dm->name, dm->picked, now.est.ctx, now.est.ngl, size_str(bnow.vram),
                    size_str(bnow.vram_margin), closed.est.ngl, size_str(bclosed.vram),
                    size_str(bclosed.vram_margin));
    else if (!dm && in->models)
        strbuf_addf(&ev, "; no model to weigh (%s; %s; %s)", in->models->running.why,
                    in->models->ollama.why, in->models->largest.why);
    finding_set_evidence(f, "%s", ev.buf);
    strbuf_release(&ev);
    finding_set_fix(f, "close them before loading a model: what they free is VRAM the model's "
                       "layers can use (headroom fit MODEL --ngl auto shows how many layers fit "
                       "then); VRAM that runs out in WSL does not fall back to system RAM");
    strbuf_release(&apps);
    strbuf_release(&sys);
}

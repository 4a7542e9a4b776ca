/* GPU memory held on the Windows side: what WSL's GPU cannot have. */
#include <stdio.h>
#include <string.h>

#include "rules/rules.h"
#include "util/parse.h"
#include "util/sanitize.h"
#include "util/size.h"

/* what counts as worth closing, and the total worth a finding */
#define HOLDER_MIN (64 * MIB)
#define HELD_MIN   (256 * MIB)

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
    struct finding *f =
        rule_emit(o, SEV_INFO, "Windows apps hold %s of the GPU's memory that WSL cannot use: %s",
                  size_str(closable), apps.buf);
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
    finding_set_evidence(f, "%s", ev.buf);
    strbuf_release(&ev);
    finding_set_fix(f, "close them before loading a model: what they free is VRAM the model's "
                       "layers can use (headroom fit MODEL --ngl auto shows how many layers fit "
                       "then); VRAM that runs out in WSL does not fall back to system RAM");
    strbuf_release(&apps);
    strbuf_release(&sys);
}

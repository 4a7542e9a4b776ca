#include "workload.h"

#include <stdio.h>
#include <string.h>

#include "util/parse.h"
#include "util/size.h"

#define BASELINE_ASSUMED (512 * MIB) /* a distro with a shell and little else */

void workload_size(const struct model *models, const char *const *names, size_t n,
                   const struct estimate_opts *o, const struct fit_env *env,
                   const struct machine *m, const struct budget *typ, const struct budget *minimal,
                   struct workload *w)
{
    memset(w, 0, sizeof(*w));
    if (n > WORKLOAD_MAX_MODELS)
        n = WORKLOAD_MAX_MODELS;
    /* the VM is being sized: RAM is what the models take, not a limit */
    struct fit_budget b = env->b;
    b.ram = UINT64_MAX / 4;
    uint64_t ram = 0;
    struct fit_result r[WORKLOAD_MAX_MODELS];
    for (size_t i = 0; i < n; i++) {
        struct workload_model *x = &w->models[w->n++];
        snprintf(x->name, sizeof(x->name), "%s", names[i]);
        struct estimate_opts oi = *o;
        fit_solve(&models[i], &oi, &b, ram, &r[i]);
        x->ram = r[i].est.ram_bytes;
        x->vram = r[i].est.vram_bytes;
        x->ngl = r[i].est.ngl;
        x->ctx = r[i].est.ctx;
        ram = sat_add_u64(ram, x->ram);
        b.vram = sat_sub_u64(b.vram, x->vram);
    }
    w->models_ram = ram;
    if (m && m->meminfo_st.state == PROBE_OK) {
        w->baseline = machine_held_by_programs(m);
        w->baseline_from = "what the guest's programs hold now (/proc/meminfo)";
    } else {
        w->baseline = BASELINE_ASSUMED;
        w->baseline_from = "assumed for a distro with little else running";
    }
    w->margin = ram / 10 > BASELINE_ASSUMED ? ram / 10 : BASELINE_ASSUMED;
    w->need = sat_add_u64(sat_add_u64(w->baseline, ram), w->margin);
    w->memory = (w->need + GIB - 1) / GIB * GIB;
    if (w->memory < 2 * GIB) /* as the budget's memory=: the least that runs a small model */
        w->memory = 2 * GIB;
    if (typ && typ->left_known) {
        w->room_known = true;
        w->room = typ->left;
        w->fits = w->room >= 0 && w->memory <= (uint64_t)w->room;
        if (!w->fits)
            w->short_by = w->room > 0 ? w->memory - (uint64_t)w->room : w->memory;
    }
    if (minimal && minimal->left_known) {
        w->minimal_known = true;
        w->minimal_room = minimal->left;
    }
    if (w->fits || !w->room_known || w->room <= 0)
        return;
    /* each model's largest context with the others as asked, in the room
     * the profile leaves */
    uint64_t room = (uint64_t)w->room;
    for (size_t i = 0; i < w->n; i++) {
        uint64_t others =
            sat_add_u64(sat_add_u64(w->baseline, w->margin), sat_sub_u64(ram, w->models[i].ram));
        struct fit_budget bi = env->b;
        bi.ram = sat_sub_u64(room, others);
        struct estimate_opts oi = *o;
        struct fit_result ri;
        fit_solve(&models[i], &oi, &bi, 0, &ri);
        w->models[i].max_ctx = ri.max_ctx;
    }
}

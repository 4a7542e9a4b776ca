/* `config recommend --for MODEL...`: the VM sized to a workload. The models
 * are weighed with fit's own estimate (run together, as `headroom fit A B`
 * runs them), the guest's own programs are added, and the sum is held
 * against the budget's room for AI (budget.c): memory= is then what the
 * workload needs, not what the profile leaves. When it does not fit, what
 * would: the minimal profile's room, and the largest context each model
 * could have with the others as asked. */
#ifndef HEADROOM_WORKLOAD_H
#define HEADROOM_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "budget.h"
#include "fit-env.h"
#include "model/estimate.h"

#define WORKLOAD_MAX_MODELS 8

struct workload_model {
    char name[200];
    uint64_t ram;  /* fit's RAM estimate (resident + the mapped weights' page cache) */
    uint64_t vram; /* on the GPU, at fit's -ngl */
    unsigned ngl;
    uint32_t ctx;
    uint32_t max_ctx; /* when it does not fit: the largest context that would, 0 = none */
};

struct workload {
    struct workload_model models[WORKLOAD_MAX_MODELS];
    size_t n;
    uint64_t models_ram;
    uint64_t baseline;         /* the guest's own programs */
    const char *baseline_from; /* "held by programs now (/proc/meminfo)" or the assumption */
    uint64_t margin;           /* 10 % of the models, at least 512 MiB */
    uint64_t need;             /* baseline + models + margin */
    uint64_t memory;           /* need rounded up to a whole GB, at least 2 GB */
    bool room_known;
    int64_t room; /* the budget's room for AI (its profile) */
    bool fits;
    uint64_t short_by; /* need - room when it does not fit */
    bool minimal_known;
    int64_t minimal_room; /* the minimal profile's room */
};

/* Weighs models[0..n) (names for display) at the options o against env's
 * GPU (env->b.vram; its RAM is not a limit here: the VM is being sized),
 * with the guest m (NULL: a fresh distro's 512 MiB assumed), and holds the
 * sum against `typ` (the recommendation's budget) and `minimal`. */
void workload_size(const struct model *models, const char *const *names, size_t n,
                   const struct estimate_opts *o, const struct fit_env *env,
                   const struct machine *m, const struct budget *typ, const struct budget *minimal,
                   struct workload *ret);

#endif

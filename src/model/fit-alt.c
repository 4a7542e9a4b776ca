#include "model/fit-alt.h"

#include <string.h>

#include "model/ggml-types.h"

/* The changes that apply to these settings. */
static unsigned applicable(const struct estimate_opts *o, const struct fit_budget *b)
{
    unsigned c = 0;
    if (o->mmap)
        c |= FIT_ALT_NO_MMAP;
    /* an -ngl given: what the VRAM takes instead (auto already does) */
    if (o->ngl > 0 || (o->ngl == 0 && b->has_vram))
        c |= FIT_ALT_NGL;
    if (o->type_k == GGML_T_F16 || o->type_k == GGML_T_F32 || o->type_k == GGML_T_BF16 ||
        o->type_v == GGML_T_F16 || o->type_v == GGML_T_F32 || o->type_v == GGML_T_BF16)
        c |= FIT_ALT_KV_Q8_0;
    return c;
}

static void apply(const struct estimate_opts *asked, unsigned changes, struct estimate_opts *ret)
{
    *ret = *asked;
    if (changes & FIT_ALT_NO_MMAP)
        ret->mmap = false;
    if (changes & FIT_ALT_NGL)
        ret->ngl = -1;
    if (changes & FIT_ALT_KV_Q8_0)
        ret->type_k = ret->type_v = GGML_T_Q8_0;
}

static unsigned popcount3(unsigned x)
{
    return (x & 1) + ((x >> 1) & 1) + ((x >> 2) & 1);
}

void fit_alternative(const struct model *m, const struct estimate_opts *asked,
                     const struct fit_budget *b, uint64_t extra_ram, struct fit_alt *ret)
{
    struct fit_alt a;
    memset(&a, 0, sizeof(a));
    a.o = *asked;
    if (m->format != MODEL_GGUF) {
        *ret = a;
        return;
    }
    unsigned can = applicable(asked, b);
    /* at the asked context: subsets of the changes, fewest first, then in
     * the order of the FIT_ALT_* bits */
    struct fit_alt best_ctx;
    memset(&best_ctx, 0, sizeof(best_ctx));
    for (unsigned k = 0; k <= 3 && !a.found; k++) {
        for (unsigned set = 0; set < 8 && !a.found; set++) {
            if ((set & ~can) || popcount3(set) != k)
                continue;
            struct estimate_opts o;
            apply(asked, set, &o);
            struct fit_result r;
            fit_solve(m, &o, b, extra_ram, &r);
            if (set && r.verdict != FIT_NO) {
                a.found = true;
                a.changes = set;
                a.o = o;
                a.r = r;
            } else if (r.max_ctx > best_ctx.r.max_ctx) {
                /* the largest context any set of changes lets fit */
                best_ctx.changes = set;
                best_ctx.o = o;
                best_ctx.r = r;
            }
        }
    }
    if (!a.found && best_ctx.r.max_ctx > 0) {
        struct estimate_opts o = best_ctx.o;
        o.ctx = best_ctx.r.max_ctx;
        struct fit_result r;
        fit_solve(m, &o, b, extra_ram, &r);
        if (r.verdict != FIT_NO) {
            a.found = true;
            a.changes = best_ctx.changes | FIT_ALT_SMALLER_CTX;
            a.o = o;
            a.r = r;
        }
    }
    if (a.found) {
        /* the -ngl and --cpu-moe chosen, as the command line shows them */
        a.o.ngl = (int)a.r.est.ngl;
        a.o.cpu_moe = a.r.cpu_moe;
    }
    *ret = a;
}

bool fit_ctx_above_train(const struct model *m, uint32_t ctx)
{
    return m->format == MODEL_GGUF && m->n_ctx_train && ctx > m->n_ctx_train;
}

/* When a model does not fit as asked: the nearest settings headroom knows
 * that make it fit. Each change is one llama.cpp option whose effect
 * estimate_run() models:
 *   --no-mmap            the weights are read into anonymous memory: no
 *                        repacked copy held beside the mapped file;
 *   -ngl auto            as many GPU layers as the VRAM takes, for an -ngl
 *                        that does not fit (fewer layers when the VRAM is
 *                        short, more when the RAM is);
 *   -ctk q8_0 -ctv q8_0  a KV cache of about half the bytes of f16;
 *   a smaller -c         the largest context that fits (fit_solve's max_ctx).
 * The settings at the asked context are tried first, fewest changes first
 * (in the order above); only when none fits is the context made smaller,
 * with whichever set of changes lets the largest context fit. Every figure
 * comes from fit_solve(). */
#ifndef HEADROOM_FIT_ALT_H
#define HEADROOM_FIT_ALT_H

#include "model/estimate.h"

enum {
    FIT_ALT_NO_MMAP = 1 << 0,
    FIT_ALT_NGL = 1 << 1,
    FIT_ALT_KV_Q8_0 = 1 << 2,
    FIT_ALT_SMALLER_CTX = 1 << 3,
};

struct fit_alt {
    bool found;             /* some settings fit */
    unsigned changes;       /* FIT_ALT_* */
    struct estimate_opts o; /* the settings that fit (ngl and cpu_moe as chosen) */
    struct fit_result r;    /* and what they need */
};

/* For a model whose `asked` result does not fit (verdict FIT_NO), with
 * `extra_ram` already taken by other models. Not for whisper.cpp models
 * (found stays false). */
void fit_alternative(const struct model *m, const struct estimate_opts *asked,
                     const struct fit_budget *b, uint64_t extra_ram, struct fit_alt *ret);

/* True when the requested context `ctx` (0 = the default, never above it)
 * is above the context the model was trained for; llama.cpp then warns
 * "possible training context overflow". */
bool fit_ctx_above_train(const struct model *m, uint32_t ctx);

#endif

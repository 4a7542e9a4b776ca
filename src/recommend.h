/* `config recommend`: a complete `.wslconfig` for this host, sized from the
 * budget (budget.h) and corrected by how WSL reads it (microsoft/WSL WslCoreConfig.cpp):
 *   memory      the budget's room for AI, rounded down to a whole GB (a
 *               16 GB host, typical profile -> 6GB);
 *   processors  host CPUs - 2 (- 1 on 3-4 CPUs, all on 1-2): 8 -> 6; never
 *               above the host; kept from the current file, or left out,
 *               when the host's count is unknown;
 *   swap        half of memory rounded up, clamped to 4-8 GB;
 *   kernelCommandLine  the current one plus psi=1 (on WSL's 6.6 kernels PSI
 *               is built in but off; 5.15 lacks it: microsoft/WSL#11147);
 *   autoMemoryReclaim=dropcache  gradual has hang reports with
 *               systemd and WSLg;
 *   and, as comments only: why sparseVhd and pageReporting are left out.
 * Other valid settings of the current file are kept, unless lint finds
 * fault with them; every line has a comment saying why. */
#ifndef HEADROOM_RECOMMEND_H
#define HEADROOM_RECOMMEND_H

#include <stdbool.h>
#include <stdint.h>

#include "budget.h"
#include "workload.h"
#include "util/strbuf.h"
#include "wslconfig/doc.h"
#include "wslconfig/eval.h"
#include "wslconfig/lint.h"

struct wsl_rec_item {
    char key[64]; /* "memory" */
    char section[16];
    char value[512]; /* as written in the file (already quoted/escaped) */
    char plain[512]; /* the value WSL reads */
    char why[400];
};

struct wsl_recommendation {
    bool ok; /* false: the host's RAM is unknown */
    struct budget budget;
    struct wsl_rec_item items[80];
    size_t n;
    size_t managed;     /* the first `managed` items are headroom's own; the rest are kept */
    char notes[4][400]; /* comment lines about keys left out */
    size_t nnotes;
    /* the options that reproduce it with config apply ("--for A --ctx 8192"),
     * each word shell-quoted; "" for the profile's */
    char apply_args[1024];
};

/* A size as the file's comments write it, in the units WSL reads memory= in
 * (GB and MB of 1024: "21.5 GB", "436 MB"), so that a comment's figure and
 * the setting beside it compare. */
const char *wsl_gb_str(uint64_t b, char *buf, size_t n);
/* `current` (may be NULL) is the .wslconfig in use. */
void wsl_recommend(const struct host_facts *host, enum budget_profile p, const struct machine *m,
                   const struct wsl_eval *current, const struct wsl_facts *facts,
                   struct wsl_recommendation *ret);
/* memory= and swap= sized for a workload (workload.h) instead of the
 * profile: what the workload needs when it fits, else the most the budget
 * gives, each with the figures in its comment. */
void wsl_recommend_size_for(struct wsl_recommendation *rec, const struct workload *w);
/* The complete file, with `eol` line endings. */
void wsl_recommend_text(const struct wsl_recommendation *rec, const struct host_facts *host,
                        enum wsl_eol eol, struct strbuf *out);

#endif

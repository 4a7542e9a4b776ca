/* A .wslconfig or wsl.conf parsed and evaluated from a literal, for the
 * tests of WSL's reading rules (test-wslconfig.c, test-wslconfig-wsl.c). */
#ifndef HEADROOM_TEST_WSLCONFIG_FIXTURE_H
#define HEADROOM_TEST_WSLCONFIG_FIXTURE_H

#include "unit.h"
#include "wslconfig/doc.h"
#include "wslconfig/eval.h"

struct fixture {
    struct wsldoc doc;
    struct wsl_eval ev;
};

static inline void run(struct fixture *fx, const char *s, size_t n, enum wsl_file kind)
{
    wsldoc_parse(s, n, kind == WSLF_WSLCONF, &fx->doc);
    wsl_eval_run(&fx->doc, kind, &fx->ev);
}

static inline void done(struct fixture *fx)
{
    wsl_eval_release(&fx->ev);
    wsldoc_release(&fx->doc);
}

static inline const struct wsl_setting *get(struct fixture *fx, const char *full)
{
    const struct wsl_setting *s = wsl_eval_get(&fx->ev, full);
    assert_non_null(s);
    return s;
}

/* a .wslconfig from a string literal */
#define RUN(fx, lit) run((fx), STR_AND_LEN(lit), WSLF_WSLCONFIG)

#endif

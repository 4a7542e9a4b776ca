/* Everything the doctor's rules read, loaded once: the machine (every
 * probe), the Windows host data, the .wslconfig WSL uses and /etc/wsl.conf
 * (found under the root, evaluated as WSL reads them), and the facts the
 * lint rules need. `doctor` and `report` both start here. */
#ifndef HEADROOM_RULES_INPUT_H
#define HEADROOM_RULES_INPUT_H

#include "budget.h"
#include "rules/rules.h"
#include "wslconfig/wslconfig.h"

struct doctor_inputs {
    struct machine m;
    struct win_host host;
    struct wsl_locate loc;
    bool have_cfg, have_conf;
    struct wsl_config cfg;  /* the one .wslconfig found, when exactly one */
    struct wsl_config conf; /* /etc/wsl.conf */
    char cfg_display[1100]; /* where the .wslconfig is, as a path of the machine */
    struct host_facts hostf;
    struct wsl_facts facts;
    struct doctor_models models;
    struct doctor_postmortem pm;
    struct doctor_input in; /* points into the above */
};

/* Loads everything through `root`; never fails (each part says what it
 * could read). Release with doctor_inputs_release(). */
void doctor_inputs_load(const struct rootfs *root, struct doctor_inputs *ret);
void doctor_inputs_release(struct doctor_inputs *d);

#endif

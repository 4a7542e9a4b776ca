#include "rules/input.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "wsl-facts.h"

void doctor_inputs_load(const struct rootfs *root, struct doctor_inputs *d)
{
    memset(d, 0, sizeof(*d));
    struct machine_opts mo = {.want = MACHINE_ALL};
    machine_load(&d->m, root, &mo);
    win_host_load(root, NULL, &d->host);

    struct diag dg;
    wsl_locate(root, root->live, &d->loc);
    if (d->loc.nfound == 1) {
        int r = wsl_config_load(root, d->loc.found[0], true, WSLF_WSLCONFIG, &d->cfg, &dg);
        d->have_cfg = r == 0 || r == -EBADMSG; /* an unreadable encoding is linted too */
        snprintf(d->cfg_display, sizeof(d->cfg_display), "/%s", d->loc.found[0]);
    }
    int r = wsl_config_load(root, "etc/wsl.conf", true, WSLF_WSLCONF, &d->conf, &dg);
    d->have_conf = r == 0 || r == -EBADMSG;

    host_facts_resolve(&d->m, d->have_cfg ? &d->cfg.ev : NULL, &d->host, 0, 0, &d->hostf);
    wsl_facts_from_machine(&d->m, &d->hostf, d->have_conf ? &d->conf : NULL, &d->facts);

    d->in.m = &d->m;
    d->in.host = &d->host;
    d->in.loc = &d->loc;
    d->in.wslconfig = d->have_cfg ? &d->cfg : NULL;
    d->in.wslconfig_display = d->cfg_display;
    d->in.wslconf = d->have_conf ? &d->conf : NULL;
    d->in.hostf = &d->hostf;
    d->in.facts = &d->facts;
}

void doctor_inputs_release(struct doctor_inputs *d)
{
    if (d->have_cfg)
        wsl_config_release(&d->cfg);
    if (d->have_conf)
        wsl_config_release(&d->conf);
    wsl_locate_release(&d->loc);
    win_host_release(&d->host);
    machine_release(&d->m);
}

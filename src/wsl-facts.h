/* The facts about this machine that `config lint` weighs (host RAM and
 * CPUs, systemd, WSLg, Docker Desktop), gathered from the machine's probes
 * and the resolved host facts. Here, above wslconfig/ and budget, so the
 * .wslconfig library needs neither the machine nor the budget: it takes a
 * struct wsl_facts and nothing else. */
#ifndef HEADROOM_WSL_FACTS_H
#define HEADROOM_WSL_FACTS_H

#include "budget.h"
#include "machine.h"
#include "wslconfig/wslconfig.h"

/* Host RAM and CPUs from `host` (may be NULL); systemd (PID 1 is systemd,
 * /run/systemd/system, or boot.systemd=true in `wslconf`), WSLg (/mnt/wslg),
 * Docker Desktop (/mnt/wsl/docker-desktop*) from `m` (may be NULL: then only
 * the host facts). `wslconf` may be NULL. The strings in `ret` are static or
 * point into `host`. */
void wsl_facts_from_machine(const struct machine *m, const struct host_facts *host,
                            const struct wsl_config *wslconf, struct wsl_facts *ret);

#endif

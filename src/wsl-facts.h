/* The facts about this machine that `config lint` weighs (host RAM and
 * CPUs, systemd, WSLg, Docker Desktop), gathered from the machine's probes
 * and the resolved host facts. Here, above wslconfig/ and budget, so the
 * .wslconfig library needs neither the machine nor the budget: it takes a
 * struct wsl_facts and nothing else. */
#ifndef HEADROOM_WSL_FACTS_H
#define HEADROOM_WSL_FACTS_H

#include <stddef.h>

#include "budget.h"
#include "machine.h"
#include "util/strbuf.h"
#include "wslconfig/wslconfig.h"

/* Host RAM and CPUs from `host` (may be NULL); systemd (PID 1 is systemd,
 * /run/systemd/system, or boot.systemd=true in `wslconf`), WSLg (/mnt/wslg),
 * Docker Desktop (/mnt/wsl/docker-desktop*) from `m` (may be NULL: then only
 * the host facts). `wslconf` may be NULL. The strings in `ret` are static or
 * point into `host`. */
void wsl_facts_from_machine(const struct machine *m, const struct host_facts *host,
                            const struct wsl_config *wslconf, struct wsl_facts *ret);

/* What WSL will use (`vm`, evaluated from `ev`) against what the running VM
 * has: MemTotal, the online CPUs and SwapTotal of `m`. For each of memory,
 * processors and swap that the file sets and the VM does not have, appends
 * "memory=6GB (FILE:2) but MemTotal is 7.7 GiB (/proc/meminfo)" to `out`
 * ("; " between them) and counts it. 0 on a machine that is not WSL2. The
 * one comparison behind doctor's wsl.limits-not-applied, config show and
 * lint's "not applied yet" and the report's .wslconfig section. */
size_t wsl_vm_not_applied(const struct machine *m, const struct wsl_eval *ev,
                          const struct wsl_vm *vm, const char *file, struct strbuf *out);

#endif

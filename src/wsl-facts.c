#include "wsl-facts.h"

#include <string.h>

#include "util/parse.h"
#include "util/size.h"

void wsl_facts_from_machine(const struct machine *m, const struct host_facts *host,
                            const struct wsl_config *wslconf, struct wsl_facts *ret)
{
    memset(ret, 0, sizeof(*ret));
    if (host) {
        ret->host_ram = host->ram;
        ret->host_ram_from = host->ram ? host->ram_from : NULL;
        ret->host_cpus = host->cpus;
        ret->host_cpus_from = host->cpus ? host->cpus_from : NULL;
        if (host->ram) {
            /* the profile's figure, as config recommend computes it */
            struct budget b;
            budget_compute(host, BUDGET_TYPICAL, m, NULL, NULL, NULL, &b);
            if (b.recommended_known)
                ret->memory_suggested = b.recommended_memory;
        }
    }
    if (!m)
        return;
    const struct wsl_info *w = &m->wsl;
    bool wsl2 = w->kind == WSL_2;

    /* systemd as the distro's init */
    if (strcmp(w->pid1_comm, "systemd") == 0) {
        ret->systemd = TRI_YES;
        ret->systemd_from = "PID 1 is systemd (/proc/1/comm)";
    } else if (w->run_systemd) {
        ret->systemd = TRI_YES;
        ret->systemd_from = "/run/systemd/system exists";
    } else if (wslconf) {
        const struct wsl_setting *s = wsl_eval_get(&wslconf->ev, "boot.systemd");
        if (s && s->from_file && s->b) {
            ret->systemd = TRI_YES;
            ret->systemd_from = "boot.systemd=true in /etc/wsl.conf";
        } else {
            ret->systemd = TRI_NO;
            ret->systemd_from = "PID 1 is not systemd and /etc/wsl.conf does not enable it";
        }
    } else if (w->pid1_comm[0]) {
        ret->systemd = TRI_NO;
        ret->systemd_from = "PID 1 is not systemd (/proc/1/comm)";
    }

    if (w->wslg) {
        ret->wslg = TRI_YES;
        ret->wslg_from = "/mnt/wslg exists";
    } else if (wsl2) {
        ret->wslg = TRI_NO;
        ret->wslg_from = "no /mnt/wslg";
    }

    /* Docker Desktop's distro puts its docker-desktop* folders in /mnt/wsl,
     * which every distro of the VM shares (Docker's Resource Saver docs;
     * docker/for-win#14656) */
    if (w->docker_desktop_dirs >= 0) {
        ret->docker_desktop = w->docker_desktop_dirs ? TRI_YES : TRI_NO;
        ret->docker_desktop_from = w->docker_desktop_dirs
                                       ? "/mnt/wsl/docker-desktop* exists (Docker Desktop)"
                                       : "no docker-desktop* under /mnt/wsl";
    }
}

size_t wsl_vm_not_applied(const struct machine *m, const struct wsl_eval *ev,
                          const struct wsl_vm *vm, const char *file, struct strbuf *out)
{
    if (m->wsl.kind != WSL_2)
        return 0;
    size_t n = 0;
    const struct wsl_setting *s = wsl_eval_get(ev, "wsl2.memory");
    if (s && s->from_file && vm->memory_known && m->meminfo_st.state == PROBE_OK) {
        /* the kernel keeps ~190 MiB of a memory= limit for itself (more on
         * big VMs): MemTotal must be below the limit and not far below */
        uint64_t total = m->meminfo.mem_total, tol = vm->memory / 8;
        if (tol < 600 * MIB)
            tol = 600 * MIB;
        if (total > vm->memory || total + tol < vm->memory) {
            strbuf_addf(out, "%smemory=%s (%s:%u) but MemTotal is %s (/proc/meminfo)",
                        out->len ? "; " : "", s->text, file, wsl_stmt_line(&ev->syn.v[s->stmt]),
                        size_str(total));
            n++;
        }
    }
    s = wsl_eval_get(ev, "wsl2.processors");
    if (s && s->from_file && vm->processors_known && m->cpus_st.state == PROBE_OK &&
        m->cpus.online != vm->processors) {
        strbuf_addf(out,
                    "%sprocessors=%s (%s:%u) but %u CPUs are online "
                    "(/sys/devices/system/cpu/online)",
                    out->len ? "; " : "", s->text, file, wsl_stmt_line(&ev->syn.v[s->stmt]),
                    m->cpus.online);
        n++;
    }
    s = wsl_eval_get(ev, "wsl2.swap");
    if (s && s->from_file && vm->swap_known && m->meminfo_st.state == PROBE_OK) {
        uint64_t have = m->meminfo.swap_total;
        uint64_t d = have > vm->swap ? have - vm->swap : vm->swap - have;
        if (d > 16 * MIB) {
            strbuf_addf(out, "%sswap=%s (%s:%u) but SwapTotal is %s (/proc/meminfo)",
                        out->len ? "; " : "", s->text, file, wsl_stmt_line(&ev->syn.v[s->stmt]),
                        size_str(have));
            n++;
        }
    }
    return n;
}

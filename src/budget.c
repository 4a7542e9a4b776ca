#include "budget.h"

#include <stdio.h>
#include <string.h>

#include "util/parse.h"
#include "util/size.h"

const char *host_source_name(enum host_source s)
{
    switch (s) {
    case HOST_MEASURED:
        return "measured";
    case HOST_GIVEN:
        return "given";
    case HOST_INFERRED:
        return "inferred";
    case HOST_UNKNOWN:
        break;
    }
    return "unknown";
}

void host_facts_resolve(const struct machine *m, const struct wsl_eval *wslconfig,
                        const struct win_host *win, uint64_t given_ram, unsigned given_cpus,
                        struct host_facts *ret)
{
    memset(ret, 0, sizeof(*ret));
    bool wsl2 = m && m->wsl.kind == WSL_2;
    const struct wsl_setting *mem = wslconfig ? wsl_eval_get(wslconfig, "wsl2.memory") : NULL;
    const struct wsl_setting *cpu = wslconfig ? wsl_eval_get(wslconfig, "wsl2.processors") : NULL;
    bool mem_set = mem && mem->from_file && mem->bytes != 0;
    bool cpu_set = cpu && cpu->from_file && cpu->i > 0;

    /* RAM: given, then measured from the Windows host data, then WSL's
     * documented default. */
    if (given_ram) {
        ret->ram = given_ram;
        ret->ram_src = HOST_GIVEN;
        snprintf(ret->ram_from, sizeof(ret->ram_from), "given with --host-ram");
    } else if (win && win->state == WIN_HOST_OK && win->mem_total.known && win->mem_total.v) {
        ret->ram = win->mem_total.v;
        ret->ram_src = HOST_MEASURED;
        snprintf(ret->ram_from, sizeof(ret->ram_from), "measured on Windows: %s (%s)",
                 win_host_evidence(win, "memory.total"),
                 win->from_snapshot ? "the snapshot's host.json" : win_source_name(win->source));
    } else if (wsl2 && !mem_set && m->meminfo_st.state == PROBE_OK && m->meminfo.mem_total) {
        /* No memory= (or memory=0): WSL gave the VM half the host's RAM, and
         * MemTotal is that minus what the kernel reserves (~190 MiB), so
         * twice MemTotal rounded up to a whole GB is the host's RAM. */
        uint64_t twice = m->meminfo.mem_total * 2;
        ret->ram = (twice + GIB - 1) / GIB * GIB;
        ret->ram_src = HOST_INFERRED;
        snprintf(ret->ram_from, sizeof(ret->ram_from),
                 "inferred: no memory= in .wslconfig, so WSL gave the VM 50%% of host RAM; "
                 "2 x MemTotal (%s) rounded up to a whole GB",
                 size_str(m->meminfo.mem_total));
    }

    if (given_cpus) {
        ret->cpus = given_cpus;
        ret->cpus_src = HOST_GIVEN;
        snprintf(ret->cpus_from, sizeof(ret->cpus_from), "given with --host-cpus");
    } else if (wsl2 && m->cpus_st.state == PROBE_OK && m->cpus.online) {
        if (!cpu_set) {
            ret->cpus = m->cpus.online;
            ret->cpus_src = HOST_INFERRED;
            snprintf(ret->cpus_from, sizeof(ret->cpus_from),
                     "inferred: no processors= in .wslconfig, so the VM has all %u logical "
                     "CPUs of the host",
                     m->cpus.online);
        } else if ((unsigned)cpu->i > m->cpus.online) {
            ret->cpus = m->cpus.online;
            ret->cpus_src = HOST_INFERRED;
            snprintf(ret->cpus_from, sizeof(ret->cpus_from),
                     "inferred: processors=%d but the VM has %u CPUs, so WSL clamped it to the "
                     "host's count",
                     cpu->i, m->cpus.online);
        }
    }
}

int budget_profile_parse(const char *s)
{
    if (strcmp(s, "minimal") == 0)
        return BUDGET_MINIMAL;
    if (strcmp(s, "typical") == 0)
        return BUDGET_TYPICAL;
    return -1;
}

const char *budget_profile_at(size_t i)
{
    return i <= BUDGET_TYPICAL ? budget_profile_name((enum budget_profile)i) : NULL;
}

const char *budget_profile_name(enum budget_profile p)
{
    return p == BUDGET_MINIMAL ? "minimal" : "typical";
}

const char *budget_kind_name(enum budget_kind k)
{
    static const char *const names[] = {"measured", "given",    "inferred",
                                        "assumed",  "computed", "unknown"};
    return names[k];
}

/* Commonly quoted figures (not measured), high end of each range: Windows 11 + services
 * (optimized) 3-3.5 GB minimal, 4-5 GB typical; browser (5-10 tabs)
 * 1.5-2 GB minimal, 2-4 GB typical; WSL2 kernel overhead ~300 MB. */
uint64_t budget_windows(enum budget_profile p)
{
    return p == BUDGET_MINIMAL ? 3 * GIB + GIB / 2 : 5 * GIB;
}

uint64_t budget_browser(enum budget_profile p)
{
    return p == BUDGET_MINIMAL ? 2 * GIB : 4 * GIB;
}

static struct budget_line *line(struct budget *b, const char *name, const char *label)
{
    struct budget_line *l = &b->lines[b->n++];
    memset(l, 0, sizeof(*l));
    l->name = name;
    l->label = label;
    return l;
}

void budget_compute(const struct host_facts *host, enum budget_profile p, const struct machine *m,
                    const struct wsl_vm *vm, const char *limit_from, const struct win_host *win,
                    struct budget *ret)
{
    memset(ret, 0, sizeof(*ret));
    ret->profile = p;
    bool typical = p == BUDGET_TYPICAL;

    struct budget_line *h = line(ret, "host_ram", "Host RAM");
    h->known = host->ram != 0;
    h->bytes = host->ram;
    h->kind = host->ram_src == HOST_MEASURED   ? BK_MEASURED
              : host->ram_src == HOST_GIVEN    ? BK_GIVEN
              : host->ram_src == HOST_INFERRED ? BK_INFERRED
                                               : BK_UNKNOWN;
    snprintf(h->note, sizeof(h->note), "%s",
             h->known ? host->ram_from : "unknown: pass --host-ram SIZE (e.g. --host-ram 16GB)");

    struct budget_line *w = line(ret, "windows", "Windows 11 + services");
    w->known = true;
    w->bytes = budget_windows(p);
    w->subtract = true;
    w->kind = BK_ASSUMED;
    snprintf(w->note, sizeof(w->note), "assumed: %s, commonly quoted, high end",
             typical ? "4-5 GB typical" : "3-3.5 GB minimal (optimised)");

    struct budget_line *br = line(ret, "browser", "Browser (5-10 tabs)");
    br->known = true;
    br->bytes = budget_browser(p);
    br->subtract = true;
    br->kind = BK_ASSUMED;
    snprintf(br->note, sizeof(br->note), "assumed: %s, commonly quoted, high end",
             typical ? "2-4 GB typical" : "1.5-2 GB minimal");

    /* Measured on the host: browsers by their processes; Windows as what
     * is in use now, less Vmmem (the WSL VM) and the browsers. */
    bool measured =
        win && win->state == WIN_HOST_OK && win->mem_total.known && win->mem_available.known;
    uint64_t nbrowsers = 0, browsers = measured ? win_host_browsers_ws(win, &nbrowsers) : 0;
    if (measured && win->has_browsers) {
        br->bytes = browsers;
        br->kind = BK_MEASURED;
        snprintf(br->note, sizeof(br->note),
                 "measured: working set of %llu browser process%s now (assumed %s: %s)",
                 (unsigned long long)nbrowsers, nbrowsers == 1 ? "" : "es",
                 typical ? "typical" : "minimal", size_str(budget_browser(p)));
    }
    if (measured) {
        uint64_t in_use = sat_sub_u64(win->mem_total.v, win->mem_available.v);
        uint64_t vmmem =
            win->has_vmmem && win->vmmem.working_set.known ? win->vmmem.working_set.v : 0;
        w->bytes = sat_sub_u64(sat_sub_u64(in_use, vmmem), win->has_browsers ? browsers : 0);
        w->kind = BK_MEASURED;
        snprintf(w->note, sizeof(w->note),
                 "measured: in use %s (%s) minus Vmmem %s and the browsers (assumed %s: %s)",
                 size_str(in_use), win_host_evidence(win, "memory.available"), size_str(vmmem),
                 typical ? "typical" : "minimal", size_str(budget_windows(p)));
    }

    struct budget_line *o = line(ret, "wsl_overhead", "WSL2 kernel overhead");
    o->known = true;
    o->subtract = true;
    o->bytes = BUDGET_WSL_OVERHEAD;
    o->kind = BK_ASSUMED;
    snprintf(o->note, sizeof(o->note), "assumed: ~300 MB, commonly quoted");
    if (m && m->wsl.kind == WSL_2 && vm && vm->memory_known && m->meminfo_st.state == PROBE_OK &&
        m->meminfo.mem_total && m->meminfo.mem_total < vm->memory &&
        strcmp(vm->memory_how, "as set") == 0) {
        o->bytes = vm->memory - m->meminfo.mem_total;
        o->kind = BK_MEASURED;
        snprintf(o->note, sizeof(o->note),
                 "measured: memory= %s minus MemTotal %s (what the kernel keeps for itself)",
                 size_str(vm->memory), size_str(m->meminfo.mem_total));
    }

    ret->measured_now = w->kind == BK_MEASURED || br->kind == BK_MEASURED;
    struct budget_line *left = ret->measured_now ? line(ret, "room_for_ai_now", "Room for AI now")
                                                 : line(ret, "left_for_ai", "Left for AI");
    left->kind = BK_COMPUTED;
    if (h->known) {
        int64_t v = (int64_t)host->ram - (int64_t)w->bytes - (int64_t)br->bytes - (int64_t)o->bytes;
        ret->left_known = true;
        ret->left = v;
        left->known = v >= 0;
        left->bytes = v > 0 ? (uint64_t)v : 0;
        snprintf(left->note, sizeof(left->note), "%s",
                 v >= 0 ? "host RAM minus the lines above"
                        : "nothing: the lines above already exceed the host's RAM");
        uint64_t rec = v > 0 ? (uint64_t)v / GIB * GIB : 0;
        if (rec < 2 * GIB)
            rec = 2 * GIB;
        ret->recommended_known = true;
        ret->recommended_memory = rec;
    } else {
        snprintf(left->note, sizeof(left->note), "unknown until the host's RAM is known");
    }

    /* the limit of a running WSL2 VM: WSL1 and native Linux have none (top
     * shows none there either) */
    if (vm && vm->memory_known && (!m || m->wsl.kind == WSL_2)) {
        ret->limit_known = true;
        ret->limit = vm->memory;
        snprintf(ret->limit_from, sizeof(ret->limit_from), "%s (%s)",
                 limit_from ? limit_from : "the VM's memory", vm->memory_how);
    }
}

void budget_limit_from(const struct wsl_eval *ev, const char *file, char *buf, size_t n)
{
    const struct wsl_setting *s = file ? wsl_eval_get(ev, "wsl2.memory") : NULL;
    if (!file)
        snprintf(buf, n, "no .wslconfig");
    else if (s && s->from_file)
        snprintf(buf, n, "%s line %u: memory=%s", file, wsl_stmt_line(&ev->syn.v[s->stmt]),
                 s->text);
    else
        snprintf(buf, n, "%s: no memory=", file);
}

#include "fit-env.h"

#include <stdio.h>
#include <string.h>

#include "util/parse.h"
#include "util/size.h"

int fit_env_from_machine(const struct machine *m, const struct fit_env_given *given,
                         struct fit_env *ret)
{
    memset(ret, 0, sizeof(*ret));
    fit_vram_margin_for(NULL, &ret->margin); /* llama.cpp --fit's 1 GiB */
    ret->b.vram_margin = ret->margin.bytes;
    if (given && given->ram) {
        ret->b.ram = given->ram;
        ret->ram_source = "--ram";
    } else {
        if (m->meminfo_st.state != PROBE_OK)
            return -1;
        ret->b.ram = m->meminfo.mem_available;
        ret->ram_source = m->meminfo.has_mem_available ? "MemAvailable" : "MemFree + cache";
    }
    ret->b.ram = sat_sub_u64(ret->b.ram, given ? given->reserve : 0);
    if (given && given->vram) {
        ret->b.vram = given->vram;
        ret->b.has_vram = true;
        snprintf(ret->vram_source, sizeof(ret->vram_source), "--vram");
    } else if (m->nvml_st.state == PROBE_OK && m->nvml.n) {
        ret->b.vram = nvml_total_free(&m->nvml);
        ret->b.has_vram = true;
        ret->vram_measured = true;
        snprintf(ret->vram_source, sizeof(ret->vram_source), "NVML: %s%s", m->nvml.gpu[0].name,
                 m->nvml.n > 1 ? " and more" : "");
    } else {
        char why[200];
        snprintf(ret->vram_source, sizeof(ret->vram_source), "no NVIDIA GPU seen (NVML %s)",
                 m->nvml_st.state == PROBE_MALFORMED
                     ? "record malformed"
                     : probe_status_reason(&m->nvml_st, why, sizeof(why)));
    }
    if (m->cpu_features_st.state == PROBE_OK && m->cpu_features.known) {
        ret->avx2 = m->cpu_features.avx2;
        ret->avx512 = m->cpu_features.avx512f;
        ret->cpu_source = "/proc/cpuinfo";
    } else {
        ret->avx2 = true;
        ret->avx512 = false;
        ret->cpu_source = NULL;
    }
    return 0;
}

void fit_env_windows_margin(struct fit_env *e, const struct win_host *h)
{
    if (!e->vram_measured)
        return;
    fit_vram_margin_for(h, &e->margin);
    e->b.vram_margin = e->margin.bytes;
}

#include "fit-vram.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/parse.h"
#include "util/size.h"

/* the WSL VM's process: its GPU memory is WSL's own use */
static bool is_wsl_vm(const char *name)
{
    return name && (strcasecmp(name, "vmmemWSL") == 0 || strcasecmp(name, "vmmem") == 0);
}

uint64_t fit_vram_margin_bytes(uint64_t windows_held)
{
    return windows_held > FIT_VRAM_MARGIN_LLAMA ? windows_held : FIT_VRAM_MARGIN_LLAMA;
}

bool fit_vram_windows_held(const struct win_host *h, uint64_t *ret)
{
    if (!h || h->state != WIN_HOST_OK || !h->has_gpu_procs)
        return false;
    uint64_t held = 0;
    for (size_t i = 0; i < h->ngpu_procs; i++)
        if (!is_wsl_vm(h->gpu_procs[i].name))
            held = sat_add_u64(held, h->gpu_procs[i].dedicated);
    *ret = held;
    return true;
}

void fit_vram_margin_for(const struct win_host *h, struct fit_vram_margin *ret)
{
    memset(ret, 0, sizeof(*ret));
    ret->windows_known = fit_vram_windows_held(h, &ret->windows_held);
    ret->bytes = fit_vram_margin_bytes(ret->windows_known ? ret->windows_held : 0);
    if (!ret->windows_known)
        snprintf(ret->source, sizeof(ret->source), "llama.cpp --fit's default");
    else if (ret->windows_held > FIT_VRAM_MARGIN_LLAMA)
        snprintf(ret->source, sizeof(ret->source),
                 "what Windows' processes hold in dedicated GPU memory now (host data: GPU "
                 "Process Memory)");
    else
        snprintf(ret->source, sizeof(ret->source),
                 "llama.cpp --fit's default (Windows' processes hold %s, less)",
                 size_str(ret->windows_held));
}

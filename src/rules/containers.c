/* Container engines sharing the WSL2 VM (research/windows.md §4). */
#include <stdio.h>

#include "rules/rules.h"

void check_containers_docker_desktop(const struct doctor_input *in, struct rule_out *o)
{
    const struct containers_info *c = &in->m->containers;
    if (!rules_need_wsl2(in, o))
        return;
    if (!c->docker_desktop)
        return;
    struct finding *f = rule_emit(o, SEV_INFO,
                                  "Docker Desktop shares this VM: its memory is part of Vmmem, and "
                                  "Resource Saver does not give it back on WSL");
    finding_set_evidence(f,
                         "%s; its own distro's processes are not visible from this one, so its "
                         "memory cannot be measured here",
                         c->docker_desktop_evidence);
    finding_set_fix(f,
                    "quit Docker Desktop when you run a model; keep autoMemoryReclaim=dropcache "
                    "(not gradual) under [experimental] in .wslconfig; or use podman inside this "
                    "distro: sudo apt-get install podman");
}

void check_containers_podman_machine(const struct doctor_input *in, struct rule_out *o)
{
    const struct containers_info *c = &in->m->containers;
    if (!rules_need_wsl2(in, o))
        return;
    if (!c->podman_machine)
        return;
    struct finding *f =
        rule_emit(o, SEV_INFO,
                  "A Podman machine runs in this VM: podman machine --memory has no "
                  "effect on WSL");
    finding_set_evidence(f, "%s", c->podman_evidence);
    finding_set_fix(f, "limit memory for all of WSL with memory= under [wsl2] in .wslconfig "
                       "instead, then wsl.exe --shutdown");
}

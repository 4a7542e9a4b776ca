/* Container engines sharing the WSL2 VM (Docker's Resource Saver docs;
 * docker/for-win#14656; containers/podman#20175). */
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
    finding_set_fix(f, "turn Resource Saver off (Docker Desktop: Settings > Resources > Resource "
                       "Saver): while Docker Desktop is paused or saving, other WSL distros can "
                       "freeze under cgroup v2 (always used from WSL 2.5.1), whatever "
                       "autoMemoryReclaim is; quit Docker Desktop when you run a model, or use "
                       "podman inside this distro instead:\n"
                       "$ sudo apt-get install podman");
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
    finding_set_fix(f, "limit memory for all of WSL with memory= in .wslconfig instead (it applies "
                       "to every distro); this prints one sized for this host:\n"
                       "$ headroom config recommend");
}

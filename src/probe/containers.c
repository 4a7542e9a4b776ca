#include "probe/containers.h"

#include <stdio.h>
#include <string.h>

void containers_read(const struct rootfs *r, struct containers_info *c)
{
    memset(c, 0, sizeof(*c));
    static const char *const dd[] = {"mnt/wsl/docker-desktop",
                                     "mnt/wsl/docker-desktop-bind-mounts"};
    for (size_t i = 0; i < 2 && !c->docker_desktop; i++) {
        if (rootfs_exists(r, dd[i])) {
            c->docker_desktop = true;
            snprintf(c->docker_desktop_evidence, sizeof(c->docker_desktop_evidence), "/%s exists",
                     dd[i]);
        }
    }
    char target[256];
    if (!c->docker_desktop && rootfs_readlink(r, "usr/bin/docker", target, sizeof(target)) > 0 &&
        strncmp(target, "/mnt/wsl/docker-desktop/", 24) == 0) {
        c->docker_desktop = true;
        snprintf(c->docker_desktop_evidence, sizeof(c->docker_desktop_evidence),
                 "/usr/bin/docker -> %.120s", target);
    }
    if (rootfs_exists(r, "mnt/wsl/podman-sockets")) {
        c->podman_machine = true;
        snprintf(c->podman_evidence, sizeof(c->podman_evidence), "/mnt/wsl/podman-sockets exists");
    }
}

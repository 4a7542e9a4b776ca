/* Container engines that share the WSL2 VM (Docker's Resource Saver docs; docker/for-win#14656):
 *   - Docker Desktop's WSL integration mounts /mnt/wsl/docker-desktop (its
 *     CLI tools live in /mnt/wsl/docker-desktop/cli-tools/usr/bin, and the
 *     distro's docker command links there);
 *   - Podman machine on WSL exposes its sockets under /mnt/wsl/podman-sockets. */
#ifndef HEADROOM_CONTAINERS_H
#define HEADROOM_CONTAINERS_H

#include <stdbool.h>

#include "probe/probe.h"

struct containers_info {
    bool docker_desktop;
    char docker_desktop_evidence[160]; /* which path showed it */
    bool podman_machine;
    char podman_evidence[160];
};

void containers_read(const struct rootfs *r, struct containers_info *ret);

#endif

#include "probe/audio.h"

#include <stdio.h>
#include <string.h>

bool audio_unit_conflicts(const char *unit)
{
    static const char *const units[] = {
        "pipewire.service",      "pipewire.socket",     "pipewire-pulse.service",
        "pipewire-pulse.socket", "wireplumber.service", "pulseaudio.service",
        "pulseaudio.socket",
    };
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (strcmp(unit, units[i]) == 0)
            return true;
    return false;
}

/* Has this user masked every globally enabled unit? */
static bool user_masked_all(const struct rootfs *r, const char *home, const struct audio_info *a)
{
    for (unsigned i = 0; i < a->n_enabled; i++) {
        char path[256], target[64];
        snprintf(path, sizeof(path), "%s/.config/systemd/user/%s", home, a->enabled[i]);
        if (rootfs_readlink(r, path, target, sizeof(target)) < 0 ||
            strcmp(target, "/dev/null") != 0)
            return false;
    }
    return true;
}

void audio_read(const struct rootfs *r, struct audio_info *a)
{
    memset(a, 0, sizeof(*a));
    a->wslg_dir = rootfs_exists(r, "mnt/wslg");
    a->pulse_socket = rootfs_exists(r, "mnt/wslg/PulseServer");

    static const char *const wants[] = {"etc/systemd/user/default.target.wants",
                                        "etc/systemd/user/sockets.target.wants",
                                        "etc/systemd/user/pipewire.service.wants"};
    static const char *const pats[] = {"pipewire*", "wireplumber*", "pulseaudio*", NULL};
    for (size_t w = 0; w < sizeof(wants) / sizeof(wants[0]); w++) {
        char **names;
        size_t n;
        if (rootfs_glob(r, wants[w], pats, 16, &names, &n) < 0)
            continue;
        for (size_t i = 0; i < n; i++) {
            bool dup = false;
            for (unsigned k = 0; k < a->n_enabled; k++)
                dup |= strcmp(a->enabled[k], names[i]) == 0;
            if (!dup && audio_unit_conflicts(names[i]) && a->n_enabled < AUDIO_MAX_UNITS)
                snprintf(a->enabled[a->n_enabled++], sizeof(a->enabled[0]), "%s", names[i]);
        }
        rootfs_names_free(names, n);
    }
    if (!a->n_enabled)
        return;

    char **users;
    size_t nu;
    static const char *const any[] = {"*", NULL};
    if (rootfs_glob(r, "home", any, AUDIO_MAX_USERS, &users, &nu) == 0) {
        for (size_t i = 0; i < nu; i++) {
            char home[128];
            snprintf(home, sizeof(home), "home/%s", users[i]);
            a->n_users++;
            if (user_masked_all(r, home, a) && a->n_masked_by < AUDIO_MAX_USERS)
                snprintf(a->masked_by[a->n_masked_by++], sizeof(a->masked_by[0]), "%s", users[i]);
        }
        rootfs_names_free(users, nu);
    }
}

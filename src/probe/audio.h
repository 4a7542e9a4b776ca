/* Audio under WSLg (microsoft/wslg README; microsoft/WSL
 * src/linux/init/config.cpp): WSLg runs a PulseAudio
 * server whose socket is /mnt/wslg/PulseServer and sets
 * PULSE_SERVER=unix:/mnt/wslg/PulseServer. A distro's PipeWire (Ubuntu
 * 23.04+ enables it for every user) or PulseAudio takes over the user's
 * pulse socket and collides with it (wslg#1220, microsoft/WSL#13528).
 *
 * What is read: the socket's existence, the systemd user units enabled for
 * all users (/etc/systemd/user/<target>.wants/...), and per-user masks
 * (~/.config/systemd/user/<unit> -> /dev/null) under each /home/USER.
 * Running processes come from `struct proc_list`. */
#ifndef HEADROOM_AUDIO_H
#define HEADROOM_AUDIO_H

#include <stdbool.h>

#include "probe/probe.h"

#define AUDIO_MAX_UNITS 8
#define AUDIO_MAX_USERS 8

struct audio_info {
    bool wslg_dir;     /* /mnt/wslg */
    bool pulse_socket; /* /mnt/wslg/PulseServer */
    /* pipewire.service, pipewire.socket, pipewire-pulse.service/.socket,
     * wireplumber.service, pulseaudio.service/.socket enabled globally */
    char enabled[AUDIO_MAX_UNITS][48];
    unsigned n_enabled;
    /* users (home directory names) who masked every enabled unit */
    char masked_by[AUDIO_MAX_USERS][64];
    unsigned n_masked_by;
    unsigned n_users; /* home directories looked at */
};

/* True for the unit names the conflict is about. */
bool audio_unit_conflicts(const char *unit);
void audio_read(const struct rootfs *r, struct audio_info *ret);

#endif

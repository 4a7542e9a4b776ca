/* Where ALSA's default device goes. WSL has no sound card: ALSA programs
 * (arecord, aplay, speaker-test, PortAudio and so Python's sounddevice) reach
 * WSLg's PulseAudio server only when a configuration file makes the default
 * PCM the PulseAudio plugin of libasound2-plugins:
 *   pcm.!default pulse                 (an alias to the plugin's "pulse" PCM)
 *   pcm.!default { type pulse }        (the plugin itself)
 * or when a hook file loads such a definition (pulseaudio's 99-pulse.conf,
 * which includes /usr/share/alsa/pulse-alsa.conf while a server answers).
 * alsa-lib reads /usr/share/alsa/alsa.conf, which loads /etc/alsa/conf.d/
 * *.conf, then /etc/asound.conf, then ~/.asoundrc; a later definition
 * replaces an earlier one. */
#ifndef HEADROOM_ALSA_H
#define HEADROOM_ALSA_H

#include <stdbool.h>
#include <stddef.h>

#include "probe/probe.h"

enum alsa_default {
    ALSA_DEFAULT_UNSET = 0, /* the file says nothing about pcm.default */
    ALSA_DEFAULT_PULSE,     /* PulseAudio's plugin, or its hook file */
    ALSA_DEFAULT_OTHER,     /* something else (hw:0, PipeWire, dmix ...) */
};

/* The file's last word on pcm.default. Returns 0, or -EBADMSG with d set
 * (line) for unbalanced braces or brackets, an unterminated string, or
 * nesting deeper than 32. */
int alsa_default_parse(const char *buf, size_t len, enum alsa_default *ret, struct diag *d);

#define ALSA_MAX_USERS 8

struct alsa_info {
    enum alsa_default system; /* conf.d, then /etc/asound.conf */
    char system_from[128];    /* the file that decided it, "" when unset */
    unsigned files_read;      /* system files read */
    char users[ALSA_MAX_USERS][64];
    enum alsa_default user_default[ALSA_MAX_USERS]; /* each one's ~/.asoundrc */
    unsigned n_users;
    bool malformed; /* a file did not parse: bad_file says which, diag where */
    char bad_file[128];
    struct diag diag;
    /* /etc/alsa or /etc/asound.conf exists: ALSA is set up here (and, in a
     * snapshot, was recorded) */
    bool configured;
};

void alsa_read(const struct rootfs *r, struct alsa_info *ret);
/* What user u ends with: their ~/.asoundrc when it decides, else the
 * system's. */
enum alsa_default alsa_effective(const struct alsa_info *a, unsigned u);

#endif

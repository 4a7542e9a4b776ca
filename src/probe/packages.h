/* The installed Debian packages the rules ask about, read once per machine
 * from dpkg's record (/var/lib/dpkg/status; /var/lib/dpkg/info/<pkg>.list
 * only when there is no status file, as src/probe/dpkg.h explains): the
 * NVIDIA driver and CUDA packages (gpu.c classifies them) and the audio
 * tools a voice-assistant set-up uses to check sound (pactl, speaker-test,
 * arecord, aplay: Debian's pulseaudio-utils and alsa-utils). */
#ifndef HEADROOM_PACKAGES_H
#define HEADROOM_PACKAGES_H

#include <stdbool.h>

#include "probe/probe.h"

#define PACKAGES_MAX 64

struct packages {
    char names[PACKAGES_MAX][80]; /* installed, each once, in the order found */
    unsigned n;
    bool from_lists;        /* no status file: the names come from info/ (which exists) */
    struct probe_status st; /* var/lib/dpkg/status */
};

/* The audio packages asked about: pactl/paplay/parecord, arecord/aplay/
 * speaker-test, and ALSA's PulseAudio plugin. */
extern const char *const packages_audio[];

void packages_read(const struct rootfs *r, struct packages *ret);
bool packages_has(const struct packages *p, const char *name);
/* Where the names were read, as a user would name it: "/var/lib/dpkg/status"
 * or "/var/lib/dpkg/info". */
const char *packages_source(const struct packages *p);

#endif

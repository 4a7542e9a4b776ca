/* Levels of recorded sound and the test tone, in dBFS: 0 dBFS is a sample at
 * full scale (32768 for 16-bit), so a sine whose peaks reach full scale has a
 * peak level of 0 dBFS and an RMS level of -3.01 dBFS. Pure arithmetic over
 * samples, no sound server. */
#ifndef HEADROOM_AUDIO_LEVEL_H
#define HEADROOM_AUDIO_LEVEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Below this a level is reported as this: the quietest 16-bit step is
 * -90.3 dBFS, and digital silence has no level at all. */
#define AUDIO_DBFS_FLOOR (-120.0)
/* A sound starts where a sample first reaches -40 dBFS (327 of 32768): far
 * above a quiet room's noise through a laptop microphone, far below a tone. */
#define AUDIO_ONSET_LEVEL 328
/* How much after the onset is measured: half a second */
#define AUDIO_WINDOW_MS 500

struct audio_level {
    size_t samples;     /* all that were recorded */
    bool onset_found;   /* a sample reached AUDIO_ONSET_LEVEL */
    uint32_t onset_ms;  /* where, from the start of the recording */
    uint32_t window_ms; /* how much was measured from there (or from 0) */
    double peak_dbfs;   /* in the window */
    double rms_dbfs;    /* in the window */
    uint64_t clipped;   /* samples at full scale, in the whole recording */
    bool silent;        /* every sample of the recording within one step of 0 */
};

/* Writes n samples of a sine of `freq` Hz whose peak is `peak_dbfs`, starting
 * at sample `first` of the tone (so a tone can be written in pieces). */
void audio_tone_s16(int16_t *buf, size_t n, unsigned rate, double freq, double peak_dbfs,
                    uint64_t first);
/* The level of a mono 16-bit recording: from the first sample at the onset
 * level, AUDIO_WINDOW_MS of it (the whole recording when nothing reached
 * the onset: a microphone in a quiet room). */
void audio_level_measure(const int16_t *x, size_t n, unsigned rate, struct audio_level *ret);
/* 20 log10(amplitude / 32768), AUDIO_DBFS_FLOOR for 0. */
double audio_dbfs(double amplitude);

#endif

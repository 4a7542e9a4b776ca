/* `headroom audio test` against a PulseAudio server: WSLg's (PULSE_SERVER,
 * /mnt/wslg/PulseServer) or any other. libpulse (Debian's libpulse0) is
 * loaded with dlopen when the test runs, so headroom neither links it nor
 * needs its headers to build. The test connects, lists the sinks and
 * sources, plays a tone to the default sink while it records the default
 * source, and measures what came back. Nothing here prints. */
#ifndef HEADROOM_AUDIO_PULSE_H
#define HEADROOM_AUDIO_PULSE_H

#include <stdbool.h>
#include <stdint.h>

#include "audio/level.h"

#define PULSE_MAX_DEVICES 16

struct pulse_device {
    char name[128];
    char description[128];
};

struct pulse_test_opts {
    const char *server; /* NULL: $PULSE_SERVER, else WSLg's socket, else libpulse's default */
    bool play;          /* play the tone (else record only) */
    double tone_dbfs;   /* the tone's peak level */
    double tone_hz;
    unsigned tone_ms;    /* how long the tone plays */
    unsigned record_ms;  /* how long the source is recorded */
    unsigned timeout_ms; /* the connection and each wait on the server */
};

enum pulse_step {
    PULSE_STEP_LOAD,
    PULSE_STEP_CONNECT,
    PULSE_STEP_LIST,
    PULSE_STEP_PLAY,
    PULSE_STEP_RECORD,
    PULSE_STEP_DONE
};

struct pulse_test_result {
    char server[256];        /* the server asked for ("" = libpulse's default) */
    const char *server_from; /* "--server", "PULSE_SERVER", "/mnt/wslg/PulseServer", "default" */
    char server_name[64], server_version[32];
    char default_sink[128], default_source[128];
    struct pulse_device sinks[PULSE_MAX_DEVICES], sources[PULSE_MAX_DEVICES];
    unsigned nsinks, nsources; /* all there are; at most PULSE_MAX_DEVICES kept */
    /* the first step that failed (PULSE_STEP_DONE: none) and why */
    enum pulse_step failed;
    char why[256];
    unsigned rate; /* of both streams */
    bool played;
    uint64_t played_ms;
    bool has_play_latency, has_record_latency;
    uint64_t play_latency_us, record_latency_us; /* as the server reports them */
    unsigned underflows;                         /* the tone ran dry while it played */
    unsigned overflows;                          /* recorded data was lost */
    struct audio_level level;
};

void pulse_test_opts_default(struct pulse_test_opts *o);
/* Runs the test. Returns 0 when every step ran (r->failed == PULSE_STEP_DONE;
 * the level says whether the source delivered sound), -1 when one failed. */
int pulse_test_run(const struct pulse_test_opts *o, struct pulse_test_result *r);
const char *pulse_step_name(enum pulse_step s);

#endif

/* headroom audio test: the sound path through PulseAudio, measured
 * (src/audio/pulse.c): sinks and sources, a tone played, the default source
 * recorded, its level, dropouts and the latencies the server reports. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio/pulse.h"
#include "cmd/cmds.h"
#include "out/json.h"
#include "out/text.h"
#include "util/duration.h"
#include "util/parse.h"
#include "util/sanitize.h"

static const char *arg_server, *arg_tone_db, *arg_duration;
static bool arg_no_tone;

static const struct opt audio_opts[] = {
    {"server", 0, OPT_STRING, &arg_server, "ADDR",
     "the PulseAudio server (default: $PULSE_SERVER, else WSLg's /mnt/wslg/PulseServer)"},
    {"tone-db", 0, OPT_STRING, &arg_tone_db, "DB",
     "peak level of the test tone in dBFS, -60 to -1 (default -20)"},
    {"duration", 0, OPT_STRING, &arg_duration, "DURATION",
     "how long to record, 500ms to 30s (default 1500ms; the tone plays 2/3 of it)"},
    {"no-tone", 0, OPT_FLAG, &arg_no_tone, NULL, "record only: play nothing"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

/* "-20", "-20.5": a level in dBFS */
static int parse_db(const char *s, double *ret)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < -60 || v > -1)
        return -1;
    *ret = v;
    return 0;
}

static const char *san(const char *s, char *buf, size_t n)
{
    return text_sanitize(s, strlen(s), buf, n);
}

/* The fix for the step that failed, as advice and a command that runs. */
static void failure_fix(const struct pulse_test_result *r, const char **advice,
                        const char **command)
{
    *command = NULL;
    switch (r->failed) {
    case PULSE_STEP_LOAD:
        *advice = "install PulseAudio's client library";
        *command = "sudo apt install libpulse0";
        break;
    case PULSE_STEP_CONNECT:
        if (strcmp(r->server_from, "PULSE_SERVER") == 0) {
            *advice = "PULSE_SERVER names a server that does not answer; on WSLg it should be "
                      "unix:/mnt/wslg/PulseServer";
            *command = "export PULSE_SERVER=unix:/mnt/wslg/PulseServer";
        } else {
            *advice = "on WSL, WSLg runs the server: restart WSL from Windows (wsl.exe "
                      "--shutdown, then open the distro again); elsewhere, start PulseAudio or "
                      "PipeWire's pulse server";
            *command = "ls -l /mnt/wslg/PulseServer";
        }
        break;
    case PULSE_STEP_LIST:
    case PULSE_STEP_PLAY:
    case PULSE_STEP_RECORD:
        *advice = "see what the server offers, and on WSLg restart WSL (wsl.exe --shutdown "
                  "from Windows) when it lists no RDPSink or RDPSource";
        *command = "pactl list short sinks; pactl list short sources";
        break;
    case PULSE_STEP_DONE:
        *advice = NULL;
        if (r->level.silent) {
            *advice = "in Windows, Settings > Privacy & security > Microphone: turn on \"Let "
                      "desktop apps access your microphone\"; check that the microphone is "
                      "Windows' default input and not muted, and that the source is not muted "
                      "here";
            *command = "pactl set-source-mute @DEFAULT_SOURCE@ 0";
        }
        break;
    }
}

/* a level in dB, to a hundredth */
static void json_db(struct json *j, const char *key, double v)
{
    json_key(j, key);
    json_double_digits(j, round(v * 100) / 100, 6);
}

static void json_level(struct json *j, const struct audio_level *l)
{
    json_key(j, "level");
    json_obj_begin(j);
    json_kv_u64(j, "samples", l->samples);
    if (l->onset_found)
        json_kv_u64(j, "onset_ms", l->onset_ms);
    else
        json_kv_null(j, "onset_ms");
    json_kv_u64(j, "window_ms", l->window_ms);
    json_db(j, "peak_dbfs", l->peak_dbfs);
    json_db(j, "rms_dbfs", l->rms_dbfs);
    json_kv_u64(j, "clipped_samples", l->clipped);
    json_kv_bool(j, "silent", l->silent);
    json_obj_end(j);
}

static void json_devices(struct json *j, const char *key, const struct pulse_device *d, unsigned n)
{
    json_key(j, key);
    json_arr_begin(j);
    for (unsigned i = 0; i < n && i < PULSE_MAX_DEVICES; i++) {
        json_obj_begin(j);
        json_kv_str(j, "name", d[i].name);
        json_kv_str(j, "description", d[i].description);
        json_obj_end(j);
    }
    json_arr_end(j);
}

static const char *verdict(const struct pulse_test_result *r)
{
    if (r->failed != PULSE_STEP_DONE)
        return "failed";
    return r->level.silent ? "silence" : "sound";
}

static void print_json(const struct ctx *ctx, const struct pulse_test_opts *o,
                       const struct pulse_test_result *r)
{
    struct json j;
    json_init(&j, ctx->out);
    json_obj_begin(&j);
    json_kv_str(&j, "verdict", verdict(r));
    json_kv_str(&j, "server", r->server[0] ? r->server : NULL);
    json_kv_str(&j, "server_from", r->server_from);
    json_kv_str(&j, "server_name", r->server_name[0] ? r->server_name : NULL);
    json_kv_str(&j, "server_version", r->server_version[0] ? r->server_version : NULL);
    json_kv_str(&j, "default_sink", r->default_sink[0] ? r->default_sink : NULL);
    json_kv_str(&j, "default_source", r->default_source[0] ? r->default_source : NULL);
    json_kv_u64(&j, "sink_count", r->nsinks);
    json_devices(&j, "sinks", r->sinks, r->nsinks);
    json_kv_u64(&j, "source_count", r->nsources);
    json_devices(&j, "sources", r->sources, r->nsources);
    json_kv_str(&j, "failed_step",
                r->failed == PULSE_STEP_DONE ? NULL : pulse_step_name(r->failed));
    json_kv_str(&j, "error", r->failed == PULSE_STEP_DONE ? NULL : r->why);
    json_kv_u64(&j, "rate", r->rate);
    json_key(&j, "tone");
    json_obj_begin(&j);
    json_kv_bool(&j, "played", r->played);
    json_kv_double(&j, "hz", o->tone_hz);
    json_db(&j, "peak_dbfs", o->tone_dbfs);
    json_kv_u64(&j, "ms", r->played_ms);
    json_obj_end(&j);
    json_key(&j, "latency_us");
    json_obj_begin(&j);
    if (r->has_play_latency)
        json_kv_u64(&j, "playback", r->play_latency_us);
    else
        json_kv_null(&j, "playback");
    if (r->has_record_latency)
        json_kv_u64(&j, "record", r->record_latency_us);
    else
        json_kv_null(&j, "record");
    json_obj_end(&j);
    json_kv_u64(&j, "underflows", r->underflows);
    json_kv_u64(&j, "overflows", r->overflows);
    if (r->level.samples)
        json_level(&j, &r->level);
    else
        json_kv_null(&j, "level");
    const char *advice, *command;
    failure_fix(r, &advice, &command);
    json_key(&j, "fix");
    if (advice) {
        json_obj_begin(&j);
        json_kv_str(&j, "advice", advice);
        json_key(&j, "commands");
        json_arr_begin(&j);
        if (command) {
            json_obj_begin(&j);
            json_kv_str(&j, "shell", "bash");
            json_kv_str(&j, "command", command);
            json_obj_end(&j);
        }
        json_arr_end(&j);
        json_obj_end(&j);
    } else {
        json_null(&j);
    }
    json_obj_end(&j);
    json_finish(&j);
}

static void print_devices(FILE *f, const char *label, const struct pulse_device *d, unsigned n,
                          const char *deflt)
{
    char a[160], b[160];
    fprintf(f, "  %-9s %u\n", label, n);
    for (unsigned i = 0; i < n && i < PULSE_MAX_DEVICES; i++)
        fprintf(f, "    %s%s%s%s%s\n", san(d[i].name, a, sizeof(a)),
                d[i].description[0] ? "  (" : "", san(d[i].description, b, sizeof(b)),
                d[i].description[0] ? ")" : "", strcmp(d[i].name, deflt) == 0 ? "  default" : "");
    if (n > PULSE_MAX_DEVICES)
        fprintf(f, "    ... and %u more\n", n - PULSE_MAX_DEVICES);
}

static void print_latency(FILE *f, bool has, uint64_t us)
{
    if (has)
        fprintf(f, "; latency %.1f ms (the server's figure, mean)", (double)us / 1000.0);
    else
        fputs("; latency not reported", f);
}

static void print_text(const struct ctx *ctx, const struct pulse_test_opts *o,
                       const struct pulse_test_result *r)
{
    FILE *f = ctx->out;
    char a[300], b[300];
    fprintf(f, "PulseAudio at %s (%s)",
            r->server[0] ? san(r->server, a, sizeof(a)) : "the default address", r->server_from);
    if (r->server_name[0])
        fprintf(f, ": %s %s", san(r->server_name, a, sizeof(a)),
                san(r->server_version, b, sizeof(b)));
    fputc('\n', f);
    if (r->failed > PULSE_STEP_LIST) {
        print_devices(f, "Sinks", r->sinks, r->nsinks, r->default_sink);
        print_devices(f, "Sources", r->sources, r->nsources, r->default_source);
    }
    if (r->played) {
        fprintf(f, "  Played    a %.0f Hz tone at %.1f dBFS peak for %.2f s to the default sink",
                o->tone_hz, o->tone_dbfs, (double)r->played_ms / 1000.0);
        print_latency(f, r->has_play_latency, r->play_latency_us);
        fprintf(f, "; %u underflow%s\n", r->underflows, r->underflows == 1 ? "" : "s");
    }
    if (r->level.samples) {
        const struct audio_level *l = &r->level;
        fprintf(f, "  Recorded  %.2f s from the default source",
                (double)l->samples / (double)r->rate);
        print_latency(f, r->has_record_latency, r->record_latency_us);
        fprintf(f, "; %u overflow%s\n", r->overflows, r->overflows == 1 ? "" : "s");
        if (l->silent)
            fputs("  Level     none: every sample is 0 (digital silence)\n", f);
        else
            fprintf(f,
                    "  Level     peak %.1f dBFS, RMS %.1f dBFS over %u ms %s; %llu clipped "
                    "sample%s\n",
                    l->peak_dbfs, l->rms_dbfs, l->window_ms,
                    l->onset_found ? "from the first loud sample" : "(nothing reached -40 dBFS)",
                    (unsigned long long)l->clipped, l->clipped == 1 ? "" : "s");
    }
    const char *advice, *command;
    failure_fix(r, &advice, &command);
    if (r->failed != PULSE_STEP_DONE) {
        fprintf(f, "%s failed: %s\n", pulse_step_name(r->failed), san(r->why, a, sizeof(a)));
    } else if (r->level.silent) {
        fputs("The source delivers silence.\n", f);
    } else {
        fprintf(f, "The source delivers sound%s.\n",
                r->played && r->level.onset_found ? " (the tone, or what the microphone heard)"
                                                  : "");
    }
    if (advice)
        fprintf(f, "  fix  %s\n", advice);
    if (command)
        fprintf(f, "  run  $ %s\n", command);
}

/* The one subcommand run_audio() takes. */
static const char *const audio_subcommands[] = {"test", NULL};

static int run_audio(struct ctx *ctx, int argc, char **argv)
{
    if (argc < 1 || strcmp(argv[0], "test") != 0)
        return cli_usage_error(ctx->cmd, "expected 'test' (headroom audio test)");
    if (!ctx->root->live)
        return cli_usage_error(ctx->cmd,
                               "audio test plays and records on this machine; it takes no --root");
    struct pulse_test_opts o;
    pulse_test_opts_default(&o);
    o.server = arg_server;
    o.play = !arg_no_tone;
    if (arg_tone_db && parse_db(arg_tone_db, &o.tone_dbfs) < 0)
        return cli_usage_error(ctx->cmd, "option '--tone-db': '%s' is not a level from -60 to -1",
                               arg_tone_db);
    if (arg_duration) {
        uint64_t ms;
        int e = duration_parse_ms(arg_duration, strlen(arg_duration), &ms);
        if (e < 0)
            return cli_usage_error(ctx->cmd, "option '--duration': '%s' %s", arg_duration,
                                   duration_parse_problem(e));
        if (ms < 500 || ms > 30000)
            return cli_usage_error(ctx->cmd, "option '--duration': '%s' is not from 500ms to 30s",
                                   arg_duration);
        o.record_ms = (unsigned)ms;
    }
    o.tone_ms = o.record_ms * 2 / 3;
    struct pulse_test_result r;
    pulse_test_run(&o, &r);
    if (ctx->json)
        print_json(ctx, &o, &r);
    else
        print_text(ctx, &o, &r);
    return r.failed == PULSE_STEP_DONE && !r.level.silent ? EXIT_OK : EXIT_FINDINGS;
}

const struct command cmd_audio = {
    .name = "audio",
    .summary = "audio test: play a tone, record the microphone, measure level and latency",
    .usage = "audio test [--server ADDR] [--tone-db DB] [--duration DURATION] [--no-tone]",
    .description =
        "Connects to the PulseAudio server WSLg runs ($PULSE_SERVER, else\n"
        "unix:/mnt/wslg/PulseServer, else the default address), lists its sinks and\n"
        "sources (WSLg's are RDPSink and RDPSource), plays a 440 Hz tone to the default\n"
        "sink while it records the default source, and reports the recording's level\n"
        "(peak and RMS in dBFS over the half second after the first sample at -40 dBFS,\n"
        "or over the whole recording when none is that loud), clipped samples, the\n"
        "underflows and overflows the server signalled, and each stream's latency as the\n"
        "server reports it. It says whether the source delivers sound or silence; on\n"
        "WSLg, the first thing to check for silence is Windows' microphone setting for\n"
        "desktop apps. On WSLg the tone comes out of the laptop's speakers.\n"
        "\n"
        "libpulse (Debian's libpulse0) is loaded when the test runs; headroom does not\n"
        "link it. Only on this machine: --root is refused.\n"
        "\n"
        "Examples:\n"
        "  headroom audio test\n"
        "  headroom audio test --no-tone --duration 5s --json\n",
    .opts = audio_opts,
    .min_args = 1,
    .max_args = 1,
    .run = run_audio,
    .exit_status = "0 every step ran and the source delivered sound; 1 a step failed (no\n"
                   "library, no server, no sink or source, a stream refused) or the source gave\n"
                   "silence, with the fix; 2 bad usage.",
    .subcommands = audio_subcommands,
    .wrap_lines = true,
};

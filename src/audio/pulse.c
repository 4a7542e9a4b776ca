#include "audio/pulse.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/xalloc.h"

/* The part of libpulse's ABI this file uses (the pulse/ headers, stable since
 * PulseAudio 0.9): opaque handles, two small structs, the leading fields of
 * the introspection structs (libpulse only ever appends fields), and the
 * values of the enums and flags used. */
typedef struct pa_mainloop pa_mainloop;
typedef struct pa_mainloop_api pa_mainloop_api;
typedef struct pa_context pa_context;
typedef struct pa_operation pa_operation;
typedef struct pa_stream pa_stream;

struct pa_sample_spec_abi {
    int format; /* PA_SAMPLE_S16LE = 3 */
    uint32_t rate;
    uint8_t channels;
};
struct pa_buffer_attr_abi {
    uint32_t maxlength, tlength, prebuf, minreq, fragsize;
};
struct pa_server_info_abi {
    const char *user_name, *host_name, *server_version, *server_name;
    struct pa_sample_spec_abi sample_spec;
    const char *default_sink_name, *default_source_name;
};
struct pa_device_info_abi { /* pa_sink_info and pa_source_info begin alike */
    const char *name;
    uint32_t index;
    const char *description;
};

enum { PA_SAMPLE_S16LE = 3 };
enum { PA_CONTEXT_READY = 4, PA_CONTEXT_FAILED = 5, PA_CONTEXT_TERMINATED = 6 };
enum { PA_STREAM_CREATING = 1, PA_STREAM_READY = 2, PA_STREAM_FAILED = 3 };
enum { PA_OPERATION_RUNNING = 0 };
enum { PA_CONTEXT_NOAUTOSPAWN = 1 };
enum {
    PA_STREAM_INTERPOLATE_TIMING = 0x2,
    PA_STREAM_AUTO_TIMING_UPDATE = 0x8,
    PA_STREAM_ADJUST_LATENCY = 0x2000
};

typedef void (*server_cb)(pa_context *, const struct pa_server_info_abi *, void *);
typedef void (*device_cb)(pa_context *, const struct pa_device_info_abi *, int eol, void *);
typedef void (*stream_cb)(pa_stream *, void *);

struct libpulse {
    void *lib;
    pa_mainloop *(*mainloop_new)(void);
    pa_mainloop_api *(*mainloop_get_api)(pa_mainloop *);
    int (*mainloop_prepare)(pa_mainloop *, int timeout_us);
    int (*mainloop_poll)(pa_mainloop *);
    int (*mainloop_dispatch)(pa_mainloop *);
    void (*mainloop_free)(pa_mainloop *);
    pa_context *(*context_new)(pa_mainloop_api *, const char *);
    int (*context_connect)(pa_context *, const char *, int, const void *);
    int (*context_get_state)(pa_context *);
    int (*context_errno)(pa_context *);
    void (*context_disconnect)(pa_context *);
    void (*context_unref)(pa_context *);
    pa_operation *(*context_get_server_info)(pa_context *, server_cb, void *);
    pa_operation *(*context_get_sink_info_list)(pa_context *, device_cb, void *);
    pa_operation *(*context_get_source_info_list)(pa_context *, device_cb, void *);
    int (*operation_get_state)(pa_operation *);
    void (*operation_unref)(pa_operation *);
    const char *(*strerror)(int);
    pa_stream *(*stream_new)(pa_context *, const char *, const struct pa_sample_spec_abi *,
                             const void *);
    int (*stream_connect_playback)(pa_stream *, const char *, const struct pa_buffer_attr_abi *,
                                   int, const void *, pa_stream *);
    int (*stream_connect_record)(pa_stream *, const char *, const struct pa_buffer_attr_abi *, int);
    int (*stream_get_state)(pa_stream *);
    size_t (*stream_writable_size)(pa_stream *);
    int (*stream_write)(pa_stream *, const void *, size_t, void (*)(void *), int64_t, int);
    int (*stream_peek)(pa_stream *, const void **, size_t *);
    int (*stream_drop)(pa_stream *);
    int (*stream_get_latency)(pa_stream *, uint64_t *, int *);
    void (*stream_set_underflow_callback)(pa_stream *, stream_cb, void *);
    void (*stream_set_overflow_callback)(pa_stream *, stream_cb, void *);
    int (*stream_disconnect)(pa_stream *);
    void (*stream_unref)(pa_stream *);
};

static int load(struct libpulse *p, char *why, size_t n)
{
    memset(p, 0, sizeof(*p));
    p->lib = dlopen("libpulse.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!p->lib) {
        snprintf(why, n, "libpulse.so.0 is not installed (Debian: apt install libpulse0)");
        return -1;
    }
#define SYM(field, name)                                                                           \
    do {                                                                                           \
        *(void **)&p->field = dlsym(p->lib, name);                                                 \
        if (!p->field) {                                                                           \
            snprintf(why, n, "libpulse.so.0 has no %s", name);                                     \
            return -1;                                                                             \
        }                                                                                          \
    } while (0)
    SYM(mainloop_new, "pa_mainloop_new");
    SYM(mainloop_get_api, "pa_mainloop_get_api");
    SYM(mainloop_prepare, "pa_mainloop_prepare");
    SYM(mainloop_poll, "pa_mainloop_poll");
    SYM(mainloop_dispatch, "pa_mainloop_dispatch");
    SYM(mainloop_free, "pa_mainloop_free");
    SYM(context_new, "pa_context_new");
    SYM(context_connect, "pa_context_connect");
    SYM(context_get_state, "pa_context_get_state");
    SYM(context_errno, "pa_context_errno");
    SYM(context_disconnect, "pa_context_disconnect");
    SYM(context_unref, "pa_context_unref");
    SYM(context_get_server_info, "pa_context_get_server_info");
    SYM(context_get_sink_info_list, "pa_context_get_sink_info_list");
    SYM(context_get_source_info_list, "pa_context_get_source_info_list");
    SYM(operation_get_state, "pa_operation_get_state");
    SYM(operation_unref, "pa_operation_unref");
    SYM(strerror, "pa_strerror");
    SYM(stream_new, "pa_stream_new");
    SYM(stream_connect_playback, "pa_stream_connect_playback");
    SYM(stream_connect_record, "pa_stream_connect_record");
    SYM(stream_get_state, "pa_stream_get_state");
    SYM(stream_writable_size, "pa_stream_writable_size");
    SYM(stream_write, "pa_stream_write");
    SYM(stream_peek, "pa_stream_peek");
    SYM(stream_drop, "pa_stream_drop");
    SYM(stream_get_latency, "pa_stream_get_latency");
    SYM(stream_set_underflow_callback, "pa_stream_set_underflow_callback");
    SYM(stream_set_overflow_callback, "pa_stream_set_overflow_callback");
    SYM(stream_disconnect, "pa_stream_disconnect");
    SYM(stream_unref, "pa_stream_unref");
#undef SYM
    return 0;
}

static uint64_t now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000 + (uint64_t)t.tv_nsec / 1000000;
}

struct session {
    struct libpulse *p;
    pa_mainloop *ml;
    pa_context *ctx;
    struct pulse_test_result *r;
    bool listing_done;
    int lists_left;
    bool playing; /* an underflow counts only while the tone is still written */
};

/* One turn of the main loop, waiting at most 10 ms. */
static void turn(struct session *s)
{
    if (s->p->mainloop_prepare(s->ml, 10000) >= 0 && s->p->mainloop_poll(s->ml) >= 0)
        s->p->mainloop_dispatch(s->ml);
}

static void copy_name(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static void on_server(pa_context *c, const struct pa_server_info_abi *i, void *ud)
{
    (void)c;
    struct session *s = ud;
    if (i) {
        copy_name(s->r->server_name, sizeof(s->r->server_name), i->server_name);
        copy_name(s->r->server_version, sizeof(s->r->server_version), i->server_version);
        copy_name(s->r->default_sink, sizeof(s->r->default_sink), i->default_sink_name);
        copy_name(s->r->default_source, sizeof(s->r->default_source), i->default_source_name);
    }
    s->lists_left--;
}

static void add_device(struct pulse_device *list, unsigned *n, const struct pa_device_info_abi *i)
{
    if (*n < PULSE_MAX_DEVICES) {
        copy_name(list[*n].name, sizeof(list[*n].name), i->name);
        copy_name(list[*n].description, sizeof(list[*n].description), i->description);
    }
    if (*n < UINT32_MAX)
        (*n)++;
}

static void on_sink(pa_context *c, const struct pa_device_info_abi *i, int eol, void *ud)
{
    (void)c;
    struct session *s = ud;
    if (eol)
        s->lists_left--;
    else if (i)
        add_device(s->r->sinks, &s->r->nsinks, i);
}

static void on_source(pa_context *c, const struct pa_device_info_abi *i, int eol, void *ud)
{
    (void)c;
    struct session *s = ud;
    if (eol)
        s->lists_left--;
    else if (i)
        add_device(s->r->sources, &s->r->nsources, i);
}

static void on_underflow(pa_stream *st, void *ud)
{
    (void)st;
    struct session *s = ud;
    if (s->playing)
        s->r->underflows++;
}

static void on_overflow(pa_stream *st, void *ud)
{
    (void)st;
    struct session *s = ud;
    s->r->overflows++;
}

/* Records the first step that failed and why; returns -1. */
static int fail(struct pulse_test_result *r, enum pulse_step step, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct pulse_test_result *r, enum pulse_step step, const char *fmt, ...)
{
    if (r->failed != PULSE_STEP_DONE)
        return -1;
    r->failed = step;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->why, sizeof(r->why), fmt, ap);
    va_end(ap);
    return -1;
}

static int connect_server(struct session *s, const struct pulse_test_opts *o)
{
    struct pulse_test_result *r = s->r;
    struct libpulse *p = s->p;
    s->ctx = p->context_new(p->mainloop_get_api(s->ml), "headroom audio test");
    if (!s->ctx)
        return fail(r, PULSE_STEP_CONNECT, "cannot make a PulseAudio context");
    if (p->context_connect(s->ctx, r->server[0] ? r->server : NULL, PA_CONTEXT_NOAUTOSPAWN, NULL) <
        0)
        return fail(r, PULSE_STEP_CONNECT, "no PulseAudio server at %.200s: %s",
                    r->server[0] ? r->server : "the default address",
                    p->strerror(p->context_errno(s->ctx)));
    uint64_t until = now_ms() + o->timeout_ms;
    for (;;) {
        int st = p->context_get_state(s->ctx);
        if (st == PA_CONTEXT_READY)
            return 0;
        if (st == PA_CONTEXT_FAILED || st == PA_CONTEXT_TERMINATED)
            return fail(r, PULSE_STEP_CONNECT, "no PulseAudio server at %.200s: %s",
                        r->server[0] ? r->server : "the default address",
                        p->strerror(p->context_errno(s->ctx)));
        if (now_ms() >= until)
            return fail(r, PULSE_STEP_CONNECT, "the PulseAudio server at %.200s did not answer",
                        r->server[0] ? r->server : "the default address");
        turn(s);
    }
}

static int list_devices(struct session *s, const struct pulse_test_opts *o)
{
    struct libpulse *p = s->p;
    pa_operation *ops[3] = {p->context_get_server_info(s->ctx, on_server, s),
                            p->context_get_sink_info_list(s->ctx, on_sink, s),
                            p->context_get_source_info_list(s->ctx, on_source, s)};
    s->lists_left = 3;
    uint64_t until = now_ms() + o->timeout_ms;
    while (s->lists_left > 0 && now_ms() < until &&
           p->context_get_state(s->ctx) == PA_CONTEXT_READY)
        turn(s);
    for (int i = 0; i < 3; i++)
        if (ops[i])
            p->operation_unref(ops[i]);
    if (s->lists_left > 0)
        return fail(s->r, PULSE_STEP_LIST, "the server did not list its devices within %u ms",
                    o->timeout_ms);
    return 0;
}

static pa_stream *open_stream(struct session *s, bool playback, const char *dev,
                              enum pulse_step step, const struct pulse_test_opts *o)
{
    struct libpulse *p = s->p;
    struct pa_sample_spec_abi ss = {PA_SAMPLE_S16LE, s->r->rate, 1};
    pa_stream *st =
        p->stream_new(s->ctx, playback ? "headroom tone" : "headroom record", &ss, NULL);
    if (!st) {
        fail(s->r, step, "cannot make a stream: %s", p->strerror(p->context_errno(s->ctx)));
        return NULL;
    }
    /* 100 ms of buffer in 20 ms fragments: enough that a 10 ms turn of the
     * loop never lets the tone run dry, little enough that the latency the
     * server reports is mostly its own */
    uint32_t frag = s->r->rate / 50 * 2;
    struct pa_buffer_attr_abi ba = {UINT32_MAX, frag * 5, UINT32_MAX, UINT32_MAX, frag};
    int flags =
        PA_STREAM_INTERPOLATE_TIMING | PA_STREAM_AUTO_TIMING_UPDATE | PA_STREAM_ADJUST_LATENCY;
    int e;
    if (playback) {
        p->stream_set_underflow_callback(st, on_underflow, s);
        e = p->stream_connect_playback(st, dev, &ba, flags, NULL, NULL);
    } else {
        p->stream_set_overflow_callback(st, on_overflow, s);
        e = p->stream_connect_record(st, dev, &ba, flags);
    }
    uint64_t until = now_ms() + o->timeout_ms;
    while (e == 0 && p->stream_get_state(st) == PA_STREAM_CREATING && now_ms() < until)
        turn(s);
    if (e == 0 && p->stream_get_state(st) == PA_STREAM_READY)
        return st;
    fail(s->r, step, "cannot open %.120s: %s", dev ? dev : "the default device",
         p->stream_get_state(st) == PA_STREAM_CREATING ? "no answer in time"
                                                       : p->strerror(p->context_errno(s->ctx)));
    p->stream_unref(st);
    return NULL;
}

static void stream_close(struct libpulse *p, pa_stream *st)
{
    if (st) {
        p->stream_disconnect(st);
        p->stream_unref(st);
    }
}

static int play_and_record(struct session *s, const struct pulse_test_opts *o)
{
    struct pulse_test_result *r = s->r;
    struct libpulse *p = s->p;
    size_t cap = (size_t)r->rate * o->record_ms / 1000;
    int16_t *rec = xcalloc(cap ? cap : 1, sizeof(*rec));
    size_t got = 0;
    pa_stream *out = NULL;
    if (o->play && !(out = open_stream(s, true, NULL, PULSE_STEP_PLAY, o))) {
        free(rec);
        return -1;
    }
    pa_stream *in = open_stream(s, false, NULL, PULSE_STEP_RECORD, o);
    if (!in) {
        stream_close(p, out);
        free(rec);
        return -1;
    }
    uint64_t tone_samples = (uint64_t)r->rate * o->tone_ms / 1000, written = 0;
    uint64_t start = now_ms(), until = start + o->record_ms + o->timeout_ms;
    s->playing = out != NULL;
    uint64_t play_sum = 0, rec_sum = 0, play_n = 0, rec_n = 0;
    int16_t chunk[4096];
    while (got < cap && now_ms() < until) {
        if (p->context_get_state(s->ctx) != PA_CONTEXT_READY) {
            fail(r, PULSE_STEP_RECORD, "the server went away: %s",
                 p->strerror(p->context_errno(s->ctx)));
            break;
        }
        size_t room;
        while (out && written < tone_samples && (room = p->stream_writable_size(out)) >= 2) {
            size_t k = room / 2;
            if (k > sizeof(chunk) / 2)
                k = sizeof(chunk) / 2;
            if (k > tone_samples - written)
                k = (size_t)(tone_samples - written);
            audio_tone_s16(chunk, k, r->rate, o->tone_hz, o->tone_dbfs, written);
            if (p->stream_write(out, chunk, k * 2, NULL, 0, 0) < 0)
                break;
            written += k;
        }
        if (out && written >= tone_samples)
            s->playing = false;
        const void *data;
        size_t n;
        while (p->stream_peek(in, &data, &n) == 0 && n > 0) {
            size_t k = n / 2;
            if (data) { /* NULL: a hole, which counts as silence */
                if (k > cap - got)
                    k = cap - got;
                memcpy(rec + got, data, k * 2);
            } else if (k > cap - got) {
                k = cap - got;
            }
            got += k;
            p->stream_drop(in);
            if (got >= cap)
                break;
        }
        /* the latencies: the mean of the server's figures once the streams
         * run (after 200 ms), the playback's while the tone still plays */
        uint64_t el = now_ms() - start, us;
        int neg = 0;
        if (out && s->playing && el >= 200 && p->stream_get_latency(out, &us, &neg) == 0 && !neg) {
            play_sum += us;
            play_n++;
        }
        if (el >= 200 && p->stream_get_latency(in, &us, &neg) == 0) {
            rec_sum += neg ? 0 : us;
            rec_n++;
        }
        turn(s);
    }
    r->has_play_latency = play_n > 0;
    r->play_latency_us = play_n ? play_sum / play_n : 0;
    r->has_record_latency = rec_n > 0;
    r->record_latency_us = rec_n ? rec_sum / rec_n : 0;
    r->played = out && written > 0;
    r->played_ms = r->rate ? written * 1000 / r->rate : 0;
    stream_close(p, out);
    stream_close(p, in);
    audio_level_measure(rec, got, r->rate, &r->level);
    free(rec);
    if (r->failed != PULSE_STEP_DONE)
        return -1;
    if (got < cap)
        return fail(r, PULSE_STEP_RECORD, "the source delivered %zu ms of the %u ms asked for",
                    got * 1000 / r->rate, o->record_ms);
    return 0;
}

void pulse_test_opts_default(struct pulse_test_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->play = true;
    o->tone_dbfs = -20.0;
    o->tone_hz = 440.0;
    o->tone_ms = 1000;
    o->record_ms = 1500;
    o->timeout_ms = 3000;
}

const char *pulse_step_name(enum pulse_step s)
{
    switch (s) {
    case PULSE_STEP_LOAD:
        return "load";
    case PULSE_STEP_CONNECT:
        return "connect";
    case PULSE_STEP_LIST:
        return "list";
    case PULSE_STEP_PLAY:
        return "play";
    case PULSE_STEP_RECORD:
        return "record";
    case PULSE_STEP_DONE:
        break;
    }
    return "done";
}

static void pick_server(const struct pulse_test_opts *o, struct pulse_test_result *r)
{
    const char *env = getenv("PULSE_SERVER");
    if (o->server) {
        copy_name(r->server, sizeof(r->server), o->server);
        r->server_from = "--server";
    } else if (env && *env) {
        copy_name(r->server, sizeof(r->server), env);
        r->server_from = "PULSE_SERVER";
    } else if (access("/mnt/wslg/PulseServer", F_OK) == 0) {
        copy_name(r->server, sizeof(r->server), "unix:/mnt/wslg/PulseServer");
        r->server_from = "/mnt/wslg/PulseServer";
    } else {
        r->server_from = "default";
    }
}

int pulse_test_run(const struct pulse_test_opts *o, struct pulse_test_result *r)
{
    memset(r, 0, sizeof(*r));
    r->failed = PULSE_STEP_DONE;
    r->rate = 48000;
    pick_server(o, r);
    struct libpulse p;
    if (load(&p, r->why, sizeof(r->why)) < 0) {
        r->failed = PULSE_STEP_LOAD;
        if (p.lib)
            dlclose(p.lib);
        return -1;
    }
    struct session s = {.p = &p, .r = r};
    s.ml = p.mainloop_new();
    int rc = -1;
    if (!s.ml)
        fail(r, PULSE_STEP_CONNECT, "cannot make a PulseAudio main loop");
    else if (connect_server(&s, o) == 0 && list_devices(&s, o) == 0) {
        if (o->play && r->nsinks == 0)
            fail(r, PULSE_STEP_PLAY, "the server has no sink to play to");
        else if (r->nsources == 0)
            fail(r, PULSE_STEP_RECORD, "the server has no source to record from");
        else
            rc = play_and_record(&s, o);
    }
    if (s.ctx) {
        p.context_disconnect(s.ctx);
        p.context_unref(s.ctx);
    }
    if (s.ml)
        p.mainloop_free(s.ml);
    dlclose(p.lib);
    return rc;
}

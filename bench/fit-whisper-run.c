/* One measured run of real whisper.cpp: the library inside the npm binding
 * @fugood/whisper.node 1.1.3 (whisper.cpp 1.9.3, prebuilt CPU build; its
 * index.node exports whisper.cpp's C API), loaded with dlopen. Loads MODEL,
 * transcribes 5 s of faint noise (whisper.cpp pads every window to 30 s, so
 * the encoder runs its full 1500 frames) with 2 threads as whisper-cli would
 * (-fa on|off, -bs N: beam search of N at temperature 0, greedy for 1), then
 * prints one JSON line: peak RSS (VmHWM) over the RSS before loading, and the
 * buffer sizes whisper.cpp logs. Built by bench/fit-whisper.sh against the
 * binding's own whisper.h. WLOG=1 echoes whisper.cpp's log and timings.
 * (The binding's JavaScript API cannot serve here: a failed transcription
 * calls its callback with one argument, and the promise never settles.)
 * CONTEXT (default 0) is the number of tokens of earlier text given as the
 * prompt, as whisper-cli passes the previous windows' text from the second
 * window of a long recording on (up to n_text_ctx / 2 - 1 = 223); FALLBACK 0
 * turns the temperature fallback off (whisper-cli -nf).
 *   fit-whisper-run BINDING.node MODEL FA(0|1) BEAM [CONTEXT [FALLBACK(0|1)]] */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "whisper.h"

static char logbuf[1 << 16];
static size_t loglen;

static void on_log(enum ggml_log_level level, const char *text, void *user)
{
    (void)level, (void)user;
    size_t n = strlen(text);
    if (loglen + n < sizeof(logbuf))
        memcpy(logbuf + loglen, text, n), loglen += n;
    if (getenv("WLOG"))
        fputs(text, stderr);
}

static long status_kb(const char *key)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    while (f && fgets(line, sizeof(line), f))
        if (!strncmp(line, key, strlen(key)))
            v = atol(line + strlen(key) + 1);
    if (f)
        fclose(f);
    return v;
}

/* the MB figure whisper.cpp logged after `what`, in bytes (-1 when absent) */
static long long logged(const char *what)
{
    const char *p = strstr(logbuf, what);
    if (!p || !(p = strchr(p, '=')))
        return -1;
    return (long long)(atof(p + 1) * 1e6 + 0.5);
}

/* the count whisper.cpp logged after `what =` (-1 when absent) */
static long long logged_count(const char *what)
{
    const char *p = strstr(logbuf, what);
    if (!p || !(p = strchr(p, '=')))
        return -1;
    return atoll(p + 1);
}

#define SYM(name) dlsym_or_die(h, #name)
static void *dlsym_or_die(void *h, const char *name)
{
    void *p = dlsym(h, name);
    if (!p) {
        fprintf(stderr, "fit-whisper-run: %s not in the binding\n", name);
        exit(1);
    }
    return p;
}

int main(int argc, char **argv)
{
    if (argc < 5 || argc > 7) {
        fputs("usage: fit-whisper-run BINDING.node MODEL FA(0|1) BEAM [CONTEXT [FALLBACK]]\n",
              stderr);
        return 2;
    }
    void *h = dlopen(argv[1], RTLD_LAZY | RTLD_GLOBAL);
    if (!h) {
        fprintf(stderr, "fit-whisper-run: %s\n", dlerror());
        return 1;
    }
    void (*log_set)(ggml_log_callback, void *) = SYM(whisper_log_set);
    struct whisper_context_params (*cdef)(void) = SYM(whisper_context_default_params);
    struct whisper_context *(*init)(const char *, struct whisper_context_params) =
        SYM(whisper_init_from_file_with_params);
    struct whisper_full_params (*fdef)(enum whisper_sampling_strategy) =
        SYM(whisper_full_default_params);
    int (*full)(struct whisper_context *, struct whisper_full_params, const float *, int) =
        SYM(whisper_full);
    void (*release)(struct whisper_context *) = SYM(whisper_free);
    log_set(on_log, NULL);

    int beam = atoi(argv[4]);
    int n = 16000 * 5;
    float *pcm = calloc((size_t)n, sizeof(float));
    unsigned x = 12345;
    for (int i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        pcm[i] = (float)((int)(x >> 16) % 64 - 32) / 32768.0f;
    }
    long base = status_kb("VmRSS:");
    struct whisper_context_params cp = cdef();
    cp.use_gpu = 0;
    cp.flash_attn = atoi(argv[3]) != 0;
    struct whisper_context *ctx = init(argv[2], cp);
    if (!ctx)
        return 1;
    long load = status_kb("VmRSS:");
    /* whisper-cli: -bs N > 1 is beam search; best_of 5, temperature 0 with
     * fallback steps of 0.2 (each fallback runs best_of decoders) */
    struct whisper_full_params p =
        fdef(beam > 1 ? WHISPER_SAMPLING_BEAM_SEARCH : WHISPER_SAMPLING_GREEDY);
    p.n_threads = 2;
    p.language = "en";
    p.print_progress = false;
    p.beam_search.beam_size = beam;
    p.greedy.best_of = 5;
    int n_context = argc > 5 ? atoi(argv[5]) : 0;
    whisper_token context[448];
    if (n_context < 0 || n_context > 448)
        n_context = 0;
    for (int i = 0; i < n_context; i++)
        context[i] = 1000 + i; /* ordinary text tokens */
    p.prompt_tokens = n_context ? context : NULL;
    p.prompt_n_tokens = n_context;
    if (argc > 6 && atoi(argv[6]) == 0)
        p.temperature_inc = 0.0f;
    int r = full(ctx, p, pcm, n);
    long peak = status_kb("VmHWM:");
    if (getenv("WLOG")) {
        int (*nseg)(struct whisper_context *) = SYM(whisper_full_n_segments);
        int (*ntok)(struct whisper_context *, int) = SYM(whisper_full_n_tokens);
        for (int i = 0; i < nseg(ctx); i++)
            fprintf(stderr, "segment %d: %d tokens\n", i, ntok(ctx, i));
    }
    void (*timings)(struct whisper_context *) = SYM(whisper_print_timings);
    timings(ctx); /* into the log: "fallbacks = N p / M h" */
    release(ctx);
    if (r != 0) {
        fprintf(stderr, "fit-whisper-run: whisper_full returned %d\n", r);
        return 1;
    }
    printf("{\"peak\":%ld,\"base\":%ld,\"load\":%ld,\"weights\":%lld,\"kv_self\":%lld,"
           "\"kv_cross\":%lld,\"kv_pad\":%lld,\"conv\":%lld,\"encode\":%lld,\"cross\":%lld,"
           "\"decode\":%lld,\"fallbacks\":%lld}\n",
           (peak - base) * 1024, base * 1024, (load - base) * 1024, logged("CPU total size"),
           logged("kv self size"), logged("kv cross size"), logged("kv pad  size"),
           logged("compute buffer (conv)"), logged("compute buffer (encode)"),
           logged("compute buffer (cross)"), logged("compute buffer (decode)"),
           logged_count("fallbacks"));
    free(pcm);
    return 0;
}

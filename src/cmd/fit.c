/* headroom fit: will this model fit, and how to run it. Reads the model's
 * header (GGUF, or whisper.cpp's legacy ggml .bin), estimates what llama.cpp
 * (or whisper.cpp) will hold in RAM and VRAM for the chosen context and
 * flags, compares it with what this machine has free, and prints the verdict,
 * the breakdown and the command line to use. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/cmds.h"
#include "cmd/fit.h"
#include "cmd/model-arg.h"
#include "cmd/model-remote.h"
#include "download-room.h"
#include "model/estimate.h"
#include "model/ggml-bin.h"
#include "model/ggml-types.h"
#include "model/gguf.h"
#include "model/stores.h"
#include "out/fit-model.h"
#include "out/fit-verdict.h"
#include "out/json.h"
#include "out/text.h"
#include "util/parse.h"
#include "util/size.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static unsigned arg_ctx, arg_batch, arg_ubatch;
static const char *arg_cache_type, *arg_ngl;
static bool arg_no_mmap, arg_list;
static uint64_t arg_ram, arg_vram, arg_reserve;
static uint64_t arg_timeout_ms = 30000;
static bool arg_download_whole;
static const char *arg_flash_attn, *arg_max_context;
/* UINT_MAX: not given (0 is refused) */
static unsigned arg_beam_size = UINT_MAX, arg_best_of = UINT_MAX;
static bool arg_no_fallback;

static const struct opt fit_opts[] = {
    {"ctx", 'c', OPT_UINT, &arg_ctx, "N", "context length in tokens (default 4096)"},
    {"batch", 'b', OPT_UINT, &arg_batch, "N", "logical batch size (default 2048)"},
    {"ubatch", 'u', OPT_UINT, &arg_ubatch, "N", "physical batch size (default 512)"},
    {"cache-type", 0, OPT_STRING, &arg_cache_type, "T", "KV cache type: f16 (default), q8_0, q4_0"},
    {"ngl", 0, OPT_STRING, &arg_ngl, "N|auto",
     "layers on the GPU; auto (default) = as many as the free VRAM takes"},
    {"no-mmap", 0, OPT_FLAG, &arg_no_mmap, NULL, "estimate for llama.cpp's --no-mmap"},
    {"ram", 0, OPT_SIZE, &arg_ram, "SIZE", "RAM to fit into (default: what this machine has free)"},
    {"vram", 0, OPT_SIZE, &arg_vram, "SIZE", "VRAM to fit into (default: free VRAM from NVML)"},
    {"reserve", 0, OPT_SIZE, &arg_reserve, "SIZE", "RAM to keep for the rest of the workload"},
    {"flash-attn", 0, OPT_STRING, &arg_flash_attn, "on|off",
     "flash attention (llama.cpp -fa, whisper-cli -fa / -nfa; default on)"},
    {"beam-size", 0, OPT_UINT, &arg_beam_size, "N",
     "whisper.cpp: beam search with N decoders, 1 = greedy (whisper-cli -bs; default 5)"},
    {"best-of", 0, OPT_UINT, &arg_best_of, "N",
     "whisper.cpp: decoders of a temperature fallback (whisper-cli -bo; default 5)"},
    {"no-fallback", 0, OPT_FLAG, &arg_no_fallback, NULL,
     "whisper.cpp: no temperature fallback (whisper-cli -nf)"},
    {"max-context", 0, OPT_STRING, &arg_max_context, "N",
     "whisper.cpp: tokens of earlier text in the prompt; -1 = up to 224 (whisper-cli -mc; "
     "default -1)"},
    {"list", 0, OPT_FLAG, &arg_list, NULL,
     "find every model in Ollama, Hugging Face and LM Studio"},
    {"timeout", 0, OPT_DURATION, &arg_timeout_ms, "DURATION",
     "for a model on a server: read each file's header within DURATION (default 30s)"},
    {"download-whole", 0, OPT_FLAG, &arg_download_whole, NULL,
     "read on from a server that ignores Range requests (it sends the whole file)"},
    {NULL, 0, 0, NULL, NULL, NULL},
};

/* The KV cache types parse_opts() accepts (llama.cpp's --cache-type-k/-v);
 * it checks the value itself (ggml names in any case). */
static const char *cache_type_at(size_t i)
{
    static const char *const v[] = {"f16",  "q8_0", "q4_0", "f32",   "bf16",
                                    "q4_1", "q5_0", "q5_1", "iq4_nl"};
    return i < sizeof(v) / sizeof(v[0]) ? v[i] : NULL;
}
static const struct opt_values cache_type_values = {"KV cache type", cache_type_at, NULL, true};
/* The KV cache types --cache-type takes (those of llama.cpp's
 * --cache-type-k / --cache-type-v), in the order completion offers them. */
static const uint32_t kv_types[] = {GGML_T_F16,  GGML_T_Q8_0, GGML_T_Q4_0,
                                    GGML_T_F32,  GGML_T_BF16, GGML_T_Q4_1,
                                    GGML_T_Q5_0, GGML_T_Q5_1, GGML_T_IQ4_NL};

static bool kv_type_allowed(uint32_t t)
{
    for (size_t i = 0; i < sizeof(kv_types) / sizeof(kv_types[0]); i++)
        if (kv_types[i] == t)
            return true;
    return false;
}

/* in lower case, as llama.cpp's --help and ours write them (any case is taken) */
static const char *kv_type_word(size_t i)
{
    static char names[sizeof(kv_types) / sizeof(kv_types[0])][16];
    if (i >= sizeof(kv_types) / sizeof(kv_types[0]))
        return NULL;
    const char *n = ggml_type_name(kv_types[i]);
    size_t k = 0;
    for (; n[k] && k + 1 < sizeof(names[i]); k++)
        names[i][k] = (char)tolower((unsigned char)n[k]);
    names[i][k] = '\0';
    return names[i];
}

static const struct complete_spec fit_complete[] = {
    {"cache-type", NULL, COMPLETE_WORDS, kv_type_word, NULL},
    {NULL, NULL, COMPLETE_MODELS, NULL, NULL},
    {NULL, NULL, COMPLETE_END, NULL, NULL},
};

static int load_budget(const struct ctx *ctx, struct fit_system *sys, struct fit_env *bu)
{
    const struct machine *m = fit_system_machine(ctx, sys);
    struct fit_env_given given = {.ram = arg_ram, .vram = arg_vram, .reserve = arg_reserve};
    if (fit_env_from_machine(m, &given, bu) < 0) {
        char why[700], p[600];
        probe_status_reason(&m->meminfo_st, why, sizeof(why));
        return cli_error(ctx, m->meminfo_st.state == PROBE_MALFORMED ? EXIT_USAGE : EXIT_SYSTEM,
                         "cannot read %s (%s); give the RAM with --ram SIZE",
                         ctx_display_path(ctx, "proc/meminfo", p, sizeof(p)), why);
    }
    /* NVML's free is one moment of a GPU Windows shares: keep free what
     * Windows' processes hold, measured (fit-vram.h) */
    if (bu->vram_measured)
        fit_env_windows_margin(bu, fit_system_host(ctx, sys));
    return 0;
}

/* ---- options ---- */

static int parse_opts(const struct ctx *ctx, struct estimate_opts *o)
{
    estimate_opts_default(o);
    o->ctx = arg_ctx;
    if (arg_batch)
        o->batch = arg_batch;
    if (arg_ubatch)
        o->ubatch = arg_ubatch;
    o->mmap = !arg_no_mmap;
    if (arg_cache_type) {
        uint32_t t;
        if (!ggml_type_by_name(arg_cache_type, &t) ||
            (t != GGML_T_F16 && t != GGML_T_Q8_0 && t != GGML_T_Q4_0 && t != GGML_T_F32 &&
             t != GGML_T_BF16 && t != GGML_T_Q4_1 && t != GGML_T_Q5_0 && t != GGML_T_Q5_1 &&
             t != GGML_T_IQ4_NL)) {
            char hint[80];
            return cli_usage_error(
                ctx->cmd,
                "option '--cache-type': '%s' is not a KV cache type%s (one of: f16, q8_0, q4_0, "
                "f32, bf16, q4_1, q5_0, q5_1, iq4_nl)",
                arg_cache_type,
                cli_did_you_mean(&cache_type_values, arg_cache_type, hint, sizeof(hint)));
        }
        if (!ggml_type_by_name(arg_cache_type, &t) || !kv_type_allowed(t))
            return cli_usage_error(ctx->cmd,
                                   "option '--cache-type': '%s' is not a KV cache type "
                                   "(f16, q8_0, q4_0, ...)",
                                   arg_cache_type);
        o->type_k = o->type_v = t;
    }
    struct fit_whisper_args w = {arg_flash_attn, arg_max_context, arg_beam_size, arg_best_of,
                                 arg_no_fallback};
    int st = fit_whisper_opts(ctx, &w, o);
    if (st)
        return st;
    if (arg_ngl && strcmp(arg_ngl, "auto") != 0) {
        uint64_t n;
        if (parse_u64_str(arg_ngl, &n) < 0 || n > 100000)
            return cli_usage_error(ctx->cmd, "option '--ngl': '%s' is not a number or 'auto'",
                                   arg_ngl);
        o->ngl = (int)n;
    }
    return 0;
}

/* ---- output ---- */

const char *fit_verdict_key(enum fit_verdict v)
{
    return v == FIT_RAM ? "fits_in_ram" : v == FIT_GPU ? "fits_with_gpu" : "does_not_fit";
}

void fit_ftype_name(const struct model *m, char *buf, size_t n)
{
    const char *f = NULL;
    if (m->format == MODEL_WHISPER)
        f = ggml_type_name(m->dominant_type);
    else if (m->has_file_type)
        f = ggml_ftype_name(m->file_type);
    if (!f && m->n_tensors)
        f = ggml_type_name(m->dominant_type);
    snprintf(buf, n, "%s", f ? f : "");
}

void fit_add_quoted(struct strbuf *sb, const char *s)
{
    strbuf_addch(sb, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            strbuf_addstr(sb, "'\\''");
        else
            strbuf_addch(sb, *s);
    }
    strbuf_addch(sb, '\'');
}

void fit_command_line(const struct fit_entry *e, struct strbuf *sb)
{
    strbuf_reset(sb);
    const char *path = e->src.display;
    if (e->src.remote && e->m.format == MODEL_GGUF) {
        /* llama.cpp downloads it: --model-url, or --hf-repo and --hf-file */
        strbuf_addstr(sb, "llama-server ");
        strbuf_addstr(sb, e->src.remote->run_args);
    } else if (e->m.format == MODEL_WHISPER) {
        strbuf_addstr(sb, "whisper-cli -m ");
        fit_add_quoted(sb, path);
        fit_whisper_flags(&e->o, sb);
        return;
    } else {
        strbuf_addstr(sb, "llama-server -m ");
        fit_add_quoted(sb, path);
    }
    strbuf_addf(sb, " -c %u", e->r.est.ctx);
    strbuf_addf(sb, " -ngl %u", e->r.est.ngl);
    if (e->r.cpu_moe)
        strbuf_addstr(sb, " --cpu-moe");
    if (!e->o.mmap)
        strbuf_addstr(sb, " --no-mmap");
    if (e->o.type_k != GGML_T_F16) {
        /* llama.cpp matches ggml's lowercase names ("q8_0") */
        char tk[16], tv[16];
        strbuf_addf(sb, " -ctk %s -ctv %s", fit_type_arg(e->o.type_k, tk, sizeof(tk)),
                    fit_type_arg(e->o.type_v, tv, sizeof(tv)));
    }
    if (!e->o.flash_attn)
        strbuf_addstr(sb, " -fa off");
    if (e->o.ubatch != 512)
        strbuf_addf(sb, " -ub %u", e->o.ubatch);
    if (e->o.batch != 2048)
        strbuf_addf(sb, " -b %u", e->o.batch);
}

const struct fit_entry *fit_shown_entry(const struct fit_entry *e, struct fit_entry *tmp)
{
    if (!e->alt.found)
        return e;
    *tmp = *e;
    tmp->o = e->alt.o;
    tmp->r = e->alt.r;
    return tmp;
}

static void print_run(FILE *f, const struct fit_entry *all, size_t n)
{
    fprintf(f, "\n%sRun it with%s\n", tc(TC_BOLD), tc(TC_RESET));
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n; i++) {
        struct fit_entry tmp;
        const struct fit_entry *e = fit_shown_entry(&all[i], &tmp);
        if (all[i].r.verdict == FIT_NO && !all[i].alt.found && all[i].m.format == MODEL_GGUF)
            fprintf(f, "  no settings fit this budget; as asked (free memory or take a smaller "
                       "quantisation):\n");
        fit_command_line(e, &sb);
        char *clean = xmalloc(sb.len * 4 + 1);
        fprintf(f, "  %s\n", text_sanitize(sb.buf, sb.len, clean, sb.len * 4 + 1));
        free(clean);
        if (e->m.format == MODEL_GGUF)
            fprintf(f,
                    "  Ollama: PARAMETER num_ctx %u and PARAMETER num_gpu %u in a Modelfile "
                    "(or /set parameter num_ctx %u)\n",
                    e->r.est.ctx, e->r.est.ngl, e->r.est.ctx);
        /* Ollama's FAQ: one K/V cache type for the server, with flash attention on */
        if (e->m.format == MODEL_GGUF && e->o.type_k == e->o.type_v &&
            (e->o.type_k == GGML_T_Q8_0 || e->o.type_k == GGML_T_Q4_0)) {
            char t[16];
            fprintf(f,
                    "  Ollama: OLLAMA_FLASH_ATTENTION=1 OLLAMA_KV_CACHE_TYPE=%s in the "
                    "environment of ollama serve (for every model it runs)\n",
                    fit_type_arg(e->o.type_k, t, sizeof(t)));
        }
        if (e->m.format == MODEL_GGUF && e->r.max_ctx)
            fprintf(f, "  largest context that fits with these settings: %u%s\n", e->r.max_ctx,
                    e->m.n_ctx_train && e->r.max_ctx >= e->m.n_ctx_train
                        ? " (the trained length; longer ones are not tried)"
                        : "");
    }
    strbuf_release(&sb);
}

static void print_advice(FILE *f, const struct fit_entry *all, size_t n, const struct fit_env *bu,
                         const struct ctx *ctx)
{
    bool any_mmap = false, any_repack = false;
    uint64_t mapped = 0, repack = 0;
    for (size_t i = 0; i < n; i++) {
        if (all[i].m.format != MODEL_GGUF)
            continue;
        if (all[i].o.mmap) {
            any_mmap = true;
            mapped += all[i].r.est.mmap_bytes;
        }
        if (all[i].r.est.repack_bytes) {
            any_repack = true;
            repack += all[i].r.est.repack_bytes;
        }
    }
    fprintf(f, "\n%sAdvice%s\n", tc(TC_BOLD), tc(TC_RESET));
    if (any_repack)
        text_bullet(f,
                    "%s of weights are held twice (the mapped file and the CPU's repacked "
                    "copy): --no-mmap saves %s here.",
                    size_str(repack), size_str(repack));
    if (any_mmap)
        text_bullet(f,
                    "With mmap the %s of weights are page cache: on WSL2 they count in Vmmem "
                    "and stay after llama.cpp exits until dropped (`headroom reclaim`); the "
                    "kernel may evict them under pressure and re-read them, slowly.",
                    size_str(mapped));
    bool any_gguf = false;
    for (size_t i = 0; i < n; i++) {
        any_gguf = any_gguf || all[i].m.format == MODEL_GGUF;
        if (all[i].m.format == MODEL_WHISPER)
            fit_whisper_advice(f, &all[i]);
    }
    if (any_gguf)
        text_bullet(f, "--mlock pins the weights so nothing is paged out, but needs "
                       "RLIMIT_MEMLOCK (ulimit -l) above the model size and can make the guest "
                       "OOM instead of slowing down; on WSL prefer --no-mmap with enough "
                       "headroom.");
    if (n > 1)
        text_bullet(f, "The models are summed: running them one at a time needs only the "
                       "largest.");
    fprintf(f, "\n  Budget: %s RAM (%s%s%s%s), VRAM: %s. CPU repack: %s%s.\n", size_str(bu->b.ram),
            bu->ram_source, arg_reserve ? " minus --reserve " : "",
            arg_reserve ? size_str(arg_reserve) : "",
            ctx->root->live || arg_ram ? "" : ", from the snapshot", bu->vram_source,
            bu->avx2 ? (bu->avx512 ? "AVX2 and AVX-512" : "AVX2") : "none",
            bu->cpu_source ? "" : " (assumed: no /proc/cpuinfo)");
    if (bu->b.has_vram)
        fprintf(f, "  VRAM margin kept free: %s, %s.\n", size_str(bu->margin.bytes),
                bu->margin.source);
}

static int fit_models(struct ctx *ctx, int argc, char **argv, struct fit_system *sys)
{
    struct estimate_opts o;
    int st = parse_opts(ctx, &o);
    if (st)
        return st;
    if (!arg_list && argc == 0)
        return cli_usage_error(ctx->cmd, "give a model (a path or an Ollama name), or --list");
    if (arg_list && argc)
        return cli_usage_error(ctx->cmd, "--list takes no model");
    struct fit_env bu;
    if ((st = load_budget(ctx, sys, &bu)))
        return st;
    o.cpu_avx2 = bu.avx2;
    o.cpu_avx512 = bu.avx512;
    if (arg_list)
        return fit_run_list(ctx, &o, &bu);

    model_remote_settings.timeout_ms = arg_timeout_ms;
    model_remote_settings.download_whole = arg_download_whole;
    struct fit_entry *all = xcalloc((size_t)argc, sizeof(*all));
    int n = 0;
    for (; n < argc; n++) {
        if ((st = model_arg_resolve(ctx, argv[n], &all[n].src)))
            break;
        if ((st = model_arg_load(ctx, &all[n].src, &all[n].m))) {
            model_src_release(&all[n].src);
            break;
        }
    }
    if (st) {
        for (int i = 0; i < n; i++) {
            model_release(&all[i].m);
            model_src_release(&all[i].src);
        }
        free(all);
        return st;
    }
    fit_place(ctx, all, (size_t)n);
    uint64_t download = 0;
    struct download_room room;
    bool remote = fit_download_bytes(all, (size_t)n, &download);
    if (remote)
        fit_download_measure(ctx, download, sys, &room);
    /* models run side by side: each fits into what the earlier ones left */
    uint64_t ram = 0, vram = 0, resident = 0, mapped = 0;
    enum fit_verdict v = FIT_RAM;
    struct fit_budget b = bu.b;
    for (int i = 0; i < n; i++) {
        all[i].o = o;
        fit_solve(&all[i].m, &all[i].o, &b, ram, &all[i].r);
        if (all[i].r.verdict == FIT_NO)
            fit_alternative(&all[i].m, &o, &b, ram, &all[i].alt);
        all[i].o.ngl = (int)all[i].r.est.ngl;
        all[i].o.cpu_moe = all[i].r.cpu_moe;
        fit_ftype_name(&all[i].m, all[i].ftype, sizeof(all[i].ftype));
        ram = sat_add_u64(ram, all[i].r.est.ram_bytes);
        resident = sat_add_u64(resident, all[i].r.est.resident_bytes);
        mapped = sat_add_u64(mapped, all[i].r.est.mmap_bytes);
        vram = sat_add_u64(vram, all[i].r.est.vram_bytes);
        b.vram = sat_sub_u64(b.vram, all[i].r.est.vram_bytes);
        if (all[i].r.verdict == FIT_NO)
            v = FIT_NO;
        else if (all[i].r.verdict == FIT_GPU && v == FIT_RAM)
            v = FIT_GPU;
    }
    if (ctx->json) {
        struct json j;
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        fit_json_entry(&j, &all[0], &bu);
        if (n > 1) {
            /* the whole request: sums over the models */
            json_kv_u64(&j, "total_ram_bytes", ram);
            json_kv_u64(&j, "total_resident_bytes", resident);
            json_kv_u64(&j, "total_mmap_bytes", mapped);
            json_kv_u64(&j, "total_vram_bytes", vram);
            json_kv_str(&j, "total_verdict", fit_verdict_key(v));
            json_key(&j, "models");
            json_arr_begin(&j);
            for (int i = 0; i < n; i++) {
                json_obj_begin(&j);
                fit_json_entry(&j, &all[i], &bu);
                json_obj_end(&j);
            }
            json_arr_end(&j);
        }
        json_key(&j, "budget");
        json_obj_begin(&j);
        json_kv_u64(&j, "ram_bytes", bu.b.ram);
        json_kv_str(&j, "ram_source", bu.ram_source);
        json_kv_u64(&j, "reserve_bytes", arg_reserve);
        if (bu.b.has_vram)
            json_kv_u64(&j, "vram_bytes", bu.b.vram);
        else
            json_kv_null(&j, "vram_bytes");
        json_kv_str(&j, "vram_source", bu.vram_source);
        json_kv_u64(&j, "vram_margin_bytes", bu.margin.bytes);
        json_kv_str(&j, "vram_margin_source", bu.margin.source);
        if (bu.margin.windows_known)
            json_kv_u64(&j, "windows_vram_held_bytes", bu.margin.windows_held);
        else
            json_kv_null(&j, "windows_vram_held_bytes");
        json_obj_end(&j);
        json_key(&j, "settings");
        json_obj_begin(&j);
        json_kv_u64(&j, "batch", o.batch);
        json_kv_u64(&j, "ubatch", o.ubatch);
        json_kv_str(&j, "cache_type", ggml_type_name(o.type_k));
        json_kv_bool(&j, "mmap", o.mmap);
        json_kv_bool(&j, "flash_attn", o.flash_attn);
        json_kv_u64(&j, "beam_size", o.beam_size);
        json_kv_u64(&j, "best_of", o.best_of);
        json_kv_bool(&j, "fallback", !o.no_fallback);
        json_kv_i64(&j, "max_context", o.max_context);
        json_kv_bool(&j, "cpu_repack_avx2", o.cpu_avx2);
        json_kv_bool(&j, "cpu_repack_avx512", o.cpu_avx512);
        json_obj_end(&j);
        if (remote)
            fit_download_json(&j, &room);
        json_obj_end(&j);
        json_finish(&j);
    } else {
        FILE *f = ctx->out;
        struct fit_shown *shown = xcalloc((size_t)n, sizeof(*shown));
        for (int i = 0; i < n; i++)
            shown[i] = (struct fit_shown){&all[i].m, &all[i].o, &all[i].r, &all[i].alt};
        fit_verdict_print(f, shown, (size_t)n, &bu.b, v, ram, resident, mapped, vram);
        free(shown);
        for (int i = 0; i < n; i++)
            fit_model_print(f, all[i].src.name, all[i].src.display, &all[i].m, &all[i].o, &all[i].r,
                            all[i].ftype);
        for (int i = 0; i < n; i++)
            fit_place_print(f, &all[i]);
        if (remote)
            fit_download_print(f, &room);
        print_run(f, all, (size_t)n);
        print_advice(f, all, (size_t)n, &bu, ctx);
    }
    for (int i = 0; i < n; i++) {
        model_release(&all[i].m);
        model_src_release(&all[i].src);
    }
    free(all);
    return v == FIT_NO ? EXIT_FINDINGS : EXIT_OK;
}

static int run_fit(struct ctx *ctx, int argc, char **argv)
{
    struct fit_system sys = {.machine_loaded = false, .host_loaded = false};
    int st = fit_models(ctx, argc, argv, &sys);
    fit_system_release(&sys);
    return st;
}

const struct command cmd_fit = {
    .name = "fit",
    .summary = "will this model fit, and how to run it (GGUF and whisper.cpp models)",
    .usage = "fit MODEL... [--ctx N] [--batch N] [--ubatch N] [--cache-type T] [--ngl N|auto] "
             "[--no-mmap] [--ram SIZE] [--vram SIZE] [--reserve SIZE] [--timeout DURATION] "
             "[--download-whole] [--flash-attn on|off] [--beam-size N] [--best-of N] "
             "[--no-fallback] [--max-context N] [--json] | fit --list",
    .description =
        "Reads the model's header (never its weights) and estimates what llama.cpp\n"
        "(whisper.cpp for a ggml .bin) holds while it runs: the weights per layer, the\n"
        "KV cache for the context, compute and output buffers, and the runtime's own\n"
        "overhead, split between RAM and VRAM for -ngl. With mmap (llama.cpp's default)\n"
        "the weights are page cache of the mapped file; Q4_0/Q4_K weights are then held\n"
        "twice on x86 (the file and a repacked copy). The RAM it fits into is the\n"
        "guest's MemAvailable (or --ram), less --reserve; VRAM is the free memory NVML\n"
        "reports (or --vram), less a margin kept free: llama.cpp --fit's 1 GiB, or,\n"
        "when NVML measured the VRAM and the Windows host data lists the GPU memory\n"
        "of each process, what Windows' processes hold there now if that is more\n"
        "(their share moves, and VRAM that runs out in WSL does not fall back to\n"
        "system RAM: microsoft/WSL#11050). The budget line names the margin.\n"
        "\n"
        "MODEL is a path (a -00001-of-0000N.gguf shard names its whole split set), an\n"
        "Ollama name (llama3.1:8b, resolved through ~/.ollama/models/manifests, also\n"
        "under /mnt/c/Users/*), or a file name in the Hugging Face cache or LM Studio.\n"
        "Several models are summed, as when Whisper runs beside an LLM.\n"
        "\n"
        "A whisper.cpp model is estimated as whisper-cli runs it (whisper.cpp 1.9.3):\n"
        "the weights read into memory, the self-attention cache (made n + 2 times as\n"
        "large for n > 1 decoders: --beam-size, or --best-of on a temperature\n"
        "fallback), the encoder's graph (far larger with --flash-attn off), and, from\n"
        "the second 30 s window of a long recording on, a prompt of up to 224 tokens\n"
        "of earlier text whose logits are kept (--max-context 0 for a recording\n"
        "under 30 s).\n"
        "\n"
        "MODEL may also be a GGUF on a server, before it is downloaded: an http:// or\n"
        "https:// URL, hf:ORG/REPO/FILE.gguf on the Hugging Face Hub, or\n"
        "hf:ORG/REPO:QUANT for the file whose name carries QUANT (Q4_K_M), from the\n"
        "Hub's file listing, or ollama:MODEL[:TAG] from Ollama's registry (its\n"
        "manifest, then the model layer; HEADROOM_OLLAMA_REGISTRY names another\n"
        "registry's URL). HF_ENDPOINT names another Hub; HF_TOKEN, sent only to the\n"
        "Hub, opens gated and private models. Only the header is read, with HTTP Range\n"
        "requests: the first MiB, then the rest of the header in one or two more (as a\n"
        "rule at most the header and 1 MiB past it), each part of a split set on its\n"
        "own. https_proxy and no_proxy apply as for curl. Headers are kept in\n"
        "$XDG_CACHE_HOME/headroom (~/.cache/headroom) and checked against the server's\n"
        "ETag on the next run. A server that ignores Range sends the whole file:\n"
        "headroom reads the first MiB and hangs up, and stops there unless\n"
        "--download-whole lets it read on until the header ends.\n"
        "\n"
        "Examples:\n"
        "  headroom fit ~/models/qwen2.5-7b-instruct-q4_k_m.gguf --ctx 8192\n"
        "  headroom fit llama3.1:8b --no-mmap --json | jq .ram_bytes\n"
        "  headroom fit llama3.1:8b ggml-base.en.bin --reserve 1GiB\n"
        "  headroom fit --list\n"
        "  headroom fit hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf\n"
        "  headroom fit hf:Qwen/Qwen2.5-0.5B-Instruct-GGUF:Q4_K_M --ctx 32768\n"
        "  headroom fit ollama:llama3.1:8b\n"
        "\n"
        "The first line is the verdict. RAM is what must stay resident, with the page\n"
        "cache of the mapped file apart: clean pages the kernel may evict under\n"
        "pressure and read back from disk (slowly); the fit counts them. When the model\n"
        "does not fit as asked, that line names the nearest setting that fits\n"
        "(--no-mmap, -ngl as the VRAM takes, a q8_0 KV cache; then the largest context\n"
        "that fits, or none), and \"Run it with\" shows it (--json: \"alternative\"). A\n"
        "--ctx above the model's trained length is warned about.\n",
    .opts = fit_opts,
    .min_args = 0,
    .max_args = UINT32_MAX,
    .run = run_fit,
    .exit_status = "0 it fits; 1 it does not as asked; 2 bad usage, a malformed model file (the\n"
                   "message names the byte offset), a file the server does not have (HTTP 404)\n"
                   "or a header past the first MiB from a server that ignores Range; 3 a server\n"
                   "that cannot be read (refused, TLS, a redirect loop, HTTP 401/403, --timeout)\n"
                   "or a file that cannot be read.",
    .complete = fit_complete,
    .wrap_lines = true,
};

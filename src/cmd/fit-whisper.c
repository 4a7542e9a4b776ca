/* headroom fit for a whisper.cpp model: the whisper-cli flags of the
 * settings asked, and what each of whisper-cli's memory levers would save
 * here (each figure is the estimate again with that one setting changed). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/fit.h"
#include "model/ggml-types.h"
#include "util/parse.h"
#include "out/text.h"
#include "util/size.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

int fit_whisper_opts(const struct ctx *ctx, const struct fit_whisper_args *w,
                     struct estimate_opts *o)
{
    if (w->flash_attn) {
        if (strcmp(w->flash_attn, "on") != 0 && strcmp(w->flash_attn, "off") != 0)
            return cli_usage_error(ctx->cmd, "option '--flash-attn': '%s' is not on or off",
                                   w->flash_attn);
        o->flash_attn = strcmp(w->flash_attn, "on") == 0;
    }
    /* whisper.cpp refuses more than WHISPER_MAX_DECODERS (8) */
    /* whisper.cpp takes 1 to WHISPER_MAX_DECODERS (8) */
    const unsigned *given[2] = {&w->beam_size, &w->best_of};
    uint32_t *set[2] = {&o->beam_size, &o->best_of};
    static const char *const names[2] = {"beam-size", "best-of"};
    for (int i = 0; i < 2; i++) {
        if (*given[i] == UINT_MAX)
            continue;
        if (*given[i] < 1 || *given[i] > 8)
            return cli_usage_error(ctx->cmd,
                                   "option '--%s': %u is not a number of decoders from 1 to 8 "
                                   "(whisper.cpp's limit)",
                                   names[i], *given[i]);
        *set[i] = *given[i];
    }
    o->no_fallback = w->no_fallback;
    if (w->max_context) {
        uint64_t n;
        if (strcmp(w->max_context, "-1") == 0)
            o->max_context = -1;
        else if (parse_u64_str(w->max_context, &n) == 0 && n <= 16384)
            o->max_context = (int32_t)n;
        else
            return cli_usage_error(ctx->cmd,
                                   "option '--max-context': '%s' is not -1 or a number of "
                                   "tokens up to 16384",
                                   w->max_context);
    }
    return 0;
}

void fit_whisper_flags(const struct estimate_opts *o, struct strbuf *sb)
{
    if (!o->flash_attn)
        strbuf_addstr(sb, " -nfa");
    if (o->beam_size != 5)
        strbuf_addf(sb, " -bs %u", o->beam_size);
    if (o->best_of != 5)
        strbuf_addf(sb, " -bo %u", o->best_of);
    if (o->no_fallback)
        strbuf_addstr(sb, " -nf");
    if (o->max_context >= 0)
        strbuf_addf(sb, " -mc %d", (int)o->max_context);
}

/* What the estimate saves with other settings: 0 when it does not. */
static uint64_t saved(const struct fit_entry *e, const struct estimate_opts *alt)
{
    struct estimate s;
    estimate_run(&e->m, alt, &s);
    return s.ram_bytes < e->r.est.ram_bytes ? e->r.est.ram_bytes - s.ram_bytes : 0;
}

void fit_whisper_advice(FILE *f, const struct fit_entry *e)
{
    const struct estimate_opts *o = &e->o;
    const struct estimate *s = &e->r.est;
    struct estimate_opts alt = *o;
    uint64_t x;
    alt.flash_attn = true;
    if (!o->flash_attn && (x = saved(e, &alt)))
        text_bullet(f,
                    "-fa (flash attention, whisper-cli's default) saves %s: without it the "
                    "encoder holds the %u x %u attention scores of each of its %u heads.",
                    size_str(x), e->m.n_audio_ctx, e->m.n_audio_ctx, e->m.n_audio_head);
    alt = *o;
    alt.beam_size = 1;
    alt.no_fallback = true;
    if (s->whisper_decoders > 1 && (x = saved(e, &alt)))
        text_bullet(f,
                    "-bs 1 -nf (greedy, no temperature fallback) saves %s: for %u decoders "
                    "whisper.cpp makes the self-attention cache %u times as large; greedy "
                    "decoding can be less accurate on hard audio.",
                    size_str(x), s->whisper_decoders, s->whisper_decoders + 2);
    alt = *o;
    alt.max_context = 0;
    if (o->max_context != 0 && (x = saved(e, &alt)))
        text_bullet(f,
                    "-mc 0 saves %s: from the second 30 s window on, whisper.cpp gives the "
                    "earlier text back as the prompt (a %u-token batch here) and keeps the "
                    "logits of every token of it; a recording under 30 s never needs it.",
                    size_str(x), s->whisper_batch_tokens);
    uint64_t elem = e->m.dominant_type == GGML_T_F16 ? 2 : e->m.dominant_type == GGML_T_F32 ? 4 : 0;
    /* (a file of hyperparameters alone has nothing to quantize) */
    if (elem && !e->m.whisper_weights_computed) {
        /* Q5_0: 22 bytes per 32 weights; the few vectors stay as they are */
        uint64_t q5 = e->m.weights_bytes / (32 * elem) * 22;
        /* the output beside the input: its .bin becomes -q5_0.bin */
        struct strbuf out = STRBUF_INIT, sb = STRBUF_INIT;
        const char *in = e->src.display;
        size_t n = strlen(in);
        strbuf_add(&out, in, n > 4 && strcmp(in + n - 4, ".bin") == 0 ? n - 4 : n);
        strbuf_addstr(&out, "-q5_0.bin");
        strbuf_addstr(&sb, "whisper-quantize ");
        fit_add_quoted(&sb, in);
        strbuf_addch(&sb, ' ');
        fit_add_quoted(&sb, out.buf);
        strbuf_addstr(&sb, " q5_0");
        strbuf_release(&out);
        char *clean = xmalloc(sb.len * 4 + 1);
        text_bullet(f,
                    "A quantized model holds about %s less weights in Q5_0 (whisper.cpp's "
                    "whisper-quantize): %s",
                    size_str(e->m.weights_bytes - q5),
                    text_sanitize(sb.buf, sb.len, clean, sb.len * 4 + 1));
        free(clean);
        strbuf_release(&sb);
    }
}

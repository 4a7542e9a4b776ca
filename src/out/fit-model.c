#include "out/fit-model.h"

#include <string.h>

#include "model/ggml-types.h"
#include "out/text.h"
#include "util/size.h"

/* What the mmap note says for the weights row. */
static const char *o_mmap_note(const struct model *m, const struct estimate_opts *o)
{
    if (m->format == MODEL_WHISPER)
        return "";
    return o->mmap ? "mapped from the file: page cache, stays while mapped"
                   : "read into anonymous memory (--no-mmap)";
}

static void print_row(struct table *t, const char *what, uint64_t ram, uint64_t vram, bool gpu,
                      const char *note)
{
    const char *cells[] = {what, size_str(ram), gpu ? size_str(vram) : "", note};
    table_add_row(t, cells);
}

void fit_model_print(FILE *f, const char *name_in, const char *display, const struct model *m,
                     const struct estimate_opts *o, const struct fit_result *r, const char *ftype)
{
    const struct estimate *s = &r->est;
    bool gpu = s->vram_bytes > 0;
    char note[300];
    char name[200];
    if (name_in) {
        char path[400];
        fprintf(f, "\n%sModel%s  %s\n       %s\n", tc(TC_BOLD), tc(TC_RESET),
                text_sanitize(name_in, strlen(name_in), name, sizeof(name)),
                text_sanitize(display, strlen(display), path, sizeof(path)));
    } else
        fprintf(f, "\n%sModel%s  %s\n", tc(TC_BOLD), tc(TC_RESET),
                text_sanitize(display, strlen(display), name, sizeof(name)));
    if (m->format == MODEL_WHISPER) {
        fprintf(f, "       whisper.cpp %s · %u encoder + %u decoder layers · %s · %s on disk\n",
                m->whisper_size, m->n_audio_layer, m->n_text_layer, ftype, size_str(m->file_bytes));
    } else {
        char params[32];
        if (m->n_params >= 1000000000ULL)
            snprintf(params, sizeof(params), "%.1f B", (double)m->n_params / 1e9);
        else if (m->n_params >= 1000000ULL)
            snprintf(params, sizeof(params), "%.0f M", (double)m->n_params / 1e6);
        else
            snprintf(params, sizeof(params), "%.0f K", (double)m->n_params / 1e3);
        /* a model on a server (cmd/model-remote.c) is named by its URL */
        bool remote = strncmp(display, "http://", 7) == 0 || strncmp(display, "https://", 8) == 0;
        fprintf(f,
                "       %s · %u layers · %s parameters · %s · %s %s%s · trained for %llu "
                "tokens\n",
                m->arch, m->n_layer, params, ftype[0] ? ftype : "?", size_str(m->file_bytes),
                remote ? "on the server" : "on disk", m->n_splits > 1 ? " (split)" : "",
                (unsigned long long)m->n_ctx_train);
    }
    static const char *headers[] = {"", "RAM", "VRAM", ""};
    static const enum table_align aligns[] = {TA_LEFT, TA_RIGHT, TA_RIGHT, TA_LEFT};
    struct table t;
    table_init(&t, 4, headers, aligns);
    if (m->format == MODEL_WHISPER) {
        print_row(&t, "weights", s->weights_ram, 0, false,
                  m->whisper_weights_computed ? "computed from the hyperparameters (no tensors in "
                                                "this file)"
                                              : "the tensors in the file");
        unsigned self = s->whisper_decoders > 1 ? s->whisper_decoders + 2 : 1;
        unsigned cross = (unsigned)((m->n_audio_ctx + 255) / 256 * 256);
        char times[48] = "";
        if (self > 1) /* "512 cells x 7 (5 decoders)" */
            snprintf(times, sizeof(times), " x %u (%u decoders)", self, s->whisper_decoders);
        snprintf(note, sizeof(note),
                 "f16: self-attention %u cells%s, cross-attention %u cells, kv pad", s->ctx, times,
                 cross);
        print_row(&t, "KV caches", s->kv_ram_bytes, 0, false, note);
        snprintf(note, sizeof(note),
                 "conv, encoder, cross and the touched part of %s of graph buffers; CPU scratch",
                 size_str(s->compute_reserved_bytes));
        print_row(&t, "compute", s->compute_bytes, 0, false, note);
        snprintf(
            note, sizeof(note), "logits of a %u-token decoder batch%s", s->whisper_batch_tokens,
            s->whisper_batch_tokens > s->whisper_decoders + 3 ? " (earlier text as prompt)" : "");
        print_row(&t, "output", s->output_bytes, 0, false, note);
        print_row(&t, "runtime", s->overhead_bytes, 0, false,
                  "vocabulary, scheduler, the decoders' sampling buffers (measured)");
    } else {
        snprintf(note, sizeof(note), "%s", o_mmap_note(m, o));
        uint64_t resident = o->mmap ? s->mmap_bytes : s->weights_ram;
        if (o->mmap && resident < s->weights_ram)
            snprintf(note, sizeof(note),
                     "mapped from the file: page cache (%s of repacked tensors "
                     "at its ends unmapped)",
                     size_str(s->weights_ram - resident));
        if (r->cpu_moe)
            snprintf(note, sizeof(note),
                     "the MoE experts stay on the CPU (--cpu-moe), the rest "
                     "on the GPU");
        print_row(&t, "weights", resident, s->weights_vram, gpu, note);
        if (s->repack_bytes)
            print_row(&t, "repacked copy", s->repack_bytes, 0, gpu,
                      "Q4_0/Q4_K/IQ4_NL weights repacked for the CPU; the mapped file stays too");
        uint32_t kv_layers = estimate_kv_layers(m);
        snprintf(note, sizeof(note), "%s, %u cells, %u layer%s%s", ggml_type_name(o->type_k),
                 s->ctx, kv_layers, kv_layers == 1 ? "" : "s",
                 m->n_swa ? " (sliding-window layers hold fewer)" : "");
        if (s->kv_bytes || !s->state_bytes)
            print_row(&t, "KV cache", s->kv_ram_bytes, s->kv_vram_bytes, gpu, note);
        if (s->state_bytes)
            print_row(&t, "recurrent state", s->state_ram_bytes, s->state_vram_bytes, gpu,
                      m->wkv_head_size ? "f32 token-shift rows + wkv state of every layer, "
                                         "per sequence"
                      : m->delta_net   ? "f32 conv window + delta-net state of the recurrent "
                                         "layers, per sequence"
                                       : "f32 conv + ssm state of the recurrent layers, per "
                                         "sequence");
        snprintf(note, sizeof(note), "resident part of a %s graph buffer (ubatch %u)",
                 size_str(s->compute_reserved_bytes), o->ubatch);
        print_row(&t, "compute", s->compute_bytes, s->compute_vram_bytes, gpu, note);
        print_row(&t, "output", s->output_bytes, 0, gpu, "logits of one token");
        print_row(&t, "runtime", s->overhead_bytes, s->vram_overhead_bytes, gpu,
                  gpu ? "vocab tables, threads; CUDA context (not measured here)"
                      : "vocab tables, threads, allocator");
    }
    print_row(&t, "total", s->ram_bytes, s->vram_bytes, gpu, "");
    fputc('\n', f);
    table_print(&t, f, 2);
    table_release(&t);
    if (m->format == MODEL_WHISPER && m->whisper_readme_ram) {
        double dev = ((double)s->ram_bytes - (double)m->whisper_readme_ram) /
                     (double)m->whisper_readme_ram * 100;
        fprintf(f,
                "\n  whisper.cpp's README gives ~%llu MB for %s: this estimate is %+.0f%% of "
                "it.\n",
                (unsigned long long)(m->whisper_readme_ram / 1000000), m->whisper_size, dev);
    }
    if (m->format == MODEL_GGUF && m->n_tensors == 0)
        fprintf(f, "\n  This file holds no tensors (a vocab-only GGUF): the figures are KV cache "
                   "and buffers only.\n");
    bool first = true;
    for (int k = 0; k < GGUF_ODD_COUNT; k++) {
        if (!m->gguf_odd_at[k])
            continue;
        fprintf(f, "%s  Note: %s (offset %llu).\n", first ? "\n" : "", gguf_oddity_text(k),
                (unsigned long long)m->gguf_odd_at[k]);
        first = false;
    }
}

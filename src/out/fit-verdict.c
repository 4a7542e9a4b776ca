#include "out/fit-verdict.h"

#include "model/ggml-types.h"
#include "out/text.h"
#include "util/size.h"
#include "util/strbuf.h"

const char *fit_type_arg(uint32_t type, char *buf, size_t n)
{
    const char *name = ggml_type_name(type);
    size_t i = 0;
    for (; name && name[i] && i + 1 < n; i++)
        buf[i] = name[i] >= 'A' && name[i] <= 'Z' ? (char)(name[i] - 'A' + 'a') : name[i];
    buf[i] = '\0';
    return buf;
}

/* "23.2 MiB resident + 399 KiB page cache of the mapped file" (mmap), or
 * "23.2 MiB" (all of it resident). */
static void ram_figures(struct strbuf *sb, uint64_t ram, uint64_t resident, uint64_t mapped)
{
    /* loading holds the whole mapped file and the repacked copies at once */
    bool peak = ram > resident + mapped;
    if (mapped)
        strbuf_addf(sb, "%s resident (+ %s page cache of the mapped file%s%s%s)",
                    size_str(resident), size_str(mapped), peak ? "; " : "",
                    peak ? size_str(ram) : "", peak ? " at the peak while loading" : "");
    else if (peak)
        strbuf_addf(sb, "%s (%s at the peak while loading)", size_str(resident), size_str(ram));
    else
        strbuf_addstr(sb, size_str(resident));
}

static void ram_split(struct strbuf *sb, const struct estimate *e)
{
    ram_figures(sb, e->ram_bytes, e->resident_bytes, e->mmap_bytes);
}

/* What was asked, for the changes that make it fit at the asked context:
 * "with mmap", "with -ngl 33 and an f16 KV cache". */
static void asked_phrase(struct strbuf *sb, unsigned changes, const struct estimate_opts *o,
                         const struct fit_result *r)
{
    const char *sep = " with ";
    if (changes & FIT_ALT_NO_MMAP) {
        strbuf_addf(sb, "%smmap", sep);
        sep = " and ";
    }
    if (changes & FIT_ALT_NGL) {
        strbuf_addf(sb, "%s-ngl %u", sep, r->est.ngl);
        sep = " and ";
    }
    if (changes & FIT_ALT_KV_Q8_0) {
        char t[16];
        strbuf_addf(sb, "%san %s KV cache", sep, fit_type_arg(o->type_k, t, sizeof(t)));
    }
}

/* The change itself: "--no-mmap and -ngl 20". */
static void change_phrase(struct strbuf *sb, unsigned changes, const struct fit_alt *a)
{
    const char *sep = "";
    if (changes & FIT_ALT_NO_MMAP) {
        strbuf_addf(sb, "%s--no-mmap", sep);
        sep = " and ";
    }
    if (changes & FIT_ALT_NGL) {
        strbuf_addf(sb, "%s-ngl %u", sep, a->r.est.ngl);
        sep = " and ";
    }
    if (changes & FIT_ALT_KV_Q8_0)
        strbuf_addf(sb, "%sa q8_0 KV cache (-ctk q8_0 -ctv q8_0)", sep);
}

static void need_have(struct strbuf *sb, const struct fit_result *r)
{
    strbuf_addf(sb, "%s%s of %s", r->need_is_vram ? "VRAM " : "", size_str(r->need),
                size_str(r->have));
}

static void alt_figures(struct strbuf *sb, const struct fit_alt *a)
{
    if (a->r.est.vram_bytes)
        strbuf_addstr(sb, "RAM ");
    ram_split(sb, &a->r.est);
    if (a->r.est.vram_bytes)
        strbuf_addf(sb, ", VRAM %s", size_str(a->r.est.vram_bytes));
}

static void print_no(FILE *f, const struct fit_shown *e, bool together)
{
    struct strbuf sb = STRBUF_INIT;
    const struct fit_alt *a = e->alt && e->alt->found ? e->alt : NULL;
    const char *tog = together ? " (together)" : "";
    if (a && !(a->changes & FIT_ALT_SMALLER_CTX)) {
        asked_phrase(&sb, a->changes, e->o, e->r);
        fprintf(f, "%sdoes not fit%s%s%s (", tc(TC_RED), tc(TC_RESET), tog, sb.buf);
        strbuf_reset(&sb);
        need_have(&sb, e->r);
        fprintf(f, "%s); ", sb.buf);
        strbuf_reset(&sb);
        change_phrase(&sb, a->changes, a);
        fprintf(f, "%sfits with %s%s: ", tc(TC_GREEN), sb.buf, tc(TC_RESET));
        strbuf_reset(&sb);
        alt_figures(&sb, a);
        fprintf(f, "%s\n", sb.buf);
    } else if (a) {
        need_have(&sb, e->r);
        fprintf(f,
                "%sdoes not fit%s%s at -c %u with any setting (%s); largest context that "
                "fits: %s%u%s",
                tc(TC_RED), tc(TC_RESET), tog, e->r->est.ctx, sb.buf, tc(TC_GREEN), a->r.est.ctx,
                tc(TC_RESET));
        strbuf_reset(&sb);
        change_phrase(&sb, a->changes & ~(unsigned)FIT_ALT_SMALLER_CTX, a);
        if (sb.len)
            fprintf(f, ", with %s", sb.buf);
        strbuf_reset(&sb);
        alt_figures(&sb, a);
        fprintf(f, ": %s\n", sb.buf);
    } else if (e->m->format != MODEL_GGUF) {
        need_have(&sb, e->r);
        fprintf(f, "%sdoes not fit%s%s (%s)\n", tc(TC_RED), tc(TC_RESET), tog, sb.buf);
    } else {
        need_have(&sb, e->r);
        fprintf(
            f,
            "%sdoes not fit%s%s (%s) with any setting headroom knows (--no-mmap, -ngl as the "
            "VRAM takes, a q8_0 KV cache, a smaller context); largest context that fits: none\n",
            tc(TC_RED), tc(TC_RESET), tog, sb.buf);
    }
    strbuf_release(&sb);
}

/* The mapped file's pages are counted in the fit, but apart: say why. */
static void mapped_note(FILE *f, const struct fit_shown *all, size_t n)
{
    uint64_t mapped = 0;
    for (size_t i = 0; i < n; i++)
        mapped += all[i].r->est.mmap_bytes;
    if (mapped)
        fprintf(f,
                "  page cache: %s of clean pages of the mapped model file, apart because the "
                "kernel may evict them under pressure and read them back from disk (slowly, "
                "for every token); the fit counts them\n",
                size_str(mapped));
}

static void ctx_warnings(FILE *f, const struct fit_shown *all, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct fit_shown *e = &all[i];
        if (!fit_ctx_above_train(e->m, e->o->ctx))
            continue;
        fprintf(f,
                "%swarning%s: -c %u is above the %llu tokens this model was trained for; "
                "llama.cpp warns of a \"possible training context overflow\" and output "
                "past %llu tokens may degrade\n",
                tc(TC_YELLOW), tc(TC_RESET), e->o->ctx, (unsigned long long)e->m->n_ctx_train,
                (unsigned long long)e->m->n_ctx_train);
    }
}

void fit_verdict_print(FILE *f, const struct fit_shown *all, size_t n, const struct fit_budget *b,
                       enum fit_verdict v, uint64_t ram, uint64_t resident, uint64_t mapped,
                       uint64_t vram)
{
    const char *what = n > 1 ? " together" : "";
    struct strbuf sb = STRBUF_INIT;
    ram_figures(&sb, ram, resident, mapped);
    if (v == FIT_NO) {
        /* the first model that does not fit says how far off it is */
        const struct fit_shown *e = &all[n - 1];
        for (size_t i = 0; i < n; i++)
            if (all[i].r->verdict == FIT_NO) {
                e = &all[i];
                break;
            }
        print_no(f, e, n > 1);
    } else if (v == FIT_GPU) {
        fprintf(f, "%sfits with -ngl %u%s%s: RAM %s of %s, VRAM %s of %s free\n", tc(TC_GREEN),
                all[n - 1].r->est.ngl, tc(TC_RESET), what, sb.buf, size_str(b->ram), size_str(vram),
                size_str(b->vram));
        fputs("  VRAM that runs out in WSL does not fall back to system RAM (the Windows "
              "driver's sysmem fallback does not apply there, microsoft/WSL#11050): a larger "
              "-ngl fails to load or crawls\n",
              f);
        mapped_note(f, all, n);
    } else {
        fprintf(f, "%sfits in RAM%s%s: needs %s of the %s available\n", tc(TC_GREEN), tc(TC_RESET),
                what, sb.buf, size_str(b->ram));
        mapped_note(f, all, n);
    }
    strbuf_release(&sb);
    ctx_warnings(f, all, n);
}

void fit_alt_short(struct strbuf *sb, const struct fit_alt *a)
{
    const char *sep = "";
    if (a->changes & FIT_ALT_SMALLER_CTX) {
        strbuf_addf(sb, "-c %u", a->r.est.ctx);
        sep = " ";
    }
    if (a->changes & FIT_ALT_NO_MMAP) {
        strbuf_addf(sb, "%s--no-mmap", sep);
        sep = " ";
    }
    if (a->changes & FIT_ALT_NGL) {
        strbuf_addf(sb, "%s-ngl %u", sep, a->r.est.ngl);
        sep = " ";
    }
    if (a->changes & FIT_ALT_KV_Q8_0)
        strbuf_addf(sb, "%s-ctk q8_0 -ctv q8_0", sep);
}

void fit_alt_json(struct json *j, const struct fit_alt *a, const char *command)
{
    json_key(j, "alternative");
    if (!a->found) {
        json_null(j);
        return;
    }
    json_obj_begin(j);
    json_key(j, "changes");
    json_arr_begin(j);
    if (a->changes & FIT_ALT_NO_MMAP)
        json_str(j, "no_mmap");
    if (a->changes & FIT_ALT_NGL)
        json_str(j, "gpu_layers");
    if (a->changes & FIT_ALT_KV_Q8_0)
        json_str(j, "cache_type_q8_0");
    if (a->changes & FIT_ALT_SMALLER_CTX)
        json_str(j, "smaller_ctx");
    json_arr_end(j);
    json_kv_u64(j, "ctx", a->r.est.ctx);
    json_kv_u64(j, "ngl", a->r.est.ngl);
    json_kv_bool(j, "cpu_moe", a->r.cpu_moe);
    json_kv_bool(j, "mmap", a->o.mmap);
    json_kv_str(j, "cache_type", ggml_type_name(a->o.type_k));
    json_kv_u64(j, "ram_bytes", a->r.est.ram_bytes);
    json_kv_u64(j, "resident_bytes", a->r.est.resident_bytes);
    json_kv_u64(j, "mmap_bytes", a->r.est.mmap_bytes);
    json_kv_u64(j, "vram_bytes", a->r.est.vram_bytes);
    json_kv_u64(j, "max_ctx", a->r.max_ctx);
    json_kv_str(j, "verdict",
                a->r.verdict == FIT_RAM   ? "fits_in_ram"
                : a->r.verdict == FIT_GPU ? "fits_with_gpu"
                                          : "does_not_fit");
    json_kv_str(j, "command", command);
    json_obj_end(j);
}

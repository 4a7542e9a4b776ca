/* headroom fit --list: every model the stores hold, and whether it fits at
 * a 4096 context. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/fit.h"
#include "model/stores.h"
#include "out/fit-verdict.h"
#include "out/json.h"
#include "out/text.h"
#include "util/size.h"
#include "util/xalloc.h"

struct progress {
    bool on;
};

static void progress_cb(void *ud, const char *dir)
{
    struct progress *p = ud;
    if (p->on)
        fprintf(stderr, "\r\033[Kscanning %.70s", dir);
}

int fit_run_list(struct ctx *ctx, const struct estimate_opts *o, const struct fit_env *bu)
{
    struct model_list all;
    struct progress pr = {.on = isatty(STDERR_FILENO) != 0};
    const char *home = ctx->root->live ? getenv("HOME") : NULL;
    stores_find_all(ctx->root, home, &all, progress_cb, &pr);
    if (pr.on)
        fputs("\r\033[K", stderr);
    static const char *headers[] = {"NAME", "STORE", "SIZE", "ARCH", "QUANT", "FITS AT 4096"};
    static const enum table_align aligns[] = {TA_LEFT, TA_LEFT, TA_RIGHT,
                                              TA_LEFT, TA_LEFT, TA_LEFT};
    struct table t;
    table_init(&t, 6, headers, aligns);
    struct json j;
    if (ctx->json) {
        json_init(&j, ctx->out);
        json_obj_begin(&j);
        json_key(&j, "models");
        json_arr_begin(&j);
    }
    for (size_t i = 0; i < all.n; i++) {
        struct fit_entry e;
        memset(&e, 0, sizeof(e));
        e.src.rel = xstrdup(all.v[i].path);
        char buf[1200];
        e.src.display = xstrdup(ctx_display_path(ctx, all.v[i].path, buf, sizeof(buf)));
        e.src.name = xstrdup(all.v[i].name);
        /* errors of one file are reported and the listing goes on */
        FILE *saved = stderr;
        bool ok = model_arg_load(ctx, &e.src, &e.m) == 0;
        (void)saved;
        char fits[64] = "unreadable", name[200], arch[64] = "", quant[32] = "";
        text_sanitize(all.v[i].name, strlen(all.v[i].name), name, sizeof(name));
        if (ok) {
            e.o = *o;
            e.o.ctx = 4096;
            fit_solve(&e.m, &e.o, &bu->b, 0, &e.r);
            fit_ftype_name(&e.m, e.ftype, sizeof(e.ftype));
            snprintf(arch, sizeof(arch), "%s", e.m.arch);
            snprintf(quant, sizeof(quant), "%s", e.ftype);
            if (e.r.verdict == FIT_RAM)
                snprintf(fits, sizeof(fits), "yes");
            else if (e.r.verdict == FIT_GPU)
                snprintf(fits, sizeof(fits), "with -ngl %u", e.r.est.ngl);
            else {
                fit_alternative(&e.m, &e.o, &bu->b, 0, &e.alt);
                if (e.alt.found) {
                    struct strbuf sb = STRBUF_INIT;
                    fit_alt_short(&sb, &e.alt);
                    snprintf(fits, sizeof(fits), "with %s", sb.buf);
                    strbuf_release(&sb);
                } else
                    snprintf(fits, sizeof(fits), "no (needs %s)", size_str(e.r.need));
            }
        }
        if (ctx->json) {
            json_obj_begin(&j);
            json_kv_str(&j, "name", all.v[i].name);
            json_kv_str(&j, "store", store_kind_name(all.v[i].kind));
            json_kv_str(&j, "path", e.src.display);
            json_kv_u64(&j, "size", all.v[i].size);
            if (ok) {
                json_kv_str(&j, "architecture", arch);
                json_kv_str(&j, "quant", quant);
                json_kv_str(&j, "verdict", fit_verdict_key(e.r.verdict));
                json_kv_u64(&j, "ngl", e.r.est.ngl);
                json_kv_u64(&j, "ram_bytes", e.r.est.ram_bytes);
                struct fit_entry tmp;
                struct strbuf sb = STRBUF_INIT;
                fit_command_line(fit_shown_entry(&e, &tmp), &sb);
                fit_alt_json(&j, &e.alt, sb.buf);
                strbuf_release(&sb);
            } else {
                json_kv_null(&j, "verdict");
            }
            json_obj_end(&j);
        } else {
            const char *cells[] = {
                name, store_kind_name(all.v[i].kind), size_str(all.v[i].size), arch, quant, fits};
            table_add_row(&t, cells);
        }
        if (ok)
            model_release(&e.m);
        model_src_release(&e.src);
    }
    if (ctx->json) {
        json_arr_end(&j);
        json_obj_end(&j);
        json_finish(&j);
    } else if (all.n == 0) {
        fprintf(ctx->out, "No models found in Ollama, the Hugging Face cache or LM Studio.\n");
    } else {
        table_print(&t, ctx->out, 0);
    }
    table_release(&t);
    model_list_release(&all);
    return EXIT_OK;
}

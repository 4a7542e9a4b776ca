/* config recommend --for MODEL... [--ctx N]: the recommendation sized to a
 * workload (src/workload.c): the models loaded through fit's resolver, the
 * figures in the file's comments and in --json. */
#include <stdio.h>
#include <string.h>

#include "cmd/config.h"
#include "cmd/model-arg.h"
#include "fit-env.h"
#include "out/json.h"
#include "recommend.h"
#include "util/shell-word.h"
#include "util/size.h"
#include "util/xalloc.h"
#include "workload.h"

int config_size_for(struct ctx *ctx, const struct facts_ctx *fc, struct wsl_recommendation *rec,
                    struct workload *w)
{
    size_t n = cfg_args.for_models.n;
    if (n > WORKLOAD_MAX_MODELS)
        return cli_usage_error(ctx->cmd, "--for: at most %d models", WORKLOAD_MAX_MODELS);
    struct model_src srcs[WORKLOAD_MAX_MODELS];
    struct model models[WORKLOAD_MAX_MODELS];
    const char *names[WORKLOAD_MAX_MODELS];
    memset(srcs, 0, sizeof(srcs));
    size_t loaded = 0;
    int st = 0;
    for (size_t i = 0; i < n && !st; i++) {
        if ((st = model_arg_resolve(ctx, cfg_args.for_models.items[i], &srcs[i])))
            break;
        if ((st = model_arg_load(ctx, &srcs[i], &models[i]))) {
            model_src_release(&srcs[i]);
            break;
        }
        names[i] = srcs[i].name ? srcs[i].name : srcs[i].display;
        loaded++;
    }
    if (!st) {
        /* the GPU as fit sees it (NVML), so offloaded layers are not
         * counted in the VM */
        struct machine gm;
        struct machine_opts mo = {.top_n = 1, .want = MACHINE_NVML | MACHINE_CPUINFO};
        machine_load(&gm, ctx->root, &mo);
        struct fit_env env;
        struct fit_env_given given = {.ram = 1}; /* RAM is being sized, not read */
        fit_env_from_machine(&gm, &given, &env);
        struct estimate_opts o;
        estimate_opts_default(&o);
        o.ctx = cfg_args.ctx;
        o.cpu_avx2 = env.avx2;
        o.cpu_avx512 = env.avx512;
        struct budget minimal;
        budget_compute(&fc->host, BUDGET_MINIMAL, fc->have_m ? &fc->m : NULL, NULL,
                       rec->budget.limit_from, NULL, &minimal);
        workload_size(models, names, loaded, &o, &env, fc->have_m ? &fc->m : NULL, &rec->budget,
                      &minimal, w);
        wsl_recommend_size_for(rec, w);
        /* what config apply needs to write the same file */
        struct strbuf a = STRBUF_INIT;
        bool quoted = true;
        for (size_t i = 0; i < n; i++) {
            strbuf_addstr(&a, " --for ");
            quoted = shell_word_add(&a, cfg_args.for_models.items[i]) && quoted;
        }
        if (cfg_args.ctx)
            strbuf_addf(&a, " --ctx %u", cfg_args.ctx);
        snprintf(rec->apply_args, sizeof(rec->apply_args), "%s",
                 quoted && a.len < sizeof(rec->apply_args) ? a.buf : " --for MODEL...");
        strbuf_release(&a);
        machine_release(&gm);
    }
    for (size_t i = 0; i < loaded; i++) {
        model_release(&models[i]);
        model_src_release(&srcs[i]);
    }
    return st;
}

void config_workload_json(struct json *j, const struct workload *w)
{
    json_key(j, "workload");
    json_obj_begin(j);
    json_key(j, "models");
    json_arr_begin(j);
    for (size_t i = 0; i < w->n; i++) {
        const struct workload_model *x = &w->models[i];
        json_obj_begin(j);
        json_kv_str(j, "name", x->name);
        json_kv_u64(j, "ram_bytes", x->ram);
        json_kv_u64(j, "vram_bytes", x->vram);
        json_kv_u64(j, "ngl", x->ngl);
        json_kv_u64(j, "ctx", x->ctx);
        if (!w->fits && w->room_known)
            json_kv_u64(j, "max_ctx_that_fits", x->max_ctx);
        json_obj_end(j);
    }
    json_arr_end(j);
    json_kv_u64(j, "models_ram_bytes", w->models_ram);
    json_kv_u64(j, "baseline_bytes", w->baseline);
    json_kv_str(j, "baseline_from", w->baseline_from);
    json_kv_u64(j, "margin_bytes", w->margin);
    json_kv_u64(j, "need_bytes", w->need);
    json_kv_u64(j, "memory_bytes", w->memory);
    if (w->room_known)
        json_kv_i64(j, "room_for_ai", w->room);
    else
        json_kv_null(j, "room_for_ai");
    json_kv_bool(j, "fits", w->fits);
    json_kv_u64(j, "short_by_bytes", w->short_by);
    if (w->minimal_known)
        json_kv_i64(j, "room_for_ai_minimal_profile", w->minimal_room);
    else
        json_kv_null(j, "room_for_ai_minimal_profile");
    json_obj_end(j);
}

void config_workload_text(FILE *f, const struct workload *w)
{
    if (w->fits)
        return;
    /* the file printed above is the most the host gives; say what would
     * make the workload fit, each with its figure */
    char b1[32], b2[32], b3[32], b4[32];
    fprintf(f,
            "\n# does not fit: it needs memory=%lluGB (the %s above, rounded up to a whole GB), "
            "the host leaves %s for AI (short by %s)\n",
            (unsigned long long)(w->memory / GIB), wsl_gb_str(w->need, b1, sizeof(b1)),
            w->room > 0 ? wsl_gb_str((uint64_t)w->room, b2, sizeof(b2)) : "nothing",
            wsl_gb_str(w->short_by, b3, sizeof(b3)));
    if (w->minimal_known && w->minimal_room > 0)
        fprintf(f,
                "#   with the minimal profile (a trimmed Windows, the browser closed): %s for "
                "AI, %s\n",
                wsl_gb_str((uint64_t)w->minimal_room, b4, sizeof(b4)),
                (uint64_t)w->minimal_room >= w->memory ? "enough (--profile minimal)"
                                                       : "still not enough");
    for (size_t i = 0; i < w->n; i++) {
        if (w->models[i].max_ctx)
            fprintf(f, "#   %s with a context of %u (instead of %u) fits beside the others\n",
                    w->models[i].name, w->models[i].max_ctx, w->models[i].ctx);
        else
            fprintf(f,
                    "#   %s does not fit beside the others at any context: a smaller "
                    "quantization or model\n",
                    w->models[i].name);
    }
}

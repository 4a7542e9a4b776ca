/* Inference-server rules: Ollama's own verdict on a load, explained. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "budget.h"
#include "rules/ollama-fit.h"
#include "rules/rules.h"
#include "util/parse.h"
#include "util/sanitize.h"
#include "util/size.h"

#define OLLAMA_AT "@ef7d26ba2cd52a5295620067ab9abd9c0055a558"
/* the refusal: required > free + free swap; free is MemAvailable */
#define OLLAMA_REFUSAL_SOURCE                                                                      \
    "ollama/ollama llm/server.go " OLLAMA_AT " (the refusal); ollama/ollama "                      \
    "discover/gpu_linux.go " OLLAMA_AT " (free is MemAvailable)"
#define OLLAMA_OFFLOAD_SOURCE                                                                      \
    "ollama/ollama llm/memory.go " OLLAMA_AT " (the offload estimate: EstimateGPULayers)"

static bool is_ollama(const char *name)
{
    return strncmp(name, "ollama", 6) == 0;
}

/* A path safe to paste into a command unquoted. */
static bool plain_path(const char *p)
{
    if (!*p || *p != '/')
        return false;
    for (; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '/' || *p == '.' || *p == '-' || *p == '_'))
            return false;
    return true;
}

/* The one change that covers `short_by`, written as the fix. */
static void refusal_fix(const struct doctor_input *in, const struct ollama_log *l,
                        const struct ollama_load *ld, uint64_t short_by,
                        const struct fit_result *mine, struct strbuf *fix, struct strbuf *why)
{
    const struct machine *m = in->m;
    uint64_t kv = ld->req_kv;
    uint64_t need = ld->refused ? ld->refused_required : ld->tl_requested;
    if (m->meminfo_st.state == PROBE_OK && short_by &&
        sat_add_u64(m->meminfo.mem_available, m->meminfo.swap_free) >= need) {
        strbuf_addf(why, "what Ollama counted then is free now: MemAvailable %s + SwapFree %s",
                    size_str(m->meminfo.mem_available), size_str(m->meminfo.swap_free));
        strbuf_addf(fix,
                    "load it again: by Ollama's own count (MemAvailable + free swap) %s is "
                    "available now, where it needs %s; what held the memory then has gone",
                    size_str(sat_add_u64(m->meminfo.mem_available, m->meminfo.swap_free)),
                    size_str(need));
        if (mine && mine->verdict == FIT_NO)
            strbuf_addf(fix,
                        "; but headroom's own fit of the file needs %s%s where %s is there, so "
                        "expect it to swap or be killed unless the context is smaller",
                        mine->need_is_vram ? "VRAM " : "", size_str(mine->need),
                        size_str(mine->have));
        return;
    }
    const char *how_env = "set it in Ollama's environment (for the Linux service: sudo systemctl "
                          "edit ollama.service, a line Environment=\"KEY=VALUE\" under [Service], "
                          "then sudo systemctl restart ollama; the Windows app: a user "
                          "environment variable, then restart the app)";
    /* the runner's command line comes after the check, so a refused load
     * has none: then the server's own defaults say what was asked */
    uint32_t ctx = ld->ctx_size ? ld->ctx_size : l->env_context_length;
    uint32_t parallel = ld->parallel ? ld->parallel : l->env_num_parallel;
    const char *ctx_from = ld->ctx_size ? "the runner's --ctx-size"
                                        : "OLLAMA_CONTEXT_LENGTH, unless the request set num_ctx";
    if (parallel > 1 && kv && kv / parallel * (parallel - 1) >= short_by) {
        strbuf_addf(why,
                    "the input that is off: %u parallel slots, each with its own context "
                    "(the KV cache of %s is for all of them)",
                    parallel, size_str(kv));
        strbuf_addf(fix, "one slot needs %s less: OLLAMA_NUM_PARALLEL=1; %s",
                    size_str(kv / parallel * (parallel - 1)), how_env);
        return;
    }
    if (ctx > 2048 && kv > short_by) {
        /* the KV cache grows with the context: the largest context whose
         * cache leaves out what is short, in steps of 1024 */
        uint64_t want = (uint64_t)ctx * (kv - short_by) / kv / 1024 * 1024;
        if (want >= 2048) {
            strbuf_addf(why, "the input that is off: the context, %u tokens (%s; KV cache %s)", ctx,
                        ctx_from, size_str(kv));
            strbuf_addf(fix,
                        "a context of %llu fits (num_ctx in the request, or "
                        "OLLAMA_CONTEXT_LENGTH=%llu for every model); %s",
                        (unsigned long long)want, (unsigned long long)want, how_env);
            return;
        }
    }
    bool f16 = !l->env_kv_cache_type[0] || strcmp(l->env_kv_cache_type, "f16") == 0;
    if (f16 && kv / 2 >= short_by) {
        strbuf_addf(why, "the input that is off: the KV cache type, f16 (%s)", size_str(kv));
        strbuf_addf(fix,
                    "q8_0 halves it: OLLAMA_KV_CACHE_TYPE=q8_0 with "
                    "OLLAMA_FLASH_ATTENTION=1; %s",
                    how_env);
        return;
    }
    /* what else holds memory now */
    uint64_t others = 0;
    const struct proc_info *big = NULL;
    for (size_t i = 0; i < m->procs.n; i++) {
        const struct proc_info *p = &m->procs.procs[i];
        if (is_ollama(p->name))
            continue;
        others = sat_add_u64(others, p->rss_anon);
        if (!big || p->rss_anon > big->rss_anon)
            big = p;
    }
    if (big && big->rss_anon >= short_by) {
        char name[64];
        text_sanitize(big->name, strlen(big->name), name, sizeof(name));
        strbuf_addf(why, "the input that is off: other programs' memory (%s, PID %d, holds %s)",
                    name, big->pid, size_str(big->rss_anon));
        strbuf_addf(fix,
                    "stop %s before loading the model (it holds %s of anonymous memory); "
                    "this stops it\n"
                    "$ kill %d",
                    name, size_str(big->rss_anon), big->pid);
        return;
    }
    bool wsl = m->wsl.kind == WSL_2;
    uint64_t total = m->meminfo_st.state == PROBE_OK ? m->meminfo.mem_total : 0;
    if (wsl && in->hostf && in->hostf->ram && total &&
        in->hostf->ram > sat_add_u64(total, sat_add_u64(short_by, 4 * GIB))) {
        strbuf_addf(why, "the input that is off: the VM's memory, %s of the host's %s",
                    size_str(total), size_str(in->hostf->ram));
        strbuf_addf(fix,
                    "give the VM %s more (memory= in .wslconfig, then wsl.exe --shutdown); "
                    "this shows what fits this host\n"
                    "$ headroom config recommend",
                    size_str(short_by));
        return;
    }
    strbuf_addstr(why, "no one setting covers it: the model is too large for this machine");
    strbuf_addstr(fix, "a smaller quantization or model (headroom fit MODEL shows what fits)");
}

static void add_ollama_side(struct strbuf *ev, const struct machine *m, const struct ollama_log *l,
                            const struct ollama_load *ld)
{
    strbuf_addf(ev, " (Ollama%s%s, %s", l->version[0] ? " " : "", l->version, m->ollama_log_path);
    if (ld->time[0])
        strbuf_addf(ev, ", %s", ld->time);
    strbuf_addstr(ev, ")");
}

void check_inference_ollama_verdict(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    char why[700];
    if (m->ollama_st.state != PROBE_OK) {
        rule_skip(o, "no Ollama server log read (%s)",
                  probe_status_reason(&m->ollama_st, why, sizeof(why)));
        return;
    }
    const struct ollama_log *l = &m->ollama;
    if (!l->has_load)
        return;
    const struct ollama_load *ld = &l->last;
    struct strbuf ev = STRBUF_INIT;
    if (ld->refused || ld->has_too_large) {
        uint64_t need = ld->refused ? ld->refused_required : ld->tl_requested;
        uint64_t have = ld->refused ? ld->refused_available : ld->tl_available;
        uint64_t free_mem = ld->has_too_large ? ld->tl_free : ld->sys_free;
        uint64_t free_swap = ld->has_too_large ? ld->tl_swap : ld->sys_free_swap;
        uint64_t total = ld->has_too_large ? ld->tl_total : ld->sys_total;
        uint64_t short_by = need > have ? need - have : 0;
        struct finding *f = rule_emit(o, SEV_WARNING,
                                      "Ollama refused to load a model: it needs %s of system "
                                      "memory and counted %s available, %s short",
                                      size_str(need), size_str(have), size_str(short_by));
        strbuf_addf(&ev, "Ollama: required %s, available %s = free %s + free swap %s, total %s",
                    size_str(need), size_str(have), size_str(free_mem), size_str(free_swap),
                    size_str(total));
        if (ld->has_offload)
            strbuf_addf(&ev,
                        "; its estimate: full %s, on the GPU %s (%d of %d layers), KV "
                        "cache %s, weights %s",
                        size_str(ld->req_full), size_str(ld->req_partial), ld->layers_offload,
                        ld->layers_model, size_str(ld->req_kv), size_str(ld->weights_total));
        if (ld->has_cmd)
            strbuf_addf(&ev, "; context %u, %u parallel", ld->ctx_size, ld->parallel);
        add_ollama_side(&ev, m, l, ld);
        struct fit_result mine;
        bool fitted = ollama_fit_evidence(in, l, ld, &ev, &mine);
        if (m->meminfo_st.state == PROBE_OK) {
            strbuf_addf(&ev,
                        "; headroom now: MemTotal %s, MemAvailable %s, SwapFree %s "
                        "(/proc/meminfo; Ollama's free is MemAvailable, the same figure)",
                        size_str(m->meminfo.mem_total), size_str(m->meminfo.mem_available),
                        size_str(m->meminfo.swap_free));
            /* a total that differs by more than 5 %: not this VM as it is now */
            uint64_t mt = m->meminfo.mem_total;
            if (total && (total > mt + mt / 20 || total + mt / 20 < mt))
                strbuf_addf(&ev,
                            "; Ollama saw a total of %s where the machine has %s now: the log "
                            "is from another memory= (or a container's limit)",
                            size_str(total), size_str(mt));
        }
        strbuf_addstr(&ev, "; ");
        struct strbuf fix = STRBUF_INIT;
        refusal_fix(in, l, ld, short_by, fitted ? &mine : NULL, &fix, &ev);
        /* headroom's own estimate of the same model, beside Ollama's */
        if (plain_path(ld->model) && !strchr(fix.buf, '\n')) {
            uint32_t ctx = ld->ctx_size ? ld->ctx_size : l->env_context_length;
            strbuf_addf(&fix,
                        "; this gives headroom's own estimate of the same model\n"
                        "$ headroom fit %s",
                        ld->model);
            if (ctx)
                strbuf_addf(&fix, " --ctx %u", ctx);
        }
        finding_set_fix(f, "%s", fix.buf);
        strbuf_release(&fix);
        finding_set_evidence(f, "%s", ev.buf);
        finding_set_source(f, OLLAMA_REFUSAL_SOURCE);
    } else if (ld->has_offload && ld->layers_model > 0 && ld->layers_offload < ld->layers_model &&
               strcmp(ld->library, "cpu") != 0) {
        uint64_t short_by = ld->req_full > ld->gpu_available ? ld->req_full - ld->gpu_available : 0;
        struct finding *f = rule_emit(o, SEV_INFO,
                                      "Ollama put %d of %d layers on the GPU: a full offload "
                                      "needs %s, it counted %s of VRAM available",
                                      ld->layers_offload, ld->layers_model, size_str(ld->req_full),
                                      size_str(ld->gpu_available));
        strbuf_addf(&ev,
                    "Ollama: full %s, partial %s, KV cache %s, weights %s, graph %s; GPU "
                    "available %s, overhead kept %s (OLLAMA_GPU_OVERHEAD)",
                    size_str(ld->req_full), size_str(ld->req_partial), size_str(ld->req_kv),
                    size_str(ld->weights_total), size_str(ld->graph_full),
                    size_str(ld->gpu_available), size_str(ld->gpu_overhead));
        if (ld->has_cmd)
            strbuf_addf(&ev, "; context %u, %u parallel", ld->ctx_size, ld->parallel);
        add_ollama_side(&ev, m, l, ld);
        ollama_fit_evidence(in, l, ld, &ev, NULL);
        if (ld->gpu_overhead >= short_by && ld->gpu_overhead) {
            strbuf_addf(&ev, "; the input that is off: OLLAMA_GPU_OVERHEAD (%s)",
                        size_str(ld->gpu_overhead));
            finding_set_fix(f, "a smaller OLLAMA_GPU_OVERHEAD lets the rest on the GPU, if the "
                               "VRAM it keeps is not in use by something else");
        } else if (ld->ctx_size > 2048 && ld->req_kv > short_by) {
            uint64_t want =
                (uint64_t)ld->ctx_size * (ld->req_kv - short_by) / ld->req_kv / 1024 * 1024;
            strbuf_addf(&ev, "; the input that is off: the context, %u tokens", ld->ctx_size);
            if (want >= 2048)
                finding_set_fix(f,
                                "a context of %llu puts every layer on the GPU (num_ctx in "
                                "the request, or OLLAMA_CONTEXT_LENGTH=%llu)",
                                (unsigned long long)want, (unsigned long long)want);
            else
                finding_set_fix(f, "a smaller context or quantization puts more layers on the "
                                   "GPU (headroom fit MODEL --ngl auto shows headroom's own "
                                   "split)");
        } else {
            finding_set_fix(f, "a smaller quantization puts more layers on the GPU (headroom fit "
                               "MODEL --ngl auto shows headroom's own split); the layers left "
                               "in RAM run at the CPU's speed");
        }
        finding_set_evidence(f, "%s", ev.buf);
        finding_set_source(f, OLLAMA_OFFLOAD_SOURCE);
    }
    strbuf_release(&ev);
}

/* Inference servers of Windows, by process name (the helper's names have
 * no ".exe"): Ollama's server and its tray app, LM Studio and its CLI. */
static const char *windows_server_kind(const char *name)
{
    static const struct {
        const char *name, *kind;
    } known[] = {
        {"ollama", "Ollama"}, {"ollama app", "Ollama"},      {"LM Studio", "LM Studio"},
        {"lms", "LM Studio"}, {"llama-server", "llama.cpp"},
    };
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strcasecmp(name, known[i].name) == 0)
            return known[i].kind;
    return NULL;
}

void check_inference_duplicate_server(const struct doctor_input *in, struct rule_out *o)
{
    const struct machine *m = in->m;
    const struct win_host *h = in->host;
    if (!h || h->state != WIN_HOST_OK) {
        rule_skip(o, "no Windows host data");
        return;
    }
    if (!h->has_top) {
        rule_skip(o, "the host data has no process list (%s)", h->top_why);
        return;
    }
    /* Windows' servers, from the largest processes the helper lists */
    struct strbuf win = STRBUF_INIT;
    uint64_t win_bytes = 0;
    const char *win_kind = NULL;
    bool win_ollama = false;
    for (size_t i = 0; i < h->ntop; i++) {
        const struct win_proc *p = &h->top[i];
        const char *kind = windows_server_kind(p->name);
        if (!kind)
            continue;
        char name[96];
        text_sanitize(p->name, strlen(p->name), name, sizeof(name));
        if (win.len)
            strbuf_addstr(&win, ", ");
        strbuf_addf(&win, "%s.exe (PID %llu", name, (unsigned long long)p->pid);
        if (p->working_set.known) {
            strbuf_addf(&win, ", working set %s", size_str(p->working_set.v));
            win_bytes = sat_add_u64(win_bytes, p->working_set.v);
        }
        strbuf_addch(&win, ')');
        win_kind = win_kind ? win_kind : kind;
        win_ollama = win_ollama || strcmp(kind, "Ollama") == 0;
    }
    /* WSL's: a running server, or something answering Ollama's address */
    const struct proc_brief *wsl_proc = proc_list_find(&m->procs, "ollama");
    if (!wsl_proc)
        wsl_proc = proc_list_find(&m->procs, "llama-server");
    const struct ollama_api *api = &m->ollama_api;
    bool answered = m->ollama_api_st.state == PROBE_OK && api->answered;
    if (!win_kind || (!wsl_proc && !answered)) {
        strbuf_release(&win);
        return;
    }
    struct finding *f;
    const char *here = m->wsl.kind == WSL_2 ? "in WSL" : "here";
    if (wsl_proc)
        f = rule_emit(o, SEV_WARNING,
                      "Two inference servers: %s on Windows and %s %s (PID %d): each loads "
                      "its own copy of a model",
                      win_kind, wsl_proc->name, here, wsl_proc->pid);
    else
        f = rule_emit(o, SEV_WARNING,
                      "%s runs on Windows and %s answers %s %s: a second server, or the same "
                      "one reached twice",
                      win_kind, api->version[0] ? "an Ollama" : "a server", api->address, here);
    struct strbuf ev = STRBUF_INIT;
    strbuf_addf(&ev, "Windows: %s (the host's largest processes)", win.buf);
    if (wsl_proc)
        strbuf_addf(&ev, "; WSL: %s, PID %d, RSS %s", wsl_proc->name, wsl_proc->pid,
                    size_str(wsl_proc->rss_pages * m->page_size));
    if (m->ollama_api_st.state == PROBE_OK) {
        if (api->answered)
            strbuf_addf(&ev, "; GET http://%s/api/version: HTTP %u%s%s", api->address, api->status,
                        api->version[0] ? ", version " : "", api->version);
        else
            strbuf_addf(&ev, "; GET http://%s/api/version: %s", api->address, api->error);
    }
    finding_set_evidence(f, "%s", ev.buf);
    strbuf_release(&ev);
    if (wsl_proc && win_ollama)
        finding_set_fix(f, "keep one: the Windows app (quit it from the tray and take it out of "
                           "the startup apps), or WSL's service, which this stops and disables; "
                           "to use the Windows one from WSL, networkingMode=mirrored in .wslconfig "
                           "makes 127.0.0.1:11434 reach it (or set OLLAMA_HOST to the Windows "
                           "host's address)\n"
                           "PS> Stop-Process -Name 'ollama app', 'ollama'\n"
                           "$ sudo systemctl disable --now ollama");
    else if (wsl_proc)
        finding_set_fix(f, "keep one: quit the Windows one, or stop WSL's; both hold a model "
                           "in memory, and two on one GPU split its VRAM");
    else
        finding_set_fix(f, "no server runs in WSL, so 127.0.0.1 reaches the Windows one (WSL's "
                           "mirrored networking) or another program holds the port: if that is "
                           "meant, nothing to do; if a WSL server should answer, it cannot bind "
                           "the port while the Windows one holds it");
    finding_set_source(f, "ollama/ollama#5008, #7803 (two servers, one port); Microsoft Learn, "
                          "Accessing network applications with WSL (mirrored mode): "
                          "https://learn.microsoft.com/en-us/windows/wsl/networking");
    strbuf_release(&win);
}

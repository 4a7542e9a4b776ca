#include "probe/inference.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probe/maps.h"
#include "probe/procs.h"
#include "util/parse.h"
#include "util/size.h"
#include "util/strbuf.h"

static const char *const known[] = {
    "llama-server", "llama-cli",       "llama-run",       "llama-mtmd-cli",
    "llamafile",    "ollama",          "ollama_llama_se", "whisper-server",
    "whisper-cli",  "whisper-stream",  "koboldcpp",       "llama-box",
    "sd",           "stable-diffusio",
};

bool inference_name_known(const char *comm)
{
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strcmp(known[i], comm) == 0)
            return true;
    return false;
}

static bool name_wanted(const char *comm, const char *const *extra)
{
    if (inference_name_known(comm))
        return true;
    for (; extra && *extra; extra++)
        if (strcmp(*extra, comm) == 0)
            return true;
    return false;
}

int inference_scan(const struct rootfs *r, const char *const *extra_names, uint64_t min_rss,
                   uint64_t page_size, struct inference_list *ret)
{
    char **names;
    size_t nn;
    int e = rootfs_list(r, "proc", 1u << 20, &names, &nn);
    if (e < 0)
        return e;
    struct inference_list l;
    memset(&l, 0, sizeof(l));
    if (!min_rss)
        min_rss = 64 * MIB;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < nn && l.n < INFERENCE_MAX; i++) {
        if (!proc_is_pid_name(names[i]))
            continue;
        char path[80];
        struct diag d;
        struct proc_stat ps;
        snprintf(path, sizeof(path), "proc/%.20s/stat", names[i]);
        strbuf_reset(&sb);
        if (rootfs_read_once(r, path, PROBE_CAP_SMALL, &sb) < 0 ||
            proc_stat_parse(sb.buf, sb.len, &ps, &d) < 0 || ps.rss_pages == 0)
            continue;
        bool by_name = name_wanted(ps.comm, extra_names);
        uint64_t rss;
        if (!mul_u64(ps.rss_pages, page_size, &rss))
            rss = UINT64_MAX;
        if (!by_name && rss < min_rss)
            continue;
        struct proc_status st;
        snprintf(path, sizeof(path), "proc/%.20s/status", names[i]);
        strbuf_reset(&sb);
        if (rootfs_read_once(r, path, PROBE_CAP_SMALL, &sb) < 0 ||
            proc_status_parse(sb.buf, sb.len, &st, &d) < 0 || !st.has_breakdown)
            continue;
        struct maps_models mm;
        memset(&mm, 0, sizeof(mm));
        snprintf(path, sizeof(path), "proc/%.20s/maps", names[i]);
        strbuf_reset(&sb);
        int re = rootfs_read(r, path, PROBE_CAP_LARGE, &sb);
        if (re == -EFBIG) { /* keep the whole lines of the first megabyte */
            const char *nl = memrchr(sb.buf, '\n', sb.len);
            strbuf_setlen(&sb, nl ? (size_t)(nl - sb.buf) + 1 : 0);
        }
        if ((re == 0 || re == -EFBIG) && maps_models_parse(sb.buf, sb.len, &mm, &d) < 0)
            memset(&mm, 0, sizeof(mm));
        if (!by_name && mm.mappings == 0)
            continue;
        struct inference_proc *p = &l.procs[l.n++];
        p->pid = ps.pid;
        snprintf(p->name, sizeof(p->name), "%s", ps.comm);
        p->rss_file = st.rss_file;
        p->model_mapped = mm.mapped;
        snprintf(p->model, sizeof(p->model), "%s", mm.first_path);
        l.protected_bytes = sat_add_u64(l.protected_bytes, st.rss_file);
    }
    strbuf_release(&sb);
    rootfs_names_free(names, nn);
    *ret = l;
    return 0;
}

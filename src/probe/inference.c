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

/* A process (proc/DIR) already known to run `comm` with `rss` bytes
 * resident: read its
 * status and maps when it is a candidate, and add it to l when it is an
 * inference process. */
static void examine(const struct rootfs *r, const char *dir, int pid, const char *comm,
                    uint64_t rss, const char *const *extra_names, uint64_t min_rss,
                    struct inference_list *l, struct strbuf *sb)
{
    bool by_name = name_wanted(comm, extra_names);
    if (l->n >= INFERENCE_MAX || (!by_name && rss < min_rss))
        return;
    char path[80];
    struct diag d;
    struct proc_status st;
    snprintf(path, sizeof(path), "proc/%.20s/status", dir);
    strbuf_reset(sb);
    if (rootfs_read_once(r, path, PROBE_CAP_SMALL, sb) < 0 ||
        proc_status_parse(sb->buf, sb->len, &st, &d) < 0 || !st.has_breakdown)
        return;
    struct maps_models mm;
    memset(&mm, 0, sizeof(mm));
    snprintf(path, sizeof(path), "proc/%.20s/maps", dir);
    strbuf_reset(sb);
    int re = rootfs_read(r, path, PROBE_CAP_LARGE, sb);
    if (re == -EFBIG) { /* keep the whole lines of the first megabyte */
        const char *nl = memrchr(sb->buf, '\n', sb->len);
        strbuf_setlen(sb, nl ? (size_t)(nl - sb->buf) + 1 : 0);
    }
    if ((re == 0 || re == -EFBIG) && maps_models_parse(sb->buf, sb->len, &mm, &d) < 0)
        memset(&mm, 0, sizeof(mm));
    if (!by_name && mm.mappings == 0)
        return;
    struct inference_proc *p = &l->procs[l->n++];
    p->pid = pid;
    snprintf(p->name, sizeof(p->name), "%s", comm);
    p->rss_file = st.rss_file;
    p->model_mapped = mm.mapped;
    snprintf(p->model, sizeof(p->model), "%s", mm.first_path);
    l->protected_bytes = sat_add_u64(l->protected_bytes, st.rss_file);
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
        uint64_t rss;
        if (!mul_u64(ps.rss_pages, page_size, &rss))
            rss = UINT64_MAX;
        examine(r, names[i], ps.pid, ps.comm, rss, extra_names, min_rss, &l, &sb);
    }
    strbuf_release(&sb);
    rootfs_names_free(names, nn);
    *ret = l;
    return 0;
}

void inference_from_procs(const struct rootfs *r, const struct proc_brief *all, size_t n,
                          uint64_t page_size, struct inference_list *ret)
{
    memset(ret, 0, sizeof(*ret));
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < n && ret->n < INFERENCE_MAX; i++) {
        uint64_t rss;
        if (!mul_u64(all[i].rss_pages, page_size, &rss))
            rss = UINT64_MAX;
        char dir[24];
        snprintf(dir, sizeof(dir), "%d", all[i].pid);
        if (rss)
            examine(r, dir, all[i].pid, all[i].name, rss, NULL, 64 * MIB, ret, &sb);
    }
    strbuf_release(&sb);
}

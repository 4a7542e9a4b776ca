#include "probe/proctree.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "probe/procs.h"
#include "util/parse.h"
#include "util/xalloc.h"

struct link {
    int pid, ppid;
};

static int by_pid(const void *a, const void *b)
{
    const struct link *x = a, *y = b;
    return (x->pid > y->pid) - (x->pid < y->pid);
}

static int parent_of(const struct link *l, size_t n, int pid)
{
    struct link key = {pid, 0};
    const struct link *f = bsearch(&key, l, n, sizeof(*l), by_pid);
    return f ? f->ppid : 0;
}

int proctree_read(const struct rootfs *r, int top, struct proctree_sample *ret)
{
    char **names;
    size_t nn;
    int e = rootfs_list(r, "proc", 1u << 20, &names, &nn);
    if (e < 0)
        return e;
    struct link *links = xcalloc(nn ? nn : 1, sizeof(*links));
    size_t n = 0;
    struct strbuf sb = STRBUF_INIT;
    struct diag d;
    for (size_t i = 0; i < nn; i++) {
        if (!proc_is_pid_name(names[i]))
            continue;
        char path[64];
        snprintf(path, sizeof(path), "proc/%.20s/stat", names[i]);
        struct proc_stat ps;
        strbuf_reset(&sb);
        if (rootfs_read(r, path, PROBE_CAP_SMALL, &sb) < 0 ||
            proc_stat_parse(sb.buf, sb.len, &ps, &d) < 0)
            continue;
        links[n].pid = ps.pid;
        links[n].ppid = ps.ppid;
        n++;
    }
    rootfs_names_free(names, nn);
    qsort(links, n, sizeof(*links), by_pid);
    struct proctree_sample s;
    memset(&s, 0, sizeof(s));
    for (size_t i = 0; i < n; i++) {
        int p = links[i].ppid;
        unsigned depth = 0;
        while (p > 1 && p != top && depth++ < 4096)
            p = parent_of(links, n, p);
        if (p != top || links[i].pid == top)
            continue;
        char path[64];
        snprintf(path, sizeof(path), "proc/%d/status", links[i].pid);
        struct proc_status st;
        strbuf_reset(&sb);
        if (rootfs_read(r, path, PROBE_CAP_SMALL, &sb) < 0 ||
            proc_status_parse(sb.buf, sb.len, &st, &d) < 0)
            continue;
        s.nprocs++;
        s.rss = sat_add_u64(s.rss, st.vm_rss);
        s.rss_file = sat_add_u64(s.rss_file, st.rss_file);
        s.swap = sat_add_u64(s.swap, st.vm_swap);
        if (st.vm_hwm > s.max_hwm)
            s.max_hwm = st.vm_hwm;
    }
    strbuf_release(&sb);
    free(links);
    *ret = s;
    return 0;
}

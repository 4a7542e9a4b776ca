#include "win/pagefile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/json-read.h"
#include "util/parse.h"
#include "util/sanitize.h"
#include "util/size.h"
#include "win/host.h"

int win_paging_file_parse(const char *s, struct win_paging_file *ret)
{
    struct win_paging_file p;
    memset(&p, 0, sizeof(p));
    size_t n = strlen(s);
    const char *sp = memchr(s, ' ', n);
    size_t pl = sp ? (size_t)(sp - s) : n;
    if (pl == 0 || pl >= sizeof(p.path))
        return -EINVAL;
    memcpy(p.path, s, pl);
    p.path[pl] = '\0';
    p.all_drives = pl >= 2 && s[0] == '?' && s[1] == ':';
    if (!sp) {
        p.system_managed = true;
        *ret = p;
        return 0;
    }
    const char *q = sp + 1, *e = s + n;
    const char *at = q;
    if (parse_u64_dec(&q, e, &p.initial_mb) < 0 || q == at || q >= e || *q != ' ')
        return -EINVAL;
    q++;
    at = q;
    if (parse_u64_dec(&q, e, &p.max_mb) < 0 || q == at || q != e)
        return -EINVAL;
    p.system_managed = p.initial_mb == 0 && p.max_mb == 0;
    *ret = p;
    return 0;
}

int win_pagefile_map(const char *buf, size_t len, const struct jv *root, struct win_host *h,
                     struct diag *d)
{
    const struct jv *v = jv_get(root, "pagefile");
    if (!v || v->type == JV_NULL) {
        const struct jv *e = jv_get(root, "pagefile_error");
        snprintf(h->pagefile_why, sizeof(h->pagefile_why), "%.*s", (int)(WIN_WHY_MAX - 1),
                 !v                          ? "missing from the host document"
                 : e && e->type == JV_STRING ? e->s
                                             : "null, with no reason given");
        return 0;
    }
    const struct jv *list = jv_get(v, "paging_files");
    if (v->type != JV_OBJECT || !list || list->type != JV_ARRAY)
        return jv_diag(d, buf, len, v, "\"pagefile\": expected {\"paging_files\": [...]}");
    if (list->n > WIN_MAX_PAGING_FILES)
        return jv_diag(d, buf, len, list, "more than %d paging files", WIN_MAX_PAGING_FILES);
    for (const struct jv *e = list->child; e; e = e->next) {
        if (e->type != JV_STRING)
            return jv_diag(d, buf, len, e, "a paging file entry that is not a string");
        if (win_paging_file_parse(e->s, &h->paging_files[h->npaging_files]) < 0)
            return jv_diag(d, buf, len, e, "a paging file entry not of the form 'PATH [MB MB]'");
        h->npaging_files++;
    }
    h->has_pagefile = true;
    return 0;
}

bool win_pagefile_managed(const struct win_host *h)
{
    if (!h->has_pagefile || h->npaging_files == 0)
        return false;
    for (size_t i = 0; i < h->npaging_files; i++)
        if (!h->paging_files[i].system_managed)
            return false;
    return true;
}

bool win_commit_check(const struct win_host *h, uint64_t vm_total, struct win_commit *ret)
{
    if (!h || h->state != WIN_HOST_OK || !h->commit_total.known || !h->commit_limit.known)
        return false;
    struct win_commit c;
    c.room = sat_sub_u64(h->commit_limit.v, h->commit_total.v);
    c.resident = h->has_vmmem && h->vmmem.working_set.known ? h->vmmem.working_set.v : 0;
    c.grow = sat_sub_u64(vm_total, c.resident);
    c.need = sat_add_u64(c.grow, WIN_COMMIT_MARGIN);
    c.short_of = c.room < c.need;
    *ret = c;
    return true;
}

void win_pagefile_describe(const struct win_host *h, char *buf, size_t n)
{
    size_t off = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < h->npaging_files && off < n; i++) {
        const struct win_paging_file *p = &h->paging_files[i];
        char path[sizeof(p->path)];
        text_sanitize(p->path, strlen(p->path), path, sizeof(path));
        int k;
        if (p->system_managed)
            k = snprintf(buf + off, n - off, "%s%s system managed", off ? ", " : "", path);
        else
            k = snprintf(buf + off, n - off, "%s%s fixed at %llu-%llu MB", off ? ", " : "", path,
                         (unsigned long long)p->initial_mb, (unsigned long long)p->max_mb);
        if (k < 0)
            break;
        off += (size_t)k;
    }
}

bool win_pagefile_recommended(const struct win_host *h, uint64_t vm_total, char *why, size_t n)
{
    char pf[300];
    if (!h || h->state != WIN_HOST_OK) {
        snprintf(why, n, "no host data to measure");
        return false;
    }
    if (!h->has_pagefile) {
        snprintf(why, n, "the page file settings are unknown (%.200s)", h->pagefile_why);
        return false;
    }
    win_pagefile_describe(h, pf, sizeof(pf));
    if (win_pagefile_managed(h)) {
        snprintf(why, n, "already system managed (%.200s)", pf);
        return false;
    }
    const char *now = h->npaging_files ? pf : "no page file";
    struct win_commit c;
    if (!vm_total) {
        snprintf(why, n,
                 "%.200s; whether the commit limit is short needs the VM's size (run it "
                 "inside WSL)",
                 now);
        return false;
    }
    if (!win_commit_check(h, vm_total, &c)) {
        snprintf(why, n, "%.200s; the host's commit figures are unknown", now);
        return false;
    }
    if (!c.short_of) {
        snprintf(why, n,
                 "%.200s, but Windows can still commit %s, more than the %s the VM may take "
                 "plus %s",
                 now, size_str(c.room), size_str(c.grow), size_str(WIN_COMMIT_MARGIN));
        return false;
    }
    snprintf(why, n,
             "%.200s, and Windows can commit only %s more where the VM may still take %s "
             "plus %s (windows.commit-headroom)",
             now, size_str(c.room), size_str(c.grow), size_str(WIN_COMMIT_MARGIN));
    return true;
}

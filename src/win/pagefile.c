#include "win/pagefile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/json-read.h"
#include "util/parse.h"
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

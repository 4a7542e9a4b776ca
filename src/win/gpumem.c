#include "win/gpumem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/json-read.h"
#include "util/xalloc.h"
#include "win/host.h"

static void why_of(const struct jv *root, const char *key, char *why)
{
    char ek[64];
    snprintf(ek, sizeof(ek), "%s_error", key);
    const struct jv *e = jv_get(root, ek);
    if (!jv_get(root, key))
        snprintf(why, WIN_WHY_MAX, "missing from the host document");
    else if (e && e->type == JV_STRING && e->len)
        snprintf(why, WIN_WHY_MAX, "%.*s", (int)(WIN_WHY_MAX - 1), e->s);
    else
        snprintf(why, WIN_WHY_MAX, "null, with no reason given");
}

static int u64_member(const char *buf, size_t len, const struct jv *o, const char *key,
                      uint64_t *ret, struct diag *d)
{
    const struct jv *v = jv_get(o, key);
    if (!v || v->type != JV_NUMBER || !v->is_u64)
        return jv_diag(d, buf, len, v ? v : o, "\"%s\": expected a whole number of 0 or more", key);
    *ret = v->u;
    return 0;
}

int win_gpu_map(const char *buf, size_t len, const struct jv *root, struct win_host *h,
                struct diag *d)
{
    const struct jv *u = jv_get(root, "gpu_dedicated_used");
    memset(&h->gpu_dedicated_used, 0, sizeof(h->gpu_dedicated_used));
    if (u && u->type != JV_NULL) {
        if (u->type != JV_NUMBER || !u->is_u64)
            return jv_diag(d, buf, len, u, "\"gpu_dedicated_used\": expected a whole number");
        h->gpu_dedicated_used.known = true;
        h->gpu_dedicated_used.v = u->u;
    } else {
        why_of(root, "gpu_dedicated_used", h->gpu_dedicated_used.why);
    }

    const struct jv *v = jv_get(root, "gpu_processes");
    if (!v || v->type == JV_NULL) {
        why_of(root, "gpu_processes", h->gpu_procs_why);
        return 0;
    }
    if (v->type != JV_ARRAY)
        return jv_diag(d, buf, len, v, "\"gpu_processes\": expected an array, found %s",
                       jv_type_name(v->type));
    if (v->n > WIN_MAX_GPU_PROCS)
        return jv_diag(d, buf, len, v, "more than %d GPU processes", WIN_MAX_GPU_PROCS);
    h->gpu_procs = xcalloc(v->n ? v->n : 1, sizeof(*h->gpu_procs));
    h->has_gpu_procs = true;
    for (const struct jv *e = v->child; e; e = e->next) {
        if (e->type != JV_OBJECT)
            return jv_diag(d, buf, len, e, "expected a process object, found %s",
                           jv_type_name(e->type));
        struct win_gpu_proc *p = &h->gpu_procs[h->ngpu_procs++];
        int r = u64_member(buf, len, e, "pid", &p->pid, d);
        if (r == 0)
            r = u64_member(buf, len, e, "dedicated", &p->dedicated, d);
        if (r == 0)
            r = u64_member(buf, len, e, "shared", &p->shared, d);
        if (r < 0)
            return r;
        const struct jv *n = jv_get(e, "name");
        if (n && n->type == JV_STRING) {
            size_t nl = n->len < 255 ? n->len : 255;
            p->name = xmalloc(nl + 1);
            memcpy(p->name, n->s, nl);
            p->name[nl] = '\0';
        } else if (n && n->type != JV_NULL) {
            return jv_diag(d, buf, len, n, "\"name\": expected a string or null");
        }
    }
    return 0;
}

void win_gpu_release(struct win_host *h)
{
    for (size_t i = 0; i < h->ngpu_procs; i++)
        free(h->gpu_procs[i].name);
    free(h->gpu_procs);
    h->gpu_procs = NULL;
    h->ngpu_procs = 0;
}

bool win_gpu_system_process(const char *name)
{
    static const char *const sys[] = {
        "dwm",
        "csrss",
        "System",
        "explorer",
        "vmmemWSL",
        "vmmem",
        "winlogon",
        "SearchHost",
        "ShellExperienceHost",
        "StartMenuExperienceHost",
        "TextInputHost",
        "LockApp",
    };
    for (size_t i = 0; name && i < sizeof(sys) / sizeof(sys[0]); i++)
        if (strcasecmp(name, sys[i]) == 0)
            return true;
    return false;
}

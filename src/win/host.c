/* The host document ("headroom-host/1") mapped onto struct win_host, and
 * the small lookups every consumer needs. Loading (snapshot, helper,
 * PowerShell) is in host-load.c. */
#include "win/host.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json-read.h"
#include "util/parse.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

/* caps on strings taken from the document (bytes, cut at a character) */
#define CAP_NAME 256
#define CAP_TEXT 512
#define CAP_PATH 1024

struct mapper {
    const char *buf;
    size_t len;
    struct diag *d;
};

#define bad(m, v, ...) jv_diag((m)->d, (m)->buf, (m)->len, (v), __VA_ARGS__)

/* Copies at most cap bytes of s, cut at a UTF-8 character boundary. */
static char *dup_capped(const char *s, size_t len, size_t cap)
{
    return xstrndup(s, utf8_cut_len(s, len, cap));
}

static void set_why(char *why, const char *s)
{
    utf8_copy_cut(why, WIN_WHY_MAX, s);
}

/* Why `key` of `obj` has no value: its "<key>_error" string, or a reason of
 * our own. */
static void why_of(const struct jv *obj, const char *key, const struct jv *v,
                   const char *parent_why, char *why)
{
    if (!obj) {
        set_why(why, parent_why ? parent_why : "missing from the host document");
        return;
    }
    if (!v) {
        set_why(why, "missing from the host document");
        return;
    }
    char ek[96];
    snprintf(ek, sizeof(ek), "%s_error", key);
    const struct jv *e = jv_get(obj, ek);
    if (e && e->type == JV_STRING && e->len)
        set_why(why, e->s);
    else
        set_why(why, "null, with no reason given");
}

/* Each getter: key absent or null -> unknown with a reason; a value of the
 * wrong type -> -EBADMSG. `obj` may be NULL (a missing section): then
 * parent_why is the reason. */
static int get_u64(struct mapper *m, const struct jv *obj, const char *key, const char *parent_why,
                   struct win_u64 *ret)
{
    const struct jv *v = jv_get(obj, key);
    memset(ret, 0, sizeof(*ret));
    if (!v || v->type == JV_NULL) {
        why_of(obj, key, v, parent_why, ret->why);
        return 0;
    }
    if (v->type != JV_NUMBER || !v->is_u64)
        return bad(m, v, "\"%s\": expected a whole number of 0 or more, found %s", key,
                   v->type == JV_NUMBER ? "another number" : jv_type_name(v->type));
    ret->known = true;
    ret->v = v->u;
    return 0;
}

static int get_bool(struct mapper *m, const struct jv *obj, const char *key, const char *parent_why,
                    struct win_bool *ret)
{
    const struct jv *v = jv_get(obj, key);
    memset(ret, 0, sizeof(*ret));
    if (!v || v->type == JV_NULL) {
        why_of(obj, key, v, parent_why, ret->why);
        return 0;
    }
    if (v->type != JV_BOOL)
        return bad(m, v, "\"%s\": expected true or false, found %s", key, jv_type_name(v->type));
    ret->known = true;
    ret->v = v->b;
    return 0;
}

static int get_str(struct mapper *m, const struct jv *obj, const char *key, const char *parent_why,
                   size_t cap, struct win_str *ret)
{
    const struct jv *v = jv_get(obj, key);
    memset(ret, 0, sizeof(*ret));
    if (!v || v->type == JV_NULL) {
        why_of(obj, key, v, parent_why, ret->why);
        return 0;
    }
    if (v->type != JV_STRING)
        return bad(m, v, "\"%s\": expected a string, found %s", key, jv_type_name(v->type));
    ret->s = dup_capped(v->s, v->len, cap);
    return 0;
}

/* A required string member (e.g. a service's name). */
static int need_str(struct mapper *m, const struct jv *obj, const char *key, size_t cap,
                    bool nonempty, char **ret)
{
    const struct jv *v = jv_get(obj, key);
    if (!v)
        return bad(m, obj, "missing \"%s\"", key);
    if (v->type != JV_STRING)
        return bad(m, v, "\"%s\": expected a string, found %s", key, jv_type_name(v->type));
    if (nonempty && v->len == 0)
        return bad(m, v, "\"%s\" is empty", key);
    *ret = dup_capped(v->s, v->len, cap);
    return 0;
}

/* A section: an object, or null / missing (then *ret_obj is NULL and why
 * says why). */
static int section(struct mapper *m, const struct jv *root, const char *key, enum jv_type type,
                   const struct jv **ret_obj, char *why)
{
    const struct jv *v = jv_get(root, key);
    *ret_obj = NULL;
    if (!v || v->type == JV_NULL) {
        why_of(root, key, v, NULL, why);
        /* the PowerShell script reports a failure it could not pin on one
         * key as "error" */
        const struct jv *e = jv_get(root, "error");
        if (!v && e && e->type == JV_STRING) {
            char w[WIN_WHY_MAX];
            snprintf(w, sizeof(w), "the host script failed: %s", e->s);
            set_why(why, w);
        }
        return 0;
    }
    if (v->type != type)
        return bad(m, v, "\"%s\": expected %s, found %s", key, jv_type_name(type),
                   jv_type_name(v->type));
    *ret_obj = v;
    why[0] = '\0';
    return 0;
}

static const char *const state_names[] = {
    [WIN_SVC_STOPPED] = "stopped",
    [WIN_SVC_START_PENDING] = "start_pending",
    [WIN_SVC_STOP_PENDING] = "stop_pending",
    [WIN_SVC_RUNNING] = "running",
    [WIN_SVC_CONTINUE_PENDING] = "continue_pending",
    [WIN_SVC_PAUSE_PENDING] = "pause_pending",
    [WIN_SVC_PAUSED] = "paused",
};

static const char *const start_names[] = {
    [WIN_START_BOOT] = "boot",           [WIN_START_SYSTEM] = "system",
    [WIN_START_AUTOMATIC] = "automatic", [WIN_START_MANUAL] = "manual",
    [WIN_START_DISABLED] = "disabled",
};

const char *win_svc_state_name(enum win_svc_state s)
{
    if ((size_t)s < sizeof(state_names) / sizeof(state_names[0]))
        return state_names[s];
    return NULL;
}

const char *win_start_type_name(enum win_start_type t)
{
    if ((size_t)t < sizeof(start_names) / sizeof(start_names[0]))
        return start_names[t];
    return NULL;
}

enum win_svc_state win_svc_state_parse(const char *s)
{
    for (size_t i = 1; i < sizeof(state_names) / sizeof(state_names[0]); i++)
        if (strcmp(s, state_names[i]) == 0)
            return (enum win_svc_state)i;
    return WIN_SVC_UNKNOWN;
}

enum win_start_type win_start_type_parse(const char *s)
{
    for (size_t i = 1; i < sizeof(start_names) / sizeof(start_names[0]); i++)
        if (strcmp(s, start_names[i]) == 0)
            return (enum win_start_type)i;
    return WIN_START_UNKNOWN;
}

/* An enum-valued string: known names map; null/missing/unrecognised leave
 * UNKNOWN with a reason. */
static int get_state(struct mapper *m, const struct jv *obj, const char *key, bool start_type,
                     int *ret, char *why)
{
    const struct jv *v = jv_get(obj, key);
    *ret = 0;
    why[0] = '\0';
    if (!v || v->type == JV_NULL) {
        why_of(obj, key, v, NULL, why);
        return 0;
    }
    if (v->type != JV_STRING)
        return bad(m, v, "\"%s\": expected a string, found %s", key, jv_type_name(v->type));
    *ret = start_type ? (int)win_start_type_parse(v->s) : (int)win_svc_state_parse(v->s);
    if (*ret == 0) {
        char w[WIN_WHY_MAX];
        snprintf(w, sizeof(w), "unrecognised %s '%.60s'", key, v->s);
        set_why(why, w);
    }
    return 0;
}

static int map_os(struct mapper *m, const struct jv *root, struct win_host *h)
{
    const struct jv *os;
    char why[WIN_WHY_MAX];
    int r = section(m, root, "os", JV_OBJECT, &os, why);
    if (r == 0)
        r = get_str(m, os, "product_name", why, CAP_NAME, &h->product_name);
    if (r == 0)
        r = get_str(m, os, "display_version", why, CAP_NAME, &h->display_version);
    if (r == 0)
        r = get_str(m, os, "version", why, CAP_NAME, &h->version);
    if (r == 0)
        r = get_u64(m, os, "build", why, &h->build);
    if (r == 0)
        r = get_u64(m, os, "ubr", why, &h->ubr);
    return r;
}

static int map_memory(struct mapper *m, const struct jv *root, struct win_host *h)
{
    const struct jv *mem;
    char why[WIN_WHY_MAX];
    int r = section(m, root, "memory", JV_OBJECT, &mem, why);
    struct {
        const char *key;
        struct win_u64 *dst;
    } f[] = {
        {"total", &h->mem_total},
        {"available", &h->mem_available},
        {"commit_total", &h->commit_total},
        {"commit_limit", &h->commit_limit},
        {"nonpaged_pool", &h->nonpaged_pool},
        {"paged_pool", &h->paged_pool},
    };
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]) && r == 0; i++)
        r = get_u64(m, mem, f[i].key, why, f[i].dst);
    return r;
}

static int map_proc(struct mapper *m, const struct jv *o, struct win_proc *p)
{
    if (o->type != JV_OBJECT)
        return bad(m, o, "expected a process object, found %s", jv_type_name(o->type));
    int r = need_str(m, o, "name", CAP_NAME, false, &p->name);
    struct win_u64 pid = {0};
    if (r == 0)
        r = get_u64(m, o, "pid", NULL, &pid);
    p->pid = pid.known ? pid.v : 0;
    if (r == 0)
        r = get_u64(m, o, "working_set", NULL, &p->working_set);
    if (r == 0)
        r = get_u64(m, o, "private_bytes", NULL, &p->private_bytes);
    return r;
}

static int map_group(struct mapper *m, const struct jv *o, struct win_group *g)
{
    if (o->type != JV_OBJECT)
        return bad(m, o, "expected an object, found %s", jv_type_name(o->type));
    int r = need_str(m, o, "name", CAP_NAME, true, &g->name);
    struct {
        const char *key;
        uint64_t *dst;
    } f[] = {
        {"processes", &g->processes},
        {"unreadable", &g->unreadable},
        {"working_set", &g->working_set},
        {"private_bytes", &g->private_bytes},
    };
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]) && r == 0; i++) {
        struct win_u64 v = {0};
        r = get_u64(m, o, f[i].key, NULL, &v);
        *f[i].dst = v.known ? v.v : 0;
    }
    return r;
}

static int map_processes(struct mapper *m, const struct jv *root, struct win_host *h)
{
    int r = get_u64(m, root, "process_count", NULL, &h->process_count);
    if (r < 0)
        return r;

    const struct jv *v;
    if ((r = section(m, root, "vmmem", JV_OBJECT, &v, h->vmmem_why)) < 0)
        return r;
    if (v) {
        if ((r = map_proc(m, v, &h->vmmem)) < 0)
            return r;
        h->has_vmmem = true;
    }

    if ((r = section(m, root, "browsers", JV_ARRAY, &v, h->browsers_why)) < 0)
        return r;
    if (v) {
        if (v->n > WIN_MAX_BROWSERS)
            return bad(m, v, "more than %d browsers", WIN_MAX_BROWSERS);
        h->browsers = xcalloc(v->n ? v->n : 1, sizeof(*h->browsers));
        h->has_browsers = true;
        for (const struct jv *e = v->child; e; e = e->next)
            if ((r = map_group(m, e, &h->browsers[h->nbrowsers++])) < 0)
                return r;
    }

    if ((r = section(m, root, "widgets", JV_OBJECT, &v, h->widgets_why)) < 0)
        return r;
    if (v) {
        if ((r = map_group(m, v, &h->widgets)) < 0)
            return r;
        h->has_widgets = true;
    }

    if ((r = section(m, root, "top_processes", JV_ARRAY, &v, h->top_why)) < 0)
        return r;
    if (v) {
        if (v->n > WIN_MAX_PROCS)
            return bad(m, v, "more than %d top processes", WIN_MAX_PROCS);
        h->top = xcalloc(v->n ? v->n : 1, sizeof(*h->top));
        h->has_top = true;
        for (const struct jv *e = v->child; e; e = e->next)
            if ((r = map_proc(m, e, &h->top[h->ntop++])) < 0)
                return r;
    }
    return 0;
}

static int map_service(struct mapper *m, const struct jv *o, struct win_service *s)
{
    if (o->type != JV_OBJECT)
        return bad(m, o, "expected a service object, found %s", jv_type_name(o->type));
    int r = need_str(m, o, "name", CAP_NAME, true, &s->name);
    if (r == 0) {
        const struct jv *dn = jv_get(o, "display_name");
        if (dn && dn->type == JV_STRING)
            s->display_name = dup_capped(dn->s, dn->len, CAP_TEXT);
        else if (dn && dn->type != JV_NULL)
            r = bad(m, dn, "\"display_name\": expected a string, found %s", jv_type_name(dn->type));
        else
            s->display_name = xstrdup("");
    }
    int e = 0;
    if (r == 0)
        r = get_state(m, o, "state", false, &e, s->state_why);
    s->state = (enum win_svc_state)e;
    if (r == 0)
        r = get_state(m, o, "start_type", true, &e, s->start_why);
    s->start_type = (enum win_start_type)e;
    if (r == 0)
        r = get_bool(m, o, "delayed_auto_start", NULL, &s->delayed_auto_start);
    if (r == 0)
        r = get_u64(m, o, "pid", NULL, &s->pid);
    struct win_u64 ps = {0};
    if (r == 0)
        r = get_u64(m, o, "process_services", NULL, &ps);
    s->process_services = r == 0 && ps.known ? ps.v : 0;
    if (r == 0)
        r = get_u64(m, o, "working_set", NULL, &s->working_set);
    return r;
}

/* "MSI" as a word (not inside "MSIX", "EMSI"...) */
static bool has_word_msi(const char *s)
{
    for (const char *p = s; (p = strstr(p, "MSI")); p += 3) {
        bool before = p == s || !((p[-1] >= 'A' && p[-1] <= 'Z') ||
                                  (p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= '0' && p[-1] <= '9'));
        char a = p[3];
        bool after = !((a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z') || (a >= '0' && a <= '9'));
        if (before && after)
            return true;
    }
    return false;
}

static int map_adapter(struct mapper *m, const struct jv *o, struct win_adapter *a)
{
    if (o->type != JV_OBJECT)
        return bad(m, o, "expected an adapter object, found %s", jv_type_name(o->type));
    int r = need_str(m, o, "name", CAP_TEXT, false, &a->name);
    if (r == 0)
        r = need_str(m, o, "description", CAP_TEXT, false, &a->description);
    if (r == 0) {
        a->killer = strcasestr(a->description, "killer") != NULL;
        a->msi = has_word_msi(a->description) || has_word_msi(a->name);
    }
    return r;
}

static int map_rest(struct mapper *m, const struct jv *root, struct win_host *h)
{
    const struct jv *v;
    int r = section(m, root, "services", JV_ARRAY, &v, h->services_why);
    if (r < 0)
        return r;
    if (v) {
        if (v->n > WIN_MAX_SERVICES)
            return bad(m, v, "more than %d services", WIN_MAX_SERVICES);
        h->services = xcalloc(v->n ? v->n : 1, sizeof(*h->services));
        h->has_services = true;
        for (const struct jv *e = v->child; e; e = e->next)
            if ((r = map_service(m, e, &h->services[h->nservices++])) < 0)
                return r;
    }

    char why[WIN_WHY_MAX];
    if ((r = section(m, root, "ndu", JV_OBJECT, &v, why)) < 0)
        return r;
    if ((r = get_u64(m, v, "start", why, &h->ndu_start)) < 0)
        return r;
    int st = 0;
    if (v) {
        if ((r = get_state(m, v, "state", false, &st, h->ndu_state_why)) < 0)
            return r;
    } else {
        set_why(h->ndu_state_why, why);
    }
    h->ndu_state = (enum win_svc_state)st;

    if ((r = section(m, root, "adapters", JV_ARRAY, &v, h->adapters_why)) < 0)
        return r;
    if (v) {
        if (v->n > WIN_MAX_ADAPTERS)
            return bad(m, v, "more than %d adapters", WIN_MAX_ADAPTERS);
        h->adapters = xcalloc(v->n ? v->n : 1, sizeof(*h->adapters));
        h->has_adapters = true;
        for (const struct jv *e = v->child; e; e = e->next)
            if ((r = map_adapter(m, e, &h->adapters[h->nadapters++])) < 0)
                return r;
    }

    if ((r = section(m, root, "profile", JV_OBJECT, &v, why)) < 0)
        return r;
    if ((r = get_str(m, v, "path", why, CAP_PATH, &h->profile_path)) < 0)
        return r;
    if ((r = get_bool(m, v, "wslconfig", why, &h->wslconfig)) < 0)
        return r;
    if ((r = get_u64(m, v, "wslconfig_size", why, &h->wslconfig_size)) < 0)
        return r;
    return get_u64(m, root, "elapsed_ms", NULL, &h->elapsed_ms);
}

int win_host_parse(const char *buf, size_t len, struct win_host *ret, struct diag *d)
{
    struct json_doc doc;
    int r = json_doc_parse(buf, len, &doc, d);
    if (r < 0)
        return r;
    struct mapper m = {.buf = buf, .len = len, .d = d};
    struct win_host h;
    memset(&h, 0, sizeof(h));
    const struct jv *root = doc.root;
    const struct jv *f = jv_get(root, "format");
    if (root->type != JV_OBJECT)
        r = bad(&m, root, "expected an object, found %s", jv_type_name(root->type));
    else if (!f || f->type != JV_STRING)
        r = bad(&m, f ? f : root, "not a headroom host document (no \"format\" string)");
    else if (strcmp(f->s, WIN_HOST_FORMAT) != 0)
        r = bad(&m, f, "unsupported format '%.60s' (this headroom reads %s)", f->s,
                WIN_HOST_FORMAT);
    if (r == 0) {
        const struct jv *s = jv_get(root, "source");
        if (s && s->type == JV_STRING && strcmp(s->s, "helper") == 0)
            h.source = WIN_SOURCE_HELPER;
        else if (s && s->type == JV_STRING && strcmp(s->s, "powershell") == 0)
            h.source = WIN_SOURCE_POWERSHELL;
        else
            r = bad(&m, s ? s : root, "\"source\" must be \"helper\" or \"powershell\"");
    }
    if (r == 0) {
        const struct jv *sv = jv_get(root, "source_version");
        if (sv && sv->type == JV_STRING)
            h.source_version = dup_capped(sv->s, sv->len, 64);
    }
    if (r == 0)
        r = map_os(&m, root, &h);
    if (r == 0)
        r = map_memory(&m, root, &h);
    if (r == 0)
        r = map_processes(&m, root, &h);
    if (r == 0)
        r = map_rest(&m, root, &h);
    if (r == 0)
        r = win_gpu_map(buf, len, root, &h, d);
    if (r == 0)
        r = win_pagefile_map(buf, len, root, &h, d);
    if (r == 0)
        r = get_u64(&m, root, "uptime_ms", NULL, &h.uptime_ms);
    if (r == 0)
        r = win_disk_map(buf, len, root, &h, d);
    if (r == 0)
        r = win_consent_map(buf, len, root, &h, d);
    json_doc_release(&doc);
    if (r < 0) {
        win_host_release(&h);
        return r;
    }
    h.state = WIN_HOST_OK;
    *ret = h;
    return 0;
}

static void free_proc(struct win_proc *p)
{
    free(p->name);
}

void win_host_release(struct win_host *h)
{
    free(h->source_version);
    free(h->product_name.s);
    free(h->display_version.s);
    free(h->version.s);
    free_proc(&h->vmmem);
    for (size_t i = 0; i < h->nbrowsers; i++)
        free(h->browsers[i].name);
    free(h->browsers);
    free(h->widgets.name);
    for (size_t i = 0; i < h->ntop; i++)
        free_proc(&h->top[i]);
    free(h->top);
    for (size_t i = 0; i < h->nservices; i++) {
        free(h->services[i].name);
        free(h->services[i].display_name);
    }
    free(h->services);
    for (size_t i = 0; i < h->nadapters; i++) {
        free(h->adapters[i].name);
        free(h->adapters[i].description);
    }
    free(h->adapters);
    free(h->profile_path.s);
    win_gpu_release(h);
    win_disk_release(&h->disk);
    memset(h, 0, sizeof(*h));
}

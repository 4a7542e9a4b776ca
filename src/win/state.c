/* State files written by an apply script, read back for --undo (see
 * script.h): every name must match the catalogue, every number is range
 * checked, nothing else is taken. */
#include "win/script.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/json-read.h"
/* ---- state files ---- */

struct smap {
    const char *buf;
    size_t len;
    struct diag *d;
};

#define sbad(m, v, msg) jv_diag((m)->d, (m)->buf, (m)->len, (v), "%s", (msg))

static int want_bool(struct smap *m, const struct jv *o, const char *key, bool *ret)
{
    const struct jv *v = jv_get(o, key);
    if (!v)
        return sbad(m, o, "a recorded entry lacks a true/false member it needs");
    if (v->type != JV_BOOL)
        return sbad(m, v, "expected true or false here");
    *ret = v->b;
    return 0;
}

/* null -> *ret_has = false; a whole number <= max -> value */
static int want_num(struct smap *m, const struct jv *o, const char *key, uint32_t max,
                    bool *ret_has, uint32_t *ret)
{
    const struct jv *v = jv_get(o, key);
    *ret_has = false;
    *ret = 0;
    if (!v || v->type == JV_NULL)
        return 0;
    if (v->type != JV_NUMBER || !v->is_u64 || v->u > max)
        return sbad(m, v, "expected a whole number in range here");
    *ret_has = true;
    *ret = (uint32_t)v->u;
    return 0;
}

/* The catalogue's own spelling of a name the file recorded, or NULL. */
static const char *catalogue_name(const struct win_item *it, const struct jv *v)
{
    if (!v || v->type != JV_STRING)
        return NULL;
    for (const char *const *n = it->names; *n; n++)
        if (strcasecmp(*n, v->s) == 0 && strlen(*n) == v->len)
            return *n;
    return NULL;
}

/* A name Windows gave a dependent service: nothing that can end a quoted
 * string or a comment, or be a wildcard. */
static bool dependent_name_ok(const struct jv *v)
{
    if (v->type != JV_STRING || v->len == 0 || v->len >= 64 || strlen(v->s) != v->len)
        return false;
    for (size_t i = 0; i < v->len; i++) {
        char c = v->s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return false;
    }
    return true;
}

/* absent or null (a file of an older headroom): none; one string (how
 * ConvertTo-Json may write a one-element array), an array of them, or that
 * array as {"value": [...]} */
static int parse_dependents(struct smap *m, const struct jv *v, struct win_state_service *s)
{
    s->ndependents = 0;
    if (!v || v->type == JV_NULL)
        return 0;
    /* Windows PowerShell 5.1 may write an array it sees wrapped in a
     * PSObject as {"value": [...], "Count": n} */
    if (v->type == JV_OBJECT && jv_get(v, "value") && jv_get(v, "value")->type == JV_ARRAY)
        v = jv_get(v, "value");
    const struct jv *e = v->type == JV_ARRAY ? v->child : v;
    if (v->type != JV_ARRAY && v->type != JV_STRING)
        return sbad(m, v, "expected a list of service names here");
    for (; e; e = v->type == JV_ARRAY ? e->next : NULL) {
        if (!dependent_name_ok(e))
            return sbad(m, e, "not a service name (letters, digits, '_', '.', '-')");
        if (s->ndependents >= sizeof(s->dependents) / sizeof(s->dependents[0]))
            return sbad(m, e, "too many dependent services");
        memcpy(s->dependents[s->ndependents], e->s, e->len + 1);
        s->ndependents++;
    }
    return 0;
}

static int parse_services(struct smap *m, const struct jv *arr, struct win_state_item *si)
{
    if (!arr || arr->type != JV_ARRAY)
        return sbad(m, arr, "expected \"services\": [...] for this item");
    for (const struct jv *e = arr->child; e; e = e->next) {
        if (e->type != JV_OBJECT)
            return sbad(m, e, "expected a recorded service (an object)");
        const char *name = catalogue_name(si->item, jv_get(e, "name"));
        if (!name)
            return sbad(m, jv_get(e, "name") ? jv_get(e, "name") : e,
                        "this name is not one of the item's services in headroom's catalogue");
        for (size_t i = 0; i < si->nservices; i++)
            if (si->services[i].name == name)
                return sbad(m, e, "this service is recorded twice");
        if (si->nservices >= sizeof(si->services) / sizeof(si->services[0]))
            return sbad(m, e, "too many services for one item");
        struct win_state_service *s = &si->services[si->nservices];
        memset(s, 0, sizeof(*s));
        s->name = name;
        bool has;
        int r = want_bool(m, e, "exists", &s->exists);
        if (r == 0)
            r = want_bool(m, e, "start_exists", &s->start_exists);
        if (r == 0)
            r = want_num(m, e, "start", 4, &has, &s->start);
        if (r == 0 && has != s->start_exists)
            r = sbad(m, e, "\"start\" and \"start_exists\" disagree");
        if (r == 0)
            r = want_bool(m, e, "delayed_autostart_exists", &s->delayed_exists);
        if (r == 0)
            r = want_num(m, e, "delayed_autostart", 1, &has, &s->delayed);
        if (r == 0 && has != s->delayed_exists)
            r = sbad(m, e, "\"delayed_autostart\" and \"delayed_autostart_exists\" disagree");
        if (r < 0)
            return r;
        const struct jv *st = jv_get(e, "status");
        if (!st || st->type == JV_NULL)
            s->status = WIN_STATUS_UNKNOWN;
        else if (st->type != JV_STRING)
            return sbad(m, st, "expected a service status string or null");
        else if (strcmp(st->s, "Running") == 0)
            s->status = WIN_STATUS_RUNNING;
        else if (strcmp(st->s, "Stopped") == 0)
            s->status = WIN_STATUS_STOPPED;
        else
            s->status = WIN_STATUS_OTHER;
        r = parse_dependents(m, jv_get(e, "running_dependents"), s);
        if (r < 0)
            return r;
        si->nservices++;
    }
    return 0;
}

static int parse_value(struct smap *m, const struct jv *arr, struct win_state_item *si)
{
    if (!arr || arr->type != JV_ARRAY || arr->n != 1)
        return sbad(m, arr, "expected \"values\": [one recorded value] for this item");
    const struct jv *e = arr->child;
    if (e->type != JV_OBJECT)
        return sbad(m, e, "expected a recorded value (an object)");
    const struct jv *p = jv_get(e, "path"), *n = jv_get(e, "name");
    if (!p || p->type != JV_STRING || strcasecmp(p->s, si->item->reg_path) != 0 ||
        strlen(si->item->reg_path) != p->len)
        return sbad(m, p ? p : e, "this registry path is not the item's in headroom's catalogue");
    if (!n || n->type != JV_STRING || strcasecmp(n->s, si->item->reg_name) != 0 ||
        strlen(si->item->reg_name) != n->len)
        return sbad(m, n ? n : e, "this value name is not the item's in headroom's catalogue");
    bool has;
    int r = want_bool(m, e, "key_exists", &si->key_exists);
    if (r == 0)
        r = want_bool(m, e, "exists", &si->value_exists);
    if (r == 0)
        r = want_num(m, e, "value", 0x7FFFFFFF, &has, &si->value);
    if (r == 0 && has != si->value_exists)
        r = sbad(m, e, "\"value\" and \"exists\" disagree");
    if (r == 0 && si->value_exists) {
        const struct jv *k = jv_get(e, "kind");
        if (!k || k->type != JV_STRING || strcmp(k->s, "DWord") != 0)
            r = sbad(m, k ? k : e, "only a DWord value can be restored");
    }
    if (r == 0 && si->value_exists && !si->key_exists)
        r = sbad(m, e, "a value cannot exist without its key");
    return r;
}

static int parse_package(struct smap *m, const struct jv *arr, struct win_state_item *si)
{
    if (!arr || arr->type != JV_ARRAY || arr->n != 1)
        return sbad(m, arr, "expected \"packages\": [one recorded package] for this item");
    const struct jv *e = arr->child;
    if (e->type != JV_OBJECT)
        return sbad(m, e, "expected a recorded package (an object)");
    if (!catalogue_name(si->item, jv_get(e, "name")))
        return sbad(m, jv_get(e, "name") ? jv_get(e, "name") : e,
                    "this package is not the item's in headroom's catalogue");
    si->package = true;
    return want_bool(m, e, "installed", &si->installed);
}

/* One PagingFiles entry: a drive letter (or '?'), ":\\pagefile.sys", and
 * optionally " INITIAL MAX" in MB (at most 7 digits each). Anything else
 * is refused: the undo writes the entry back from these fields only. */
static bool paging_entry(const struct jv *v, struct win_state_paging *ret)
{
    static const char file[] = ":\\pagefile.sys";
    if (v->type != JV_STRING || strlen(v->s) != v->len || v->len < 1 + sizeof(file) - 1)
        return false;
    char d = v->s[0];
    if (d >= 'a' && d <= 'z')
        d = (char)(d - 'a' + 'A');
    if (!((d >= 'A' && d <= 'Z') || d == '?') || strncasecmp(v->s + 1, file, sizeof(file) - 1) != 0)
        return false;
    struct win_state_paging p = {.drive = d};
    const char *q = v->s + 1 + sizeof(file) - 1;
    if (*q) {
        uint32_t *dst[2] = {&p.initial_mb, &p.max_mb};
        for (int k = 0; k < 2; k++) {
            if (*q++ != ' ')
                return false;
            size_t nd = 0;
            uint32_t x = 0;
            for (; *q >= '0' && *q <= '9' && nd < 8; q++, nd++)
                x = x * 10 + (uint32_t)(*q - '0');
            if (nd == 0 || nd > 7)
                return false;
            *dst[k] = x;
        }
        if (*q)
            return false;
        p.sized = true;
    }
    *ret = p;
    return true;
}

void win_state_paging_format(const struct win_state_paging *p, char *buf, size_t n)
{
    if (p->sized)
        snprintf(buf, n, "%c:\\pagefile.sys %u %u", p->drive, p->initial_mb, p->max_mb);
    else
        snprintf(buf, n, "%c:\\pagefile.sys", p->drive);
}

static int parse_pagefile(struct smap *m, const struct jv *e, struct win_state_item *si)
{
    if (!e || e->type != JV_OBJECT)
        return sbad(m, e, "expected \"pagefile\": {...} for this item");
    const struct jv *p = jv_get(e, "path"), *n = jv_get(e, "name");
    if (!p || p->type != JV_STRING || strcasecmp(p->s, si->item->reg_path) != 0 ||
        strlen(si->item->reg_path) != p->len)
        return sbad(m, p ? p : e, "this registry path is not the item's in headroom's catalogue");
    if (!n || n->type != JV_STRING || strcasecmp(n->s, si->item->reg_name) != 0 ||
        strlen(si->item->reg_name) != n->len)
        return sbad(m, n ? n : e, "this value name is not the item's in headroom's catalogue");
    const struct jv *a = jv_get(e, "automatic_managed");
    if (a && a->type == JV_BOOL) {
        si->pf_auto_known = true;
        si->pf_auto = a->b;
    } else if (a && a->type != JV_NULL) {
        return sbad(m, a, "expected true, false or null here");
    }
    int r = want_bool(m, e, "exists", &si->pf_exists);
    if (r < 0)
        return r;
    const struct jv *k = jv_get(e, "kind");
    if (si->pf_exists && (!k || k->type != JV_STRING || strcmp(k->s, "MultiString") != 0))
        return sbad(m, k ? k : e, "only a MultiString PagingFiles value can be restored");
    const struct jv *list = jv_get(e, "paging_files");
    /* one string, an array, or Windows PowerShell 5.1's {"value": [...]} */
    if (list && list->type == JV_OBJECT && jv_get(list, "value") &&
        jv_get(list, "value")->type == JV_ARRAY)
        list = jv_get(list, "value");
    if (!list || list->type == JV_NULL) {
        if (si->pf_exists)
            return sbad(m, list ? list : e, "\"exists\" is true but no paging files are listed");
        return 0;
    }
    if (list->type != JV_ARRAY && list->type != JV_STRING)
        return sbad(m, list, "expected a list of paging files here");
    if (!si->pf_exists && (list->type == JV_STRING || list->n > 0))
        return sbad(m, list, "paging files listed for a value that did not exist");
    for (const struct jv *f = list->type == JV_ARRAY ? list->child : list; f;
         f = list->type == JV_ARRAY ? f->next : NULL) {
        if (si->pf_nfiles >= sizeof(si->pf_files) / sizeof(si->pf_files[0]))
            return sbad(m, f, "too many paging files");
        if (!paging_entry(f, &si->pf_files[si->pf_nfiles]))
            return sbad(m, f,
                        "not a paging file entry headroom restores (\"C:\\pagefile.sys\" "
                        "with an optional \"INITIAL MAX\" in MB)");
        si->pf_nfiles++;
    }
    return 0;
}

/* "2025-11-24T16:00:00Z" exactly, else "" */
static void take_created(const struct jv *v, char *ret, size_t n)
{
    ret[0] = '\0';
    if (!v || v->type != JV_STRING || v->len != 20 || n < 21)
        return;
    static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
    for (size_t i = 0; i < 20; i++) {
        char c = v->s[i];
        if (pat[i] == 'd' ? !(c >= '0' && c <= '9') : c != pat[i])
            return;
    }
    memcpy(ret, v->s, 21);
}

int win_state_parse(const char *buf, size_t len, struct win_state *ret, struct diag *d)
{
    struct json_doc doc;
    int r = json_doc_parse(buf, len, &doc, d);
    if (r < 0)
        return r;
    struct smap m = {.buf = buf, .len = len, .d = d};
    struct win_state st;
    memset(&st, 0, sizeof(st));
    const struct jv *root = doc.root;
    const struct jv *f = jv_get(root, "format");
    const struct jv *items = jv_get(root, "items");
    if (root->type != JV_OBJECT)
        r = sbad(&m, root, "expected an object (a headroom state file)");
    else if (!f || f->type != JV_STRING || strcmp(f->s, WIN_STATE_FORMAT) != 0)
        r = sbad(&m, f ? f : root,
                 "not a headroom state file (\"format\" is not "
                 "\"" WIN_STATE_FORMAT "\")");
    else if (!items || items->type != JV_ARRAY)
        r = sbad(&m, items ? items : root, "expected \"items\": [...]");
    if (r == 0)
        take_created(jv_get(root, "created"), st.created, sizeof(st.created));
    for (const struct jv *e = r == 0 ? items->child : NULL; e && r == 0; e = e->next) {
        const struct jv *id = jv_get(e, "id");
        const struct win_item *it = NULL;
        for (size_t i = 0; id && id->type == JV_STRING && i < win_nitems; i++)
            if (strcmp(win_items[i].id, id->s) == 0 && strlen(win_items[i].id) == id->len)
                it = &win_items[i];
        if (e->type != JV_OBJECT)
            r = sbad(&m, e, "expected a recorded item (an object)");
        else if (!it)
            r = sbad(&m, id ? id : e, "this item id is not in headroom's catalogue");
        else if (win_item_check(it) < 0)
            r = sbad(&m, id, "this item names a protected service");
        for (size_t i = 0; r == 0 && i < st.nitems; i++)
            if (st.items[i].item == it)
                r = sbad(&m, e, "this item is recorded twice");
        if (r == 0 && st.nitems >= sizeof(st.items) / sizeof(st.items[0]))
            r = sbad(&m, e, "too many items");
        if (r < 0)
            break;
        struct win_state_item *si = &st.items[st.nitems];
        memset(si, 0, sizeof(*si));
        si->item = it;
        switch (it->kind) {
        case WIN_ITEM_SERVICES:
        case WIN_ITEM_DRIVER:
            r = parse_services(&m, jv_get(e, "services"), si);
            break;
        case WIN_ITEM_REGVALUE:
            r = parse_value(&m, jv_get(e, "values"), si);
            break;
        case WIN_ITEM_APPX:
            /* its policy value; "packages" is what an older headroom, which
             * removed the package, recorded */
            if (jv_get(e, "values") || !jv_get(e, "packages"))
                r = parse_value(&m, jv_get(e, "values"), si);
            else
                r = parse_package(&m, jv_get(e, "packages"), si);
            break;
        case WIN_ITEM_PAGEFILE:
            r = parse_pagefile(&m, jv_get(e, "pagefile"), si);
            break;
        }
        if (r == 0)
            st.nitems++;
    }
    if (r == 0 && st.nitems == 0)
        r = sbad(&m, items, "the state file records no item");
    json_doc_release(&doc);
    if (r < 0)
        return r;
    *ret = st;
    return 0;
}

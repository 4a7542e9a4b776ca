/* The helper's "wsl_distros" and "wsl_swap" mapped onto struct win_disk (see
 * disk.h), and the figures every command derives from them. */
#include "win/disk.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "probe/disk.h"
#include "util/json-read.h"
#include "util/parse.h"
#include "util/sanitize.h"
#include "util/xalloc.h"
#include "win/host.h"

#define CAP_PATH 1024
#define CAP_NAME 256

struct dmap {
    const char *buf;
    size_t len;
    struct diag *d;
};

#define dbad(m, v, ...) jv_diag((m)->d, (m)->buf, (m)->len, (v), __VA_ARGS__)

static void set_why(char *why, const char *s)
{
    utf8_copy_cut(why, WIN_DISK_WHY_MAX, s);
}

/* Why `key` of obj has no value. */
static void why_of(const struct jv *obj, const char *key, char *why)
{
    char ek[64];
    snprintf(ek, sizeof(ek), "%s_error", key);
    const struct jv *e = jv_get(obj, ek);
    if (!jv_get(obj, key))
        set_why(why, "missing from the host document");
    else if (e && e->type == JV_STRING && e->len)
        set_why(why, e->s);
    else
        set_why(why, "null, with no reason given");
}

static char *dup_capped(const char *s, size_t len, size_t cap)
{
    return xstrndup(s, utf8_cut_len(s, len, cap));
}

static int get_dval(struct dmap *m, const struct jv *o, const char *key, struct win_dval *ret)
{
    const struct jv *v = jv_get(o, key);
    memset(ret, 0, sizeof(*ret));
    if (!v || v->type == JV_NULL) {
        why_of(o, key, ret->why);
        return 0;
    }
    if (v->type != JV_NUMBER || !v->is_u64)
        return dbad(m, v, "\"%s\": expected a whole number of 0 or more", key);
    ret->known = true;
    ret->v = v->u;
    return 0;
}

/* A string or null; *ret NULL then, with why. */
static int get_str(struct dmap *m, const struct jv *o, const char *key, size_t cap, char **ret,
                   char *why)
{
    const struct jv *v = jv_get(o, key);
    *ret = NULL;
    if (!v || v->type == JV_NULL) {
        if (why)
            why_of(o, key, why);
        return 0;
    }
    if (v->type != JV_STRING)
        return dbad(m, v, "\"%s\": expected a string or null, found %s", key,
                    jv_type_name(v->type));
    *ret = dup_capped(v->s, v->len, cap);
    return 0;
}

/* true / false / null -> 1 / 0 / -1 */
static int get_tri(struct dmap *m, const struct jv *o, const char *key, int *ret, char *why)
{
    const struct jv *v = jv_get(o, key);
    *ret = -1;
    if (!v || v->type == JV_NULL) {
        if (why)
            why_of(o, key, why);
        return 0;
    }
    if (v->type != JV_BOOL)
        return dbad(m, v, "\"%s\": expected true, false or null", key);
    *ret = v->b ? 1 : 0;
    return 0;
}

static int get_flag(struct dmap *m, const struct jv *o, const char *key, bool *ret)
{
    int t;
    int r = get_tri(m, o, key, &t, NULL);
    *ret = t == 1;
    return r;
}

/* "\\?\C:\" -> "C:\" */
static char *strip_verbatim(char *s)
{
    if (s && strncmp(s, "\\\\?\\", 4) == 0)
        memmove(s, s + 4, strlen(s + 4) + 1);
    return s;
}

static int map_distro(struct dmap *m, const struct jv *o, struct win_distro *x)
{
    if (o->type != JV_OBJECT)
        return dbad(m, o, "expected a distribution object, found %s", jv_type_name(o->type));
    const struct jv *g = jv_get(o, "guid");
    if (!g || g->type != JV_STRING || g->len == 0)
        return dbad(m, g ? g : o, "a distribution without its \"guid\" string");
    x->guid = dup_capped(g->s, g->len, 64);
    int r = get_str(m, o, "name", CAP_NAME, &x->name, x->name_why);
    if (r == 0)
        r = get_tri(m, o, "vm_mode", &x->vm_mode, x->vm_mode_why);
    if (r == 0)
        r = get_str(m, o, "base_path", CAP_PATH, &x->base_path, x->base_why);
    if (r == 0)
        r = get_str(m, o, "vhd_path", CAP_PATH, &x->vhd_path, x->vhd_path_why);
    if (r == 0)
        r = get_str(m, o, "volume", CAP_PATH, &x->volume, x->volume_why);
    strip_verbatim(x->volume);
    struct {
        const char *key;
        struct win_dval *dst;
    } f[] = {
        {"vhd_size", &x->vhd_size},          {"vhd_allocated", &x->vhd_alloc},
        {"volume_total", &x->vol_total},     {"volume_free", &x->vol_free},
        {"volume_available", &x->vol_avail},
    };
    for (size_t i = 0; i < sizeof(f) / sizeof(f[0]) && r == 0; i++)
        r = get_dval(m, o, f[i].key, f[i].dst);
    return r;
}

static int map_swap_file(struct dmap *m, const struct jv *o, struct win_swap_file *s)
{
    if (o->type != JV_OBJECT)
        return dbad(m, o, "expected a swap file object, found %s", jv_type_name(o->type));
    int r = get_str(m, o, "path", CAP_PATH, &s->path, NULL);
    if (r == 0 && !s->path)
        return dbad(m, o, "a swap file without its \"path\" string");
    if (r == 0)
        r = get_str(m, o, "name", CAP_NAME, &s->name, NULL);
    if (r == 0 && !s->name)
        s->name = xstrdup(s->path);
    if (r == 0)
        r = get_dval(m, o, "size", &s->size);
    if (r == 0)
        r = get_dval(m, o, "allocated", &s->alloc);
    if (r == 0)
        r = get_dval(m, o, "age_s", &s->age_s);
    if (r == 0)
        r = get_tri(m, o, "in_use", &s->in_use, s->in_use_why);
    return r;
}

static int map_swap(struct dmap *m, const struct jv *root, struct win_disk *k)
{
    const struct jv *v = jv_get(root, "wsl_swap");
    if (!v || v->type == JV_NULL) {
        why_of(root, "wsl_swap", k->swap_why);
        return 0;
    }
    if (v->type != JV_OBJECT)
        return dbad(m, v, "\"wsl_swap\": expected an object, found %s", jv_type_name(v->type));
    k->has_swap = true;
    int r = get_str(m, v, "swap_file", CAP_PATH, &k->swap_file, k->swap_file_why);
    if (r == 0)
        r = get_dval(m, v, "swap_file_size", &k->swap_file_size);
    if (r == 0)
        r = get_dval(m, v, "swap_file_allocated", &k->swap_file_alloc);
    if (r == 0)
        r = get_str(m, v, "temp_dir", CAP_PATH, &k->temp_dir, NULL);
    if (r == 0)
        r = get_flag(m, v, "temp_files_truncated", &k->temp_files_truncated);
    if (r < 0)
        return r;
    const struct jv *t = jv_get(v, "temp_files");
    if (!t || t->type == JV_NULL) {
        why_of(v, "temp_files", k->temp_files_why);
        return 0;
    }
    if (t->type != JV_ARRAY)
        return dbad(m, t, "\"temp_files\": expected an array, found %s", jv_type_name(t->type));
    if (t->n > WIN_MAX_SWAP_FILES)
        return dbad(m, t, "more than %d swap files", WIN_MAX_SWAP_FILES);
    k->temp_files = xcalloc(t->n ? t->n : 1, sizeof(*k->temp_files));
    k->has_temp_files = true;
    for (const struct jv *e = t->child; e; e = e->next)
        if ((r = map_swap_file(m, e, &k->temp_files[k->ntemp_files++])) < 0)
            return r;
    return 0;
}

int win_disk_map(const char *buf, size_t len, const struct jv *root, struct win_host *h,
                 struct diag *d)
{
    struct dmap m = {.buf = buf, .len = len, .d = d};
    struct win_disk *k = &h->disk;
    memset(k, 0, sizeof(*k));
    int r = get_flag(&m, root, "wsl_distros_truncated", &k->distros_truncated);
    if (r < 0)
        return r;
    const struct jv *v = jv_get(root, "wsl_distros");
    if (!v || v->type == JV_NULL) {
        why_of(root, "wsl_distros", k->distros_why);
    } else {
        if (v->type != JV_ARRAY)
            return dbad(&m, v, "\"wsl_distros\": expected an array, found %s",
                        jv_type_name(v->type));
        if (v->n > WIN_MAX_DISTROS)
            return dbad(&m, v, "more than %d distributions", WIN_MAX_DISTROS);
        k->distros = xcalloc(v->n ? v->n : 1, sizeof(*k->distros));
        k->has_distros = true;
        for (const struct jv *e = v->child; e; e = e->next)
            if ((r = map_distro(&m, e, &k->distros[k->ndistros++])) < 0)
                return r;
    }
    return map_swap(&m, root, k);
}

void win_disk_release(struct win_disk *k)
{
    for (size_t i = 0; i < k->ndistros; i++) {
        struct win_distro *x = &k->distros[i];
        free(x->guid);
        free(x->name);
        free(x->base_path);
        free(x->vhd_path);
        free(x->volume);
    }
    free(k->distros);
    for (size_t i = 0; i < k->ntemp_files; i++) {
        free(k->temp_files[i].path);
        free(k->temp_files[i].name);
    }
    free(k->temp_files);
    free(k->swap_file);
    free(k->temp_dir);
    memset(k, 0, sizeof(*k));
}

const struct win_distro *win_disk_distro(const struct win_disk *k, const char *name)
{
    for (size_t i = 0; name && *name && i < k->ndistros; i++)
        if (k->distros[i].name && strcasecmp(k->distros[i].name, name) == 0)
            return &k->distros[i];
    return k->ndistros == 1 ? &k->distros[0] : NULL;
}

bool win_distro_on_disk(const struct win_distro *d, uint64_t *ret)
{
    if (d->vhd_alloc.known) {
        *ret = d->vhd_alloc.v;
        return true;
    }
    if (d->vhd_size.known) {
        *ret = d->vhd_size.v;
        return true;
    }
    return false;
}

bool win_distro_reclaimable(const struct win_distro *d, const struct disk_fs *fs, uint64_t *ret)
{
    uint64_t on;
    if (!win_distro_on_disk(d, &on))
        return false;
    *ret = sat_sub_u64(on, disk_fs_used(fs));
    return true;
}

size_t win_swap_orphans(const struct win_disk *k, uint64_t *ret_bytes)
{
    size_t n = 0;
    uint64_t bytes = 0;
    for (size_t i = 0; i < k->ntemp_files; i++) {
        const struct win_swap_file *s = &k->temp_files[i];
        if (s->in_use != 0)
            continue;
        n++;
        bytes = sat_add_u64(bytes, s->alloc.known ? s->alloc.v : s->size.known ? s->size.v : 0);
    }
    if (ret_bytes)
        *ret_bytes = bytes;
    return n;
}

const char *win_drive_label(const char *path, char *buf, size_t n)
{
    const char *p = path ? path : "";
    if (strncmp(p, "\\\\?\\", 4) == 0)
        p += 4;
    if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':') {
        snprintf(buf, n, "%c:", p[0] >= 'a' ? p[0] - 32 : p[0]);
        return buf;
    }
    if (!*p) {
        snprintf(buf, n, "the drive");
        return buf;
    }
    return text_sanitize(p, strlen(p), buf, n);
}

const char *win_disk_distros_why(const struct win_disk *k)
{
    if (strcmp(k->distros_why, "missing from the host document") == 0)
        return "the host data lists no WSL distributions (the PowerShell fallback, or a helper "
               "older than that)";
    return k->distros_why;
}

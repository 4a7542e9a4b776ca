#include "model/stores.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/diag.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MANIFEST_CAP      (256 * 1024)
#define LIST_CAP          100000
#define OLLAMA_MODEL_TYPE "application/vnd.ollama.image.model"

const char *store_kind_name(enum store_kind k)
{
    switch (k) {
    case STORE_OLLAMA:
        return "ollama";
    case STORE_HF:
        return "huggingface";
    case STORE_LMSTUDIO:
        return "lmstudio";
    }
    return "?";
}

/* ---- a small JSON walker for Ollama manifests ----
 * {"schemaVersion":2,"mediaType":"...manifest.v2+json","config":{...},
 *  "layers":[{"mediaType":"application/vnd.ollama.image.model",
 *             "digest":"sha256:6a0746a1...","size":4920734272}, ...]}
 * Walks any JSON (depth <= 16); in each object, remembers a "mediaType" and a
 * "digest" string member; the first object with the model media type gives
 * the digest. */
struct jw {
    const char *p, *end, *start;
    struct diag *d;
    char digest[80];
    bool found;
};

static int jfail(struct jw *w, const char *msg)
{
    diag_set_offset(w->d, NULL, (uint64_t)(w->p - w->start), "%s", msg);
    return -EBADMSG;
}

static void jws(struct jw *w)
{
    while (w->p < w->end && (*w->p == ' ' || *w->p == '\t' || *w->p == '\n' || *w->p == '\r'))
        w->p++;
}

/* A string; its raw bytes (escapes kept as written) into out when given. */
static int jstr(struct jw *w, char *out, size_t n)
{
    if (w->p >= w->end || *w->p != '"')
        return jfail(w, "expected a string");
    w->p++;
    size_t k = 0;
    while (w->p < w->end && *w->p != '"') {
        if ((unsigned char)*w->p < 0x20)
            return jfail(w, "control character in a string");
        if (*w->p == '\\') {
            if (++w->p >= w->end)
                break;
        }
        if (out && k + 1 < n)
            out[k++] = *w->p;
        w->p++;
    }
    if (w->p >= w->end)
        return jfail(w, "unterminated string");
    w->p++;
    if (out)
        out[k] = '\0';
    return 0;
}

static int jvalue(struct jw *w, int depth, char *str_out, size_t n);

/* After a member or element: 1 on ',', 0 on `close`, <0 otherwise. */
static int jnext(struct jw *w, char close)
{
    jws(w);
    if (w->p < w->end && (*w->p == ',' || *w->p == close))
        return *w->p++ == ',';
    return jfail(w, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
}

static int jobject(struct jw *w, int depth)
{
    char key[32], media[64] = "", digest[80] = "";
    w->p++; /* { */
    jws(w);
    if (w->p < w->end && *w->p == '}') {
        w->p++;
        return 0;
    }
    for (;;) {
        jws(w);
        int e = jstr(w, key, sizeof(key));
        if (e < 0)
            return e;
        jws(w);
        if (w->p >= w->end || *w->p != ':')
            return jfail(w, "expected ':'");
        w->p++;
        jws(w);
        char *out = strcmp(key, "mediaType") == 0 ? media
                    : strcmp(key, "digest") == 0  ? digest
                                                  : NULL;
        if (out && (w->p >= w->end || *w->p != '"'))
            out = NULL;
        e = jvalue(w, depth + 1, out, out == media ? sizeof(media) : sizeof(digest));
        if (e < 0 || (e = jnext(w, '}')) < 0)
            return e;
        if (e == 0)
            break;
    }
    if (!w->found && strcmp(media, OLLAMA_MODEL_TYPE) == 0 && digest[0]) {
        snprintf(w->digest, sizeof(w->digest), "%s", digest);
        w->found = true;
    }
    return 0;
}

static int jvalue(struct jw *w, int depth, char *str_out, size_t n)
{
    if (depth > 16)
        return jfail(w, "nested too deeply");
    jws(w);
    if (w->p >= w->end)
        return jfail(w, "unexpected end");
    char c = *w->p;
    if (c == '{')
        return jobject(w, depth);
    if (c == '"')
        return jstr(w, str_out, n);
    if (c == '[') {
        w->p++;
        jws(w);
        if (w->p < w->end && *w->p == ']') {
            w->p++;
            return 0;
        }
        for (;;) {
            int e = jvalue(w, depth + 1, NULL, 0);
            if (e < 0 || (e = jnext(w, ']')) <= 0)
                return e;
        }
    }
    /* number, true, false, null */
    const char *s = w->p;
    while (w->p < w->end && strchr("0123456789+-.eEtruefalsn", *w->p))
        w->p++;
    if (w->p == s)
        return jfail(w, "unexpected character");
    return 0;
}

int ollama_manifest_parse(const char *buf, size_t len, char *ret_digest, size_t n, struct diag *d)
{
    struct jw w = {.p = buf, .end = buf + len, .start = buf, .d = d};
    int e = jvalue(&w, 0, NULL, 0);
    if (e < 0)
        return e;
    jws(&w);
    if (w.p != w.end)
        return jfail(&w, "trailing bytes after the manifest");
    if (!w.found) {
        w.p = buf;
        return jfail(&w, "no layer of type " OLLAMA_MODEL_TYPE);
    }
    /* sha256:<64 lowercase hex> */
    bool ok = strncmp(w.digest, "sha256:", 7) == 0 && strlen(w.digest) == 71;
    for (size_t i = 7; ok && i < 71; i++)
        ok = (w.digest[i] >= '0' && w.digest[i] <= '9') ||
             (w.digest[i] >= 'a' && w.digest[i] <= 'f');
    if (!ok) {
        w.p = buf;
        return jfail(&w, "the model layer's digest is not sha256:<64 hex digits>");
    }
    snprintf(ret_digest, n, "%s", w.digest);
    return 0;
}

/* ---- walking the stores ---- */

static void push(struct model_list *l, char *name, char *path, enum store_kind k,
                 const struct rootfs *r)
{
    l->v = xgrow(l->v, l->n + 1, sizeof(*l->v), &l->alloc);
    struct stat st;
    uint64_t size = rootfs_stat(r, path, &st) == 0 ? (uint64_t)st.st_size : 0;
    l->v[l->n++] = (struct model_ref){name, path, k, size};
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcasecmp(s + n - k, suf) == 0;
}

/* The places a home directory may hold stores, relative to the root. */
struct homes {
    char **v;
    size_t n, alloc;
};

static void add_home(struct homes *h, char *rel)
{
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->v[i], rel) == 0) {
            free(rel);
            return;
        }
    h->v = xgrow(h->v, h->n + 1, sizeof(*h->v), &h->alloc);
    h->v[h->n++] = rel;
}

static void list_homes(const struct rootfs *r, const char *home, struct homes *h)
{
    if (home && *home == '/' && r->live)
        add_home(h, xstrdup(home + 1));
    add_home(h, xstrdup("root"));
    char **names;
    size_t n;
    if (rootfs_list(r, "home", 4096, &names, &n) == 0) {
        for (size_t i = 0; i < n; i++)
            add_home(h, xasprintf("home/%s", names[i]));
        rootfs_names_free(names, n);
    }
    if (rootfs_list(r, "mnt/c/Users", 4096, &names, &n) == 0) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(names[i], "Public") && strcmp(names[i], "Default") &&
                strcmp(names[i], "All Users") && strcmp(names[i], "Default User"))
                add_home(h, xasprintf("mnt/c/Users/%s", names[i]));
        rootfs_names_free(names, n);
    }
}

static void homes_free(struct homes *h)
{
    for (size_t i = 0; i < h->n; i++)
        free(h->v[i]);
    free(h->v);
}

/* Reads the manifest at rel and pushes its blob. */
static void ollama_one(const struct rootfs *r, const char *models, const char *rel,
                       const char *name, struct model_list *out)
{
    struct strbuf sb = STRBUF_INIT;
    char digest[80];
    struct diag d;
    diag_clear(&d);
    if (rootfs_read(r, rel, MANIFEST_CAP, &sb) == 0 &&
        ollama_manifest_parse(sb.buf, sb.len, digest, sizeof(digest), &d) == 0) {
        char *blob = xasprintf("%s/blobs/sha256-%s", models, digest + 7);
        if (rootfs_exists(r, blob))
            push(out, xstrdup(name), blob, STORE_OLLAMA, r);
        else
            free(blob);
    }
    strbuf_release(&sb);
}

/* manifests/<registry>/<namespace>/<model>/<tag>: walks the four levels,
 * `parts` holding the names on the way down. */
static void ollama_walk(const struct rootfs *r, const char *models, const char *dir, int level,
                        const char *parts[4], struct model_list *out)
{
    static const size_t caps[4] = {256, 4096, LIST_CAP, 4096};
    char **names;
    size_t n;
    if (rootfs_list(r, dir, caps[level], &names, &n) < 0)
        return;
    for (size_t i = 0; i < n; i++) {
        char *rel = xasprintf("%s/%s", dir, names[i]);
        parts[level] = names[i];
        if (level < 3) {
            ollama_walk(r, models, rel, level + 1, parts, out);
        } else {
            /* library models are "model:tag", other namespaces "ns/model:tag",
             * other registries "registry/ns/model:tag" (as `ollama list`) */
            bool lib = strcmp(parts[0], "registry.ollama.ai") == 0;
            char *name = lib && strcmp(parts[1], "library") == 0
                             ? xasprintf("%s:%s", parts[2], parts[3])
                         : lib ? xasprintf("%s/%s:%s", parts[1], parts[2], parts[3])
                               : xasprintf("%s/%s/%s:%s", parts[0], parts[1], parts[2], parts[3]);
            ollama_one(r, models, rel, name, out);
            free(name);
        }
        free(rel);
    }
    rootfs_names_free(names, n);
}

static void ollama_scan(const struct rootfs *r, const char *models, struct model_list *out,
                        store_progress_fn progress, void *ud)
{
    char *man = xasprintf("%s/manifests", models);
    const char *parts[4];
    if (progress)
        progress(ud, man);
    ollama_walk(r, models, man, 0, parts, out);
    free(man);
}

/* GGUF files directly in dir (and one level below when `depth` > 0). */
static void gguf_files(const struct rootfs *r, const char *dir, const char *prefix, int depth,
                       enum store_kind kind, struct model_list *out)
{
    char **names;
    size_t n;
    if (rootfs_list(r, dir, LIST_CAP, &names, &n) < 0)
        return;
    for (size_t i = 0; i < n; i++) {
        char *rel = xasprintf("%s/%s", dir, names[i]);
        char *nm = prefix ? xasprintf("%s/%s", prefix, names[i]) : xstrdup(names[i]);
        struct stat st;
        if (has_suffix(names[i], ".gguf") && rootfs_stat(r, rel, &st) == 0 && S_ISREG(st.st_mode)) {
            push(out, nm, rel, kind, r);
            continue;
        }
        if (depth > 0 && rootfs_stat(r, rel, &st) == 0 && S_ISDIR(st.st_mode))
            gguf_files(r, rel, nm, depth - 1, kind, out);
        free(rel);
        free(nm);
    }
    rootfs_names_free(names, n);
}

/* hub/models--ORG--REPO/snapshots/REV/... -> "ORG/REPO/file" */
static void hf_scan(const struct rootfs *r, const char *hub, struct model_list *out,
                    store_progress_fn progress, void *ud)
{
    char **repos;
    size_t n;
    if (progress)
        progress(ud, hub);
    if (rootfs_list(r, hub, LIST_CAP, &repos, &n) < 0)
        return;
    for (size_t i = 0; i < n; i++) {
        if (strncmp(repos[i], "models--", 8) != 0)
            continue;
        char repo[512];
        snprintf(repo, sizeof(repo), "%s", repos[i] + 8);
        char *dd = strstr(repo, "--");
        if (dd) {
            *dd = '/';
            memmove(dd + 1, dd + 2, strlen(dd + 2) + 1);
        }
        char *snaps = xasprintf("%s/%s/snapshots", hub, repos[i]);
        char **revs;
        size_t nr;
        if (rootfs_list(r, snaps, 1024, &revs, &nr) == 0) {
            for (size_t k = 0; k < nr; k++) {
                char *dir = xasprintf("%s/%s", snaps, revs[k]);
                gguf_files(r, dir, repo, 2, STORE_HF, out);
                free(dir);
            }
            rootfs_names_free(revs, nr);
        }
        free(snaps);
    }
    rootfs_names_free(repos, n);
}

static int cmp_ref(const void *a, const void *b)
{
    const struct model_ref *x = a, *y = b;
    if (x->kind != y->kind)
        return (int)x->kind - (int)y->kind;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->path, y->path);
}

void stores_find_all(const struct rootfs *r, const char *home, struct model_list *out,
                     store_progress_fn progress, void *ud)
{
    memset(out, 0, sizeof(*out));
    struct homes h = {0};
    list_homes(r, home, &h);
    ollama_scan(r, "usr/share/ollama/.ollama/models", out, progress, ud);
    for (size_t i = 0; i < h.n; i++) {
        char *p = xasprintf("%s/.ollama/models", h.v[i]);
        ollama_scan(r, p, out, progress, ud);
        free(p);
        p = xasprintf("%s/.cache/huggingface/hub", h.v[i]);
        hf_scan(r, p, out, progress, ud);
        free(p);
        static const char *const lms[] = {".lmstudio/models", ".cache/lm-studio/models"};
        for (size_t k = 0; k < 2; k++) {
            p = xasprintf("%s/%s", h.v[i], lms[k]);
            if (progress)
                progress(ud, p);
            gguf_files(r, p, NULL, 2, STORE_LMSTUDIO, out);
            free(p);
        }
    }
    homes_free(&h);
    if (out->n)
        qsort(out->v, out->n, sizeof(*out->v), cmp_ref);
    /* the same blob reached twice (e.g. two homes) is listed once */
    size_t w = 0;
    for (size_t i = 0; i < out->n; i++) {
        if (w && strcmp(out->v[w - 1].path, out->v[i].path) == 0) {
            model_ref_release(&out->v[i]);
            continue;
        }
        out->v[w++] = out->v[i];
    }
    out->n = w;
}

/* "llama3.1:8b" -> manifests/registry.ollama.ai/library/llama3.1/8b */
static char *ollama_manifest_rel(const char *name)
{
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", name);
    if (strstr(buf, "..") || buf[0] == '/' || strchr(buf, '\\'))
        return NULL;
    char *colon = strrchr(buf, ':');
    const char *tag = "latest";
    if (colon && !strchr(colon, '/')) {
        *colon = '\0';
        tag = colon + 1;
    }
    if (!*buf || !*tag)
        return NULL;
    int slashes = 0;
    for (char *c = buf; *c; c++)
        slashes += *c == '/';
    if (slashes == 0)
        return xasprintf("manifests/registry.ollama.ai/library/%s/%s", buf, tag);
    if (slashes == 1)
        return xasprintf("manifests/registry.ollama.ai/%s/%s", buf, tag);
    return xasprintf("manifests/%s/%s", buf, tag);
}

int stores_resolve(const struct rootfs *r, const char *home, const char *name,
                   struct model_ref *ret, struct diag *d)
{
    char *mrel = ollama_manifest_rel(name);
    if (mrel) {
        struct homes h = {0};
        list_homes(r, home, &h);
        add_home(&h, xstrdup("usr/share/ollama"));
        int result = -ENOENT;
        for (size_t i = 0; i < h.n && result == -ENOENT; i++) {
            char *models = xasprintf("%s/.ollama/models", h.v[i]);
            char *rel = xasprintf("%s/%s", models, mrel);
            struct strbuf sb = STRBUF_INIT;
            char digest[80];
            if (rootfs_read(r, rel, MANIFEST_CAP, &sb) == 0) {
                diag_clear(d);
                diag_set_file(d, rel);
                if (ollama_manifest_parse(sb.buf, sb.len, digest, sizeof(digest), d) < 0) {
                    result = -EBADMSG;
                } else {
                    char *blob = xasprintf("%s/blobs/sha256-%s", models, digest + 7);
                    struct model_list one = {0};
                    push(&one, xstrdup(name), blob, STORE_OLLAMA, r);
                    *ret = one.v[0];
                    free(one.v);
                    result = 0;
                }
            }
            strbuf_release(&sb);
            free(rel);
            free(models);
        }
        homes_free(&h);
        free(mrel);
        if (result != -ENOENT)
            return result;
    }
    /* a file in the Hugging Face cache or LM Studio: by full or base name */
    struct model_list all;
    stores_find_all(r, home, &all, NULL, NULL);
    int result = -ENOENT;
    for (size_t i = 0; i < all.n && result; i++) {
        if (all.v[i].kind == STORE_OLLAMA)
            continue;
        const char *base = strrchr(all.v[i].name, '/');
        base = base ? base + 1 : all.v[i].name;
        if (strcmp(all.v[i].name, name) == 0 || strcmp(base, name) == 0) {
            *ret = all.v[i];
            all.v[i].name = all.v[i].path = NULL;
            result = 0;
        }
    }
    model_list_release(&all);
    return result;
}

void model_ref_release(struct model_ref *m)
{
    free(m->name);
    free(m->path);
    m->name = m->path = NULL;
}

void model_list_release(struct model_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        model_ref_release(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof(*l));
}

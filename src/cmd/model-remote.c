#include "cmd/model-remote.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/model-arg.h"
#include "model/gguf.h"
#include "model/hub.h"
#include "model/remote.h"
#include "util/sanitize.h"
#include "util/size.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define HF_DEFAULT_ENDPOINT "https://huggingface.co"

struct model_remote_settings model_remote_settings = {.timeout_ms = 30000};

bool model_remote_is(const char *arg)
{
    return strncmp(arg, "http://", 7) == 0 || strncmp(arg, "https://", 8) == 0 ||
           strncmp(arg, "hf:", 3) == 0 || strncmp(arg, "ollama:", 7) == 0;
}

void model_remote_info_free(struct model_remote_info *r)
{
    if (!r)
        return;
    free(r->url);
    free(r->run_args);
    free(r);
}

/* The Hub's address: HF_ENDPOINT (as huggingface_hub reads it) without its
 * trailing slashes, or https://huggingface.co. */
static char *hf_endpoint(void)
{
    const char *e = getenv("HF_ENDPOINT");
    if (!e || !*e)
        e = HF_DEFAULT_ENDPOINT;
    char *s = xstrdup(e);
    size_t n = strlen(s);
    while (n > 1 && s[n - 1] == '/')
        s[--n] = '\0';
    return s;
}

/* Percent-encodes what is not unreserved (RFC 3986) or '/'. */
static void add_path(struct strbuf *sb, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            strbuf_addch(sb, (char)*p);
        else
            strbuf_addf(sb, "%%%02X", *p);
    }
}

void model_remote_add_quoted(struct strbuf *sb, const char *s)
{
    strbuf_addch(sb, '\'');
    for (; *s; s++) {
        if (*s == '\'')
            strbuf_addstr(sb, "'\\''");
        else
            strbuf_addch(sb, *s);
    }
    strbuf_addch(sb, '\'');
}

/* A part of a Hub name: letters, digits, '-', '_', '.', not "." or "..". */
static bool hub_word(const char *s, size_t n)
{
    if (n == 0 || (n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= '0' && s[i] <= '9') || strchr("-_.", s[i])))
            return false;
    return true;
}

/* ---- reading ---- */

/* The parts of a split set are read at once, each in a thread of its own;
 * the progress line sums them. */
#define PARALLEL_PARTS 8

struct progress {
    bool on;
    bool shown;
    struct timespec start;
    uint64_t last_ms;
    const char *name;
    unsigned parts;
    pthread_mutex_t lock;
    uint64_t bytes[PARALLEL_PARTS];
};

static uint64_t since_ms(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)(t.tv_sec - t0->tv_sec) * 1000 + (uint64_t)(t.tv_nsec / 1000000) -
           (uint64_t)(t0->tv_nsec / 1000000);
}

struct part {
    const char *url;
    const char *bearer;
    const char *cache_dir;
    struct progress *pr;
    unsigned slot; /* in pr->bytes */
    struct remote_gguf rg;
    struct remote_err err;
    int e;
};

/* On a terminal, once it takes more than a second: how far it is. */
static void on_progress(void *arg, uint64_t bytes)
{
    struct part *pt = arg;
    struct progress *p = pt->pr;
    if (!p->on)
        return;
    pthread_mutex_lock(&p->lock);
    p->bytes[pt->slot] = bytes;
    uint64_t ms = since_ms(&p->start), sum = 0;
    for (unsigned i = 0; i < PARALLEL_PARTS; i++)
        sum += p->bytes[i];
    if (ms >= 1000 && (!p->shown || ms - p->last_ms >= 100)) {
        p->last_ms = ms;
        p->shown = true;
        char clean[160];
        text_sanitize(p->name, strlen(p->name), clean, sizeof(clean));
        fprintf(stderr, "\r\033[Kreading the header%s of %.100s: %s", p->parts > 1 ? "s" : "",
                clean, size_str(sum));
    }
    pthread_mutex_unlock(&p->lock);
}

/* $XDG_CACHE_HOME/headroom/gguf-headers, or ~/.cache/headroom/gguf-headers. */
static char *cache_dir(void)
{
    const char *x = getenv("XDG_CACHE_HOME");
    if (x && x[0] == '/')
        return xasprintf("%s/headroom/gguf-headers", x);
    const char *h = getenv("HOME");
    if (h && h[0] == '/')
        return xasprintf("%s/.cache/headroom/gguf-headers", h);
    return NULL;
}

/* A URL under HF_ENDPOINT. */
static bool on_hub(const char *url)
{
    char *ep = hf_endpoint();
    size_t n = strlen(ep);
    bool hub = strncmp(url, ep, n) == 0 && url[n] == '/';
    free(ep);
    return hub;
}

/* The token goes only to the Hub. */
static const char *token_for(const char *url)
{
    const char *t = getenv("HF_TOKEN");
    return t && *t && on_hub(url) ? t : NULL;
}

int model_remote_error(const struct ctx *ctx, const char *url, const struct remote_err *err,
                       bool sent_token)
{
    char buf[900];
    switch (err->kind) {
    case REMOTE_MALFORMED: {
        struct diag c = err->d;
        diag_set_file(&c, url);
        diag_format(&c, buf, sizeof(buf));
        return cli_error(ctx, EXIT_USAGE, "%s", buf);
    }
    case REMOTE_NO_RANGE:
        return cli_error(ctx, EXIT_USAGE, "%s: %s; --download-whole reads on from the start", url,
                         err->why);
    case REMOTE_TOO_BIG:
    case REMOTE_NO_SIZE:
        return cli_error(ctx, EXIT_USAGE, "%s: %s", url, err->why);
    case REMOTE_CHANGED:
        return cli_error(ctx, EXIT_SYSTEM, "%s: %s", url, err->why);
    case REMOTE_HTTP:
        break;
    }
    switch (err->http) {
    case HTTP_STATUS:
        if (err->status == 404)
            return cli_error(ctx, EXIT_USAGE, "%s: HTTP 404: no such file on the server", url);
        if ((err->status == 401 || err->status == 403) && sent_token)
            return cli_error(ctx, EXIT_SYSTEM,
                             "%s: HTTP %ld: HF_TOKEN has no access to it (gated: accept the "
                             "model's terms on its page)",
                             url, err->status);
        if ((err->status == 401 || err->status == 403) && on_hub(url))
            return cli_error(ctx, EXIT_SYSTEM,
                             "%s: HTTP %ld: gated or private: set HF_TOKEN to a Hugging Face "
                             "token with access to it",
                             url, err->status);
        if (err->status == 401 || err->status == 403)
            return cli_error(ctx, EXIT_SYSTEM,
                             "%s: HTTP %ld: the server refuses access (a gated or private Hugging "
                             "Face model: set HF_TOKEN and name it hf:ORG/REPO/FILE.gguf)",
                             url, err->status);
        return cli_error(ctx, EXIT_SYSTEM, "%s: HTTP %ld from the server", url, err->status);
    case HTTP_REDIRECTS:
        return cli_error(ctx, EXIT_SYSTEM, "%s: more than %d redirects (a redirect loop?)", url,
                         HTTP_MAX_REDIRS);
    case HTTP_TLS:
        return cli_error(ctx, EXIT_SYSTEM, "%s: TLS failed: %s", url, err->why);
    case HTTP_REFUSED:
        return cli_error(ctx, EXIT_SYSTEM, "%s: cannot connect: %s", url, err->why);
    case HTTP_RESOLVE:
        return cli_error(ctx, EXIT_SYSTEM, "%s: %s", url, err->why);
    case HTTP_TIMEOUT:
        return cli_error(ctx, EXIT_SYSTEM,
                         "%s: not read within the time limit (--timeout %llums): %s", url,
                         (unsigned long long)model_remote_settings.timeout_ms, err->why);
    case HTTP_URL:
        return cli_error(ctx, EXIT_USAGE, "%s: not a URL headroom reads: %s", url, err->why);
    case HTTP_NOLIB:
        return cli_error(ctx, EXIT_SYSTEM, "%s: %s", url, err->why);
    case HTTP_OK:
    case HTTP_OTHER:
        break;
    }
    return cli_error(ctx, EXIT_SYSTEM, "%s: %s", url, err->why);
}

/* The listing of the repository's files (model/hub.h), and the one that
 * carries the quantisation. */
static int hub_find_quant(const struct ctx *ctx, const char *ep, const char *org_repo,
                          const char *quant, const char *arg, struct strbuf *ret_file)
{
    struct strbuf url = STRBUF_INIT;
    strbuf_addf(&url, "%s/api/models/%s/tree/main?recursive=true", ep, org_repo);
    struct http_req q = {
        .url = url.buf,
        .bearer = token_for(url.buf),
        .no_range = true,
        .to = HUB_MAX_LISTING,
        .timeout_ms = model_remote_settings.timeout_ms,
    };
    struct http_resp resp;
    int st = 0;
    if (http_get(&q, &resp) < 0) {
        struct remote_err err = {.kind = REMOTE_HTTP, .http = resp.fail, .status = resp.status};
        snprintf(err.why, sizeof(err.why), "%s", resp.why);
        if (resp.fail == HTTP_STATUS && resp.status == 404)
            st = cli_error(ctx, EXIT_USAGE, "%s: HTTP 404: no such repository on the Hub (%s)", arg,
                           url.buf);
        else
            st = model_remote_error(ctx, url.buf, &err, q.bearer != NULL);
    } else if (resp.cut) {
        st = cli_error(ctx, EXIT_USAGE, "%s: the Hub's file listing is longer than %zu MiB", arg,
                       HUB_MAX_LISTING >> 20);
    } else {
        struct strbuf why = STRBUF_INIT;
        struct diag d;
        diag_clear(&d);
        int e = hub_pick_quant(resp.body.buf, resp.body.len, quant, ret_file, &why, &d);
        if (e == -EBADMSG) {
            char buf[900];
            diag_set_file(&d, url.buf);
            diag_format(&d, buf, sizeof(buf));
            st = cli_error(ctx, EXIT_USAGE, "%s", buf);
        } else if (e < 0) {
            st = cli_error(ctx, EXIT_USAGE, "%s: %s; name the file: hf:%s/FILE.gguf", arg, why.buf,
                           org_repo);
        }
        strbuf_release(&why);
    }
    http_resp_release(&resp);
    strbuf_release(&url);
    return st;
}

/* hf:ORG/REPO/FILE.gguf -> ENDPOINT/ORG/REPO/resolve/main/FILE.gguf;
 * hf:ORG/REPO:QUANT -> the file the Hub's listing names for it */
static int hf_resolve(const struct ctx *ctx, const char *arg, struct model_remote_info *ri,
                      struct strbuf *url)
{
    const char *org = arg + 3, *s1 = strchr(org, '/');
    const char *repo = s1 ? s1 + 1 : NULL;
    const char *s2 = repo ? repo + strcspn(repo, "/:") : NULL;
    const char *file = s2 && *s2 == '/' ? s2 + 1 : NULL;
    const char *quant = s2 && *s2 == ':' ? s2 + 1 : NULL;
    if (!s1 || !hub_word(org, (size_t)(s1 - org)) || !hub_word(repo, (size_t)(s2 - repo)) ||
        (!file && !quant) || (quant && !hub_word(quant, strlen(quant))) ||
        (file && (strlen(file) < 6 || strcmp(file + strlen(file) - 5, ".gguf") != 0 ||
                  strstr(file, "//") || strstr(file, "/../") || strncmp(file, "../", 3) == 0)))
        return cli_error(ctx, EXIT_USAGE,
                         "'%s': a Hugging Face name is hf:ORG/REPO/FILE.gguf or hf:ORG/REPO:QUANT",
                         arg);
    char *ep = hf_endpoint();
    if (strncmp(ep, "http://", 7) != 0 && strncmp(ep, "https://", 8) != 0) {
        int r = cli_error(ctx, EXIT_USAGE, "HF_ENDPOINT '%s' is not an http(s):// URL", ep);
        free(ep);
        return r;
    }
    char *org_repo = xstrndup(org, (size_t)(s2 - org));
    struct strbuf picked = STRBUF_INIT, ra = STRBUF_INIT;
    int st = quant ? hub_find_quant(ctx, ep, org_repo, quant, arg, &picked) : 0;
    if (!st) {
        strbuf_addf(url, "%s/%s/resolve/main/", ep, org_repo);
        add_path(url, quant ? picked.buf : file);
        if (quant) { /* llama.cpp's -hf takes ORG/REPO:QUANT too (it asks the Hub itself) */
            strbuf_addstr(&ra, "-hf ");
            model_remote_add_quoted(&ra, org); /* ORG/REPO:QUANT as given */
        } else {
            strbuf_addstr(&ra, "-hfr ");
            model_remote_add_quoted(&ra, org_repo);
            strbuf_addstr(&ra, " -hff ");
            model_remote_add_quoted(&ra, file);
        }
        ri->run_args = strbuf_detach(&ra, NULL);
    }
    strbuf_release(&picked);
    strbuf_release(&ra);
    free(org_repo);
    free(ep);
    return st;
}

int model_remote_resolve(const struct ctx *ctx, const char *arg, struct model_src *ret)
{
    memset(ret, 0, sizeof(*ret));
    for (const char *p = arg; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == 0x7f)
            return cli_error(ctx, EXIT_USAGE, "'%s': a URL holds no spaces or control bytes", arg);
    struct model_remote_info *ri = xcalloc(1, sizeof(*ri));
    struct strbuf sb = STRBUF_INIT;
    if (strncmp(arg, "hf:", 3) == 0) {
        int st = hf_resolve(ctx, arg, ri, &sb);
        if (st) {
            strbuf_release(&sb);
            model_remote_info_free(ri);
            return st;
        }
        ret->name = xstrdup(arg);
    } else if (strncmp(arg, "ollama:", 7) == 0) {
        int st = model_remote_ollama(ctx, arg, ri, &sb);
        if (st) {
            strbuf_release(&sb);
            model_remote_info_free(ri);
            return st;
        }
        ret->name = xstrdup(arg);
    } else {
        strbuf_addstr(&sb, arg);
        struct strbuf ra = STRBUF_INIT;
        strbuf_addstr(&ra, "-mu ");
        model_remote_add_quoted(&ra, arg);
        ri->run_args = strbuf_detach(&ra, NULL);
    }
    ri->url = strbuf_detach(&sb, NULL);
    ret->display = xstrdup(ri->url);
    ret->remote = ri;
    return 0;
}

static void *read_part(void *arg)
{
    struct part *pt = arg;
    struct remote_opts o = {
        .bearer = pt->bearer,
        .timeout_ms = model_remote_settings.timeout_ms,
        .allow_no_range = model_remote_settings.download_whole,
        .cache_dir = pt->cache_dir,
        .progress = on_progress,
        .progress_arg = pt,
    };
    pt->e = remote_gguf_open(pt->url, &o, &pt->rg, &pt->err);
    return NULL;
}

/* Reads parts[0..n) in parallel, PARALLEL_PARTS at a time. */
static void read_parts(struct part *parts, unsigned n, struct progress *pr)
{
    http_init(); /* once, before the threads */
    for (unsigned at = 0; at < n; at += PARALLEL_PARTS) {
        unsigned k = n - at < PARALLEL_PARTS ? n - at : PARALLEL_PARTS;
        pthread_t th[PARALLEL_PARTS];
        bool started[PARALLEL_PARTS] = {false};
        memset(pr->bytes, 0, sizeof(pr->bytes)); /* the progress shows this batch */
        for (unsigned i = 0; i < k; i++) {
            parts[at + i].slot = i;
            parts[at + i].pr = pr;
            started[i] = k > 1 && pthread_create(&th[i], NULL, read_part, &parts[at + i]) == 0;
            if (!started[i])
                read_part(&parts[at + i]);
        }
        for (unsigned i = 0; i < k; i++)
            if (started[i])
                pthread_join(th[i], NULL);
    }
}

int model_remote_load(const struct ctx *ctx, const struct model_src *src, struct model *ret)
{
    struct model_remote_info *ri = src->remote;
    unsigned no, count = 1;
    size_t at;
    bool split = model_arg_split_name(ri->url, &no, &count, &at);
    if (!split)
        count = 1;
    if (split && no != 1) {
        /* a split set is read from its first part, as for a local one */
        memcpy(ri->url + at, "00001", 5);
    }
    struct part *parts = xcalloc(count, sizeof(*parts));
    char **urls = xcalloc(count, sizeof(*urls));
    char *dir = cache_dir();
    for (unsigned i = 0; i < count; i++) {
        urls[i] = xstrdup(ri->url);
        if (split) {
            char num[12];
            snprintf(num, sizeof(num), "%05u", i + 1); /* count <= 99999 (the name) */
            memcpy(urls[i] + at, num, 5);
        }
        parts[i].url = urls[i];
        parts[i].bearer = token_for(urls[i]);
        parts[i].cache_dir = dir;
    }
    struct progress pr = {.on = isatty(STDERR_FILENO) != 0, .name = ri->url, .parts = count};
    pthread_mutex_init(&pr.lock, NULL);
    clock_gettime(CLOCK_MONOTONIC, &pr.start);
    read_parts(parts, count, &pr);
    if (pr.shown)
        fputs("\r\033[K", stderr);
    pthread_mutex_destroy(&pr.lock);

    int st = 0;
    for (unsigned i = 0; i < count; i++) {
        ri->requests += parts[i].rg.st.requests;
        ri->bytes += parts[i].rg.st.bytes;
        if (parts[i].e == 0 && parts[i].rg.st.from_cache)
            ri->from_cache++;
    }
    /* the first failure in the order of the parts, then the headers in order */
    for (unsigned i = 0; i < count && !st; i++)
        if (parts[i].e < 0)
            st = model_remote_error(ctx, urls[i], &parts[i].err, parts[i].bearer != NULL);
    bool loaded = false;
    for (unsigned i = 0; i < count && !st; i++) {
        struct diag d;
        diag_clear(&d);
        int e;
        if (i == 0) {
            e = model_from_gguf(&parts[0].rg.g, ret, &d);
            loaded = e == 0;
            uint64_t split_count = 0;
            gguf_get_uint(&parts[0].rg.g, "split.count", &split_count);
            if (e == 0 && split && split_count && split_count != count) {
                st = cli_error(ctx, EXIT_USAGE, "%s: split.count is %llu, the name says %u",
                               urls[0], (unsigned long long)split_count, count);
                break;
            }
        } else {
            e = model_add_split(ret, &parts[i].rg.g, &d);
        }
        if (e < 0) {
            struct remote_err err = {.kind = REMOTE_MALFORMED, .d = d};
            st = model_remote_error(ctx, urls[i], &err, false);
        }
    }
    for (unsigned i = 0; i < count; i++) {
        if (parts[i].e == 0 && parts[i].rg.st.cache_write_err && !st && i == 0)
            fprintf(stderr, "headroom %s: note: the header cache %s was not written: %s\n",
                    ctx->cmd ? ctx->cmd->name : "", dir, strerror(-parts[i].rg.st.cache_write_err));
        if (parts[i].e == 0)
            remote_gguf_free(&parts[i].rg);
        free(urls[i]);
    }
    if (st && loaded)
        model_release(ret);
    free(parts);
    free(urls);
    free(dir);
    return st;
}

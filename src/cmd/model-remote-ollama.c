/* ollama:NAME[:TAG] for a model not in the local store: the registry's
 * manifest (GET /v2/NAMESPACE/MODEL/manifests/TAG, the OCI distribution
 * API Ollama's registry speaks), its layer of mediaType
 * application/vnd.ollama.image.model (ollama_manifest_parse, the same
 * reader as for the local store), then that blob's header
 * (/v2/NAMESPACE/MODEL/blobs/sha256:...) as for any URL. Names as Ollama
 * takes them: "llama3.1:8b" is library/llama3.1 at registry.ollama.ai,
 * "user/model" user's, "host/ns/model" another registry's (https).
 * HEADROOM_OLLAMA_REGISTRY (an http(s):// URL) stands for
 * https://registry.ollama.ai, for tests and mirrors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/model-remote.h"
#include "model/remote.h"
#include "model/stores.h"
#include "net/http.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define OLLAMA_REGISTRY     "https://registry.ollama.ai"
#define OLLAMA_MANIFEST_CAP ((uint64_t)1 << 20)
#define OLLAMA_ACCEPT       "application/vnd.docker.distribution.manifest.v2+json"

static bool name_chars(const char *s)
{
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              strchr("-_./:", *s)))
            return false;
    return true;
}

int model_remote_ollama(const struct ctx *ctx, const char *arg, struct model_remote_info *ri,
                        struct strbuf *url)
{
    char name[300];
    const char *given = arg + 7;
    if (!*given || strlen(given) >= sizeof(name) || !name_chars(given) || strstr(given, "..") ||
        given[0] == '/' || strstr(given, "//"))
        return cli_error(ctx, EXIT_USAGE,
                         "'%s': an Ollama name is ollama:MODEL[:TAG] (ollama:llama3.1:8b, "
                         "ollama:user/model, ollama:host/namespace/model:tag)",
                         arg);
    snprintf(name, sizeof(name), "%s", given);
    const char *tag = "latest";
    char *colon = strrchr(name, ':');
    if (colon && !strchr(colon, '/')) {
        *colon = '\0';
        tag = colon + 1;
    }
    int slashes = 0;
    for (const char *c = name; *c; c++)
        slashes += *c == '/';
    if (!*name || !*tag || strchr(tag, ':') || slashes > 2 || name[strlen(name) - 1] == '/')
        return cli_error(ctx, EXIT_USAGE, "'%s': an Ollama name is ollama:MODEL[:TAG]", arg);
    const char *env = getenv("HEADROOM_OLLAMA_REGISTRY");
    struct strbuf base = STRBUF_INIT, path = STRBUF_INIT;
    if (slashes == 2) {
        const char *s = strchr(name, '/');
        strbuf_addf(&base, "https://%.*s", (int)(s - name), name);
        strbuf_addstr(&path, s + 1);
    } else {
        strbuf_addstr(&base, env && *env ? env : OLLAMA_REGISTRY);
        while (base.len > 1 && base.buf[base.len - 1] == '/')
            strbuf_setlen(&base, base.len - 1);
        strbuf_addf(&path, "%s%s", slashes == 0 ? "library/" : "", name);
    }
    int st = 0;
    if (strncmp(base.buf, "http://", 7) != 0 && strncmp(base.buf, "https://", 8) != 0)
        st = cli_error(ctx, EXIT_USAGE, "HEADROOM_OLLAMA_REGISTRY '%s' is not an http(s):// URL",
                       base.buf);
    struct strbuf murl = STRBUF_INIT;
    strbuf_addf(&murl, "%s/v2/%s/manifests/%s", base.buf, path.buf, tag);
    struct http_req q = {
        .url = murl.buf,
        .no_range = true,
        .to = OLLAMA_MANIFEST_CAP,
        .accept = OLLAMA_ACCEPT,
        .timeout_ms = model_remote_settings.timeout_ms,
    };
    struct http_resp resp;
    memset(&resp, 0, sizeof(resp));
    strbuf_init(&resp.body);
    if (st) {
        /* reported */
    } else if (http_get(&q, &resp) < 0) {
        struct remote_err err = {.kind = REMOTE_HTTP, .http = resp.fail, .status = resp.status};
        snprintf(err.why, sizeof(err.why), "%s", resp.why);
        if (resp.fail == HTTP_STATUS && resp.status == 404)
            st =
                cli_error(ctx, EXIT_USAGE,
                          "%s: HTTP 404: no such model or tag in the registry (%s)", arg, murl.buf);
        else
            st = model_remote_error(ctx, murl.buf, &err, false);
    } else if (resp.cut) {
        st = cli_error(ctx, EXIT_USAGE, "%s: the manifest is longer than %llu KiB", murl.buf,
                       (unsigned long long)(OLLAMA_MANIFEST_CAP >> 10));
    } else {
        char digest[80];
        struct diag d;
        diag_clear(&d);
        if (ollama_manifest_parse(resp.body.buf, resp.body.len, digest, sizeof(digest), &d) < 0) {
            char buf[900];
            diag_set_file(&d, murl.buf);
            diag_format(&d, buf, sizeof(buf));
            st = cli_error(ctx, EXIT_USAGE, "%s", buf);
        } else {
            strbuf_addf(url, "%s/v2/%s/blobs/%s", base.buf, path.buf, digest);
            struct strbuf ra = STRBUF_INIT;
            strbuf_addstr(&ra, "-mu ");
            model_remote_add_quoted(&ra, url->buf);
            ri->run_args = strbuf_detach(&ra, NULL);
        }
    }
    http_resp_release(&resp);
    strbuf_release(&murl);
    strbuf_release(&base);
    strbuf_release(&path);
    return st;
}

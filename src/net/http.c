#include "net/http.h"

#include <stdio.h>
#include <string.h>

#include "net/curl-dl.h"
#include "net/http-header.h"
#include "version.h"

struct xfer {
    const struct curl_api *c;
    const struct http_req *req;
    struct http_resp *r;
    CURL *h;
    /* the response being read; reset at each status line (redirects) */
    bool have_range;
    uint64_t range_start;
    uint64_t content_length;
    bool have_length;
    uint64_t pos; /* file offset of the next body byte */
    bool stopped; /* we ended the transfer: the range is complete */
    bool bad_range;
};

/* One header line (net/http-header.h). */
static size_t on_header(char *buf, size_t size, size_t n, void *arg)
{
    struct xfer *x = arg;
    struct http_hdr h;
    http_header_parse(buf, size * n, &h);
    switch (h.kind) {
    case HDR_STATUS: /* a new response: after a redirect, its own headers */
        x->have_range = x->have_length = x->r->total_known = false;
        x->r->total = 0;
        x->r->etag[0] = '\0';
        break;
    case HDR_CONTENT_RANGE:
        x->have_range = true;
        x->range_start = h.start;
        x->r->total = h.total;
        x->r->total_known = h.total_known;
        break;
    case HDR_CONTENT_LENGTH:
        x->have_length = true;
        x->content_length = h.length;
        break;
    case HDR_ETAG:
        if (h.value_len < sizeof(x->r->etag)) {
            memcpy(x->r->etag, h.value, h.value_len);
            x->r->etag[h.value_len] = '\0';
        }
        break;
    case HDR_OTHER:
        break;
    }
    return size * n;
}

static size_t on_body(char *buf, size_t size, size_t n, void *arg)
{
    struct xfer *x = arg;
    size_t len = size * n;
    long status = 0;
    x->c->easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
    x->r->received += len;
    if (status != 200 && status != 206)
        return len;             /* an error page: not kept */
    if (x->pos == UINT64_MAX) { /* the first body bytes */
        if (status == 206) {
            if (!x->have_range || x->range_start != x->req->from) {
                x->bad_range = true;
                return 0;
            }
            x->pos = x->req->from;
        } else {
            x->pos = 0;
        }
    }
    const char *p = buf;
    size_t k = len;
    if (x->pos < x->req->from) { /* a 200 from the start: skip to `from` */
        uint64_t skip = x->req->from - x->pos;
        size_t s = skip < k ? (size_t)skip : k;
        p += s;
        k -= s;
        x->pos += s;
    }
    uint64_t room = x->req->to > x->pos ? x->req->to - x->pos : 0;
    size_t keep = room < k ? (size_t)room : k;
    strbuf_add(&x->r->body, p, keep);
    x->pos += keep;
    if (keep && x->req->enough && x->req->enough(x->req->enough_arg, &x->r->body)) {
        x->stopped = true;
        return 0;
    }
    if (x->pos >= x->req->to) {
        x->stopped = true;
        if (keep < len)
            x->r->cut = true;
        return keep == len ? len : 0; /* 0 ends the transfer */
    }
    return len;
}

static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    struct xfer *x = arg;
    (void)dltotal, (void)ultotal, (void)ulnow;
    if (x->req->progress && dlnow > 0)
        x->req->progress(x->req->progress_arg, (uint64_t)dlnow);
    return 0;
}

static enum http_fail fail_kind(CURLcode c)
{
    switch (c) {
    case CURLE_TOO_MANY_REDIRECTS:
        return HTTP_REDIRECTS;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_USE_SSL_FAILED:
        return HTTP_TLS;
    case CURLE_COULDNT_CONNECT:
        return HTTP_REFUSED;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return HTTP_RESOLVE;
    case CURLE_OPERATION_TIMEDOUT:
        return HTTP_TIMEOUT;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        return HTTP_URL;
    default:
        return HTTP_OTHER;
    }
}

int http_get(const struct http_req *req, struct http_resp *ret)
{
    memset(ret, 0, sizeof(*ret));
    strbuf_init(&ret->body);
    const struct curl_api *c = curl_api_get(ret->why, sizeof(ret->why));
    if (!c) {
        ret->fail = HTTP_NOLIB;
        return -1;
    }
    CURL *h = c->easy_init();
    if (!h) {
        ret->fail = HTTP_OTHER;
        snprintf(ret->why, sizeof(ret->why), "libcurl could not start");
        return -1;
    }
    struct xfer x = {.c = c, .req = req, .r = ret, .h = h, .pos = UINT64_MAX};
    char errbuf[CURL_ERROR_SIZE] = "";
    char range[64];
    snprintf(range, sizeof(range), "%llu-%llu", (unsigned long long)req->from,
             (unsigned long long)(req->to - 1));
    struct curl_slist *hdrs = NULL;
    struct strbuf line = STRBUF_INIT;
    if (req->bearer) {
        strbuf_addf(&line, "Authorization: Bearer %s", req->bearer);
        hdrs = c->slist_append(hdrs, line.buf);
    }
    if (req->accept) {
        strbuf_reset(&line);
        strbuf_addf(&line, "Accept: %s", req->accept);
        hdrs = c->slist_append(hdrs, line.buf);
    }
    if (req->if_none_match) {
        strbuf_reset(&line);
        strbuf_addf(&line, "If-None-Match: %s", req->if_none_match);
        hdrs = c->slist_append(hdrs, line.buf);
    }
    c->easy_setopt(h, CURLOPT_URL, req->url);
    c->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    c->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    c->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
    c->easy_setopt(h, CURLOPT_MAXREDIRS, (long)HTTP_MAX_REDIRS);
    if (!req->no_range)
        c->easy_setopt(h, CURLOPT_RANGE, range);
    c->easy_setopt(h, CURLOPT_USERAGENT, "headroom/" HEADROOM_VERSION);
    c->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    c->easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    c->easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    c->easy_setopt(h, CURLOPT_HEADERDATA, &x);
    c->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    c->easy_setopt(h, CURLOPT_WRITEDATA, &x);
    c->easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    c->easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    c->easy_setopt(h, CURLOPT_XFERINFODATA, &x);
    if (req->timeout_ms)
        c->easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)req->timeout_ms);
    if (hdrs)
        c->easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    CURLcode rc = c->easy_perform(h);
    c->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &ret->status);
    c->slist_free_all(hdrs);
    strbuf_release(&line);
    c->easy_cleanup(h);
    if (rc == CURLE_WRITE_ERROR && x.stopped)
        rc = CURLE_OK;
    if (x.bad_range) {
        ret->fail = HTTP_OTHER;
        snprintf(ret->why, sizeof(ret->why),
                 "the server answered 206 with another range than bytes %llu-",
                 (unsigned long long)req->from);
        return -1;
    }
    if (rc != CURLE_OK) {
        ret->fail = fail_kind(rc);
        snprintf(ret->why, sizeof(ret->why), "%s", errbuf[0] ? errbuf : c->easy_strerror(rc));
        return -1;
    }
    ret->ranged = ret->status == 206;
    if (ret->status == 200 && x.have_length && !ret->total_known) {
        ret->total = x.content_length;
        ret->total_known = true;
    }
    if (ret->status != 200 && ret->status != 206 && ret->status != 304) {
        ret->fail = HTTP_STATUS;
        snprintf(ret->why, sizeof(ret->why), "HTTP %ld", ret->status);
        return -1;
    }
    return 0;
}

void http_init(void)
{
    char err[200];
    curl_api_get(err, sizeof(err));
}

void http_resp_release(struct http_resp *r)
{
    strbuf_release(&r->body);
}

/* HTTP GET of a byte range through libcurl (Debian's libcurl4-openssl-dev),
 * for the remote model reader (model/remote.c). libcurl takes the proxy from
 * the environment as curl(1) does (https_proxy, http_proxy, all_proxy,
 * no_proxy), follows at most HTTP_MAX_REDIRS redirects, verifies TLS peers
 * against the system's CA store, and drops an Authorization header when a
 * redirect leaves the host it was meant for (libcurl's rule since 7.58).
 *
 * Nothing here prints: a failure is a kind and a one-line reason. */
#ifndef HEADROOM_NET_HTTP_H
#define HEADROOM_NET_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/strbuf.h"

#define HTTP_MAX_REDIRS 10

enum http_fail {
    HTTP_OK,
    HTTP_STATUS,    /* the server answered with a status other than 200, 206, 304 */
    HTTP_REDIRECTS, /* more than HTTP_MAX_REDIRS redirects (a loop) */
    HTTP_TLS,       /* the TLS handshake or the peer's certificate failed */
    HTTP_REFUSED,   /* connection refused or the host unreachable */
    HTTP_RESOLVE,   /* the host (or the proxy) name does not resolve */
    HTTP_TIMEOUT,   /* past the deadline */
    HTTP_URL,       /* not a URL libcurl takes */
    HTTP_NOLIB,     /* libcurl cannot be loaded (net/curl-dl.h) */
    HTTP_OTHER,
};

struct http_req {
    const char *url;
    const char *bearer;        /* an Authorization: Bearer token, or NULL */
    const char *if_none_match; /* an ETag to revalidate (304 when unchanged), or NULL */
    uint64_t from, to;         /* the bytes [from, to) */
    bool no_range;             /* no Range header: the whole answer, up to `to` bytes */
    const char *accept;        /* an Accept header, or NULL */
    uint64_t timeout_ms;       /* for this request; 0 = none */
    /* called as bytes arrive (from libcurl's progress callback) */
    void (*progress)(void *arg, uint64_t received);
    void *progress_arg;
    /* when set, called after bytes are kept: true ends the transfer there */
    bool (*enough)(void *arg, const struct strbuf *body);
    void *enough_arg;
};

struct http_resp {
    long status;    /* of the last response (after redirects) */
    bool ranged;    /* 206: the server sent the range asked for */
    uint64_t total; /* the file's size: Content-Range's total, or Content-Length of a 200 */
    bool total_known;
    char etag[200];     /* the ETag, as sent (quotes included), or "" */
    struct strbuf body; /* the bytes [from, to) (fewer at the end of the file) */
    uint64_t received;  /* body bytes that came over the wire, kept or not */
    bool cut;           /* more came than `to`: the body is its first bytes */
    enum http_fail fail;
    char why[256]; /* one line for a failure */
};

/* Fetches req->from .. req->to. A server that ignores the Range header
 * answers 200 with the whole file: its first `from` bytes are skipped, the
 * bytes up to `to` kept, and the transfer stopped there (ranged false).
 * Returns 0 with fail HTTP_OK for a 200, 206 or 304 (status says which);
 * otherwise -1 with fail and why set. Release the body with http_resp_release(). */
int http_get(const struct http_req *req, struct http_resp *ret);
/* Loads libcurl now (it is loaded by the first http_get() otherwise): call
 * it before http_get() runs in several threads at once. */
void http_init(void);
void http_resp_release(struct http_resp *r);

#endif

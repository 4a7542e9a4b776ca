/* One HTTP response header line, as libcurl hands them to net/http.c, e.g.
 * from nginx 1.22 answering "Range: bytes=0-1048575":
 *
 *   HTTP/1.1 206 Partial Content
 *   Content-Length: 1048576
 *   ETag: "6b11165b-602920"
 *   Content-Range: bytes 0-1048575/6301984
 *
 * Only what the remote reader needs: a status line starts a response
 * (after a redirect, another one), Content-Range's first byte and total
 * (RFC 9110 14.4; "*" for an unknown total), Content-Length, the ETag as
 * sent. The bytes come from a server: every number is overflow-checked and
 * nothing is read past len. */
#ifndef HEADROOM_NET_HTTP_HEADER_H
#define HEADROOM_NET_HTTP_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum http_hdr_kind {
    HDR_OTHER,
    HDR_STATUS,        /* "HTTP/..." */
    HDR_CONTENT_RANGE, /* start, end; total when total_known */
    HDR_CONTENT_LENGTH,
    HDR_ETAG, /* value, value_len */
};

struct http_hdr {
    enum http_hdr_kind kind;
    uint64_t start, end, total, length;
    bool total_known;
    const char *value; /* into the line */
    size_t value_len;
};

/* Classifies the line (its CR LF may be there or not). A Content-Range or
 * Content-Length that does not parse is HDR_OTHER. */
void http_header_parse(const char *line, size_t len, struct http_hdr *ret);

#endif

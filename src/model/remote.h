/* A GGUF header read over HTTP(S), header bytes only: the remote reader
 * fetches a first range (REMOTE_FIRST), lets the one GGUF parser
 * (gguf_parse_prefix) say how far the header runs, and fetches the rest in
 * one more range where it can: to the parser's lower bound of the header's
 * end plus REMOTE_MARGIN, or further, to where the strings read so far say
 * the header ends (an array's strings as long as its first ones) plus a
 * quarter of the margin, at most REMOTE_GUESS past the bound. So it reads
 * at most the header and REMOTE_MARGIN when the guess holds (tokenizer
 * arrays grow longer towards their end, so it does), and at most
 * REMOTE_GUESS + REMOTE_MARGIN / 4 past the header else; it stops at
 * REMOTE_HEADER_CAP. The parser never sees the network; this file only
 * feeds it bytes.
 *
 * A server that ignores Range (200 and the whole file) is read from its
 * start and hung up on once the bytes asked for are in; past the first
 * range that is refused unless allow_no_range (the flag --download-whole).
 * Fetched headers are kept in cache_dir (keyed by URL, checked against the
 * ETag, the size and the first bytes the server sends again), written with
 * atomic_write(). */
#ifndef HEADROOM_MODEL_REMOTE_H
#define HEADROOM_MODEL_REMOTE_H

#include <stdbool.h>
#include <stdint.h>

#include "model/gguf.h"
#include "net/http.h"
#include "util/diag.h"

#define REMOTE_FIRST      ((uint64_t)1 << 20)  /* the first range: 1 MiB */
#define REMOTE_MARGIN     ((uint64_t)1 << 20)  /* read past the header's lower bound */
#define REMOTE_GUESS      ((uint64_t)4 << 20)  /* how far past the bound a guess may take it */
#define REMOTE_HEADER_CAP ((uint64_t)64 << 20) /* larger headers are refused */
#define REMOTE_MAX_SIZE   ((uint64_t)1 << 48)  /* a larger file size is not believed */

struct remote_opts {
    const char *bearer;    /* Authorization: Bearer, or NULL */
    uint64_t timeout_ms;   /* for all requests together; 0 = none */
    bool allow_no_range;   /* read on from a server that ignores Range */
    const char *cache_dir; /* NULL: no cache */
    /* bytes received so far for this file, as they arrive */
    void (*progress)(void *arg, uint64_t bytes);
    void *progress_arg;
};

struct remote_stats {
    unsigned requests;
    uint64_t bytes;      /* body bytes received, kept or not */
    bool from_cache;     /* the header came from the cache */
    bool no_range;       /* the server ignored Range */
    int cache_write_err; /* -errno when the cache could not be written, else 0 */
};

enum remote_fail {
    REMOTE_HTTP,      /* see http and status */
    REMOTE_NO_RANGE,  /* the server ignores Range and the header is longer than the first range */
    REMOTE_TOO_BIG,   /* the header runs past REMOTE_HEADER_CAP */
    REMOTE_NO_SIZE,   /* the server says neither the size nor where the file ends */
    REMOTE_CHANGED,   /* the file changed between two requests */
    REMOTE_MALFORMED, /* not a GGUF or a malformed one: d says where */
};

struct remote_err {
    enum remote_fail kind;
    enum http_fail http;
    long status;
    char why[300];
    struct diag d;
};

struct remote_gguf {
    uint8_t *buf; /* the header bytes (owned; the gguf_file reads them) */
    size_t have;
    uint64_t size; /* the whole file */
    char etag[200];
    struct gguf_file g;
    struct remote_stats st;
};

/* Reads the header at url. 0, or -1 with *err set. */
int remote_gguf_open(const char *url, const struct remote_opts *o, struct remote_gguf *ret,
                     struct remote_err *err);
void remote_gguf_free(struct remote_gguf *r);

/* The cache (remote-cache.c): the header bytes fetched for url, with the
 * ETag and file size they were fetched under. 0, -ENOENT, or -EBADMSG for
 * an entry that is not ours (ignored by the caller). */
int remote_cache_load(const char *dir, const char *url, char *etag, size_t etag_n,
                      uint64_t *ret_size, uint8_t **ret_buf, size_t *ret_len);
/* The same over an entry's bytes. */
int remote_cache_parse(const char *buf, size_t len, const char *url, char *etag, size_t etag_n,
                       uint64_t *ret_size, uint8_t **ret_buf, size_t *ret_len);
/* Stores them (creating dir). 0 or -errno. */
int remote_cache_store(const char *dir, const char *url, const char *etag, uint64_t size,
                       const uint8_t *buf, size_t len);

#endif

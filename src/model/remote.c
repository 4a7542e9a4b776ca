#include "model/remote.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/strbuf.h"
#include "util/xalloc.h"

struct reader {
    const char *url;
    const struct remote_opts *o;
    struct remote_gguf *r;
    struct remote_err *err;
    uint64_t deadline; /* CLOCK_MONOTONIC ms; 0 = none */
    uint64_t before;   /* bytes of the earlier requests, for progress */
    struct strbuf buf; /* the bytes [0, have) */
};

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void on_progress(void *arg, uint64_t received)
{
    struct reader *rd = arg;
    if (rd->o->progress)
        rd->o->progress(rd->o->progress_arg, rd->before + received);
}

static int fail(struct reader *rd, enum remote_fail kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int fail(struct reader *rd, enum remote_fail kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    rd->err->kind = kind;
    vsnprintf(rd->err->why, sizeof(rd->err->why), fmt, ap);
    va_end(ap);
    return -1;
}

/* One request for [from, to); the response is left in *resp. */
static int fetch(struct reader *rd, uint64_t from, uint64_t to, const char *if_none_match,
                 bool (*enough)(void *, const struct strbuf *), void *enough_arg,
                 struct http_resp *resp)
{
    struct http_req q = {
        .url = rd->url,
        .bearer = rd->o->bearer,
        .if_none_match = if_none_match,
        .from = from,
        .to = to,
        .progress = on_progress,
        .progress_arg = rd,
        .enough = enough,
        .enough_arg = enough_arg,
    };
    if (rd->deadline) {
        uint64_t t = now_ms();
        if (t >= rd->deadline) {
            rd->err->http = HTTP_TIMEOUT;
            return fail(rd, REMOTE_HTTP, "the time limit ran out");
        }
        q.timeout_ms = rd->deadline - t;
    }
    int e = http_get(&q, resp);
    rd->r->st.requests++;
    rd->r->st.bytes += resp->received;
    rd->before += resp->received;
    if (e < 0) {
        rd->err->http = resp->fail;
        rd->err->status = resp->status;
        return fail(rd, REMOTE_HTTP, "%s", resp->why);
    }
    if (resp->status == 200)
        rd->r->st.no_range = true;
    return 0;
}

/* The first request: the size, the ETag and the first bytes. */
static int first(struct reader *rd, const char *etag_cached)
{
    struct http_resp resp;
    int e = fetch(rd, 0, REMOTE_FIRST, etag_cached, NULL, NULL, &resp);
    if (e < 0) {
        http_resp_release(&resp);
        return e;
    }
    snprintf(rd->r->etag, sizeof(rd->r->etag), "%s", resp.etag);
    if (resp.status == 304) {
        http_resp_release(&resp);
        return 1; /* the cached copy stands */
    }
    strbuf_add(&rd->buf, resp.body.buf, resp.body.len);
    if (resp.total_known) {
        rd->r->size = resp.total;
    } else if (resp.body.len < REMOTE_FIRST) {
        rd->r->size = resp.body.len; /* the whole file came, no size said */
    } else {
        http_resp_release(&resp);
        return fail(rd, REMOTE_NO_SIZE,
                    "the server says neither the file's size (Content-Range, Content-Length) "
                    "nor where it ends");
    }
    http_resp_release(&resp);
    if (rd->r->size > REMOTE_MAX_SIZE)
        return fail(rd, REMOTE_NO_SIZE, "the server gives an implausible size (%llu bytes)",
                    (unsigned long long)rd->r->size);
    if (rd->buf.len > rd->r->size)
        return fail(rd, REMOTE_CHANGED, "the server sent more bytes than the size it gave");
    return 0;
}

/* While a server without Range support streams the file from its start:
 * stop once the header parses (or is malformed: the caller says where). */
struct stream {
    uint64_t size, next;
};

static bool stream_enough(void *arg, const struct strbuf *body)
{
    struct stream *st = arg;
    if (body->len < st->next)
        return false;
    struct gguf_file g;
    struct diag d;
    uint64_t need, guess;
    diag_clear(&d);
    int e = gguf_parse_prefix(body->buf, body->len, st->size, &g, &need, &guess, &d);
    if (e == -ENODATA) {
        st->next = need;
        return false;
    }
    if (e == 0)
        gguf_free(&g);
    return true;
}

/* The bytes [have, to), appended; or, with a stream, the file from its
 * start up to where the header ends (at most to). */
static int more(struct reader *rd, uint64_t to, struct stream *stream)
{
    struct http_resp resp;
    uint64_t from = stream ? 0 : rd->buf.len;
    int e = fetch(rd, from, to, NULL, stream ? stream_enough : NULL, stream, &resp);
    if (e == 0 && resp.status == 304)
        e = fail(rd, REMOTE_CHANGED, "the server answered 304 to a request without a condition");
    if (e == 0 && strcmp(resp.etag, rd->r->etag) != 0)
        e = fail(rd, REMOTE_CHANGED,
                 "the file changed while it was read (its ETag is %.60s, was %.60s)",
                 resp.etag[0] ? resp.etag : "gone", rd->r->etag[0] ? rd->r->etag : "none");
    if (e == 0 && resp.total_known && resp.total != rd->r->size)
        e = fail(rd, REMOTE_CHANGED,
                 "the file changed while it was read (%llu bytes now, %llu before)",
                 (unsigned long long)resp.total, (unsigned long long)rd->r->size);
    if (e == 0 && !stream && resp.body.len < to - from)
        e = fail(rd, REMOTE_CHANGED, "the server sent %zu of the %llu bytes asked for",
                 resp.body.len, (unsigned long long)(to - from));
    if (e == 0 && stream && resp.body.len < rd->buf.len)
        e = fail(rd, REMOTE_CHANGED, "the server's answer ended after %zu bytes", resp.body.len);
    if (e == 0) {
        if (stream)
            strbuf_reset(&rd->buf);
        strbuf_add(&rd->buf, resp.body.buf, resp.body.len);
    }
    http_resp_release(&resp);
    return e;
}

/* Parses what is there; 0 when the header is whole, 1 with *need when it
 * runs on, -1 on malformed bytes. */
static int try_parse(struct reader *rd, uint64_t *need, uint64_t *guess)
{
    diag_clear(&rd->err->d);
    int e = gguf_parse_prefix(rd->buf.buf, rd->buf.len, rd->r->size, &rd->r->g, need, guess,
                              &rd->err->d);
    if (e == -ENODATA)
        return 1;
    if (e < 0) {
        rd->err->kind = REMOTE_MALFORMED;
        return -1;
    }
    return 0;
}

static bool cached_prefix_matches(const uint8_t *cbuf, size_t clen, const struct strbuf *got)
{
    size_t n = clen < got->len ? clen : got->len;
    return n > 0 && memcmp(cbuf, got->buf, n) == 0;
}

static int open_once(const char *url, const struct remote_opts *o, struct remote_gguf *ret,
                     struct remote_err *err)
{
    memset(ret, 0, sizeof(*ret));
    memset(err, 0, sizeof(*err));
    diag_clear(&err->d);
    struct reader rd = {.url = url, .o = o, .r = ret, .err = err};
    strbuf_init(&rd.buf);
    if (o->timeout_ms)
        rd.deadline = now_ms() + o->timeout_ms;

    char cetag[sizeof(ret->etag)] = "";
    uint64_t csize = 0;
    uint8_t *cbuf = NULL;
    size_t clen = 0;
    bool cached = o->cache_dir && remote_cache_load(o->cache_dir, url, cetag, sizeof(cetag), &csize,
                                                    &cbuf, &clen) == 0;
    int e = first(&rd, cached && cetag[0] ? cetag : NULL);
    if (e == 1 && cached) {
        /* 304: unchanged since it was cached */
        strbuf_reset(&rd.buf);
        strbuf_add(&rd.buf, cbuf, clen);
        ret->size = csize;
        snprintf(ret->etag, sizeof(ret->etag), "%s", cetag);
        ret->st.from_cache = true;
        e = 0;
    } else if (e == 0 && cached && csize == ret->size && strcmp(cetag, ret->etag) == 0 &&
               clen > rd.buf.len && cached_prefix_matches(cbuf, clen, &rd.buf)) {
        /* no 304 from this server, but the same file: the cache has the rest */
        strbuf_reset(&rd.buf);
        strbuf_add(&rd.buf, cbuf, clen);
        ret->st.from_cache = true;
    } else if (e == 1) {
        e = fail(&rd, REMOTE_CHANGED, "the server answered 304 to an ETag it was not sent");
    }
    bool same_as_cache = false, streamed = false;
    while (e == 0) {
        uint64_t need = 0, guess = 0;
        int p = try_parse(&rd, &need, &guess);
        if (p <= 0) {
            e = p;
            break;
        }
        if (streamed) { /* the stream ended or reached the cap inside the header */
            e = fail(&rd, rd.buf.len >= REMOTE_HEADER_CAP ? REMOTE_TOO_BIG : REMOTE_CHANGED,
                     "the server's answer ended after %zu bytes, inside the header (at least "
                     "%llu bytes)",
                     rd.buf.len, (unsigned long long)need);
            break;
        }
        /* to the lower bound and the margin; further where the strings so far
         * say the header ends (never more than REMOTE_GUESS past the bound) */
        uint64_t to = need + REMOTE_MARGIN;
        if (guess > need + REMOTE_GUESS)
            guess = need + REMOTE_GUESS;
        if (guess + REMOTE_MARGIN / 4 > to)
            to = guess + REMOTE_MARGIN / 4;
        if (to > ret->size)
            to = ret->size;
        if (need > REMOTE_HEADER_CAP) {
            e = fail(&rd, REMOTE_TOO_BIG, "the header runs past %llu MiB (at least %llu bytes)",
                     (unsigned long long)(REMOTE_HEADER_CAP >> 20), (unsigned long long)need);
            break;
        }
        if (to > REMOTE_HEADER_CAP)
            to = REMOTE_HEADER_CAP;
        if (ret->st.no_range && !o->allow_no_range) {
            e = fail(&rd, REMOTE_NO_RANGE,
                     "the server ignores Range requests and the header is longer than the first "
                     "%llu MiB it sent (at least %llu bytes)",
                     (unsigned long long)(REMOTE_FIRST >> 20), (unsigned long long)need);
            break;
        }
        if (to <= rd.buf.len) { /* cannot happen: the parser asks past what it has */
            e = fail(&rd, REMOTE_MALFORMED, "the header reader asked for bytes it has");
            break;
        }
        if (ret->st.no_range) {
            /* one stream from the start, read until the header parses */
            struct stream stream = {.size = ret->size, .next = need};
            uint64_t cap = ret->size < REMOTE_HEADER_CAP ? ret->size : REMOTE_HEADER_CAP;
            e = more(&rd, cap, &stream);
            streamed = true;
        } else {
            e = more(&rd, to, NULL);
        }
    }
    if (e < 0) {
        free(cbuf);
        strbuf_release(&rd.buf);
        return -1;
    }
    /* keep only the header: the tensor infos end it */
    if (ret->g.info_end < rd.buf.len)
        strbuf_setlen(&rd.buf, (size_t)ret->g.info_end);
    same_as_cache = cached && csize == ret->size && strcmp(cetag, ret->etag) == 0 &&
                    clen == rd.buf.len && memcmp(cbuf, rd.buf.buf, clen) == 0;
    free(cbuf);
    if (o->cache_dir && !ret->st.from_cache && !same_as_cache)
        ret->st.cache_write_err = remote_cache_store(o->cache_dir, url, ret->etag, ret->size,
                                                     (const uint8_t *)rd.buf.buf, rd.buf.len);
    /* the parsed file reads its lazy values from these bytes */
    ret->have = rd.buf.len;
    ret->buf = (uint8_t *)strbuf_detach(&rd.buf, NULL);
    gguf_free(&ret->g);
    uint64_t need, guess;
    diag_clear(&err->d);
    e = gguf_parse_prefix(ret->buf, ret->have, ret->size, &ret->g, &need, &guess, &err->d);
    if (e < 0) { /* cannot happen: the same bytes parsed above */
        free(ret->buf);
        ret->buf = NULL;
        err->kind = REMOTE_MALFORMED;
        return -1;
    }
    return 0;
}

int remote_gguf_open(const char *url, const struct remote_opts *o, struct remote_gguf *ret,
                     struct remote_err *err)
{
    int e = open_once(url, o, ret, err);
    if (e < 0 && err->kind == REMOTE_MALFORMED && ret->st.from_cache && o->cache_dir) {
        /* a cache entry that no longer parses (not as it was written): read
         * the server again, and let that answer replace it */
        struct remote_stats before = ret->st;
        e = open_once(url,
                      &(struct remote_opts){.bearer = o->bearer,
                                            .timeout_ms = o->timeout_ms,
                                            .allow_no_range = o->allow_no_range,
                                            .progress = o->progress,
                                            .progress_arg = o->progress_arg},
                      ret, err);
        ret->st.requests += before.requests;
        ret->st.bytes += before.bytes;
        if (e == 0)
            ret->st.cache_write_err =
                remote_cache_store(o->cache_dir, url, ret->etag, ret->size, ret->buf, ret->have);
    }
    return e;
}

void remote_gguf_free(struct remote_gguf *r)
{
    gguf_free(&r->g);
    free(r->buf);
    memset(r, 0, sizeof(*r));
}

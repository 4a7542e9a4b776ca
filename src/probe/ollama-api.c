#include "probe/ollama-api.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "util/json-read.h"
#include "util/lines.h"
#include "util/parse.h"

static bool ieq_prefix(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n >= k && strncasecmp(s, lit, k) == 0;
}

int http_response_parse(const char *buf, size_t len, struct http_response *ret, struct diag *d)
{
    struct http_response r;
    memset(&r, 0, sizeof(r));
    const char *p = buf, *e = buf + len;
    /* "HTTP/1.1 200 OK" */
    if (len < 12 || memcmp(p, "HTTP/1.", 7) != 0 || (p[7] != '0' && p[7] != '1') || p[8] != ' ') {
        diag_set_offset(d, NULL, 0, "expected an HTTP/1.x status line");
        return -EBADMSG;
    }
    p += 9;
    uint64_t status;
    const char *at = p;
    if (parse_u64_dec(&p, e, &status) < 0 || p - at != 3 || status < 100 || status > 599) {
        diag_set_offset(d, NULL, (uint64_t)(at - buf), "expected a three-digit status code");
        return -EBADMSG;
    }
    r.status = (unsigned)status;
    bool has_length = false, chunked = false;
    uint64_t length = 0;
    const char *nl = memchr(p, '\n', (size_t)(e - p));
    if (!nl) {
        diag_set_offset(d, NULL, (uint64_t)len, "the headers do not end");
        return -EBADMSG;
    }
    p = nl + 1;
    for (;;) {
        nl = memchr(p, '\n', (size_t)(e - p));
        if (!nl) {
            diag_set_offset(d, NULL, (uint64_t)len, "the headers do not end");
            return -EBADMSG;
        }
        size_t n = (size_t)(nl - p);
        if (n && p[n - 1] == '\r')
            n--;
        if (n == 0) {
            p = nl + 1;
            break;
        }
        const char *colon = memchr(p, ':', n);
        if (!colon) {
            diag_set_offset(d, NULL, (uint64_t)(p - buf), "a header line without ':'");
            return -EBADMSG;
        }
        const char *v = colon + 1, *ve = p + n;
        while (v < ve && (*v == ' ' || *v == '\t'))
            v++;
        size_t kn = (size_t)(colon - p);
        if (kn == 14 && strncasecmp(p, "Content-Length", 14) == 0) {
            const char *q = v;
            if (parse_u64_dec(&q, ve, &length) < 0 || q == v || q != ve) {
                diag_set_offset(d, NULL, (uint64_t)(v - buf), "Content-Length is not a number");
                return -EBADMSG;
            }
            has_length = true;
        } else if (kn == 17 && strncasecmp(p, "Transfer-Encoding", 17) == 0) {
            chunked = ieq_prefix(v, (size_t)(ve - v), "chunked");
        } else if (kn == 6 && strncasecmp(p, "Server", 6) == 0) {
            size_t vn = (size_t)(ve - v);
            if (vn >= sizeof(r.server))
                vn = sizeof(r.server) - 1;
            memcpy(r.server, v, vn);
            r.server[vn] = '\0';
            for (size_t i = 0; i < vn; i++)
                if ((unsigned char)r.server[i] < 0x20 || r.server[i] == 0x7f)
                    r.server[i] = '?';
        }
        p = nl + 1;
    }
    if (chunked) {
        diag_set_offset(d, NULL, (uint64_t)(p - buf), "a chunked body (asked with HTTP/1.0)");
        return -EBADMSG;
    }
    size_t body = (size_t)(e - p);
    if (has_length) {
        if (length > body) {
            diag_set_offset(d, NULL, (uint64_t)len,
                            "the body is shorter than its Content-Length (%llu bytes)",
                            (unsigned long long)length);
            return -EBADMSG;
        }
        body = (size_t)length;
    }
    r.body = p;
    r.body_len = body;
    *ret = r;
    return 0;
}

static bool loopback_name(const char *h, size_t n)
{
    if ((n == 9 && strncasecmp(h, "localhost", 9) == 0) || (n == 7 && memcmp(h, "0.0.0.0", 7) == 0))
        return true;
    /* 127.x.y.z */
    char ip[16];
    if (n < 7 || n >= sizeof(ip))
        return false;
    memcpy(ip, h, n);
    ip[n] = '\0';
    struct in_addr a;
    return inet_pton(AF_INET, ip, &a) == 1 && (ntohl(a.s_addr) >> 24) == 127;
}

int ollama_host_parse(const char *s, uint16_t *ret_port)
{
    if (!s)
        s = "";
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    uint64_t port = 11434;
    const char *scheme_end = n >= 3 ? strstr(s, "://") : NULL;
    if (scheme_end && (size_t)(scheme_end - s) < n) {
        size_t sl = (size_t)(scheme_end - s);
        if (sl == 4 && strncmp(s, "http", 4) == 0)
            port = 80;
        else
            return -EADDRNOTAVAIL; /* https or another scheme: not asked */
        n -= sl + 3;
        s = scheme_end + 3;
    }
    const char *slash = memchr(s, '/', n);
    if (slash)
        n = (size_t)(slash - s);
    if (n == 0) {
        *ret_port = (uint16_t)port;
        return 0;
    }
    if (s[0] == '[')
        return -EADDRNOTAVAIL; /* IPv6: not asked */
    const char *colon = memchr(s, ':', n);
    size_t hn = colon ? (size_t)(colon - s) : n;
    if (colon) {
        const char *p = colon + 1, *e = s + n;
        if (parse_u64_dec(&p, e, &port) < 0 || p != e || p == colon + 1 || port == 0 ||
            port > 65535)
            return -EINVAL;
    }
    if (hn && !loopback_name(s, hn))
        return -EADDRNOTAVAIL;
    *ret_port = (uint16_t)port;
    return 0;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* poll() until `ev` or the deadline; 0, -ETIMEDOUT or -errno. */
static int wait_for(int fd, short ev, long long deadline)
{
    for (;;) {
        long long left = deadline - now_ms();
        if (left <= 0)
            return -ETIMEDOUT;
        struct pollfd pf = {.fd = fd, .events = ev};
        int r = poll(&pf, 1, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -errno;
        if (r == 0)
            return -ETIMEDOUT;
        return 0;
    }
}

int http_get_loopback(uint16_t port, const char *path, int budget_ms, size_t cap,
                      struct strbuf *out)
{
    long long deadline = now_ms() + budget_ms;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0)
        return -errno;
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof(sa));
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int e = 0;
    if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
        if (errno != EINPROGRESS) {
            e = -errno;
            goto out;
        }
        if ((e = wait_for(fd, POLLOUT, deadline)) < 0)
            goto out;
        int soerr = 0;
        socklen_t sl = sizeof(soerr);
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) < 0 || soerr) {
            e = soerr ? -soerr : -errno;
            goto out;
        }
    }
    char req[256];
    int rn = snprintf(req, sizeof(req),
                      "GET %s HTTP/1.0\r\nHost: 127.0.0.1:%u\r\nAccept: application/json\r\n"
                      "User-Agent: headroom\r\nConnection: close\r\n\r\n",
                      path, (unsigned)port);
    if (rn < 0 || (size_t)rn >= sizeof(req)) {
        e = -EINVAL;
        goto out;
    }
    for (size_t sent = 0; sent < (size_t)rn;) {
        ssize_t w = send(fd, req + sent, (size_t)rn - sent, MSG_NOSIGNAL);
        if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
            if ((e = wait_for(fd, POLLOUT, deadline)) < 0)
                goto out;
            continue;
        }
        if (w < 0) {
            e = -errno;
            goto out;
        }
        sent += (size_t)w;
    }
    char chunk[4096];
    for (;;) {
        ssize_t got = recv(fd, chunk, sizeof(chunk), 0);
        if (got < 0 && (errno == EAGAIN || errno == EINTR)) {
            if ((e = wait_for(fd, POLLIN, deadline)) < 0)
                goto out;
            continue;
        }
        if (got < 0) {
            e = -errno;
            goto out;
        }
        if (got == 0)
            break;
        if (out->len + (size_t)got > cap) {
            e = -EMSGSIZE;
            goto out;
        }
        strbuf_add(out, chunk, (size_t)got);
    }
out:
    close(fd);
    return e;
}

static void set_error(struct ollama_api *a, int e)
{
    const char *why = e == -ECONNREFUSED ? "connection refused"
                      : e == -ETIMEDOUT  ? "no answer within 200 ms"
                      : e == -EMSGSIZE   ? "an answer over 16 KiB"
                      : e == -EBADMSG    ? "not an HTTP answer"
                      : e == -ECONNRESET ? "connection reset"
                                         : strerror(-e);
    snprintf(a->error, sizeof(a->error), "%s", why);
}

/* {"version":"0.12.6"} */
static void take_version(struct ollama_api *a, const char *body, size_t n)
{
    struct json_doc doc;
    struct diag d;
    if (json_doc_parse(body, n, &doc, &d) < 0)
        return;
    const struct jv *v = jv_get(doc.root, "version");
    if (v && v->type == JV_STRING && v->len && v->len < sizeof(a->version)) {
        bool plain = true;
        for (size_t i = 0; i < v->len; i++)
            plain = plain && (unsigned char)v->s[i] >= 0x20 && v->s[i] != 0x7f;
        if (plain)
            memcpy(a->version, v->s, v->len + 1);
    }
    json_doc_release(&doc);
}

int ollama_api_parse(const char *buf, size_t len, struct ollama_api *ret, struct diag *d)
{
    struct ollama_api a;
    memset(&a, 0, sizeof(a));
    struct lines it;
    lines_init(&it, buf, len);
    const char *s;
    size_t n;
    while (lines_next(&it, &s, &n)) {
        if (n == 0)
            continue;
        const char *sp = memchr(s, ' ', n);
        if (!sp) {
            diag_set(d, NULL, it.lineno, 1, "expected 'KEY VALUE'");
            return -EBADMSG;
        }
        size_t kn = (size_t)(sp - s), vn = n - kn - 1;
        const char *v = sp + 1;
        char *dst = NULL;
        size_t cap = 0;
        if (kn == 7 && memcmp(s, "address", 7) == 0)
            dst = a.address, cap = sizeof(a.address);
        else if (kn == 7 && memcmp(s, "version", 7) == 0)
            dst = a.version, cap = sizeof(a.version);
        else if (kn == 5 && memcmp(s, "error", 5) == 0)
            dst = a.error, cap = sizeof(a.error);
        else if (kn == 6 && memcmp(s, "status", 6) == 0) {
            const char *p = v;
            uint64_t st;
            if (parse_u64_dec(&p, v + vn, &st) < 0 || p != v + vn || st < 100 || st > 599) {
                diag_set(d, NULL, it.lineno, (unsigned)kn + 2, "expected an HTTP status");
                return -EBADMSG;
            }
            a.status = (unsigned)st;
            a.answered = true;
            continue;
        } else {
            continue; /* a later headroom may record more */
        }
        if (vn >= cap || memchr(v, '\0', vn)) {
            diag_set(d, NULL, it.lineno, (unsigned)kn + 2, "value too long");
            return -EBADMSG;
        }
        memcpy(dst, v, vn);
        dst[vn] = '\0';
    }
    if (!a.address[0]) {
        diag_set(d, NULL, 1, 1, "no 'address' line");
        return -EBADMSG;
    }
    *ret = a;
    return 0;
}

void ollama_api_format(const struct ollama_api *a, struct strbuf *out)
{
    strbuf_addf(out, "address %s\n", a->address);
    if (a->answered) {
        strbuf_addf(out, "status %u\n", a->status);
        if (a->version[0])
            strbuf_addf(out, "version %s\n", a->version);
    } else {
        strbuf_addf(out, "error %s\n", a->error);
    }
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return ollama_api_parse(buf, len, ret, d);
}

int ollama_port_for(const char *ollama_host, struct probe_status *st, uint16_t *ret)
{
    memset(st, 0, sizeof(*st));
    st->path = "OLLAMA_HOST";
    int e = ollama_host_parse(ollama_host, ret);
    if (e < 0) {
        st->state = PROBE_UNAVAILABLE;
        st->error = e;
    }
    return e;
}

int ollama_api_read(const struct rootfs *r, const char *ollama_host, struct ollama_api *ret,
                    struct probe_status *st)
{
    if (!r->live)
        return probe_load(r, OLLAMA_API_SNAPSHOT_PATH, 4096, parse_cb, ret, st);
    uint16_t port;
    int e = ollama_port_for(ollama_host, st, &port);
    if (e < 0)
        return e;
    struct ollama_api a;
    memset(&a, 0, sizeof(a));
    snprintf(a.address, sizeof(a.address), "127.0.0.1:%u", (unsigned)port);
    struct strbuf sb = STRBUF_INIT;
    e = http_get_loopback(port, "/api/version", OLLAMA_API_BUDGET_MS, OLLAMA_API_MAX, &sb);
    if (e == 0) {
        struct http_response resp;
        struct diag d;
        if (http_response_parse(sb.buf, sb.len, &resp, &d) == 0) {
            a.answered = true;
            a.status = resp.status;
            if (resp.status == 200)
                take_version(&a, resp.body, resp.body_len);
        } else {
            set_error(&a, -EBADMSG);
        }
    } else {
        set_error(&a, e);
    }
    strbuf_release(&sb);
    *ret = a;
    probe_set_ok(st);
    return 0;
}

/* headroom watch's metrics: filled from each sample, and served over HTTP
 * (a listener on 127.0.0.1 or the address given, GET /metrics in
 * Prometheus' text format). The server shares the sampling thread, so it
 * never blocks: every socket is non-blocking, each connection has one second
 * in all, and the loop's wait is one ppoll() over the listener and every
 * open connection, bounded by the next sample. The command (src/cmd/watch.c)
 * owns that wait; the daemon (daemon.c) fills the figures every tick. */
#include "reclaim/metrics.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "probe/probe.h"
#include "reclaim/watchconf.h"
#include "util/atomic-write.h"
#include "util/io.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static uint64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

void watch_metrics_fill(struct prom_metrics *m, const struct sampler *s,
                        const struct policy_sample *x, const struct policy *p, bool dry_run,
                        uint64_t errors, uint64_t reclaim_us)
{
    uint64_t samples = m->samples;
    memset(m, 0, sizeof(*m));
    m->samples = samples + 1;
    if (s->meminfo_st.state == PROBE_OK) {
        const struct meminfo *mi = &s->meminfo;
        m->has_mem = true;
        m->mem_total = mi->mem_total;
        m->mem_free = mi->mem_free;
        m->mem_available = mi->mem_available;
        m->cached = mi->cached;
        m->buffers = mi->buffers;
        m->file_cache = x->file_cache;
        m->shmem = mi->shmem;
        m->mapped = mi->mapped;
        m->swap_total = mi->swap_total;
        m->swap_free = mi->swap_free;
    }
    if (s->psi_st.state == PROBE_OK) {
        m->has_psi = true;
        m->psi_some_avg10 = s->psi.some.avg10;
        m->psi_some_total_us = s->psi.some.total_us;
        m->has_psi_full = s->psi.has_full;
        m->psi_full_avg10 = s->psi.full.avg10;
        m->psi_full_total_us = s->psi.full.total_us;
    }
    m->has_refault = x->has_refault;
    m->refault_file_bytes = x->refault_file_bytes;
    m->protected_bytes = x->protected_bytes;
    m->floor_bytes = policy_floor(p, x);
    m->mode = policy_mode_name(p->cfg.mode);
    m->dry_run = dry_run;
    m->idle = policy_idle(p);
    m->actions = p->actions;
    m->drops = p->drops;
    m->reclaims = p->reclaims;
    m->bytes_asked = p->bytes_asked;
    m->bytes_freed = p->bytes_freed;
    m->stops_pressure = p->stops_pressure;
    m->stops_refault = p->stops_refault;
    m->rate_limited = p->rate_limited;
    m->errors = errors;
    m->reclaim_seconds_us = reclaim_us;
}

int watch_metrics_write(const char *path, const struct prom_metrics *pm)
{
    struct strbuf sb = STRBUF_INIT;
    prom_render(pm, &sb);
    int e = atomic_write(path, sb.buf, sb.len, NULL);
    strbuf_release(&sb);
    return e;
}

int watch_http_listen(const char *arg, struct watch_http *h, char *err, size_t errn)
{
    struct sockaddr_storage sa;
    socklen_t sl;
    if (listen_addr_parse(arg, &sa, &sl) < 0) {
        snprintf(err, errn, "--listen '%s': expected PORT, ADDR:PORT or [ADDR6]:PORT", arg);
        return -EINVAL;
    }
    int fd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
        bind(fd, (struct sockaddr *)&sa, sl) < 0 || listen(fd, 64) < 0) {
        int e = -errno;
        snprintf(err, errn, "--listen %s: %s", arg, strerror(errno));
        if (fd >= 0)
            close(fd);
        return e;
    }
    h->listen_fd = fd;
    return 0;
}

void watch_http_init(struct watch_http *h)
{
    memset(h, 0, sizeof(*h));
    h->listen_fd = -1;
    for (size_t i = 0; i < WATCH_HTTP_CONNS; i++)
        h->conn[i].fd = -1;
}

static void conn_close(struct watch_http_conn *c)
{
    if (c->fd >= 0)
        close(c->fd);
    free(c->buf);
    memset(c, 0, sizeof(*c));
    c->fd = -1;
}

void watch_http_close(struct watch_http *h)
{
    for (size_t i = 0; i < WATCH_HTTP_CONNS; i++)
        conn_close(&h->conn[i]);
    if (h->listen_fd >= 0)
        close(h->listen_fd);
    h->listen_fd = -1;
}

/* The whole response for a request, into c->buf (which held the request). */
static void conn_answer(struct watch_http_conn *c, const struct prom_metrics *pm)
{
    const char *req = c->buf;
    struct strbuf body = STRBUF_INIT, out = STRBUF_INIT;
    const char *status = "200 OK", *type = "text/plain; version=0.0.4; charset=utf-8";
    if (strncmp(req, "GET /metrics ", 13) == 0 || strncmp(req, "GET /metrics?", 13) == 0) {
        prom_render(pm, &body);
    } else if (strncmp(req, "GET / ", 6) == 0) {
        type = "text/plain; charset=utf-8";
        strbuf_addstr(&body, "headroom watch: metrics at /metrics\n");
    } else {
        status = "404 Not Found";
        type = "text/plain; charset=utf-8";
        strbuf_addstr(&body, "not found\n");
    }
    strbuf_addf(&out,
                "HTTP/1.0 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                "Connection: close\r\n\r\n",
                status, type, body.len);
    strbuf_add(&out, body.buf, body.len);
    strbuf_release(&body);
    free(c->buf);
    c->buf = strbuf_detach(&out, &c->len);
    c->off = 0;
    c->writing = true;
}

static void conn_accept(struct watch_http *h, uint64_t now)
{
    for (;;) { /* every connection waiting, so the backlog never fills */
        int fd = accept4(h->listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
        if (fd < 0)
            return;
        struct watch_http_conn *slot = NULL, *oldest = NULL;
        for (size_t i = 0; i < WATCH_HTTP_CONNS && !slot; i++) {
            struct watch_http_conn *c = &h->conn[i];
            if (c->fd < 0)
                slot = c;
            else if (!oldest || c->deadline_ms < oldest->deadline_ms)
                oldest = c;
        }
        if (!slot) { /* full of idle or slow clients: the oldest makes room */
            conn_close(oldest);
            h->evicted++;
            slot = oldest;
        }
        slot->fd = fd;
        slot->deadline_ms = now + WATCH_HTTP_DEADLINE_MS;
        slot->buf = xmalloc(WATCH_HTTP_REQ_MAX + 1);
        slot->len = 0;
        slot->buf[0] = '\0';
    }
}

/* Reads what has arrived; answers once the request line and headers are in,
 * or the buffer is full (a request we do not serve: 404). */
static void conn_read(struct watch_http_conn *c, const struct prom_metrics *pm)
{
    ssize_t k = read(c->fd, c->buf + c->len, WATCH_HTTP_REQ_MAX - c->len);
    if (k == 0 || (k < 0 && errno != EAGAIN && errno != EINTR)) {
        conn_close(c);
        return;
    }
    if (k < 0)
        return;
    c->len += (size_t)k;
    c->buf[c->len] = '\0';
    if (strstr(c->buf, "\r\n\r\n") || strstr(c->buf, "\n\n") || c->len == WATCH_HTTP_REQ_MAX)
        conn_answer(c, pm);
}

static void conn_write(struct watch_http_conn *c)
{
    /* MSG_NOSIGNAL: a client gone away is its loss, never a SIGPIPE */
    ssize_t k = send(c->fd, c->buf + c->off, c->len - c->off, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (k < 0 && (errno == EAGAIN || errno == EINTR))
        return;
    if (k <= 0) {
        conn_close(c);
        return;
    }
    c->off += (size_t)k;
    if (c->off == c->len)
        conn_close(c);
}

int watch_http_wait(struct watch_http *h, const struct prom_metrics *pm, uint64_t now,
                    uint64_t wait_ms, const sigset_t *mask)
{
    struct pollfd pf[1 + WATCH_HTTP_CONNS];
    struct watch_http_conn *who[1 + WATCH_HTTP_CONNS];
    size_t n = 0;
    pf[n] = (struct pollfd){h->listen_fd, POLLIN, 0};
    who[n++] = NULL;
    for (size_t i = 0; i < WATCH_HTTP_CONNS; i++) {
        struct watch_http_conn *c = &h->conn[i];
        if (c->fd < 0)
            continue;
        if (c->deadline_ms <= now) { /* slow or idle past its second: gone */
            conn_close(c);
            h->timed_out++;
            continue;
        }
        if (c->deadline_ms - now < wait_ms)
            wait_ms = c->deadline_ms - now;
        pf[n] = (struct pollfd){c->fd, c->writing ? POLLOUT : POLLIN, 0};
        who[n++] = c;
    }
    struct timespec ts = {(time_t)(wait_ms / 1000), (long)(wait_ms % 1000) * 1000000};
    int r = ppoll(pf, n, &ts, mask);
    if (r <= 0)
        return r < 0 ? -errno : 0;
    uint64_t t = now_ms();
    for (size_t i = 1; i < n; i++) {
        if (!pf[i].revents)
            continue;
        if (pf[i].revents & (POLLERR | POLLHUP | POLLNVAL) && !(pf[i].revents & POLLIN))
            conn_close(who[i]);
        else if (who[i]->writing)
            conn_write(who[i]);
        else
            conn_read(who[i], pm);
    }
    if (pf[0].revents & POLLIN)
        conn_accept(h, t);
    return r;
}

/* headroom watch's metrics: filled from each sample, and served over HTTP
 * (a listener on 127.0.0.1 or the address given, one HTTP/1.0 exchange at a
 * time, GET /metrics in Prometheus' text format). Split from watch.c, which
 * owns the loop and writes the metrics file. */
#include "cmd/watch-metrics.h"

#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "probe/probe.h"
#include "reclaim/watchconf.h"
#include "util/atomic-write.h"
#include "util/io.h"
#include "util/strbuf.h"

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

int watch_http_listen(const char *arg, int *ret_fd, char *err, size_t errn)
{
    struct sockaddr_storage sa;
    socklen_t sl;
    if (listen_addr_parse(arg, &sa, &sl) < 0) {
        snprintf(err, errn, "--listen '%s': expected PORT, ADDR:PORT or [ADDR6]:PORT", arg);
        return EXIT_USAGE;
    }
    int fd = socket(sa.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
        bind(fd, (struct sockaddr *)&sa, sl) < 0 || listen(fd, 8) < 0) {
        snprintf(err, errn, "--listen %s: %s", arg, strerror(errno));
        if (fd >= 0)
            close(fd);
        return EXIT_SYSTEM;
    }
    *ret_fd = fd;
    return 0;
}

void watch_http_serve_one(int listen_fd, const struct prom_metrics *pm)
{
    int c = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0)
        return;
    char req[2048];
    size_t n = 0;
    uint64_t deadline = now_ms() + 1000;
    while (n < sizeof(req) - 1) {
        uint64_t now = now_ms();
        if (now >= deadline)
            break;
        struct pollfd p = {c, POLLIN, 0};
        if (poll(&p, 1, (int)(deadline - now)) <= 0)
            break;
        ssize_t k = read(c, req + n, sizeof(req) - 1 - n);
        if (k <= 0)
            break;
        n += (size_t)k;
        req[n] = '\0';
        if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n"))
            break;
    }
    req[n] = '\0';
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
    (void)write_all(c, out.buf, out.len); /* a client gone away is its loss */
    close(c);
    strbuf_release(&body);
    strbuf_release(&out);
}

/* Which server answers Ollama's address from here: one bounded HTTP GET of
 * /api/version (Ollama's documented endpoint: {"version":"0.5.1"}, docs/api.md
 * "Version") on the loopback address the ollama CLI would use (OLLAMA_HOST,
 * default 127.0.0.1:11434). A plain socket client, HTTP/1.0 so that the
 * answer is not chunked: one connect and one request within a 200 ms
 * budget, at most OLLAMA_API_MAX bytes read. Only loopback addresses are
 * asked; nothing leaves the machine. Live only: a snapshot records the
 * outcome in OLLAMA_API_SNAPSHOT_PATH, which --root reads back:
 *   address 127.0.0.1:11434
 *   status 200
 *   version 0.12.6
 * or "address ...\nerror connection refused\n". */
#ifndef HEADROOM_OLLAMA_API_H
#define HEADROOM_OLLAMA_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/probe.h"
#include "util/strbuf.h"

#define OLLAMA_API_SNAPSHOT_PATH ".headroom/ollama-api"
#define OLLAMA_API_MAX           16384
#define OLLAMA_API_BUDGET_MS     200

struct http_response {
    unsigned status;  /* 100..599 */
    const char *body; /* into the parsed buffer */
    size_t body_len;
    char server[64]; /* the Server: header, "" when none */
};

/* "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n...\r\n\r\n{...}".
 * Headers end at the first empty line; Content-Length, when given, bounds
 * the body (a shorter body is -EBADMSG); "Transfer-Encoding: chunked" is
 * refused. Bare "\n" line ends are accepted. -EBADMSG with d (offset). */
int http_response_parse(const char *buf, size_t len, struct http_response *ret, struct diag *d);

struct ollama_api {
    char address[64]; /* "127.0.0.1:11434" */
    bool answered;    /* an HTTP response came back */
    unsigned status;
    char version[32]; /* from {"version": ...}, "" when not Ollama's answer */
    char error[96];   /* when not answered: "connection refused", "timed out", ... */
};

/* OLLAMA_HOST as the ollama CLI takes it ("127.0.0.1:11434",
 * "http://localhost:11500", "0.0.0.0", ":11434"; empty = the default) into a
 * loopback port. -EADDRNOTAVAIL when it names another host (not asked),
 * -EINVAL when it is not an address. */
int ollama_host_parse(const char *s, uint16_t *ret_port);
/* The port to ask, or st unavailable (path "OLLAMA_HOST") with the error
 * when OLLAMA_HOST names no loopback address: what both live readers do
 * first. */
int ollama_port_for(const char *ollama_host, struct probe_status *st, uint16_t *ret);

/* GET http://127.0.0.1:PORT/PATH within budget_ms; the raw response
 * (headers and body, at most cap bytes) in out. 0, -ECONNREFUSED,
 * -ETIMEDOUT, -EMSGSIZE (more than cap) or another -errno. */
int http_get_loopback(uint16_t port, const char *path, int budget_ms, size_t cap,
                      struct strbuf *out);

/* The recorded form (above). 0 or -EBADMSG. */
int ollama_api_parse(const char *buf, size_t len, struct ollama_api *ret, struct diag *d);
void ollama_api_format(const struct ollama_api *a, struct strbuf *out);

/* Live: asks the server at `ollama_host` (NULL or "" = the default; st
 * unavailable when it is not a loopback address); --root: the snapshot's
 * record (unavailable when not recorded). st ok means the question was
 * asked; ret->answered says whether anything answered. */
int ollama_api_read(const struct rootfs *r, const char *ollama_host, struct ollama_api *ret,
                    struct probe_status *st);

#endif

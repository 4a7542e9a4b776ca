#include "fuzz.h"
#include "probe/ollama-api.h"

#include <string.h>

/* The HTTP answer of whatever listens on Ollama's port, and the snapshot's
 * record of it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const char *buf = (const char *)data;
    struct http_response r;
    struct diag d;
    diag_clear(&d);
    if (http_response_parse(buf, size, &r, &d) == 0) {
        FUZZ_ASSERT(r.status >= 100 && r.status <= 599);
        FUZZ_ASSERT(r.body >= buf && r.body + r.body_len <= buf + size);
        FUZZ_ASSERT(memchr(r.server, '\0', sizeof(r.server)) != NULL);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
    }
    struct ollama_api a;
    diag_clear(&d);
    if (ollama_api_parse(buf, size, &a, &d) == 0)
        FUZZ_ASSERT(a.address[0] != '\0' && (!a.answered || a.status >= 100));
    else
        FUZZ_ASSERT(d.message[0] != '\0');
    /* OLLAMA_HOST: a NUL-terminated copy */
    char host[256];
    size_t n = size < sizeof(host) - 1 ? size : sizeof(host) - 1;
    memcpy(host, buf, n);
    host[n] = '\0';
    uint16_t port;
    if (ollama_host_parse(host, &port) == 0)
        FUZZ_ASSERT(port > 0);
    return 0;
}

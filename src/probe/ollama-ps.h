/* What Ollama has loaded now: GET /api/ps (Ollama's docs/api.md, "List
 * Running Models"), one bounded request on the loopback address as
 * ollama-api.h asks /api/version:
 *   {"models":[{"name":"mistral:latest","model":"mistral:latest",
 *     "size":5137025024,"digest":"2ae6f6dd...","details":{"format":"gguf",
 *     "family":"llama","parameter_size":"7.2B","quantization_level":"Q4_0"},
 *     "expires_at":"2024-06-04T14:38:31.83753-07:00","size_vram":5137025024,
 *     "context_length":4096}]}
 * (context_length: newer servers only). A snapshot records the body as
 * OLLAMA_PS_SNAPSHOT_PATH, which --root reads back. */
#ifndef HEADROOM_OLLAMA_PS_H
#define HEADROOM_OLLAMA_PS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/probe.h"
#include "util/strbuf.h"

#define OLLAMA_PS_SNAPSHOT_PATH ".headroom/ollama-ps.json"
#define OLLAMA_PS_MAX_MODELS    16
#define OLLAMA_PS_MAX_BYTES     (256 * 1024)

struct ollama_running {
    char name[128];
    uint64_t size, size_vram; /* bytes */
    bool has_vram;
    uint64_t context_length; /* 0 when the server does not say */
    char expires_at[48];
    char family[32], parameter_size[16], quantization[16];
};

struct ollama_ps {
    struct ollama_running models[OLLAMA_PS_MAX_MODELS];
    unsigned n;     /* kept */
    unsigned total; /* listed */
};

/* The JSON body. Names and strings are kept only when printable and short;
 * a model without a name or size is skipped. 0 or -EBADMSG with d. */
int ollama_ps_parse(const char *buf, size_t len, struct ollama_ps *ret, struct diag *d);

/* Live: asks the server at `ollama_host` (as ollama_api_read), keeping the
 * body in raw (for a snapshot) when raw is not NULL; st unavailable when
 * nothing answered 200 within the budget. --root: the snapshot's record. */
int ollama_ps_read(const struct rootfs *r, const char *ollama_host, struct ollama_ps *ret,
                   struct strbuf *raw, struct probe_status *st);

#endif

/* Ollama's last load decision, read back from its server log: the memory it
 * saw, what it estimated the model needs, what it offloaded and, when it
 * refused, the figures of its refusal. Ollama writes Go's log/slog text
 * lines (key=value, values with spaces quoted), sizes in format.HumanBytes2
 * ("10.9 GiB": one decimal, binary units). The lines read, at
 * ollama/ollama @ef7d26ba2cd52a5295620067ab9abd9c0055a558 (v0.11):
 *   - server/routes.go: msg="server config" env="map[... OLLAMA_CONTEXT_LENGTH:4096 ...]"
 *     and msg="Listening on 127.0.0.1:11434 (version 0.11.4)"
 *   - llm/server.go: msg="system memory" total= free= free_swap= (free is
 *     MemAvailable on Linux: discover/gpu_linux.go GetCPUMem)
 *   - llm/server.go: msg=offload (msg="offload to cuda" from llm/memory.go
 *     until ollama/ollama 58245413, 2025-02) layers.requested= layers.model= layers.offload=
 *     memory.available="[10.9 GiB]" memory.gpu_overhead= memory.required.full=
 *     memory.required.partial= memory.required.kv= memory.weights.total= ...
 *     (MemoryEstimate.LogValue in llm/memory.go)
 *   - llm/server.go: msg="model request too large for system" requested=
 *     available= (a raw byte count in some versions: 0.5.7 in
 *     ollama/ollama#8734) total= free= swap=, then
 *     error="model requires more system memory (5.5 GiB) than is available
 *     (3.4 GiB)" on the scheduler's "NewLlamaServer failed" / "Load failed" line
 *   - llm/server.go: msg="starting llama server" cmd="... --ctx-size 8192
 *     --n-gpu-layers 48 --parallel 1 ..."
 * Lines may carry a journald prefix ("Aug 08 23:02:37 host ollama[1617]: ")
 * or docker compose's ("ollama  | "); everything else in the log is skipped.
 * Until ollama/ollama 791650dd (2024-07) the refusal read "requested model
 * (18.4 GiB) is too large for this system (6.8 GiB)" (continuedev/continue
 * #3464), which is read too. */
#ifndef HEADROOM_OLLAMALOG_H
#define HEADROOM_OLLAMALOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/probe.h"
#include "util/strbuf.h"

#define OLLAMALOG_CAP           (8u * 1024 * 1024) /* the tail of a larger log is read */
#define OLLAMALOG_SNAPSHOT_PATH ".headroom/ollama-server.log"

struct ollama_load {
    char time[40]; /* time= of the first line of this load, "" when none */
    bool has_system;
    uint64_t sys_total, sys_free, sys_free_swap; /* "system memory" */
    bool has_offload;
    char library[16]; /* "cuda", "rocm", "cpu" */
    int layers_requested, layers_model, layers_offload;
    uint64_t gpu_available; /* memory.available, summed over the GPUs */
    uint64_t gpu_overhead;  /* memory.gpu_overhead (OLLAMA_GPU_OVERHEAD) */
    uint64_t req_full, req_partial, req_kv, weights_total, graph_full, graph_partial;
    uint64_t projector_weights, projector_graph;
    bool has_cmd; /* "starting llama server" */
    uint32_t ctx_size, parallel;
    int n_gpu_layers; /* -1 when not on the command line */
    char model[256];  /* --model PATH */
    bool refused;     /* "model requires more system memory (X) than is available (Y)" */
    uint64_t refused_required, refused_available;
    bool has_too_large; /* "model request too large for system" */
    uint64_t tl_requested, tl_available, tl_total, tl_free, tl_swap;
};

struct ollama_log {
    char version[32]; /* from "Listening on ... (version X)", "" when not seen */
    /* from the last "server config" line; false/0 = not seen or unset */
    bool has_config;
    uint32_t env_context_length, env_num_parallel;
    uint64_t env_gpu_overhead;
    char env_kv_cache_type[16];
    bool env_flash_attention;
    size_t nloads; /* loads seen */
    bool has_load;
    struct ollama_load last; /* the last one */
};

/* A size as format.HumanBytes2 writes it ("608.0 MiB", "0 B", "1019.5 MiB"),
 * or a bare byte count. Bytes (to the tenth shown). 0 or -EINVAL. */
int ollama_size_parse(const char *s, size_t n, uint64_t *ret);

/* Reads a whole log; lines it does not know are skipped. -EBADMSG (d: line
 * and column) for a known line whose figure is not a size or number. */
int ollamalog_parse(const char *buf, size_t len, struct ollama_log *ret, struct diag *d);

/* True when a log line is one the parser reads: what a snapshot keeps. */
bool ollamalog_line_wanted(const char *line, size_t len);

/* The first log found: under --root the snapshot's record
 * (OLLAMALOG_SNAPSHOT_PATH); then ~/.ollama/logs/server.log of root and of
 * each user in home/, then the Windows app's
 * mnt/c/Users/NAME/AppData/Local/Ollama/server.log; on the live machine
 * last `journalctl -u ollama` (Ollama's Linux install runs it as the systemd
 * unit ollama.service), with a 3 s limit. A larger file's last OLLAMALOG_CAP
 * bytes are read, from its first whole line. ret_path (may be NULL)
 * receives where it was found (a path relative to the root, or the
 * journalctl command); raw (may be NULL) the lines the parser reads, for a
 * snapshot. st: ok, unavailable (none found) or malformed. */
int ollamalog_find(const struct rootfs *r, struct ollama_log *ret, char *ret_path, size_t n,
                   struct strbuf *raw, struct probe_status *st);

#endif

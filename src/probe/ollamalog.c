#include "probe/ollamalog.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "util/lines.h"
#include "util/parse.h"
#include "util/sanitize.h"

#define MAX_PAIRS 48

struct kv {
    const char *k, *v;
    size_t kn, vn;
    bool quoted;  /* v still holds Go's escapes (\" and \\) */
    unsigned col; /* of the value, 1-based, in the line */
};

static const char *find(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (memcmp(s + i, lit, k) == 0)
            return s + i;
    return NULL;
}

static bool eq(const char *s, size_t n, const char *lit)
{
    return strlen(lit) == n && memcmp(s, lit, n) == 0;
}

/* Splits the slog part of a line (from "time=") into key=value pairs. */
static size_t split_pairs(const char *line, const char *s, const char *e, struct kv *kv, size_t cap)
{
    size_t n = 0;
    const char *p = s;
    while (p < e && n < cap) {
        while (p < e && *p == ' ')
            p++;
        const char *k = p;
        while (p < e && *p != '=' && *p != ' ')
            p++;
        if (p >= e || *p != '=')
            break; /* not key=value: the rest is not slog's */
        struct kv *x = &kv[n];
        x->k = k;
        x->kn = (size_t)(p - k);
        p++;
        x->col = (unsigned)(p - line) + 1;
        if (p < e && *p == '"') {
            p++;
            x->col++;
            x->v = p;
            while (p < e && *p != '"') {
                if (*p == '\\' && p + 1 < e)
                    p++;
                p++;
            }
            x->vn = (size_t)(p - x->v);
            x->quoted = true;
            if (p < e)
                p++;
        } else {
            x->v = p;
            while (p < e && *p != ' ')
                p++;
            x->vn = (size_t)(p - x->v);
            x->quoted = false;
        }
        n++;
    }
    return n;
}

static const struct kv *get(const struct kv *kv, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (eq(kv[i].k, kv[i].kn, key))
            return &kv[i];
    return NULL;
}

int ollama_size_parse(const char *s, size_t n, uint64_t *ret)
{
    const char *p = s, *e = s + n;
    uint64_t whole, tenths = 0;
    const char *at = p;
    if (parse_u64_dec(&p, e, &whole) < 0 || p == at)
        return -EINVAL;
    if (p == e) { /* a bare byte count */
        *ret = whole;
        return 0;
    }
    if (*p == '.') {
        p++;
        if (p >= e || *p < '0' || *p > '9')
            return -EINVAL;
        tenths = (uint64_t)(*p - '0');
        p++;
        while (p < e && *p >= '0' && *p <= '9')
            p++;
    }
    if (p >= e || *p != ' ')
        return -EINVAL;
    p++;
    static const struct {
        const char *unit;
        uint64_t mul;
    } units[] = {{"B", 1},
                 {"KiB", 1ull << 10},
                 {"MiB", 1ull << 20},
                 {"GiB", 1ull << 30},
                 {"TiB", 1ull << 40}};
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        if (eq(p, (size_t)(e - p), units[i].unit)) {
            uint64_t b, t;
            if (!mul_u64(whole, units[i].mul, &b) || !add_u64(b, tenths * (units[i].mul / 10), &t))
                return -EINVAL;
            *ret = t;
            return 0;
        }
    return -EINVAL;
}

/* "[22.0 GiB 22.0 GiB]": the sum. */
static int size_list_sum(const char *s, size_t n, uint64_t *ret)
{
    if (n < 2 || s[0] != '[' || s[n - 1] != ']')
        return ollama_size_parse(s, n, ret);
    const char *p = s + 1, *e = s + n - 1;
    uint64_t sum = 0;
    while (p < e) {
        /* each item is "NUMBER UNIT" */
        const char *sp = memchr(p, ' ', (size_t)(e - p));
        if (!sp)
            return -EINVAL;
        const char *end = memchr(sp + 1, ' ', (size_t)(e - sp - 1));
        if (!end)
            end = e;
        uint64_t v;
        if (ollama_size_parse(p, (size_t)(end - p), &v) < 0)
            return -EINVAL;
        sum = sat_add_u64(sum, v);
        p = end < e ? end + 1 : e;
    }
    *ret = sum;
    return 0;
}

static int num(const struct kv *x, int64_t lo, int64_t hi, int64_t *ret)
{
    const char *p = x->v, *e = x->v + x->vn;
    int64_t v;
    if (parse_i64_dec(&p, e, &v) < 0 || p != e || v < lo || v > hi)
        return -EINVAL;
    *ret = v;
    return 0;
}

/* "(5.5 GiB) than is available (3.4 GiB)" after `lead` in text. */
static bool two_sizes(const char *s, size_t n, const char *lead, const char *mid, uint64_t *a,
                      uint64_t *b)
{
    const char *f = find(s, n, lead);
    if (!f)
        return false;
    const char *p = f + strlen(lead), *e = s + n;
    const char *close = memchr(p, ')', (size_t)(e - p));
    if (!close || ollama_size_parse(p, (size_t)(close - p), a) < 0)
        return false;
    p = close + 1;
    size_t ml = strlen(mid);
    if ((size_t)(e - p) < ml || memcmp(p, mid, ml) != 0)
        return false;
    p += ml;
    close = memchr(p, ')', (size_t)(e - p));
    return close && ollama_size_parse(p, (size_t)(close - p), b) == 0;
}

/* Options of the runner's command line ("--ctx-size 8192"). */
static bool cmd_opt(const char *s, size_t n, const char *opt, const char **v, size_t *vn)
{
    const char *f = find(s, n, opt);
    if (!f)
        return false;
    const char *p = f + strlen(opt), *e = s + n;
    if (p >= e || *p != ' ')
        return false;
    p++;
    const char *end = memchr(p, ' ', (size_t)(e - p));
    *v = p;
    *vn = (size_t)((end ? end : e) - p);
    return true;
}

static void read_cmd(const struct kv *x, struct ollama_load *ld)
{
    const char *v;
    size_t vn;
    uint64_t u;
    ld->has_cmd = true;
    ld->n_gpu_layers = -1;
    if (cmd_opt(x->v, x->vn, "--ctx-size", &v, &vn)) {
        const char *p = v;
        if (parse_u64_dec(&p, v + vn, &u) == 0 && p == v + vn && u <= UINT32_MAX)
            ld->ctx_size = (uint32_t)u;
    }
    if (cmd_opt(x->v, x->vn, "--parallel", &v, &vn)) {
        const char *p = v;
        if (parse_u64_dec(&p, v + vn, &u) == 0 && p == v + vn && u <= 1024)
            ld->parallel = (uint32_t)u;
    }
    if (cmd_opt(x->v, x->vn, "--n-gpu-layers", &v, &vn)) {
        const char *p = v;
        if (parse_u64_dec(&p, v + vn, &u) == 0 && p == v + vn && u <= 100000)
            ld->n_gpu_layers = (int)u;
    }
    if (cmd_opt(x->v, x->vn, "--model", &v, &vn))
        text_copy_field(ld->model, sizeof(ld->model), v, vn);
}

/* "map[CUDA_VISIBLE_DEVICES: OLLAMA_CONTEXT_LENGTH:4096 ...]" */
static void read_config(const struct kv *x, struct ollama_log *l)
{
    l->has_config = true;
    static const char *const keys[] = {
        "OLLAMA_CONTEXT_LENGTH:", "OLLAMA_NUM_PARALLEL:", "OLLAMA_GPU_OVERHEAD:",
        "OLLAMA_KV_CACHE_TYPE:", "OLLAMA_FLASH_ATTENTION:"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        const char *f = find(x->v, x->vn, keys[i]);
        if (!f || (f > x->v && f[-1] != ' ' && f[-1] != '['))
            continue;
        const char *p = f + strlen(keys[i]), *e = x->v + x->vn;
        const char *end = p;
        while (end < e && *end != ' ' && *end != ']')
            end++;
        uint64_t u;
        const char *q = p;
        bool isnum = parse_u64_dec(&q, end, &u) == 0 && q == end && q > p;
        if (i == 0 && isnum && u <= UINT32_MAX)
            l->env_context_length = (uint32_t)u;
        else if (i == 1 && isnum && u <= UINT32_MAX)
            l->env_num_parallel = (uint32_t)u;
        else if (i == 2 && isnum)
            l->env_gpu_overhead = u;
        else if (i == 3)
            text_copy_field(l->env_kv_cache_type, sizeof(l->env_kv_cache_type), p, (size_t)(end - p));
        else if (i == 4)
            l->env_flash_attention = eq(p, (size_t)(end - p), "true") || eq(p, 1, "1");
    }
}

static int bad(struct diag *d, unsigned line, const struct kv *x, const char *what)
{
    diag_set(d, NULL, line, x->col, "%.*s: expected %s", (int)(x->kn > 40 ? 40 : x->kn), x->k,
             what);
    return -EBADMSG;
}

static int read_offload(const struct kv *kv, size_t n, unsigned line, struct ollama_load *ld,
                        struct diag *d)
{
    ld->has_offload = true;
    const struct kv *x;
    if ((x = get(kv, n, "library")))
        text_copy_field(ld->library, sizeof(ld->library), x->v, x->vn);
    static const struct {
        const char *key;
        size_t off;
    } ints[] = {
        {"layers.requested", offsetof(struct ollama_load, layers_requested)},
        {"layers.model", offsetof(struct ollama_load, layers_model)},
        {"layers.offload", offsetof(struct ollama_load, layers_offload)},
    };
    for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        if (!(x = get(kv, n, ints[i].key)))
            continue;
        int64_t v;
        if (num(x, -1, 1000000, &v) < 0)
            return bad(d, line, x, "a number of layers");
        *(int *)(void *)((char *)ld + ints[i].off) = (int)v;
    }
    static const struct {
        const char *key;
        size_t off;
    } sizes[] = {
        {"memory.available", offsetof(struct ollama_load, gpu_available)},
        {"memory.gpu_overhead", offsetof(struct ollama_load, gpu_overhead)},
        {"memory.required.full", offsetof(struct ollama_load, req_full)},
        {"memory.required.partial", offsetof(struct ollama_load, req_partial)},
        {"memory.required.kv", offsetof(struct ollama_load, req_kv)},
        {"memory.weights.total", offsetof(struct ollama_load, weights_total)},
        {"memory.graph.full", offsetof(struct ollama_load, graph_full)},
        {"memory.graph.partial", offsetof(struct ollama_load, graph_partial)},
        {"projector.weights", offsetof(struct ollama_load, projector_weights)},
        {"projector.graph", offsetof(struct ollama_load, projector_graph)},
    };
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        if (!(x = get(kv, n, sizes[i].key)))
            continue;
        uint64_t *dst = (uint64_t *)(void *)((char *)ld + sizes[i].off);
        if (size_list_sum(x->v, x->vn, dst) < 0)
            return bad(d, line, x, "a size such as \"10.9 GiB\"");
    }
    return 0;
}

static int read_too_large(const struct kv *kv, size_t n, unsigned line, struct ollama_load *ld,
                          struct diag *d)
{
    static const struct {
        const char *key;
        size_t off;
    } sizes[] = {
        {"requested", offsetof(struct ollama_load, tl_requested)},
        {"available", offsetof(struct ollama_load, tl_available)},
        {"total", offsetof(struct ollama_load, tl_total)},
        {"free", offsetof(struct ollama_load, tl_free)},
        {"swap", offsetof(struct ollama_load, tl_swap)},
    };
    for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
        const struct kv *x = get(kv, n, sizes[i].key);
        if (!x)
            continue;
        if (ollama_size_parse(x->v, x->vn, (uint64_t *)(void *)((char *)ld + sizes[i].off)) < 0)
            return bad(d, line, x, "a size such as \"5.5 GiB\"");
    }
    ld->has_too_large = true;
    return 0;
}

static void start_load(struct ollama_log *l, struct ollama_load *cur, bool *open,
                       const struct kv *time)
{
    if (*open) {
        l->last = *cur;
        l->has_load = true;
    }
    memset(cur, 0, sizeof(*cur));
    cur->n_gpu_layers = -1;
    if (time)
        text_copy_field(cur->time, sizeof(cur->time), time->v, time->vn);
    *open = true;
    l->nloads++;
}

int ollamalog_parse(const char *buf, size_t len, struct ollama_log *ret, struct diag *d)
{
    struct ollama_log l;
    struct ollama_load cur;
    bool open = false;
    memset(&l, 0, sizeof(l));
    memset(&cur, 0, sizeof(cur));
    struct lines it;
    lines_init(&it, buf, len);
    const char *s;
    size_t n;
    struct kv kv[MAX_PAIRS];
    while (lines_next(&it, &s, &n)) {
        const char *e = s + n;
        /* the refusal is read wherever it is (the scheduler's line, or the
         * client's "Error: ..." pasted into the same file) */
        uint64_t a, b;
        bool refusal =
            two_sizes(s, n, "model requires more system memory (", " than is available (", &a,
                      &b) ||
            two_sizes(s, n, "requested model (", " is too large for this system (", &a, &b);
        /* before slog (0.5.x and older) the config line was Go's log:
         * "2025/02/20 16:32:58 routes.go:1187: INFO server config env=..." */
        const char *cfg = find(s, n, " INFO server config env=\"");
        if (cfg) {
            struct kv one;
            if (split_pairs(s, cfg + 20, e, &one, 1) == 1)
                read_config(&one, &l);
            continue;
        }
        const char *t = find(s, n, "time=");
        if (!t || (t > s && t[-1] != ' ')) {
            if (refusal && open && !cur.refused) {
                cur.refused = true;
                cur.refused_required = a;
                cur.refused_available = b;
            }
            continue;
        }
        size_t np = split_pairs(s, t, e, kv, MAX_PAIRS);
        const struct kv *msg = get(kv, np, "msg"), *time = get(kv, np, "time");
        if (msg && eq(msg->v, msg->vn, "server config")) {
            const struct kv *env = get(kv, np, "env");
            if (env)
                read_config(env, &l);
        } else if (msg && msg->vn > 13 && memcmp(msg->v, "Listening on ", 13) == 0) {
            const char *f = find(msg->v, msg->vn, "(version ");
            if (f) {
                const char *p = f + 9, *end = memchr(p, ')', (size_t)(msg->v + msg->vn - p));
                if (end)
                    text_copy_field(l.version, sizeof(l.version), p, (size_t)(end - p));
            }
        } else if (msg && eq(msg->v, msg->vn, "system memory")) {
            start_load(&l, &cur, &open, time);
            const struct kv *x;
            static const char *const keys[] = {"total", "free", "free_swap"};
            uint64_t *dst[] = {&cur.sys_total, &cur.sys_free, &cur.sys_free_swap};
            for (size_t i = 0; i < 3; i++)
                if ((x = get(kv, np, keys[i])) && ollama_size_parse(x->v, x->vn, dst[i]) < 0)
                    return bad(d, it.lineno, x, "a size such as \"30.9 GiB\"");
            cur.has_system = true;
        } else if (msg && (eq(msg->v, msg->vn, "offload") ||
                           (msg->vn > 11 && memcmp(msg->v, "offload to ", 11) == 0))) {
            /* a load whose "system memory" line was not logged starts here */
            if (!open || cur.has_offload)
                start_load(&l, &cur, &open, time);
            if (read_offload(kv, np, it.lineno, &cur, d) < 0)
                return -EBADMSG;
            if (!cur.library[0] && msg->vn > 11)
                text_copy_field(cur.library, sizeof(cur.library), msg->v + 11, msg->vn - 11);
        } else if (msg && eq(msg->v, msg->vn, "model request too large for system")) {
            if (!open)
                start_load(&l, &cur, &open, time);
            if (read_too_large(kv, np, it.lineno, &cur, d) < 0)
                return -EBADMSG;
        } else if (msg && eq(msg->v, msg->vn, "starting llama server")) {
            const struct kv *cmd = get(kv, np, "cmd");
            if (!open)
                start_load(&l, &cur, &open, time);
            if (cmd)
                read_cmd(cmd, &cur);
        }
        if (refusal && open && !cur.refused) {
            cur.refused = true;
            cur.refused_required = a;
            cur.refused_available = b;
            /* the scheduler's line names the model ("Load failed" model=...) */
            const struct kv *model = get(kv, np, "model");
            if (model && !model->quoted && !cur.model[0])
                text_copy_field(cur.model, sizeof(cur.model), model->v, model->vn);
        }
    }
    if (open) {
        l.last = cur;
        l.has_load = true;
    }
    *ret = l;
    return 0;
}

bool ollamalog_line_wanted(const char *line, size_t len)
{
    static const char *const marks[] = {
        "msg=\"server config\"",
        "msg=\"Listening on ",
        "msg=\"system memory\"",
        "msg=offload",
        "msg=\"offload to ",
        "msg=\"model request too large",
        "msg=\"starting llama server\"",
        "model requires more system memory (",
        "is too large for this system (",
    };
    for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
        if (find(line, len, marks[i]))
            return true;
    return false;
}

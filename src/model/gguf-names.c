/* The set of names the GGUF parser keeps to find duplicate keys and tensor
 * names: open addressing over indexes into the file's arrays, FNV-1a. */
#include <stdlib.h>
#include <string.h>

#include "model/gguf-internal.h"
#include "util/xalloc.h"

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (uint8_t)s[i]) * 1099511628211ULL;
    return h;
}

size_t gguf_nameset_add(struct gguf_nameset *ns, struct gguf_file *g, struct gguf_name name,
                        uint32_t idx, gguf_name_of get)
{
    if ((ns->n + 1) * 2 > ns->cap) {
        size_t ncap = ns->cap ? ns->cap * 2 : 64;
        uint32_t *ns_slot = xcalloc(ncap, sizeof(uint32_t));
        g->alloc_bytes += ncap * sizeof(uint32_t);
        for (size_t i = 0; i < ns->cap; i++) {
            if (!ns->slot[i])
                continue;
            struct gguf_name old = get(g, ns->slot[i] - 1);
            size_t h = (size_t)fnv1a(old.s, old.n) & (ncap - 1);
            while (ns_slot[h])
                h = (h + 1) & (ncap - 1);
            ns_slot[h] = ns->slot[i];
        }
        free(ns->slot);
        ns->slot = ns_slot;
        ns->cap = ncap;
    }
    size_t h = (size_t)fnv1a(name.s, name.n) & (ns->cap - 1);
    while (ns->slot[h]) {
        struct gguf_name old = get(g, ns->slot[h] - 1);
        if (old.n == name.n && memcmp(old.s, name.s, name.n) == 0)
            return ns->slot[h];
        h = (h + 1) & (ns->cap - 1);
    }
    ns->slot[h] = idx + 1;
    ns->n++;
    return 0;
}

/* ggml compares keys as whole strings (std::string ==), NUL bytes included,
 * but tensor names as C strings (strcmp after ggml_set_name() cut them). */
struct gguf_name gguf_kv_name(const struct gguf_file *g, uint32_t i)
{
    return (struct gguf_name){g->kv[i].key, (size_t)g->kv[i].key_len};
}

struct gguf_name gguf_tensor_name(const struct gguf_file *g, uint32_t i)
{
    return (struct gguf_name){g->tensors[i].name, strlen(g->tensors[i].name)};
}

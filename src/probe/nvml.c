#include "probe/nvml.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util/parse.h"

/* The few NVML entry points used (nvml.h, stable ABI since CUDA 7):
 * int results, 0 = NVML_SUCCESS. */
struct nvml_memory {
    unsigned long long total, free, used;
};
typedef int (*nvml_init_fn)(void);
typedef int (*nvml_count_fn)(unsigned *);
typedef int (*nvml_handle_fn)(unsigned, void **);
typedef int (*nvml_mem_fn)(void *, struct nvml_memory *);
typedef int (*nvml_name_fn)(void *, char *, unsigned);
typedef int (*nvml_driver_fn)(char *, unsigned);
typedef int (*nvml_cuda_fn)(int *);

int nvml_query(struct nvml_info *ret)
{
    void *h = dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return -ENOENT;
    nvml_init_fn init = (nvml_init_fn)dlsym(h, "nvmlInit_v2");
    nvml_init_fn shutdown = (nvml_init_fn)dlsym(h, "nvmlShutdown");
    nvml_count_fn count = (nvml_count_fn)dlsym(h, "nvmlDeviceGetCount_v2");
    nvml_handle_fn handle = (nvml_handle_fn)dlsym(h, "nvmlDeviceGetHandleByIndex_v2");
    nvml_mem_fn mem = (nvml_mem_fn)dlsym(h, "nvmlDeviceGetMemoryInfo");
    nvml_name_fn name = (nvml_name_fn)dlsym(h, "nvmlDeviceGetName");
    nvml_driver_fn driver = (nvml_driver_fn)dlsym(h, "nvmlSystemGetDriverVersion");
    /* nvmlSystemGetCudaDriverVersion_v2 and the plain one return the same
     * figure (major * 1000 + minor * 10); NVML has had both since 418 */
    nvml_cuda_fn cuda = (nvml_cuda_fn)dlsym(h, "nvmlSystemGetCudaDriverVersion_v2");
    if (!cuda)
        cuda = (nvml_cuda_fn)dlsym(h, "nvmlSystemGetCudaDriverVersion");
    if (!init || !shutdown || !count || !handle || !mem) {
        dlclose(h);
        return -ENOENT;
    }
    struct nvml_info n;
    memset(&n, 0, sizeof(n));
    int e = -ENODEV;
    unsigned c = 0;
    if (init() == 0) {
        if (count(&c) == 0 && c > 0) {
            if (driver && driver(n.driver, sizeof(n.driver)) != 0)
                n.driver[0] = '\0';
            n.driver[sizeof(n.driver) - 1] = '\0';
            int cv = 0;
            if (cuda && cuda(&cv) == 0 && cv >= 1000 && cv < 100000) {
                n.cuda_major = (unsigned)cv / 1000;
                n.cuda_minor = ((unsigned)cv % 1000) / 10;
            }
            for (unsigned i = 0; i < c && n.n < NVML_MAX_GPUS; i++) {
                void *dev;
                struct nvml_memory m;
                if (handle(i, &dev) != 0 || mem(dev, &m) != 0)
                    continue;
                struct nvml_gpu *g = &n.gpu[n.n++];
                g->total = m.total;
                g->free = m.free;
                g->used = m.used;
                if (!name || name(dev, g->name, sizeof(g->name)) != 0)
                    snprintf(g->name, sizeof(g->name), "GPU %u", i);
                g->name[sizeof(g->name) - 1] = '\0';
            }
            if (n.n)
                e = 0;
        }
        shutdown();
    }
    dlclose(h);
    if (e == 0)
        *ret = n;
    return e;
}

/* driver 566.14
 * cuda 12.7
 * gpu 0 total 8585740288 free 7431389184 used 1154351104 name NVIDIA GeForce RTX 4060 */
int nvml_parse(const char *buf, size_t len, struct nvml_info *ret, struct diag *d)
{
    struct nvml_info n;
    memset(&n, 0, sizeof(n));
    const char *p = buf, *end = buf + len;
    unsigned line = 0;
    while (p < end) {
        line++;
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *q = p;
#define BAD(msg)                                                                                   \
    do {                                                                                           \
        diag_set(d, NULL, line, (unsigned)(q - p) + 1, "%s", msg);                                 \
        return -EBADMSG;                                                                           \
    } while (0)
        if (eol - p >= 7 && memcmp(p, "driver ", 7) == 0) {
            size_t k = (size_t)(eol - p - 7);
            if (k >= sizeof(n.driver))
                BAD("driver version too long");
            memcpy(n.driver, p + 7, k);
            n.driver[k] = '\0';
        } else if (eol - p >= 5 && memcmp(p, "cuda ", 5) == 0) {
            q = p + 5;
            uint64_t maj, min;
            if (parse_u64_dec(&q, eol, &maj) < 0 || maj == 0 || maj > 99 || q >= eol || *q != '.')
                BAD("expected the CUDA version as MAJOR.MINOR");
            q++;
            if (parse_u64_dec(&q, eol, &min) < 0 || min > 99 || q != eol)
                BAD("expected the CUDA version as MAJOR.MINOR");
            n.cuda_major = (unsigned)maj;
            n.cuda_minor = (unsigned)min;
        } else if (eol - p >= 4 && memcmp(p, "gpu ", 4) == 0) {
            q = p + 4;
            uint64_t idx, v[3];
            static const char *const keys[3] = {" total ", " free ", " used "};
            if (parse_u64_dec(&q, eol, &idx) < 0)
                BAD("expected the GPU's index");
            for (int i = 0; i < 3; i++) {
                size_t kl = strlen(keys[i]);
                if ((size_t)(eol - q) < kl || memcmp(q, keys[i], kl) != 0)
                    BAD("expected total, free and used");
                q += kl;
                if (parse_u64_dec(&q, eol, &v[i]) < 0)
                    BAD("expected a byte count");
            }
            if (v[1] > v[0] || v[2] > v[0])
                BAD("free or used is above total");
            if ((size_t)(eol - q) < 6 || memcmp(q, " name ", 6) != 0)
                BAD("expected the GPU's name");
            q += 6;
            if (n.n < NVML_MAX_GPUS) {
                struct nvml_gpu *g = &n.gpu[n.n++];
                g->total = v[0];
                g->free = v[1];
                g->used = v[2];
                size_t k = (size_t)(eol - q);
                if (k >= sizeof(g->name))
                    k = sizeof(g->name) - 1;
                memcpy(g->name, q, k);
                g->name[k] = '\0';
            }
        } else if (eol != p) {
            BAD("expected 'driver', 'cuda' or 'gpu'");
        }
#undef BAD
        p = eol < end ? eol + 1 : end;
    }
    *ret = n;
    return 0;
}

void nvml_format(const struct nvml_info *n, struct strbuf *out)
{
    if (n->driver[0])
        strbuf_addf(out, "driver %s\n", n->driver);
    if (n->cuda_major)
        strbuf_addf(out, "cuda %u.%u\n", n->cuda_major, n->cuda_minor);
    for (unsigned i = 0; i < n->n; i++) {
        char name[sizeof(n->gpu[i].name)];
        size_t k = 0;
        for (const char *c = n->gpu[i].name; *c && k + 1 < sizeof(name); c++)
            name[k++] = (*c == '\n' || *c == '\r') ? ' ' : *c;
        name[k] = '\0';
        strbuf_addf(out, "gpu %u total %llu free %llu used %llu name %s\n", i,
                    (unsigned long long)n->gpu[i].total, (unsigned long long)n->gpu[i].free,
                    (unsigned long long)n->gpu[i].used, name);
    }
}

static int parse_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return nvml_parse(buf, len, ret, d);
}

int nvml_read(const struct rootfs *r, struct nvml_info *ret, struct probe_status *st)
{
    memset(ret, 0, sizeof(*ret));
    if (!r->live)
        return probe_load(r, NVML_SNAPSHOT_PATH, PROBE_CAP_SMALL, parse_cb, ret, st);
    memset(st, 0, sizeof(*st));
    st->path = "libnvidia-ml.so.1";
    int e = nvml_query(ret);
    if (e < 0) {
        st->state = PROBE_UNAVAILABLE;
        st->error = e;
        return e;
    }
    probe_set_ok(st);
    return 0;
}

uint64_t nvml_total_free(const struct nvml_info *n)
{
    uint64_t s = 0;
    for (unsigned i = 0; i < n->n; i++)
        s = sat_add_u64(s, n->gpu[i].free);
    return s;
}

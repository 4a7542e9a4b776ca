/* GPU memory per process: the data behind Task Manager's "Dedicated GPU
 * memory" column. Read through PDH from the "GPU Process Memory" counter
 * set (Dedicated Usage, Shared Usage), whose instances are named
 * "pid_1234_luid_0x00000000_0x0000D1E5_phys_0" (one per process, adapter and
 * segment group: summed per PID here), and "GPU Adapter Memory" for the
 * adapters' use. The counter sets come with WDDM 2.x drivers (Windows 10
 * 1709 and later); where they are missing (Wine, old drivers) PDH says so
 * and the keys are null with the reason. NVML cannot give this on Windows:
 * under WDDM it reports no per-process use (XuehaiPan/nvitop#55).
 *
 *   "gpu_processes": [{"pid": 1234, "name": "msedge", "dedicated": N,
 *                      "shared": N}, ...]   (largest dedicated first, at
 *                      most GPU_TOP entries)
 *   "gpu_dedicated_used": N                 (all adapters, bytes) */
#include <pdh.h>
#include <pdhmsg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "helper.h"

#define GPU_TOP 20

struct gpu_use {
    unsigned long pid;
    uint64_t dedicated, shared;
};

/* "pid_1234_luid_..." -> 1234; 0 when the name is not of that form. */
static unsigned long instance_pid(const wchar_t *name)
{
    if (wcsncmp(name, L"pid_", 4) != 0)
        return 0;
    unsigned long pid = 0;
    for (const wchar_t *p = name + 4; *p >= L'0' && *p <= L'9'; p++) {
        if (pid > 0xFFFFFFFFul / 10)
            return 0;
        pid = pid * 10 + (unsigned long)(*p - L'0');
    }
    return pid;
}

static void pdh_why(const char *what, PDH_STATUS st, char *out, size_t n)
{
    if (st == (PDH_STATUS)PDH_CSTATUS_NO_OBJECT || st == (PDH_STATUS)PDH_CSTATUS_NO_COUNTER)
        snprintf(out, n,
                 "%s: no such counter set (0x%08lX): no WDDM 2.x GPU driver, or not Windows", what,
                 (unsigned long)st);
    else
        snprintf(out, n, "%s: PDH error 0x%08lX", what, (unsigned long)st);
}

/* The counter array of one counter (after a collection). Returns the array
 * (free it) and its length, or NULL with why. */
static PDH_FMT_COUNTERVALUE_ITEM_W *values(PDH_HCOUNTER c, DWORD *ret_n, char *why, size_t wn)
{
    DWORD bytes = 0, n = 0;
    PDH_STATUS st = PdhGetFormattedCounterArrayW(c, PDH_FMT_LARGE, &bytes, &n, NULL);
    if (st != (PDH_STATUS)PDH_MORE_DATA) {
        if (st == ERROR_SUCCESS) { /* no instance at all */
            *ret_n = 0;
            return calloc(1, sizeof(PDH_FMT_COUNTERVALUE_ITEM_W));
        }
        pdh_why("PdhGetFormattedCounterArray", st, why, wn);
        return NULL;
    }
    PDH_FMT_COUNTERVALUE_ITEM_W *items = malloc(bytes ? bytes : 1);
    if (!items) {
        snprintf(why, wn, "out of memory");
        return NULL;
    }
    st = PdhGetFormattedCounterArrayW(c, PDH_FMT_LARGE, &bytes, &n, items);
    if (st != ERROR_SUCCESS) {
        free(items);
        pdh_why("PdhGetFormattedCounterArray", st, why, wn);
        return NULL;
    }
    *ret_n = n;
    return items;
}

static int by_dedicated_desc(const void *a, const void *b)
{
    const struct gpu_use *x = a, *y = b;
    if (x->dedicated != y->dedicated)
        return x->dedicated < y->dedicated ? 1 : -1;
    return x->pid < y->pid ? -1 : x->pid > y->pid;
}

static struct gpu_use *find_or_add(struct gpu_use **v, size_t *n, size_t *cap, unsigned long pid)
{
    for (size_t i = 0; i < *n; i++)
        if ((*v)[i].pid == pid)
            return &(*v)[i];
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        struct gpu_use *g = realloc(*v, nc * sizeof(**v));
        if (!g)
            return NULL;
        *v = g;
        *cap = nc;
    }
    struct gpu_use *u = &(*v)[(*n)++];
    u->pid = pid;
    u->dedicated = u->shared = 0;
    return u;
}

void emit_gpu_memory(struct json *w, const struct procs *ps)
{
    char why[200];
    PDH_HQUERY q;
    PDH_STATUS st = PdhOpenQueryW(NULL, 0, &q);
    if (st != ERROR_SUCCESS) {
        pdh_why("PdhOpenQuery", st, why, sizeof(why));
        out_null_why(w, "gpu_processes", why);
        out_null_why(w, "gpu_dedicated_used", why);
        return;
    }
    PDH_HCOUNTER ded, shr, adapter;
    PDH_STATUS ast =
        PdhAddEnglishCounterW(q, L"\\GPU Adapter Memory(*)\\Dedicated Usage", 0, &adapter);
    bool have_adapter = ast == ERROR_SUCCESS;
    char awhy[200] = "";
    if (!have_adapter)
        pdh_why("PdhAddEnglishCounter(\\GPU Adapter Memory(*))", ast, awhy, sizeof(awhy));
    st = PdhAddEnglishCounterW(q, L"\\GPU Process Memory(*)\\Dedicated Usage", 0, &ded);
    if (st == ERROR_SUCCESS)
        st = PdhAddEnglishCounterW(q, L"\\GPU Process Memory(*)\\Shared Usage", 0, &shr);
    if (st != ERROR_SUCCESS) {
        pdh_why("PdhAddEnglishCounter(\\GPU Process Memory(*))", st, why, sizeof(why));
        out_null_why(w, "gpu_processes", why);
        if (!have_adapter)
            out_null_why(w, "gpu_dedicated_used", awhy);
    }
    bool have_procs = st == ERROR_SUCCESS;
    if (!have_procs && !have_adapter) {
        PdhCloseQuery(q);
        return;
    }
    st = PdhCollectQueryData(q);
    if (st != ERROR_SUCCESS) {
        pdh_why("PdhCollectQueryData", st, why, sizeof(why));
        if (have_procs)
            out_null_why(w, "gpu_processes", why);
        out_null_why(w, "gpu_dedicated_used", why);
        PdhCloseQuery(q);
        return;
    }

    if (have_procs) {
        DWORD nd = 0, ns = 0;
        PDH_FMT_COUNTERVALUE_ITEM_W *d = values(ded, &nd, why, sizeof(why));
        PDH_FMT_COUNTERVALUE_ITEM_W *s = d ? values(shr, &ns, why, sizeof(why)) : NULL;
        struct gpu_use *use = NULL;
        size_t n = 0, cap = 0;
        bool oom = false;
        for (DWORD i = 0; d && s && i < nd + ns && !oom; i++) {
            const PDH_FMT_COUNTERVALUE_ITEM_W *it = i < nd ? &d[i] : &s[i - nd];
            unsigned long pid = instance_pid(it->szName);
            if (!pid || it->FmtValue.CStatus != ERROR_SUCCESS || it->FmtValue.largeValue < 0)
                continue;
            struct gpu_use *u = find_or_add(&use, &n, &cap, pid);
            if (!u) {
                oom = true;
                break;
            }
            if (i < nd)
                u->dedicated += (uint64_t)it->FmtValue.largeValue;
            else
                u->shared += (uint64_t)it->FmtValue.largeValue;
        }
        if (!d || !s || oom) {
            out_null_why(w, "gpu_processes", oom ? "out of memory" : why);
        } else {
            if (n)
                qsort(use, n, sizeof(*use), by_dedicated_desc);
            json_key(w, "gpu_processes");
            json_arr_begin(w);
            for (size_t i = 0; i < n && i < GPU_TOP; i++) {
                if (use[i].dedicated == 0 && use[i].shared == 0)
                    continue;
                const struct proc *p = procs_find_pid(ps, use[i].pid);
                json_obj_begin(w);
                json_kv_u64(w, "pid", use[i].pid);
                if (p)
                    json_kv_str(w, "name", p->name);
                else
                    out_null_why(w, "name", "exited, or not in the process list");
                json_kv_u64(w, "dedicated", use[i].dedicated);
                json_kv_u64(w, "shared", use[i].shared);
                json_obj_end(w);
            }
            json_arr_end(w);
        }
        free(use);
        free(d);
        free(s);
    }
    if (have_adapter) {
        DWORD na = 0;
        PDH_FMT_COUNTERVALUE_ITEM_W *a = values(adapter, &na, why, sizeof(why));
        if (!a) {
            out_null_why(w, "gpu_dedicated_used", why);
        } else {
            uint64_t sum = 0;
            for (DWORD i = 0; i < na; i++)
                if (a[i].FmtValue.CStatus == ERROR_SUCCESS && a[i].FmtValue.largeValue > 0)
                    sum += (uint64_t)a[i].FmtValue.largeValue;
            json_kv_u64(w, "gpu_dedicated_used", sum);
            free(a);
        }
    }
    PdhCloseQuery(q);
}

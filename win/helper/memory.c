/* Memory: the host's totals, and the working set of every process. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
/* after windows.h */
#include <psapi.h>
#include <tlhelp32.h>
#include <winternl.h>

#include "helper.h"

#ifndef STATUS_INFO_LENGTH_MISMATCH
#define STATUS_INFO_LENGTH_MISMATCH ((LONG)0xC0000004L)
#endif
#define SYSTEM_PROCESS_INFORMATION_CLASS 5

void emit_memory(struct json *w)
{
    json_key(w, "memory");
    json_obj_begin(w);
    MEMORYSTATUSEX ms;
    memset(&ms, 0, sizeof(ms));
    ms.dwLength = sizeof(ms);
    if (GlobalMemoryStatusEx(&ms)) {
        json_kv_u64(w, "total", ms.ullTotalPhys);
        json_kv_u64(w, "available", ms.ullAvailPhys);
    } else {
        DWORD e = GetLastError();
        out_null_win32(w, "total", "GlobalMemoryStatusEx", e);
        out_null_win32(w, "available", "GlobalMemoryStatusEx", e);
    }
    PERFORMANCE_INFORMATION pi;
    memset(&pi, 0, sizeof(pi));
    pi.cb = sizeof(pi);
    if (GetPerformanceInfo(&pi, sizeof(pi))) {
        uint64_t pg = pi.PageSize;
        json_kv_u64(w, "commit_total", (uint64_t)pi.CommitTotal * pg);
        json_kv_u64(w, "commit_limit", (uint64_t)pi.CommitLimit * pg);
        json_kv_u64(w, "nonpaged_pool", (uint64_t)pi.KernelNonpaged * pg);
        json_kv_u64(w, "paged_pool", (uint64_t)pi.KernelPaged * pg);
    } else {
        DWORD e = GetLastError();
        out_null_win32(w, "commit_total", "GetPerformanceInfo", e);
        out_null_win32(w, "commit_limit", "GetPerformanceInfo", e);
        out_null_win32(w, "nonpaged_pool", "GetPerformanceInfo", e);
        out_null_win32(w, "paged_pool", "GetPerformanceInfo", e);
    }
    json_obj_end(w);
}

static void add_proc(struct procs *ps, size_t *alloc, const struct proc *p)
{
    if (ps->n == *alloc) {
        size_t na = *alloc ? *alloc * 2 : 256;
        struct proc *np = realloc(ps->p, na * sizeof(*np));
        if (!np)
            return;
        ps->p = np;
        *alloc = na;
    }
    ps->p[ps->n++] = *p;
}

/* "msedge.exe" -> "msedge", as Get-Process names it */
static void set_name(struct proc *p, const wchar_t *s, size_t len)
{
    wide_to_utf8(s, len, p->name, sizeof(p->name));
    size_t n = strlen(p->name);
    if (n > 4 && _stricmp(p->name + n - 4, ".exe") == 0)
        p->name[n - 4] = '\0';
}

typedef LONG(NTAPI *nqsi_fn)(ULONG, PVOID, ULONG, PULONG);

static bool collect_nt(struct procs *ps)
{
    nqsi_fn q =
        (nqsi_fn)(void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtQuerySystemInformation");
    if (!q)
        return false;
    ULONG size = 512 * 1024, need = 0;
    char *buf = NULL;
    LONG st;
    for (int tries = 0; tries < 8; tries++) {
        free(buf);
        buf = malloc(size);
        if (!buf)
            return false;
        st = q(SYSTEM_PROCESS_INFORMATION_CLASS, buf, size, &need);
        if (st != STATUS_INFO_LENGTH_MISMATCH)
            break;
        size = (need > size ? need : size * 2) + 64 * 1024;
    }
    if (st < 0) {
        free(buf);
        return false;
    }
    size_t alloc = 0;
    ULONG off = 0;
    for (;;) {
        const SYSTEM_PROCESS_INFORMATION *e = (const SYSTEM_PROCESS_INFORMATION *)(buf + off);
        struct proc p;
        memset(&p, 0, sizeof(p));
        p.pid = (unsigned long)(ULONG_PTR)e->UniqueProcessId;
        if (p.pid != 0) {
            if (e->ImageName.Buffer)
                set_name(&p, e->ImageName.Buffer, e->ImageName.Length / sizeof(wchar_t));
            p.mem_ok = true;
            p.working_set = e->VirtualMemoryCounters.WorkingSetSize;
            p.private_bytes =
                e->PrivatePageCount ? e->PrivatePageCount : e->VirtualMemoryCounters.PagefileUsage;
            add_proc(ps, &alloc, &p);
        }
        if (e->NextEntryOffset == 0 || off + e->NextEntryOffset >= size)
            break;
        off += e->NextEntryOffset;
    }
    free(buf);
    return true;
}

static bool collect_toolhelp(struct procs *ps)
{
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    if (snap == INVALID_HANDLE_VALUE) {
        ps->err = GetLastError();
        ps->what = "CreateToolhelp32Snapshot";
        return false;
    }
    PROCESSENTRY32W pe;
    pe.dwSize = sizeof(pe);
    size_t alloc = 0;
    for (BOOL more = Process32FirstW(snap, &pe); more; more = Process32NextW(snap, &pe)) {
        struct proc p;
        memset(&p, 0, sizeof(p));
        p.pid = pe.th32ProcessID;
        if (p.pid == 0)
            continue;
        set_name(&p, pe.szExeFile, wcslen(pe.szExeFile));
        HANDLE h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_READ, FALSE, p.pid);
        if (!h)
            h = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, p.pid);
        PROCESS_MEMORY_COUNTERS_EX mc;
        memset(&mc, 0, sizeof(mc));
        if (!h) {
            p.mem_err = GetLastError();
        } else if (GetProcessMemoryInfo(h, (PROCESS_MEMORY_COUNTERS *)&mc, sizeof(mc))) {
            p.mem_ok = true;
            p.working_set = mc.WorkingSetSize;
            p.private_bytes = mc.PrivateUsage;
        } else {
            p.mem_err = GetLastError();
        }
        if (h)
            CloseHandle(h);
        add_proc(ps, &alloc, &p);
    }
    CloseHandle(snap);
    return true;
}

void procs_collect(struct procs *ps)
{
    memset(ps, 0, sizeof(*ps));
    if (collect_nt(ps)) {
        ps->ok = true;
        return;
    }
    procs_free(ps);
    ps->ok = collect_toolhelp(ps);
}

void procs_free(struct procs *ps)
{
    free(ps->p);
    ps->p = NULL;
    ps->n = 0;
}

const struct proc *procs_find_pid(const struct procs *ps, unsigned long pid)
{
    for (size_t i = 0; i < ps->n; i++)
        if (ps->p[i].pid == pid)
            return &ps->p[i];
    return NULL;
}

static void emit_proc_mem(struct json *w, const struct proc *p)
{
    if (p->mem_ok) {
        json_kv_u64(w, "working_set", p->working_set);
        json_kv_u64(w, "private_bytes", p->private_bytes);
    } else {
        out_null_win32(w, "working_set", "OpenProcess/GetProcessMemoryInfo", p->mem_err);
        out_null_win32(w, "private_bytes", "OpenProcess/GetProcessMemoryInfo", p->mem_err);
    }
}

/* The processes named in `names` (case-insensitive), summed: count, working
 * set, private bytes. A process whose memory could not be read is counted
 * in "unreadable" and left out of the sums. */
static void emit_group(struct json *w, const struct procs *ps, const char *label,
                       const char *const *names)
{
    unsigned count = 0, unreadable = 0;
    uint64_t ws = 0, priv = 0;
    for (size_t i = 0; i < ps->n; i++) {
        const struct proc *p = &ps->p[i];
        bool hit = false;
        for (size_t k = 0; names[k] && !hit; k++)
            hit = _stricmp(p->name, names[k]) == 0;
        if (!hit)
            continue;
        count++;
        if (p->mem_ok) {
            ws += p->working_set;
            priv += p->private_bytes;
        } else {
            unreadable++;
        }
    }
    json_obj_begin(w);
    json_kv_str(w, "name", label);
    json_kv_u64(w, "processes", count);
    json_kv_u64(w, "unreadable", unreadable);
    json_kv_u64(w, "working_set", ws);
    json_kv_u64(w, "private_bytes", priv);
    json_obj_end(w);
}

static int by_ws_desc(const void *a, const void *b)
{
    const struct proc *x = *(const struct proc *const *)a, *y = *(const struct proc *const *)b;
    uint64_t wx = x->mem_ok ? x->working_set : 0, wy = y->mem_ok ? y->working_set : 0;
    if (wx != wy)
        return wx < wy ? 1 : -1;
    return x->pid < y->pid ? -1 : x->pid > y->pid;
}

#define TOP_PROCESSES 15

void emit_processes(struct json *w, const struct procs *ps)
{
    if (!ps->ok) {
        const char *what = ps->what ? ps->what : "NtQuerySystemInformation";
        out_null_win32(w, "process_count", what, ps->err);
        out_null_win32(w, "vmmem", what, ps->err);
        out_null_win32(w, "browsers", what, ps->err);
        out_null_win32(w, "widgets", what, ps->err);
        out_null_win32(w, "top_processes", what, ps->err);
        return;
    }
    json_kv_u64(w, "process_count", ps->n);

    /* The WSL VM: vmmemWSL on Windows 11, vmmem before (or for other VMs). */
    const struct proc *vm = NULL;
    for (size_t i = 0; i < ps->n && !vm; i++)
        if (_stricmp(ps->p[i].name, "vmmemWSL") == 0)
            vm = &ps->p[i];
    for (size_t i = 0; i < ps->n && !vm; i++)
        if (_stricmp(ps->p[i].name, "vmmem") == 0)
            vm = &ps->p[i];
    if (vm) {
        json_key(w, "vmmem");
        json_obj_begin(w);
        json_kv_str(w, "name", vm->name);
        json_kv_u64(w, "pid", vm->pid);
        emit_proc_mem(w, vm);
        json_obj_end(w);
    } else {
        out_null_why(w, "vmmem", "no vmmemWSL or vmmem process: the WSL VM is not running");
    }

    static const char *const edge[] = {"msedge", NULL}, *const chrome[] = {"chrome", NULL},
                             *const firefox[] = {"firefox", NULL},
                             *const widgets[] = {"Widgets", "WidgetService", NULL};
    json_key(w, "browsers");
    json_arr_begin(w);
    emit_group(w, ps, "msedge", edge);
    emit_group(w, ps, "chrome", chrome);
    emit_group(w, ps, "firefox", firefox);
    json_arr_end(w);
    json_key(w, "widgets");
    emit_group(w, ps, "widgets", widgets);

    const struct proc **sorted = malloc((ps->n ? ps->n : 1) * sizeof(*sorted));
    if (!sorted) {
        out_null_why(w, "top_processes", "out of memory");
        return;
    }
    for (size_t i = 0; i < ps->n; i++)
        sorted[i] = &ps->p[i];
    qsort(sorted, ps->n, sizeof(*sorted), by_ws_desc);
    json_key(w, "top_processes");
    json_arr_begin(w);
    for (size_t i = 0; i < ps->n && i < TOP_PROCESSES; i++) {
        json_obj_begin(w);
        json_kv_str(w, "name", sorted[i]->name);
        json_kv_u64(w, "pid", sorted[i]->pid);
        emit_proc_mem(w, sorted[i]);
        json_obj_end(w);
    }
    json_arr_end(w);
    free(sorted);
}

/* Services (all Win32 services: name, display name, state, start type,
 * delayed start, hosting process and its working set) and the Ndu driver. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "helper.h"

const char *svc_state_name(DWORD s);
const char *svc_start_name(DWORD t);

const char *svc_state_name(DWORD s)
{
    switch (s) {
    case SERVICE_STOPPED:
        return "stopped";
    case SERVICE_START_PENDING:
        return "start_pending";
    case SERVICE_STOP_PENDING:
        return "stop_pending";
    case SERVICE_RUNNING:
        return "running";
    case SERVICE_CONTINUE_PENDING:
        return "continue_pending";
    case SERVICE_PAUSE_PENDING:
        return "pause_pending";
    case SERVICE_PAUSED:
        return "paused";
    }
    return NULL;
}

const char *svc_start_name(DWORD t)
{
    switch (t) {
    case SERVICE_BOOT_START:
        return "boot";
    case SERVICE_SYSTEM_START:
        return "system";
    case SERVICE_AUTO_START:
        return "automatic";
    case SERVICE_DEMAND_START:
        return "manual";
    case SERVICE_DISABLED:
        return "disabled";
    }
    return NULL;
}

static int by_name(const void *a, const void *b)
{
    const ENUM_SERVICE_STATUS_PROCESSW *x = a, *y = b;
    return _wcsicmp(x->lpServiceName, y->lpServiceName);
}

static void emit_config(struct json *w, SC_HANDLE scm, const wchar_t *name)
{
    SC_HANDLE h = OpenServiceW(scm, name, SERVICE_QUERY_CONFIG);
    if (!h) {
        DWORD e = GetLastError();
        out_null_win32(w, "start_type", "OpenService", e);
        out_null_win32(w, "delayed_auto_start", "OpenService", e);
        return;
    }
    DWORD need = 0;
    QueryServiceConfigW(h, NULL, 0, &need);
    QUERY_SERVICE_CONFIGW *cfg = need ? malloc(need) : NULL;
    if (cfg && QueryServiceConfigW(h, cfg, need, &need)) {
        const char *t = svc_start_name(cfg->dwStartType);
        if (t)
            json_kv_str(w, "start_type", t);
        else {
            char why[64];
            snprintf(why, sizeof(why), "unknown start type %lu", (unsigned long)cfg->dwStartType);
            out_null_why(w, "start_type", why);
        }
    } else {
        out_null_win32(w, "start_type", "QueryServiceConfig", GetLastError());
    }
    free(cfg);
    SERVICE_DELAYED_AUTO_START_INFO d;
    memset(&d, 0, sizeof(d));
    if (QueryServiceConfig2W(h, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, (BYTE *)&d, sizeof(d),
                             &need))
        json_kv_bool(w, "delayed_auto_start", d.fDelayedAutostart != FALSE);
    else
        out_null_win32(w, "delayed_auto_start", "QueryServiceConfig2", GetLastError());
    CloseServiceHandle(h);
}

void emit_services(struct json *w, const struct procs *ps)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE);
    if (!scm) {
        out_null_win32(w, "services", "OpenSCManager", GetLastError());
        return;
    }
    BYTE *buf = NULL;
    DWORD size = 0, need = 0, count = 0, resume = 0;
    ENUM_SERVICE_STATUS_PROCESSW *all = NULL;
    size_t n = 0, alloc = 0;
    DWORD err = 0;
    for (;;) {
        BOOL ok = EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_STATE_ALL,
                                        buf, size, &need, &count, &resume, NULL);
        DWORD e = ok ? 0 : GetLastError();
        if (!ok && e != ERROR_MORE_DATA) {
            err = e;
            break;
        }
        /* keep what this call returned; names point into buf, so copy */
        for (DWORD i = 0; i < count; i++) {
            if (n == alloc) {
                size_t na = alloc ? alloc * 2 : 512;
                void *np = realloc(all, na * sizeof(*all));
                if (!np) {
                    err = ERROR_NOT_ENOUGH_MEMORY;
                    break;
                }
                all = np;
                alloc = na;
            }
            ENUM_SERVICE_STATUS_PROCESSW s = ((ENUM_SERVICE_STATUS_PROCESSW *)buf)[i];
            s.lpServiceName = _wcsdup(s.lpServiceName ? s.lpServiceName : L"");
            s.lpDisplayName = _wcsdup(s.lpDisplayName ? s.lpDisplayName : L"");
            all[n++] = s;
        }
        if (ok || err)
            break;
        /* ERROR_MORE_DATA: grow to what it asked for and go on from `resume` */
        size = need > size ? need + 4096 : size * 2 + 4096;
        BYTE *nb = realloc(buf, size);
        if (!nb) {
            err = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        buf = nb;
        count = 0;
    }
    free(buf);
    if (err) {
        out_null_win32(w, "services", "EnumServicesStatusEx", err);
    } else {
        qsort(all, n, sizeof(*all), by_name);
        json_key(w, "services");
        json_arr_begin(w);
        for (size_t i = 0; i < n; i++) {
            const ENUM_SERVICE_STATUS_PROCESSW *s = &all[i];
            const SERVICE_STATUS_PROCESS *st = &s->ServiceStatusProcess;
            json_obj_begin(w);
            out_kv_wstr(w, "name", s->lpServiceName);
            out_kv_wstr(w, "display_name", s->lpDisplayName);
            const char *sn = svc_state_name(st->dwCurrentState);
            if (sn)
                json_kv_str(w, "state", sn);
            else
                out_null_why(w, "state", "unknown service state");
            emit_config(w, scm, s->lpServiceName);
            if (st->dwProcessId == 0) {
                out_null_why(w, "pid", "not running");
                json_kv_u64(w, "process_services", 0);
                out_null_why(w, "working_set", "not running");
            } else {
                unsigned shared = 0;
                for (size_t k = 0; k < n; k++)
                    shared += all[k].ServiceStatusProcess.dwProcessId == st->dwProcessId;
                json_kv_u64(w, "pid", st->dwProcessId);
                json_kv_u64(w, "process_services", shared);
                const struct proc *p = procs_find_pid(ps, st->dwProcessId);
                if (!ps->ok)
                    out_null_win32(w, "working_set", ps->what ? ps->what : "process list", ps->err);
                else if (!p)
                    out_null_why(w, "working_set", "process not in the process list");
                else if (!p->mem_ok)
                    out_null_win32(w, "working_set", "OpenProcess/GetProcessMemoryInfo",
                                   p->mem_err);
                else
                    json_kv_u64(w, "working_set", p->working_set);
            }
            json_obj_end(w);
        }
        json_arr_end(w);
    }
    for (size_t i = 0; i < n; i++) {
        free(all[i].lpServiceName);
        free(all[i].lpDisplayName);
    }
    free(all);
    CloseServiceHandle(scm);
}

/* Ndu is a kernel driver (Get-Service does not list it): its Start value
 * is read from the registry, its state from the service manager. */
void emit_ndu(struct json *w)
{
    json_key(w, "ndu");
    json_obj_begin(w);
    DWORD v = 0, sz = sizeof(v);
    LSTATUS r = RegGetValueW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\Ndu",
                             L"Start", RRF_RT_REG_DWORD, NULL, &v, &sz);
    if (r == ERROR_SUCCESS)
        json_kv_u64(w, "start", v);
    else if (r == ERROR_FILE_NOT_FOUND)
        out_null_why(w, "start",
                     "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Ndu\\Start is not "
                     "present (no Ndu driver on this system)");
    else
        out_null_win32(w, "start", "RegGetValue Services\\Ndu\\Start", (unsigned long)r);

    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    SC_HANDLE h = scm ? OpenServiceW(scm, L"Ndu", SERVICE_QUERY_STATUS) : NULL;
    SERVICE_STATUS ss;
    if (!scm)
        out_null_win32(w, "state", "OpenSCManager", GetLastError());
    else if (!h)
        out_null_win32(w, "state", "OpenService Ndu", GetLastError());
    else if (!QueryServiceStatus(h, &ss))
        out_null_win32(w, "state", "QueryServiceStatus Ndu", GetLastError());
    else if (svc_state_name(ss.dwCurrentState))
        json_kv_str(w, "state", svc_state_name(ss.dwCurrentState));
    else
        out_null_why(w, "state", "unknown service state");
    if (h)
        CloseServiceHandle(h);
    if (scm)
        CloseServiceHandle(scm);
    json_obj_end(w);
}

/* The Windows version and build, network adapters, the user's profile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winsock2.h>
#include <windows.h>
/* after windows.h */
#include <iphlpapi.h>

#include "helper.h"

#define CURRENT_VERSION L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"

static void reg_string(struct json *w, const char *key, const wchar_t *value)
{
    wchar_t buf[256];
    DWORD sz = sizeof(buf);
    LSTATUS r =
        RegGetValueW(HKEY_LOCAL_MACHINE, CURRENT_VERSION, value, RRF_RT_REG_SZ, NULL, buf, &sz);
    if (r == ERROR_SUCCESS) {
        json_key(w, key);
        out_wstr(w, buf, (size_t)-1);
    } else if (r == ERROR_FILE_NOT_FOUND) {
        char why[160], v[64];
        wide_to_utf8(value, wcslen(value), v, sizeof(v));
        snprintf(why, sizeof(why), "no %s value under HKLM\\...\\Windows NT\\CurrentVersion", v);
        out_null_why(w, key, why);
    } else {
        out_null_win32(w, key, "RegGetValue", (unsigned long)r);
    }
}

typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOW *);

void emit_os(struct json *w)
{
    json_key(w, "os");
    json_obj_begin(w);
    reg_string(w, "product_name", L"ProductName");
    reg_string(w, "display_version", L"DisplayVersion");
    /* RtlGetVersion tells the truth whatever the manifest says
     * (GetVersionEx would say 6.2 to a program without one). */
    rtl_get_version_fn rgv =
        (rtl_get_version_fn)(void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "RtlGetVersion");
    OSVERSIONINFOW vi;
    memset(&vi, 0, sizeof(vi));
    vi.dwOSVersionInfoSize = sizeof(vi);
    if (rgv && rgv(&vi) == 0) {
        char v[48];
        snprintf(v, sizeof(v), "%lu.%lu.%lu", (unsigned long)vi.dwMajorVersion,
                 (unsigned long)vi.dwMinorVersion, (unsigned long)vi.dwBuildNumber);
        json_kv_str(w, "version", v);
        json_kv_u64(w, "build", vi.dwBuildNumber);
    } else {
        out_null_why(w, "version", "RtlGetVersion is not available");
        out_null_why(w, "build", "RtlGetVersion is not available");
    }
    DWORD ubr = 0, sz = sizeof(ubr);
    LSTATUS r = RegGetValueW(HKEY_LOCAL_MACHINE, CURRENT_VERSION, L"UBR", RRF_RT_REG_DWORD, NULL,
                             &ubr, &sz);
    if (r == ERROR_SUCCESS)
        json_kv_u64(w, "ubr", ubr);
    else if (r == ERROR_FILE_NOT_FOUND)
        out_null_why(w, "ubr", "no UBR value under HKLM\\...\\Windows NT\\CurrentVersion");
    else
        out_null_win32(w, "ubr", "RegGetValue", (unsigned long)r);
    json_obj_end(w);
}

void emit_adapters(struct json *w)
{
    ULONG flags = GAA_FLAG_SKIP_UNICAST | GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST |
                  GAA_FLAG_SKIP_DNS_SERVER;
    ULONG size = 16 * 1024;
    IP_ADAPTER_ADDRESSES *aa = NULL;
    ULONG r = ERROR_BUFFER_OVERFLOW;
    for (int tries = 0; tries < 4 && r == ERROR_BUFFER_OVERFLOW; tries++) {
        free(aa);
        aa = malloc(size);
        if (!aa) {
            r = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        r = GetAdaptersAddresses(AF_UNSPEC, flags, NULL, aa, &size);
    }
    if (r == ERROR_NO_DATA) {
        json_key(w, "adapters");
        json_arr_begin(w);
        json_arr_end(w);
    } else if (r != ERROR_SUCCESS) {
        out_null_win32(w, "adapters", "GetAdaptersAddresses", r);
    } else {
        json_key(w, "adapters");
        json_arr_begin(w);
        for (IP_ADAPTER_ADDRESSES *a = aa; a; a = a->Next) {
            if (a->IfType == IF_TYPE_SOFTWARE_LOOPBACK)
                continue;
            json_obj_begin(w);
            out_kv_wstr(w, "name", a->FriendlyName ? a->FriendlyName : L"");
            out_kv_wstr(w, "description", a->Description ? a->Description : L"");
            json_obj_end(w);
        }
        json_arr_end(w);
    }
    free(aa);
}

void emit_profile(struct json *w)
{
    json_key(w, "profile");
    json_obj_begin(w);
    wchar_t path[MAX_PATH + 16];
    DWORD n = GetEnvironmentVariableW(L"USERPROFILE", path, MAX_PATH);
    if (n == 0 || n >= MAX_PATH) {
        DWORD e = GetLastError();
        if (n >= MAX_PATH)
            out_null_why(w, "path", "%USERPROFILE% is longer than MAX_PATH");
        else
            out_null_win32(w, "path", "GetEnvironmentVariable USERPROFILE", e);
        out_null_why(w, "wslconfig", "no profile path");
        out_null_why(w, "wslconfig_size", "no profile path");
        json_obj_end(w);
        return;
    }
    json_key(w, "path");
    out_wstr(w, path, n);
    wcscpy(path + n, L"\\.wslconfig");
    WIN32_FILE_ATTRIBUTE_DATA fa;
    if (GetFileAttributesExW(path, GetFileExInfoStandard, &fa)) {
        json_kv_bool(w, "wslconfig", true);
        json_kv_u64(w, "wslconfig_size", ((uint64_t)fa.nFileSizeHigh << 32) | fa.nFileSizeLow);
    } else {
        DWORD e = GetLastError();
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND) {
            json_kv_bool(w, "wslconfig", false);
            out_null_why(w, "wslconfig_size", "no .wslconfig in the profile");
        } else {
            out_null_win32(w, "wslconfig", "GetFileAttributesEx", e);
            out_null_win32(w, "wslconfig_size", "GetFileAttributesEx", e);
        }
    }
    json_obj_end(w);
}

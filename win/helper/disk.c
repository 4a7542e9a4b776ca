/* The disk side of WSL on the Windows host: each distribution's virtual
 * disk, the drive holding it, and WSL's swap disks.
 *
 * Distributions: HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss\{GUID},
 * values DistributionName, BasePath (may start with \\?\), Flags (0x8:
 * LXSS_DISTRO_FLAGS_VM_MODE, a WSL2 distribution) and VhdFileName (default
 * "ext4.vhdx"): microsoft/WSL src/windows/service/exe/DistributionRegistration.h
 * and src/windows/service/inc/wslservice.idl @3e27a6a. The disk is
 * BasePath\VhdFileName; its size (GetFileSizeEx) and what it takes on the
 * drive (GetCompressedFileSizeW: less than the size for a sparse file); the
 * drive's free and total space (GetDiskFreeSpaceExW on BasePath).
 *
 * Swap: swapFile under [wsl2] in %USERPROFILE%\.wslconfig when set (WSL adds
 * ".vhdx" when the name has another extension), else WSL creates
 * <LocalAppData>\temp\<VM id, an upper-case GUID>\swap.vhdx when the VM
 * starts and deletes it, and the folder, when the VM stops
 * (src/windows/service/exe/WslCoreVm.cpp @3e27a6a: m_tempPath, SwapFilePath;
 * GetTempFolderPath in src/windows/common/filesystem.cpp). A VM that did not
 * stop cleanly leaves them behind (microsoft/WSL#10941: "safe to delete").
 * The temp folder is listed for <GUID>\swap.vhdx and for a bare swap.vhdx
 * (where Microsoft Learn's wsl-config page says the default is). A swap disk
 * the running VM has attached cannot be opened for reading (sharing
 * violation): that is "in_use"; every other one is left over.
 *
 *   "wsl_distros": [{"guid", "name", "vm_mode", "base_path", "vhd_path",
 *                    "vhd_size", "vhd_allocated", "volume", "volume_total",
 *                    "volume_free", "volume_available"}],   (at most DISTROS_MAX)
 *   "wsl_distros_truncated": false,
 *   "wsl_swap": {"swap_file", "swap_file_size", "swap_file_allocated",
 *                "temp_dir", "temp_files": [{"path", "name", "size",
 *                "allocated", "age_s", "in_use"}], "temp_files_truncated"}
 * Any value may be null with "<key>_error". Nothing is opened for writing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "helper.h"

#define LXSS_KEY       L"Software\\Microsoft\\Windows\\CurrentVersion\\Lxss"
#define VM_MODE_FLAG   0x8u
#define DISTROS_MAX    32
#define TEMP_FILES_MAX 32
#define TEMP_SCAN_MAX  20000 /* entries of the temp folder looked at */
#define WSLCONFIG_MAX  (64 * 1024)
#define PATH_CHARS     1024

static uint64_t u64_of(DWORD hi, DWORD lo)
{
    return ((uint64_t)hi << 32) | lo;
}

/* "key": size of the file, or null with the reason. */
static void emit_file_size(struct json *w, const char *key, const wchar_t *path)
{
    HANDLE f = CreateFileW(path, FILE_READ_ATTRIBUTES,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (f == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
            out_null_why(w, key, "no such file");
        else
            out_null_win32(w, key, "CreateFile", e);
        return;
    }
    LARGE_INTEGER sz;
    if (GetFileSizeEx(f, &sz) && sz.QuadPart >= 0)
        json_kv_u64(w, key, (uint64_t)sz.QuadPart);
    else
        out_null_win32(w, key, "GetFileSizeEx", GetLastError());
    CloseHandle(f);
}

/* "key": what the file takes on its drive. */
static void emit_allocated(struct json *w, const char *key, const wchar_t *path)
{
    DWORD hi = 0;
    SetLastError(NO_ERROR);
    DWORD lo = GetCompressedFileSizeW(path, &hi);
    DWORD e = GetLastError();
    if (lo == INVALID_FILE_SIZE && e != NO_ERROR) {
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
            out_null_why(w, key, "no such file");
        else
            out_null_win32(w, key, "GetCompressedFileSize", e);
        return;
    }
    json_kv_u64(w, key, u64_of(hi, lo));
}

/* A registry string value of one distribution's key; false when absent. */
static bool reg_str(HKEY lxss, const wchar_t *sub, const wchar_t *value, wchar_t *buf, DWORD chars,
                    LSTATUS *ret)
{
    DWORD sz = (chars - 1) * sizeof(wchar_t);
    *ret = RegGetValueW(lxss, sub, value, RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND, NULL,
                        buf, &sz);
    if (*ret != ERROR_SUCCESS)
        return false;
    buf[chars - 1] = L'\0';
    return true;
}

static void emit_volume(struct json *w, const wchar_t *dir)
{
    wchar_t vol[PATH_CHARS];
    if (GetVolumePathNameW(dir, vol, PATH_CHARS))
        out_kv_wstr(w, "volume", vol);
    else
        out_null_win32(w, "volume", "GetVolumePathName", GetLastError());
    ULARGE_INTEGER avail, total, free_all;
    if (GetDiskFreeSpaceExW(dir, &avail, &total, &free_all)) {
        json_kv_u64(w, "volume_total", total.QuadPart);
        json_kv_u64(w, "volume_free", free_all.QuadPart);
        json_kv_u64(w, "volume_available", avail.QuadPart);
    } else {
        DWORD e = GetLastError();
        out_null_win32(w, "volume_total", "GetDiskFreeSpaceEx", e);
        out_null_win32(w, "volume_free", "GetDiskFreeSpaceEx", e);
        out_null_win32(w, "volume_available", "GetDiskFreeSpaceEx", e);
    }
}

static void emit_distro(struct json *w, HKEY lxss, const wchar_t *guid)
{
    wchar_t name[256], base[PATH_CHARS], vhd_name[256], vhd[PATH_CHARS + 260];
    LSTATUS r;
    json_obj_begin(w);
    out_kv_wstr(w, "guid", guid);
    if (reg_str(lxss, guid, L"DistributionName", name, 256, &r))
        out_kv_wstr(w, "name", name);
    else
        out_null_win32(w, "name", "RegGetValue DistributionName", (unsigned long)r);
    DWORD flags = 0, sz = sizeof(flags);
    r = RegGetValueW(lxss, guid, L"Flags", RRF_RT_REG_DWORD, NULL, &flags, &sz);
    if (r == ERROR_SUCCESS)
        json_kv_bool(w, "vm_mode", (flags & VM_MODE_FLAG) != 0);
    else if (r == ERROR_FILE_NOT_FOUND)
        out_null_why(w, "vm_mode", "no Flags value");
    else
        out_null_win32(w, "vm_mode", "RegGetValue Flags", (unsigned long)r);
    if (!reg_str(lxss, guid, L"BasePath", base, PATH_CHARS, &r)) {
        const char *why = r == ERROR_FILE_NOT_FOUND ? "no BasePath value" : "RegGetValue BasePath";
        if (r == ERROR_FILE_NOT_FOUND)
            out_null_why(w, "base_path", why);
        else
            out_null_win32(w, "base_path", why, (unsigned long)r);
        static const char *const keys[] = {"vhd_path",        "vhd_size",     "vhd_allocated",
                                           "volume",          "volume_total", "volume_free",
                                           "volume_available"};
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
            out_null_why(w, keys[i], "no BasePath");
        json_obj_end(w);
        return;
    }
    out_kv_wstr(w, "base_path", base);
    if (!reg_str(lxss, guid, L"VhdFileName", vhd_name, 256, &r))
        wcscpy(vhd_name, L"ext4.vhdx");
    size_t bl = wcslen(base);
    while (bl > 0 && base[bl - 1] == L'\\')
        base[--bl] = L'\0';
    _snwprintf(vhd, sizeof(vhd) / sizeof(vhd[0]) - 1, L"%ls\\%ls", base, vhd_name);
    vhd[sizeof(vhd) / sizeof(vhd[0]) - 1] = L'\0';
    out_kv_wstr(w, "vhd_path", vhd);
    emit_file_size(w, "vhd_size", vhd);
    emit_allocated(w, "vhd_allocated", vhd);
    wchar_t dir[PATH_CHARS + 2];
    _snwprintf(dir, PATH_CHARS, L"%ls\\", base);
    dir[PATH_CHARS] = L'\0';
    emit_volume(w, dir);
    json_obj_end(w);
}

void emit_wsl_distros(struct json *w)
{
    HKEY lxss;
    LSTATUS r = RegOpenKeyExW(HKEY_CURRENT_USER, LXSS_KEY, 0, KEY_READ, &lxss);
    if (r == ERROR_FILE_NOT_FOUND) {
        /* no key: no distribution was ever registered for this user */
        json_key(w, "wsl_distros");
        json_arr_begin(w);
        json_arr_end(w);
        json_kv_bool(w, "wsl_distros_truncated", false);
        return;
    }
    if (r != ERROR_SUCCESS) {
        out_null_win32(w, "wsl_distros", "RegOpenKeyEx HKCU\\...\\Lxss", (unsigned long)r);
        return;
    }
    json_key(w, "wsl_distros");
    json_arr_begin(w);
    bool truncated = false;
    DWORD listed = 0;
    for (DWORD i = 0;; i++) {
        wchar_t sub[256];
        DWORD n = 256;
        r = RegEnumKeyExW(lxss, i, sub, &n, NULL, NULL, NULL, NULL);
        if (r != ERROR_SUCCESS)
            break; /* ERROR_NO_MORE_ITEMS, or a key that changed under us */
        if (sub[0] != L'{')
            continue; /* distributions are {GUID}; other subkeys are WSL's own */
        if (listed == DISTROS_MAX) {
            truncated = true;
            break;
        }
        emit_distro(w, lxss, sub);
        listed++;
    }
    json_arr_end(w);
    json_kv_bool(w, "wsl_distros_truncated", truncated);
    RegCloseKey(lxss);
}

/* ---- swap ---- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* swapFile under [wsl2] of a .wslconfig, read as WSL's config parser reads a
 * value (src/shared/configfile/configfile.cpp @3e27a6a): keys and sections
 * without regard to case, the first occurrence wins, quotes removed, \\ \"
 * \t \n \b unescaped, a # outside quotes starts a comment, trailing blanks
 * dropped. Returns false when not set (or set empty: WSL's default then). */
static bool wslconfig_swapfile(const char *buf, size_t len, char *out, size_t n)
{
    bool in_wsl2 = false;
    size_t i = 0;
    while (i < len) {
        size_t s = i;
        while (i < len && buf[i] != '\n')
            i++;
        size_t e = i++;
        while (s < e && is_space(buf[s]))
            s++;
        if (s < e && buf[s] == '[') {
            size_t c = s + 1, k = c;
            while (k < e && buf[k] != ']')
                k++;
            in_wsl2 = k - c == 4 && _strnicmp(buf + c, "wsl2", 4) == 0;
            continue;
        }
        if (!in_wsl2 || e - s < 8 || _strnicmp(buf + s, "swapfile", 8) != 0)
            continue;
        size_t p = s + 8;
        while (p < e && is_space(buf[p]))
            p++;
        if (p >= e || buf[p] != '=')
            continue;
        p++;
        while (p < e && is_space(buf[p]))
            p++;
        size_t o = 0, keep = 0;
        bool quote = false;
        for (; p < e && o + 1 < n; p++) {
            char c = buf[p];
            if (c == '\r')
                break;
            if (c == '"') {
                quote = !quote;
                continue;
            }
            if (c == '#' && !quote)
                break;
            if (c == '\\' && p + 1 < e) {
                char d = buf[++p];
                c = d == 't' ? '\t' : d == 'n' ? '\n' : d == 'b' ? '\b' : d;
                if (d != '\\' && d != '"' && d != 't' && d != 'n' && d != 'b')
                    return false; /* WSL drops the line */
            }
            out[o++] = c;
            if (!is_space(c))
                keep = o;
        }
        out[keep] = '\0';
        return keep > 0;
    }
    return false;
}

/* Seconds since a file time (0 when it is in the future). */
static uint64_t age_s(const FILETIME *t)
{
    FILETIME now;
    GetSystemTimeAsFileTime(&now);
    uint64_t a = u64_of(now.dwHighDateTime, now.dwLowDateTime),
             b = u64_of(t->dwHighDateTime, t->dwLowDateTime);
    return a > b ? (a - b) / 10000000u : 0;
}

/* "in_use": the running VM holds its swap disk open without sharing. */
static void emit_in_use(struct json *w, const wchar_t *path)
{
    HANDLE f =
        CreateFileW(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                    NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f != INVALID_HANDLE_VALUE) {
        CloseHandle(f);
        json_kv_bool(w, "in_use", false);
        return;
    }
    DWORD e = GetLastError();
    if (e == ERROR_SHARING_VIOLATION || e == ERROR_LOCK_VIOLATION)
        json_kv_bool(w, "in_use", true);
    else
        out_null_win32(w, "in_use", "CreateFile", e);
}

static bool is_guid_name(const wchar_t *s)
{
    if (wcslen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        wchar_t c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != L'-')
                return false;
        } else if (!((c >= L'0' && c <= L'9') || (c >= L'A' && c <= L'F') ||
                     (c >= L'a' && c <= L'f'))) {
            return false;
        }
    }
    return true;
}

static void emit_temp_file(struct json *w, const wchar_t *path, const wchar_t *name)
{
    WIN32_FILE_ATTRIBUTE_DATA fa;
    json_obj_begin(w);
    out_kv_wstr(w, "path", path);
    out_kv_wstr(w, "name", name);
    if (GetFileAttributesExW(path, GetFileExInfoStandard, &fa)) {
        json_kv_u64(w, "size", u64_of(fa.nFileSizeHigh, fa.nFileSizeLow));
        emit_allocated(w, "allocated", path);
        json_kv_u64(w, "age_s", age_s(&fa.ftLastWriteTime));
    } else {
        DWORD e = GetLastError();
        out_null_win32(w, "size", "GetFileAttributesEx", e);
        out_null_win32(w, "allocated", "GetFileAttributesEx", e);
        out_null_win32(w, "age_s", "GetFileAttributesEx", e);
    }
    emit_in_use(w, path);
    json_obj_end(w);
}

static void emit_temp_files(struct json *w, const wchar_t *temp)
{
    wchar_t pat[PATH_CHARS + 8], path[PATH_CHARS + 64], name[64];
    _snwprintf(pat, PATH_CHARS + 4, L"%ls\\*", temp);
    pat[PATH_CHARS + 4] = L'\0';
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileExW(pat, FindExInfoBasic, &fd, FindExSearchNameMatch, NULL, 0);
    if (h == INVALID_HANDLE_VALUE) {
        DWORD e = GetLastError();
        if (e == ERROR_FILE_NOT_FOUND || e == ERROR_PATH_NOT_FOUND)
            out_null_why(w, "temp_files", "the temp folder does not exist");
        else
            out_null_win32(w, "temp_files", "FindFirstFileEx", e);
        return;
    }
    json_key(w, "temp_files");
    json_arr_begin(w);
    unsigned listed = 0, scanned = 0;
    bool truncated = false;
    do {
        if (++scanned > TEMP_SCAN_MAX) {
            truncated = true;
            break;
        }
        bool dir = (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
        if (dir && is_guid_name(fd.cFileName)) {
            _snwprintf(path, PATH_CHARS + 60, L"%ls\\%ls\\swap.vhdx", temp, fd.cFileName);
            path[PATH_CHARS + 60] = L'\0';
            if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES)
                continue;
            _snwprintf(name, 63, L"%ls\\swap.vhdx", fd.cFileName);
            name[63] = L'\0';
        } else if (!dir && _wcsicmp(fd.cFileName, L"swap.vhdx") == 0) {
            _snwprintf(path, PATH_CHARS + 60, L"%ls\\swap.vhdx", temp);
            path[PATH_CHARS + 60] = L'\0';
            wcscpy(name, L"swap.vhdx");
        } else {
            continue;
        }
        if (listed == TEMP_FILES_MAX) {
            truncated = true;
            break;
        }
        emit_temp_file(w, path, name);
        listed++;
    } while (FindNextFileW(h, &fd));
    FindClose(h);
    json_arr_end(w);
    json_kv_bool(w, "temp_files_truncated", truncated);
}

static void emit_swap_file(struct json *w)
{
    wchar_t prof[MAX_PATH + 16];
    DWORD n = GetEnvironmentVariableW(L"USERPROFILE", prof, MAX_PATH);
    if (n == 0 || n >= MAX_PATH) {
        static const char *const keys[] = {"swap_file", "swap_file_size", "swap_file_allocated"};
        for (size_t i = 0; i < 3; i++)
            out_null_why(w, keys[i], "no %USERPROFILE%");
        return;
    }
    wcscpy(prof + n, L"\\.wslconfig");
    char *buf = malloc(WSLCONFIG_MAX);
    DWORD got = 0;
    bool have = false;
    HANDLE f = CreateFileW(prof, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    if (buf && f != INVALID_HANDLE_VALUE) {
        have = ReadFile(f, buf, WSLCONFIG_MAX, &got, NULL) != 0;
    }
    if (f != INVALID_HANDLE_VALUE)
        CloseHandle(f);
    char val[PATH_CHARS * 3];
    size_t skip = got >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    if (!have || !wslconfig_swapfile(buf + skip, got - skip, val, sizeof(val))) {
        const char *why = have ? "no swapFile under [wsl2] in .wslconfig: WSL puts swap.vhdx in "
                                 "a folder per VM under the temp folder"
                               : "no readable .wslconfig: WSL puts swap.vhdx in a folder per VM "
                                 "under the temp folder";
        out_null_why(w, "swap_file", why);
        out_null_why(w, "swap_file_size", "no swapFile set");
        out_null_why(w, "swap_file_allocated", "no swapFile set");
        free(buf);
        return;
    }
    free(buf);
    wchar_t path[PATH_CHARS + 8];
    int k = MultiByteToWideChar(CP_UTF8, 0, val, -1, path, PATH_CHARS);
    if (k <= 0) {
        out_null_why(w, "swap_file", "swapFile is not UTF-8, or too long");
        out_null_why(w, "swap_file_size", "no usable swapFile");
        out_null_why(w, "swap_file_allocated", "no usable swapFile");
        return;
    }
    /* WSL: "Ensure the swap vhd ends with the vhdx file extension." */
    size_t pl = wcslen(path);
    if (pl < 5 || _wcsicmp(path + pl - 5, L".vhdx") != 0)
        wcscat(path, L".vhdx");
    out_kv_wstr(w, "swap_file", path);
    emit_file_size(w, "swap_file_size", path);
    emit_allocated(w, "swap_file_allocated", path);
}

void emit_wsl_swap(struct json *w)
{
    json_key(w, "wsl_swap");
    json_obj_begin(w);
    emit_swap_file(w);
    wchar_t temp[PATH_CHARS];
    DWORD n = GetEnvironmentVariableW(L"LOCALAPPDATA", temp, PATH_CHARS - 8);
    if (n == 0 || n >= PATH_CHARS - 8) {
        out_null_why(w, "temp_dir", "no %LOCALAPPDATA%");
        out_null_why(w, "temp_files", "no %LOCALAPPDATA%");
    } else {
        wcscpy(temp + n, L"\\Temp");
        out_kv_wstr(w, "temp_dir", temp);
        emit_temp_files(w, temp);
    }
    json_obj_end(w);
}

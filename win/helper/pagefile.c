/* The page file settings: HKLM\SYSTEM\CurrentControlSet\Control\Session
 * Manager\Memory Management, value PagingFiles (REG_MULTI_SZ), what System
 * Properties > Performance > Virtual memory writes: one entry per file,
 * "C:\pagefile.sys 4096 8192" (initial and maximum MB), "C:\pagefile.sys
 * 0 0" (system managed size), "?:\pagefile.sys" (automatically manage for
 * all drives); no entry, no page file. (Wine keeps it as REG_SZ: read too.)
 *
 *   "pagefile": { "paging_files": ["?:\\pagefile.sys"] }   or null + reason */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

#include "helper.h"

#define MEMORY_MANAGEMENT L"SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Memory Management"

void emit_pagefile(struct json *w)
{
    wchar_t buf[2048];
    DWORD sz = sizeof(buf) - 2 * sizeof(wchar_t);
    LSTATUS r = RegGetValueW(HKEY_LOCAL_MACHINE, MEMORY_MANAGEMENT, L"PagingFiles",
                             RRF_RT_REG_MULTI_SZ | RRF_RT_REG_SZ, NULL, buf, &sz);
    if (r == ERROR_FILE_NOT_FOUND) {
        out_null_why(w, "pagefile", "no PagingFiles value under HKLM\\...\\Memory Management");
        return;
    }
    if (r != ERROR_SUCCESS) {
        out_null_win32(w, "pagefile", "RegGetValue Memory Management\\PagingFiles",
                       (unsigned long)r);
        return;
    }
    /* terminate the list whatever the value held */
    size_t n = sz / sizeof(wchar_t);
    buf[n < 2046 ? n : 2046] = L'\0';
    buf[(n < 2046 ? n : 2046) + 1] = L'\0';
    json_key(w, "pagefile");
    json_obj_begin(w);
    json_key(w, "paging_files");
    json_arr_begin(w);
    for (const wchar_t *p = buf; *p && p < buf + 2047; p += wcslen(p) + 1)
        out_wstr(w, p, (size_t)-1);
    json_arr_end(w);
    json_obj_end(w);
}

/* headroom-win.exe: one run prints one JSON document describing the Windows
 * host (format "headroom-host/1", documented in src/win/host.h, which reads
 * it on the WSL side). Nothing here needs administrator rights, and nothing
 * is changed: every call only reads.
 *
 * Where each figure comes from:
 *   os.*             RtlGetVersion (the real version, whatever the manifest)
 *                    and HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion
 *   memory.*         GlobalMemoryStatusEx, GetPerformanceInfo
 *   processes        NtQuerySystemInformation(SystemProcessInformation): the
 *                    working set of every process without opening it (what
 *                    Task Manager does); else Toolhelp + GetProcessMemoryInfo
 *   services[]       EnumServicesStatusEx, QueryServiceConfig(2)
 *   ndu              HKLM\SYSTEM\CurrentControlSet\Services\Ndu\Start, and the
 *                    driver's state from the service manager
 *   adapters[]       GetAdaptersAddresses
 *   profile          %USERPROFILE%, and whether .wslconfig is there
 *   gpu_processes    PDH "GPU Process Memory" (gpumem.c)
 *   pagefile         HKLM\...\Memory Management\PagingFiles (pagefile.c)
 *   uptime_ms        GetTickCount64 (boot.c)
 *   wsl_distros      HKCU\...\Lxss\{GUID}, each ext4.vhdx and its drive (disk.c)
 *   wsl_swap         .wslconfig swapFile, swap.vhdx files in the temp folder (disk.c)
 *   microphone       HKCU\...\CapabilityAccessManager\ConsentStore\microphone
 *                    and its NonPackaged subkey, value Value (consent.c) */
#ifndef HEADROOM_WIN_HELPER_H
#define HEADROOM_WIN_HELPER_H

#include <stdbool.h>
#include <stdint.h>

#include "out.h"

#define HELPER_VERSION "1"

struct proc {
    unsigned long pid;
    char name[128]; /* UTF-8, without a trailing ".exe" (as Get-Process shows it) */
    bool mem_ok;
    uint64_t working_set, private_bytes;
    unsigned long mem_err; /* Win32 error when !mem_ok */
};

struct procs {
    struct proc *p;
    size_t n;
    bool ok;
    unsigned long err; /* when !ok */
    const char *what;  /* the call that failed */
};

void procs_collect(struct procs *ps);
void procs_free(struct procs *ps);
const struct proc *procs_find_pid(const struct procs *ps, unsigned long pid);

void emit_os(struct json *w);
void emit_memory(struct json *w);
void emit_processes(struct json *w, const struct procs *ps);
void emit_services(struct json *w, const struct procs *ps);
void emit_ndu(struct json *w);
void emit_adapters(struct json *w);
void emit_profile(struct json *w);
void emit_gpu_memory(struct json *w, const struct procs *ps); /* gpumem.c */
void emit_pagefile(struct json *w);                           /* pagefile.c */
void emit_uptime(struct json *w);                             /* boot.c */
void emit_wsl_distros(struct json *w);                        /* disk.c */
void emit_wsl_swap(struct json *w);                           /* disk.c */
void emit_mic_consent(struct json *w);                        /* consent.c */

#endif

/* Lookups on parsed Windows host data (win_host_parse() in host.c): a
 * service by name, the browsers' working sets, the Killer adapter, and the
 * names and evidence strings the commands print. */
#include "win/host.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/parse.h"

const struct win_service *win_host_service(const struct win_host *h, const char *name)
{
    for (size_t i = 0; i < h->nservices; i++)
        if (strcasecmp(h->services[i].name, name) == 0)
            return &h->services[i];
    return NULL;
}

uint64_t win_host_browsers_ws(const struct win_host *h, uint64_t *ret_n)
{
    uint64_t ws = 0, n = 0;
    for (size_t i = 0; i < h->nbrowsers; i++) {
        ws = sat_add_u64(ws, h->browsers[i].working_set);
        n = sat_add_u64(n, h->browsers[i].processes);
    }
    if (ret_n)
        *ret_n = n;
    return ws;
}

const struct win_adapter *win_host_killer_adapter(const struct win_host *h)
{
    for (size_t i = 0; i < h->nadapters; i++)
        if (h->adapters[i].killer || h->adapters[i].msi)
            return &h->adapters[i];
    return NULL;
}

const char *win_release_name(uint64_t build)
{
    static const struct {
        uint64_t build;
        const char *name;
    } rel[] = {
        {26200, "25H2"}, {26100, "24H2"}, {22631, "23H2"}, {22621, "22H2"}, {22000, "21H2"},
        {19045, "22H2"}, {19044, "21H2"}, {19043, "21H1"}, {19042, "20H2"},
    };
    for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
        if (rel[i].build == build)
            return rel[i].name;
    return NULL;
}

const char *win_product_family(uint64_t build)
{
    if (build >= 22000)
        return "Windows 11";
    if (build >= 10240)
        return "Windows 10";
    return NULL;
}

const char *win_source_name(enum win_host_source s)
{
    switch (s) {
    case WIN_SOURCE_HELPER:
        return "helper";
    case WIN_SOURCE_POWERSHELL:
        return "powershell";
    case WIN_SOURCE_NONE:
        break;
    }
    return "none";
}

const char *win_host_evidence(const struct win_host *h, const char *what)
{
    static const struct {
        const char *what, *helper, *powershell;
    } ev[] = {
        {"memory.total", "GlobalMemoryStatusEx", "Win32_OperatingSystem.TotalVisibleMemorySize"},
        {"memory.available", "GlobalMemoryStatusEx", "Win32_OperatingSystem.FreePhysicalMemory"},
        {"memory.commit", "GetPerformanceInfo", "Win32_PerfRawData_PerfOS_Memory"},
        {"memory.pool", "GetPerformanceInfo", "Win32_PerfRawData_PerfOS_Memory"},
        {"processes", "NtQuerySystemInformation", "Get-Process"},
        {"services", "EnumServicesStatusEx, QueryServiceConfig", "Win32_Service"},
        {"ndu", "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Ndu\\Start",
         "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Ndu\\Start, Win32_SystemDriver"},
        {"adapters", "GetAdaptersAddresses", "Get-NetAdapter"},
        {"profile", "%USERPROFILE%", "$env:USERPROFILE"},
        {"os", "RtlGetVersion, HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion",
         "[Environment]::OSVersion, HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion"},
    };
    for (size_t i = 0; i < sizeof(ev) / sizeof(ev[0]); i++)
        if (strcmp(ev[i].what, what) == 0)
            return h->source == WIN_SOURCE_POWERSHELL ? ev[i].powershell : ev[i].helper;
    return "?";
}

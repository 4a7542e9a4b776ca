/* The catalogue. Each item's facts and verdict rest on the public source it
 * names; figures from a widely shared tuning guide are kept only as
 * "claimed", never as measurements. */
#include "win/catalog.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/parse.h"
#include "util/size.h"

static const char *const dosvc_names[] = {"DoSvc", NULL};
static const char *const wsearch_names[] = {"WSearch", NULL};
static const char *const sysmain_names[] = {"SysMain", NULL};
static const char *const xbox_names[] = {"XblAuthManager", "XblGameSave", "XboxNetApiSvc",
                                         "XboxGipSvc", NULL};
static const char *const spooler_names[] = {"Spooler", NULL};
static const char *const ndu_names[] = {"Ndu", NULL};
static const char *const widgets_names[] = {"MicrosoftWindows.Client.WebExperience", NULL};
static const char *const peering_names[] = {"DODownloadMode", NULL};
static const char *const pagefile_names[] = {"PagingFiles", NULL};

const struct win_item win_items[] = {
    {
        .id = "dosvc",
        .title = "Delivery Optimization (DoSvc)",
        .kind = WIN_ITEM_SERVICES,
        .names = dosvc_names,
        .target_start = 4,
        .registry_only = true,
        .what = "downloads Windows Update and Store content in parts, also from other PCs",
        .change = "sets DoSvc to Disabled by writing HKLM\\SYSTEM\\CurrentControlSet\\Services\\"
                  "DoSvc\\Start=4 (Set-Service and sc config are refused with Access denied since "
                  "1809), stops it; the service manager reads Start only at boot, so until the "
                  "next boot it still holds DoSvc as Automatic and a trigger can start it",
        .risk = WIN_RISK_HIGH,
        .risk_text = "Windows Update and Store downloads lose peering and caching; Windows may "
                     "turn update components back on by itself (privacy.sexy#272). The supported "
                     "alternative is the do-peering item, which leaves the service alone.",
        .source = "privacy.sexy src/application/collections/windows.yaml (DoSvc: Set-Service "
                  "is refused, registry Start=4): https://github.com/undergroundwires/privacy.sexy",
        .claimed = "an active leak on 24H2 growing \"from 200MB to 1-20GB over "
                   "hours\", \"tied to KB5072033\"",
        .verdict = "partly confirmed: user reports only (Reddit user Niff_Naff, picked up by "
                   "Neowin and Tom's Hardware, Dec 2025), no Microsoft acknowledgement; the "
                   "figures are unverified; KB5072033 moved AppXSvc, not DoSvc, to Automatic",
        .recommend_min = 512 * MIB,
        .undo_note = NULL,
    },
    {
        .id = "do-peering",
        .title = "Delivery Optimization peering off (policy)",
        .kind = WIN_ITEM_REGVALUE,
        .names = peering_names,
        .reg_path = "HKLM:\\SOFTWARE\\Policies\\Microsoft\\Windows\\DeliveryOptimization",
        .reg_name = "DODownloadMode",
        .reg_value = 0,
        .what = "the policy that decides whether Delivery Optimization downloads from other PCs",
        .change = "writes the policy value DODownloadMode=0 (HTTP only, no peering); the DoSvc "
                  "service is left as it is",
        .risk = WIN_RISK_LOW,
        .risk_text = "downloads come from Microsoft only; Settings shows the option as managed by "
                     "your organisation",
        .source = "Microsoft Learn, Delivery Optimization reference (DODownloadMode 0 = HTTP "
                  "only): https://learn.microsoft.com/en-us/windows/deployment/do/"
                  "waas-delivery-optimization-reference",
        .claimed = NULL,
        .verdict = "supported by Microsoft's policy; not shown to fix the reported DoSvc growth",
        .recommend_min = 0,
        .undo_note = NULL,
    },
    {
        .id = "wsearch",
        .title = "Windows Search indexer (WSearch)",
        .kind = WIN_ITEM_SERVICES,
        .names = wsearch_names,
        .target_start = 4,
        .what = "indexes files, mail and settings for Start, Explorer and Outlook search",
        .change = "sets WSearch to Disabled (Set-Service, registry Start=4 if refused), stops it",
        .risk = WIN_RISK_MEDIUM,
        .risk_text = "search in Start, Explorer and Outlook becomes slow and misses file contents",
        .source = "ChrisTitusTech/winutil config/tweaks.json (WSearch: OriginalType Automatic): "
                  "https://github.com/ChrisTitusTech/winutil",
        .claimed = "disabling it saves 50-200 MB",
        .verdict = "unverified: no measurement found",
        .recommend_min = 100 * MIB,
        .undo_note = NULL,
    },
    {
        .id = "sysmain",
        .title = "SysMain (Superfetch)",
        .kind = WIN_ITEM_SERVICES,
        .names = sysmain_names,
        .target_start = 4,
        .what = "preloads often-used programs into memory (and compresses memory)",
        .change = "sets SysMain to Disabled (Set-Service, registry Start=4 if refused), stops it",
        .risk = WIN_RISK_LOW,
        .risk_text = "programs may start a little slower; little difference on an SSD",
        .source = "no public measurement of its saving found; its start type and memory are "
                  "read on the host (headroom windows status)",
        .claimed = "a \"Variable\" saving",
        .verdict = "partly confirmed: no memory figures found; what SysMain preloads sits in the "
                   "standby list, which Windows counts as available",
        .recommend_min = 32 * MIB,
        .undo_note = NULL,
    },
    {
        .id = "xbox",
        .title = "Xbox services",
        .kind = WIN_ITEM_SERVICES,
        .names = xbox_names,
        .target_start = 4,
        .what = "Xbox sign-in, cloud saves, networking and accessory (GIP) support",
        .change = "sets XblAuthManager, XblGameSave, XboxNetApiSvc and XboxGipSvc to Disabled",
        .risk = WIN_RISK_LOW,
        .risk_text = "the Xbox app, Game Pass sign-in, cloud saves and some controllers' "
                     "accessories stop working",
        .source = "Microsoft Learn, Guidance on disabling system services on Windows Server "
                  "2016 with Desktop Experience (XblAuthManager, XblGameSave: Manual, should "
                  "disable): "
                  "https://learn.microsoft.com/en-us/windows-server/security/windows-services/"
                  "security-guidelines-for-disabling-system-services-in-windows-server",
        .claimed = "disabling them saves 20-50 MB",
        .verdict = "partly confirmed: they default to Manual and are stopped, so disabling them "
                   "saves about nothing at idle",
        .recommend_min = 16 * MIB,
        .undo_note = NULL,
    },
    {
        .id = "spooler",
        .title = "Print Spooler",
        .kind = WIN_ITEM_SERVICES,
        .names = spooler_names,
        .target_start = 4,
        .what = "queues print jobs (also for Microsoft Print to PDF)",
        .change = "sets Spooler to Disabled (Set-Service, registry Start=4 if refused), stops it",
        .risk = WIN_RISK_LOW,
        .risk_text = "no printing at all, including Print to PDF",
        .source = "Microsoft Learn, Guidance on disabling system services on Windows Server "
                  "2016 with Desktop Experience (Spooler: OK to disable when not printing): "
                  "https://learn.microsoft.com/en-us/windows-server/security/windows-services/"
                  "security-guidelines-for-disabling-system-services-in-windows-server",
        .claimed = "disabling it saves 5-20 MB",
        .verdict = "partly confirmed: no memory figures found",
        .recommend_min = 16 * MIB,
        .undo_note = NULL,
    },
    {
        .id = "ndu",
        .title = "Network Data Usage driver (Ndu)",
        .kind = WIN_ITEM_DRIVER,
        .names = ndu_names,
        .target_start = 4,
        .what = "a kernel driver counting network use per app (Get-Service does not list it)",
        .change = "sets HKLM\\SYSTEM\\CurrentControlSet\\Services\\Ndu\\Start=4 (from 2); takes "
                  "effect after a reboot",
        .risk = WIN_RISK_MEDIUM,
        .risk_text = "per-app network usage in Task Manager and Settings stops updating "
                     "(maxtweaks.xyz)",
        .source = "https://woshub.com/huge-memory-usage-non-paged-pool-windows/ (third-party: "
                  "NDU incompatible with network drivers, most often Killer Network and MSI; "
                  "Start 2 -> 4); no Microsoft document",
        .claimed = "disabling it stops the non-paged pool growing to 4GB+ with "
                   "Killer/MSI adapters",
        .verdict = "partly confirmed, third-party sources only",
        .recommend_min = 0,
        .undo_note = NULL,
    },
    {
        .id = "widgets",
        .title = "Widgets (Windows Web Experience Pack)",
        .kind = WIN_ITEM_APPX,
        .names = widgets_names,
        .reg_path = "HKLM:\\SOFTWARE\\Policies\\Microsoft\\Dsh",
        .reg_name = "AllowNewsAndInterests",
        .reg_value = 0,
        .what = "the Widgets board (Win+W) and its background processes",
        .change = "writes the policy value HKLM\\SOFTWARE\\Policies\\Microsoft\\Dsh\\"
                  "AllowNewsAndInterests=0 (\"Allow widgets\": not allowed); the package "
                  "MicrosoftWindows.Client.WebExperience stays installed; restart (or sign out "
                  "and in) so that Windows reads the policy",
        .risk = WIN_RISK_LOW,
        .risk_text = "the Widgets board and its taskbar button are gone for every user until the "
                     "value is removed; Microsoft documents the policy for Windows 11 Pro, "
                     "Enterprise and Education (21H2 and later), not for Home",
        .source = "Microsoft, Policy CSP - NewsAndInterests (AllowNewsAndInterests; registry "
                  "SOFTWARE\\Policies\\Microsoft\\Dsh): https://learn.microsoft.com/en-us/"
                  "windows/client-management/mdm/policy-csp-newsandinterests",
        .claimed = "removing it saves 130-300 MB, via winget uninstall \"Windows "
                   "web experience Pack\"",
        .verdict = "unverified (the figure and the winget name)",
        .recommend_min = 32 * MIB,
        .undo_note = NULL, /* the policy value is put back exactly */
        .store_id = "9MSSGKG348SP",
    },
    {
        .id = "pagefile",
        .title = "Page file: system managed",
        .kind = WIN_ITEM_PAGEFILE,
        .names = pagefile_names,
        .reg_path = "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\"
                    "Memory Management",
        .reg_name = "PagingFiles",
        .what = "the page file, which with RAM makes the commit limit the VM's memory counts "
                "against",
        .change = "sets Win32_ComputerSystem AutomaticManagedPagefile to True (System "
                  "Properties' \"Automatically manage paging file size for all drives\"), "
                  "after recording it and the PagingFiles registry value (HKLM\\SYSTEM\\"
                  "CurrentControlSet\\Control\\Session Manager\\Memory Management) for the "
                  "undo; Windows sizes the page file from the next restart",
        .risk = WIN_RISK_LOW,
        .risk_text = "the page file may grow on the system drive (Windows chooses its size); "
                     "a fixed size chosen on purpose "
                     "is replaced until undone; nothing changes before the next restart",
        .source = "Microsoft Learn, Win32_ComputerSystem class (AutomaticManagedPagefile): "
                  "https://learn.microsoft.com/en-us/windows/win32/cimwin32prov/"
                  "win32-computersystem; Microsoft Learn, Introduction to the page file "
                  "(system-managed size, commit limit): https://learn.microsoft.com/en-us/"
                  "troubleshoot/windows-client/performance/introduction-to-the-page-file; "
                  "microsoft/WSL#5231",
        .claimed = NULL,
        .verdict = "no guide's claim: Microsoft's documented setting, recommended only when "
                   "the measured commit limit is short for the VM (windows.commit-headroom)",
        .recommend_min = 0,
        .undo_note = "the undo puts back AutomaticManagedPagefile and PagingFiles as recorded; "
                     "Windows applies them at the next restart",
    },
};
const size_t win_nitems = sizeof(win_items) / sizeof(win_items[0]);

const struct win_claim win_claims[] = {
    {"KB5072033", "the DoSvc leak is tied to KB5072033, which changed AppXSvc to Automatic",
     "two stories mixed up: the update did move AppXSvc to Automatic (its notes, amended "
     "2025-12-15), which is about AppXSvc; the link to DoSvc comes from an AI-written "
     "aggregator and is unconfirmed",
     "Microsoft Support, KB5072033 release notes (AppXSvc to Automatic, amended 2025-12-15), "
     "quoted at https://windowsforum.com/threads/394062/"},
    {"podman", "podman machine init --memory 6144 gives the machine 6 GB",
     "contradicted on WSL: --memory and --cpus do nothing with the WSL provider; memory is set "
     "only in .wslconfig, for all distros",
     "containers/podman#20175, #19443"},
    {"podman", "Podman idles at ~50 MB and uses 65% less memory than Docker",
     "unverified: no measurement and no source found",
     "none found: no published measurement of a Podman machine on WSL"},
    {"docker", "Docker Desktop takes 2-3 GB at idle; Resource Saver brings it near zero",
     "partly confirmed: vmmem 1.4 GB rising to 2.1 GB with no containers (docker/for-win#12518); "
     "on WSL Resource Saver only pauses the engine and does not reduce memory (Docker's docs)",
     "docker/for-win#12518; Docker docs, Resource Saver mode: "
     "https://docs.docker.com/desktop/use-desktop/resource-saver/"},
    {"podman", "a container costs about 45 MB under Podman, as under Docker",
     "unverified: no measurement and no source found; headroom reports each container's "
     "memory only as the processes it runs (status, top)",
     "none found"},
    {"podman", "Compose compatibility is 95 % through podman-compose",
     "reported, not measured: podman-compose documents that it implements the Compose "
     "specification; no published figure for how much of it",
     "containers/podman-compose README: https://github.com/containers/podman-compose"},
    {"audio", "WSLg adds 50-200 ms of audio latency over native Windows applications",
     "no measurement is given with the claim; headroom audio test measures each stream's latency "
     "as WSLg's PulseAudio server reports it, on this machine",
     "microsoft/wslg README (audio over RDP): https://github.com/microsoft/wslg"},
    {"cuda", "full Unified Memory (managed memory) is not supported in WSL2",
     "as NVIDIA documents it: Unified Memory is among the limits its CUDA on WSL guide lists; "
     "fit's GPU verdict adds that VRAM that runs out in WSL does not fall back to system RAM "
     "(microsoft/WSL#11050)",
     "NVIDIA CUDA on WSL User Guide, WSL 2 Support Constraints: "
     "https://docs.nvidia.com/cuda/wsl-user-guide/index.html; microsoft/WSL#11050"},
};
const size_t win_nclaims = sizeof(win_claims) / sizeof(win_claims[0]);

const char *const win_protected[][2] = {
    {"AppXSvc", "deploys Store and AppX packages; KB5072033 (Dec 2025) made it Automatic on "
                "purpose; return it to Manual, never Disabled"},
    {"WaaSMedicSvc", "Windows Update Medic: launch-protected, Set-Service fails (winutil#5095)"},
    {"wuauserv", "Windows Update: disabling it broke updates, Store and winget (winutil#1098, "
                 "#3859)"},
    {"BITS", "Background Intelligent Transfer: Windows Update and Store downloads need it"},
    {NULL, NULL},
};

const struct win_item *win_item_find(const char *id)
{
    for (size_t i = 0; i < win_nitems; i++)
        if (strcmp(win_items[i].id, id) == 0)
            return &win_items[i];
    return NULL;
}

bool win_is_protected(const char *name)
{
    for (size_t i = 0; win_protected[i][0]; i++)
        if (strcasecmp(win_protected[i][0], name) == 0)
            return true;
    return false;
}

const char *win_risk_name(enum win_risk r)
{
    switch (r) {
    case WIN_RISK_LOW:
        return "low";
    case WIN_RISK_MEDIUM:
        return "medium";
    case WIN_RISK_HIGH:
        return "high";
    }
    return "?";
}

static void measure_services(const struct win_item *it, const struct win_host *h,
                             struct win_saving *s)
{
    if (!h->has_services) {
        snprintf(s->note, sizeof(s->note), "services unknown: %s", h->services_why);
        return;
    }
    bool unknown_ws = false;
    for (const char *const *n = it->names; *n; n++) {
        const struct win_service *sv = win_host_service(h, *n);
        if (!sv)
            continue;
        s->present++;
        if (sv->state != WIN_SVC_RUNNING)
            continue;
        s->running++;
        if (!sv->working_set.known)
            unknown_ws = true;
        else
            s->bytes = sat_add_u64(s->bytes, sv->working_set.v);
        if (sv->process_services > 1)
            s->shared = true;
    }
    if (s->present == 0) {
        snprintf(s->note, sizeof(s->note), "not installed on this host");
        s->known = true;
        return;
    }
    if (s->running == 0) {
        snprintf(s->note, sizeof(s->note), "not running: disabling it saves nothing now");
        s->known = true;
        return;
    }
    if (unknown_ws) {
        snprintf(s->note, sizeof(s->note), "running, but its process's memory could not be read");
        return;
    }
    s->known = true;
    if (s->shared)
        snprintf(s->note, sizeof(s->note),
                 "running in a shared svchost: %s is the whole process, not separable",
                 size_str(s->bytes));
    else
        snprintf(s->note, sizeof(s->note), "running in its own process: up to %s (working set)",
                 size_str(s->bytes));
}

void win_item_measure(const struct win_item *it, const struct win_host *h, struct win_saving *ret)
{
    memset(ret, 0, sizeof(*ret));
    if (h->state != WIN_HOST_OK) {
        snprintf(ret->note, sizeof(ret->note), "no host data");
        return;
    }
    switch (it->kind) {
    case WIN_ITEM_SERVICES:
        measure_services(it, h, ret);
        break;
    case WIN_ITEM_DRIVER:
        ret->present = h->ndu_start.known;
        ret->running = h->ndu_state == WIN_SVC_RUNNING;
        if (!h->ndu_start.known) {
            snprintf(ret->note, sizeof(ret->note), "%s", h->ndu_start.why);
        } else if (h->nonpaged_pool.known) {
            snprintf(ret->note, sizeof(ret->note),
                     "Start=%llu; non-paged pool is %s: Ndu's share of it cannot be measured from "
                     "user mode",
                     (unsigned long long)h->ndu_start.v, size_str(h->nonpaged_pool.v));
        } else {
            snprintf(ret->note, sizeof(ret->note), "Start=%llu; non-paged pool unknown",
                     (unsigned long long)h->ndu_start.v);
        }
        break;
    case WIN_ITEM_APPX:
        if (!h->has_widgets) {
            snprintf(ret->note, sizeof(ret->note), "processes unknown: %s", h->widgets_why);
            break;
        }
        ret->known = true;
        ret->running = (unsigned)h->widgets.processes;
        ret->bytes = h->widgets.working_set;
        if (h->widgets.processes)
            snprintf(ret->note, sizeof(ret->note),
                     "%llu widget process%s running: up to %s (working sets)",
                     (unsigned long long)h->widgets.processes,
                     h->widgets.processes == 1 ? "" : "es", size_str(ret->bytes));
        else
            snprintf(ret->note, sizeof(ret->note),
                     "no Widgets process running: removing it saves nothing now");
        break;
    case WIN_ITEM_REGVALUE:
        ret->known = true;
        snprintf(ret->note, sizeof(ret->note), "a policy value: no memory figure to measure");
        break;
    case WIN_ITEM_PAGEFILE: {
        char pf[160];
        if (!h->has_pagefile) {
            snprintf(ret->note, sizeof(ret->note), "page file settings unknown: %.180s",
                     h->pagefile_why);
            break;
        }
        ret->known = true;
        win_pagefile_describe(h, pf, sizeof(pf));
        snprintf(ret->note, sizeof(ret->note),
                 "%s; it frees no memory, it lets the commit limit grow with the charge",
                 pf[0] ? pf : "no page file");
        break;
    }
    }
}

bool win_item_recommended(const struct win_item *it, const struct win_host *h, char *why, size_t n)
{
    return win_item_recommended_vm(it, h, 0, why, n);
}

bool win_item_recommended_vm(const struct win_item *it, const struct win_host *h, uint64_t vm_total,
                             char *why, size_t n)
{
    if (it->kind == WIN_ITEM_PAGEFILE)
        return win_pagefile_recommended(h, vm_total, why, n);
    struct win_saving s;
    win_item_measure(it, h, &s);
    if (h->state != WIN_HOST_OK) {
        snprintf(why, n, "no host data to measure");
        return false;
    }
    if (it->kind == WIN_ITEM_DRIVER) {
        const struct win_adapter *a = win_host_killer_adapter(h);
        if (!h->ndu_start.known) {
            snprintf(why, n, "no Ndu driver found");
            return false;
        }
        if (h->ndu_start.v == 4) {
            snprintf(why, n, "already disabled (Start=4)");
            return false;
        }
        if (!a) {
            snprintf(why, n,
                     "no Killer or MSI network adapter: the reported problem does not "
                     "apply");
            return false;
        }
        snprintf(why, n, "a %s adapter is present and Ndu Start=%llu", a->killer ? "Killer" : "MSI",
                 (unsigned long long)h->ndu_start.v);
        return true;
    }
    if (it->recommend_min == 0) {
        snprintf(why, n, "not recommended on measurements: %s", s.note);
        return false;
    }
    if (!s.known) {
        snprintf(why, n, "not measured: %s", s.note);
        return false;
    }
    if (s.shared) {
        snprintf(why, n, "%s", s.note);
        return false;
    }
    if (s.running == 0) {
        snprintf(why, n, "%s", s.note);
        return false;
    }
    if (s.bytes < it->recommend_min) {
        snprintf(why, n, "%s; below the %s worth a change", s.note, size_str(it->recommend_min));
        return false;
    }
    snprintf(why, n, "%s", s.note);
    return true;
}

size_t win_dosvc_recommended(const struct win_host *h, const struct win_item **ret, size_t n)
{
    size_t k = 0;
    char why[256];
    for (size_t i = 0; i < win_nitems && k < n; i++) {
        const struct win_item *it = &win_items[i];
        if (strcmp(it->id, "dosvc") != 0 && strcmp(it->id, "do-peering") != 0)
            continue;
        if (win_item_recommended(it, h, why, sizeof(why)))
            ret[k++] = it;
    }
    return k;
}

/* The rules WSL applies to `.wslconfig` after reading it, so that the value
 * it uses can differ from the one written (or from the default). Each rule
 * follows microsoft/WSL src/windows/common/WslCoreConfig.cpp @3e27a6a
 * (ParseConfigFile() and Initialize()), in the order WSL applies them:
 *
 *   :52-60   an invalid dnsTunnelingIpAddress turns dnsTunneling off (a
 *            dnsTunneling line further down sets it again: file order)
 *   :152-157 the Hyper-V firewall is always on in mirrored mode
 *   :182-189 earlyBootLogging is on with debugConsole or debugConsoleLogFile,
 *            unless the file sets it
 *   :424-439 safeMode turns off hostFileSystemAccess, nestedVirtualization,
 *            hardwarePerformanceCounters, gpuSupport, virtio, guiApplications,
 *            swap, kernel, kernelModules, networking, dnsTunneling, autoProxy
 *   :441-452 without virtio: no virtio9p, no virtiofs, no swiotlb, and
 *            Consomme falls back to NAT
 *   :454-458 virtio9p is always turned off
 *   :460-465 swiotlb 0 with virtiofs (or Consomme) gets a computed default
 *            (helpers.cpp:811-823: 64 MB when the VM has 1 GB + 64 MB)
 *   :467-473 dnsTunneling is off outside NAT, mirrored and Consomme
 *   :475-479 without DNS tunneling: no bestEffortDnsParsing, no address
 *   :481-485 ignoredPorts and hostAddressLoopback need mirrored mode
 *
 * Not modelled, since they depend on the Windows side: group policies
 * (:333-403) and the GlobalSecureAccess service (:405-421). */
#ifndef HEADROOM_WSLCONFIG_RULES_H
#define HEADROOM_WSLCONFIG_RULES_H

#include "wslconfig/eval.h"

enum wsl_rule_id {
    WSLR_NONE = 0,
    WSLR_DNS_BAD_ADDRESS,
    WSLR_FIREWALL_MIRRORED,
    WSLR_EARLY_BOOT_LOGGING,
    WSLR_SAFE_MODE,
    WSLR_NO_VIRTIO,
    WSLR_VIRTIO9P_OFF,
    WSLR_SWIOTLB_DEFAULT,
    WSLR_DNS_NETWORKING,
    WSLR_DNS_OFF,
    WSLR_MIRRORED_ONLY,
    WSLR_SWAP_TOO_LARGE, /* reported, not in WSL's config code: microsoft/WSL#5476 */
};

/* The largest swap= WSL was reported to create: "a hair under 256GB" (a WSL
 * maintainer, https://github.com/microsoft/WSL/issues/5476, 2020); with
 * swap=256GB the VM started without swap. */
#define WSL_SWAP_REPORTED_LIMIT ((uint64_t)256 << 30)

/* Applies the rules to the settings of a `.wslconfig` evaluation (called by
 * wsl_eval_run()). */
void wsl_rules_apply(struct wsl_eval *ev);
/* The host-dependent part: swiotlb's computed default (needs the VM's
 * memory from `vm`). */
void wsl_rules_swiotlb(const struct wsl_eval *ev, struct wsl_vm *vm);
/* The source reference of a rule, "microsoft/WSL
 * src/windows/common/WslCoreConfig.cpp:467 @3e27a6a". */
const char *wsl_rule_source(const struct wsl_setting *s, char *buf, size_t n);
/* Whether the user asked for this override (safeMode), or another lint rule
 * (no-effect) reports it already: no `wslconfig.overridden` finding. */
bool wsl_rule_expected(const struct wsl_setting *s);

#endif

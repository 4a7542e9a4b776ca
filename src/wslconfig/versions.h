/* Defaults and rules that changed between WSL releases. headroom's schema
 * holds today's (microsoft/WSL @3e27a6a); for an older WSL, known from
 * `wslinfo --version` or --wsl-version, these give what that release used:
 *   - experimental.autoMemoryReclaim: Disabled before 2.1.3, DropCache since
 *     (https://github.com/microsoft/WSL/releases/tag/2.1.3);
 *   - wsl2.dnsTunneling: false before 2.2.1, true since (it was on in 2.1.0
 *     and off again in 2.1.1; https://github.com/microsoft/WSL/releases/tag/2.2.1);
 *   - DNS tunneling with Consomme (VirtioProxy) networking: kept in 2.7.1
 *     and since 2.8.2, turned off in the others (microsoft/WSL
 *     src/windows/common/WslCoreConfig.cpp at tags 2.7.1, 2.7.2 and 2.8.2:
 *     commits c5fb4aa "Enable DNS tunneling for VirtioProxy networking mode"
 *     and 7370bf2, which reverted it until 2.8.2);
 *   - swiotlb's computed default: since 2.8.9 (commit c4ef2c7, "per-device
 *     SWIOTLB pool"); before, 0 stays 0. */
#ifndef HEADROOM_WSLCONFIG_VERSIONS_H
#define HEADROOM_WSLCONFIG_VERSIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "wslconfig/schema.h"

/* For `version` ("2.0.9"; NULL or "" = unknown: today's default applies):
 * when that release's default of `k` differs from the schema's, sets
 * *ret_num and *ret_note ("Disabled: the default before WSL 2.1.3") and
 * returns true. */
bool wsl_version_default(const struct wsl_key *k, const char *version, int64_t *ret_num,
                         const char **ret_note);
/* Whether that release keeps DNS tunneling with Consomme networking. */
bool wsl_version_dns_with_consomme(const char *version);
/* Whether that release computes a swiotlb pool for virtiofs or Consomme. */
bool wsl_version_swiotlb_default(const char *version);

#endif

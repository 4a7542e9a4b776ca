#include "wslconfig/versions.h"

#include <string.h>

#include "util/version.h"

struct changed_default {
    const char *section, *name;
    unsigned since[3]; /* the first release with today's default */
    unsigned also[3];  /* an earlier release that had it too, or {0} */
    int64_t before;    /* the typed default before `since` */
    const char *note;
};

static const struct changed_default changed[] = {
    {"experimental",
     "autoMemoryReclaim",
     {2, 1, 3},
     {0},
     WSL_RECLAIM_DISABLED,
     "Disabled: the default before WSL 2.1.3"},
    {"wsl2", "dnsTunneling", {2, 2, 1}, {2, 1, 0}, 0, "false: the default before WSL 2.2.1"},
};

static bool known(const char *version)
{
    return version && version[0];
}

bool wsl_version_default(const struct wsl_key *k, const char *version, int64_t *ret_num,
                         const char **ret_note)
{
    if (!known(version) || k->file != WSLF_WSLCONFIG)
        return false;
    for (size_t i = 0; i < sizeof(changed) / sizeof(changed[0]); i++) {
        const struct changed_default *c = &changed[i];
        if (strcmp(c->section, k->section) != 0 || strcmp(c->name, k->name) != 0)
            continue;
        if (wsl_version_cmp(version, c->since[0], c->since[1], c->since[2]) >= 0)
            return false;
        if (c->also[0] && wsl_version_cmp(version, c->also[0], c->also[1], c->also[2]) == 0)
            return false;
        *ret_num = c->before;
        *ret_note = c->note;
        return true;
    }
    return false;
}

bool wsl_version_dns_with_consomme(const char *version)
{
    if (!known(version))
        return true;
    return wsl_version_cmp(version, 2, 8, 2) >= 0 || wsl_version_cmp(version, 2, 7, 1) == 0;
}

bool wsl_version_swiotlb_default(const char *version)
{
    return !known(version) || wsl_version_cmp(version, 2, 8, 9) >= 0;
}

#include "probe/packages.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "probe/dpkg.h"
#include "probe/gpu.h"

const char *const packages_audio[] = {"pulseaudio-utils", "alsa-utils", "libasound2-plugins", NULL};

static bool wanted(const char *pkg)
{
    if (nvidia_pkg_classify(pkg) != NVPKG_OTHER)
        return true;
    for (size_t i = 0; packages_audio[i]; i++)
        if (strcmp(pkg, packages_audio[i]) == 0)
            return true;
    return false;
}

/* Adds pkg once: a Multi-Arch package is one stanza (and one .list file)
 * per architecture. */
static void add(struct packages *p, const char *pkg)
{
    if (!wanted(pkg) || packages_has(p, pkg) || p->n >= PACKAGES_MAX)
        return;
    snprintf(p->names[p->n++], sizeof(p->names[0]), "%s", pkg);
}

static int on_installed(const char *name, size_t n, void *ud)
{
    char pkg[80];
    if (n < sizeof(pkg)) {
        memcpy(pkg, name, n);
        pkg[n] = '\0';
        add(ud, pkg);
    }
    return 0;
}

static int status_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    struct packages *p = ret;
    int e = dpkg_status_parse(buf, len, on_installed, p, d);
    if (e < 0) /* nothing from a file that did not parse */
        p->n = 0;
    return e;
}

void packages_read(const struct rootfs *r, struct packages *p)
{
    memset(p, 0, sizeof(*p));
    if (probe_load(r, "var/lib/dpkg/status", DPKG_STATUS_CAP, status_cb, p, &p->st) != -ENOENT)
        return;
    static const char *const lists[] = {
        "*nvidia*.list",          "cuda-*.list",      "libcuda1*.list",           "cuda.list",
        "pulseaudio-utils*.list", "alsa-utils*.list", "libasound2-plugins*.list", NULL};
    char **names;
    size_t n;
    /* without info/ either, nothing is known (rootfs_glob lists a missing
     * directory as empty) */
    if (rootfs_exists(r, "var/lib/dpkg/info") &&
        rootfs_glob(r, "var/lib/dpkg/info", lists, 256, &names, &n) == 0) {
        p->from_lists = true;
        for (size_t i = 0; i < n; i++) {
            char pkg[80];
            if (dpkg_list_package(names[i], pkg, sizeof(pkg)) == 0)
                add(p, pkg);
        }
        rootfs_names_free(names, n);
    }
}

bool packages_has(const struct packages *p, const char *name)
{
    for (unsigned i = 0; i < p->n; i++)
        if (strcmp(p->names[i], name) == 0)
            return true;
    return false;
}

const char *packages_source(const struct packages *p)
{
    return p->from_lists ? "/var/lib/dpkg/info" : "/var/lib/dpkg/status";
}

#include "probe/wsl.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/interop.h"
#include "util/lines.h"
#include "util/run.h"

const char *wsl_kind_name(enum wsl_kind k)
{
    switch (k) {
    case WSL_1:
        return "wsl1";
    case WSL_2:
        return "wsl2";
    case WSL_NONE:
        break;
    }
    return "none";
}

enum wsl_kind wsl_kind_from_release(const char *release, bool *ret_microsoft)
{
    bool ms = strcasestr(release, "microsoft") != NULL;
    if (ret_microsoft)
        *ret_microsoft = ms;
    /* WSL's own test (util.cpp): capital-M "Microsoft" means WSL1. */
    if (strstr(release, "Microsoft"))
        return WSL_1;
    if (strstr(release, "WSL2") || strstr(release, "microsoft-standard"))
        return WSL_2;
    return WSL_NONE;
}

int wsl_version_parse(const char *buf, size_t len, char *ret, size_t n, struct diag *d)
{
    size_t l = len;
    while (l && (buf[l - 1] == '\n' || buf[l - 1] == '\r' || buf[l - 1] == ' '))
        l--;
    if (l == 0 || l >= n || l >= 32) {
        diag_set(d, NULL, 1, 1, "expected a version such as 2.6.1");
        return -EBADMSG;
    }
    bool digit = false;
    for (size_t i = 0; i < l; i++) {
        char c = buf[i];
        if (c >= '0' && c <= '9')
            digit = true;
        else if (c != '.' || !digit) {
            diag_set(d, NULL, 1, (unsigned)i + 1, "expected a version such as 2.6.1");
            return -EBADMSG;
        } else
            digit = false;
    }
    if (!digit) {
        diag_set(d, NULL, 1, (unsigned)l, "version ends with '.'");
        return -EBADMSG;
    }
    memcpy(ret, buf, l);
    ret[l] = '\0';
    return 0;
}

bool wsl_env_lookup(const char *buf, size_t len, const char *key, char *ret, size_t n)
{
    struct lines it;
    const char *s;
    size_t ln, kl = strlen(key);
    lines_init(&it, buf, len);
    while (lines_next(&it, &s, &ln)) {
        if (ln > kl && memcmp(s, key, kl) == 0 && s[kl] == '=') {
            size_t vl = ln - kl - 1;
            if (vl >= n)
                vl = n - 1;
            memcpy(ret, s + kl + 1, vl);
            ret[vl] = '\0';
            return true;
        }
    }
    return false;
}

int wsl_run_wslinfo(char *ret, size_t n)
{
    static const char *const paths[] = {"/usr/bin/wslinfo", "/bin/wslinfo"};
    const char *exe = NULL;
    for (size_t i = 0; i < 2 && !exe; i++)
        if (access(paths[i], X_OK) == 0)
            exe = paths[i];
    if (!exe)
        return -ENOENT;
    char *argv[] = {(char *)exe, (char *)"--version", NULL};
    struct strbuf out = STRBUF_INIT;
    int rc = run_capture(argv, NULL, 2000, 127, &out);
    if (rc < 0 && rc != -ETIMEDOUT) {
        strbuf_release(&out);
        return rc;
    }
    struct diag d;
    int r = wsl_version_parse(out.buf ? out.buf : "", out.len, ret, n, &d);
    strbuf_release(&out);
    return r;
}

static void read_init(const struct rootfs *r, struct wsl_info *info)
{
    struct strbuf sb = STRBUF_INIT;
    if (rootfs_read(r, "proc/1/comm", 256, &sb) == 0) {
        size_t n = strcspn(sb.buf, "\n");
        if (n >= sizeof(info->pid1_comm))
            n = sizeof(info->pid1_comm) - 1;
        memcpy(info->pid1_comm, sb.buf, n);
        info->pid1_comm[n] = '\0';
    }
    strbuf_release(&sb);
    info->run_systemd = rootfs_exists(r, "run/systemd/system");
    char **names;
    size_t n;
    info->docker_desktop_dirs = -1;
    if (rootfs_list(r, "mnt/wsl", 256, &names, &n) == 0) {
        info->docker_desktop_dirs = 0;
        for (size_t i = 0; i < n; i++)
            if (strncmp(names[i], "docker-desktop", 14) == 0)
                info->docker_desktop_dirs = 1;
        rootfs_names_free(names, n);
    }
}

void wsl_read(const struct rootfs *r, const char *release, struct wsl_info *info)
{
    memset(info, 0, sizeof(*info));
    enum wsl_kind k = wsl_kind_from_release(release, &info->kernel_microsoft);
    info->kernel_wsl1 = k == WSL_1;
    info->kernel_wsl2 = k == WSL_2;
    info->interop = wsl_interop_registered(r);
    info->run_wsl = rootfs_exists(r, "run/WSL");
    info->lib_dir = rootfs_exists(r, "usr/lib/wsl/lib");
    info->wslg = rootfs_exists(r, "mnt/wslg");
    read_init(r, info);

    if (r->live) {
        const char *v = getenv("WSL_DISTRO_NAME");
        if (v)
            snprintf(info->distro, sizeof(info->distro), "%s", v);
        info->has_interop_env = getenv("WSL_INTEROP") != NULL;
    } else {
        struct strbuf sb = STRBUF_INIT;
        if (rootfs_read(r, ".headroom/env", PROBE_CAP_SMALL, &sb) == 0) {
            char tmp[8];
            wsl_env_lookup(sb.buf, sb.len, "WSL_DISTRO_NAME", info->distro, sizeof(info->distro));
            info->has_interop_env = wsl_env_lookup(sb.buf, sb.len, "WSL_INTEROP", tmp, sizeof(tmp));
        }
        strbuf_release(&sb);
    }

    /* A kernel that says WSL decides; a custom kernel without the marker
     * still counts as WSL2 when the VM's own signs are there. */
    bool vm_signs = info->interop || info->run_wsl || info->lib_dir || info->distro[0];
    if (k != WSL_NONE)
        info->kind = k;
    else if (vm_signs && (info->kernel_microsoft || info->interop || info->run_wsl))
        info->kind = WSL_2;
    else
        info->kind = WSL_NONE;

    info->wslinfo_present = rootfs_exists(r, "usr/bin/wslinfo") || rootfs_exists(r, "bin/wslinfo");
    if (info->kind != WSL_2)
        return;
    if (r->live) {
        if (wsl_run_wslinfo(info->version, sizeof(info->version)) == 0)
            info->version_source = "wslinfo";
        else
            info->version[0] = '\0';
    } else {
        struct strbuf sb = STRBUF_INIT;
        struct diag d;
        if (rootfs_read(r, ".headroom/wslinfo-version", PROBE_CAP_SMALL, &sb) == 0 &&
            wsl_version_parse(sb.buf, sb.len, info->version, sizeof(info->version), &d) == 0)
            info->version_source = "snapshot";
        else
            info->version[0] = '\0';
        strbuf_release(&sb);
    }
}

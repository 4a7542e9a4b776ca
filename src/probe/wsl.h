/* Is this WSL, which one, and what is there? Signals, each recorded as
 * evidence (microsoft/WSL src/linux/init/config.cpp):
 *   - kernel release: "Microsoft" (capital M) is WSL1; "-microsoft-standard-WSL2"
 *     or "WSL2" is WSL2; an early "-microsoft-standard" kernel is WSL2 too;
 *   - /proc/sys/fs/binfmt_misc/WSLInterop* (Windows interop is live);
 *   - /run/WSL, /usr/lib/wsl/lib (GPU libraries), /mnt/wslg (WSLg);
 *   - WSL_DISTRO_NAME and WSL_INTEROP in the environment (live), or in the
 *     snapshot's .headroom/env (under --root; only WSL_* keys are honoured);
 *   - the WSL version: live from the real /usr/bin/wslinfo or /bin/wslinfo
 *     (`wslinfo --version`), under --root only from .headroom/wslinfo-version.
 *     Nothing inside a root is ever executed. */
#ifndef HEADROOM_WSL_H
#define HEADROOM_WSL_H

#include <stdbool.h>

#include "probe/probe.h"
#include "util/version.h" /* wsl_version_cmp(), for the callers of this header */

enum wsl_kind { WSL_NONE = 0, WSL_1, WSL_2 };

struct wsl_info {
    enum wsl_kind kind;
    bool kernel_wsl2;      /* the release names WSL2 */
    bool kernel_wsl1;      /* capital "Microsoft" */
    bool kernel_microsoft; /* any "microsoft" */
    bool interop;          /* wsl_interop_registered() */
    bool run_wsl;          /* /run/WSL */
    bool lib_dir;          /* /usr/lib/wsl/lib */
    bool wslg;             /* /mnt/wslg */
    /* the distro's init: PID 1's name (/proc/1/comm without its newline;
     * "" when unreadable) and /run/systemd/system (systemd is running) */
    char pid1_comm[32];
    bool run_systemd;
    /* /mnt/wsl, which every distro of the VM shares: -1 when it cannot be
     * listed, else whether Docker Desktop's docker-desktop* folders are in it */
    int docker_desktop_dirs;
    char distro[128]; /* WSL_DISTRO_NAME, "" when unknown */
    bool has_interop_env;
    bool wslinfo_present;       /* /usr/bin/wslinfo or /bin/wslinfo (WSL >= ~2.0.4) */
    char version[32];           /* "2.6.1", "" when unknown */
    const char *version_source; /* "wslinfo", "snapshot", or NULL */
};

/* From a kernel release string alone: WSL_1, WSL_2 or WSL_NONE. */
enum wsl_kind wsl_kind_from_release(const char *release, bool *ret_microsoft);
/* `wslinfo --version` output ("2.6.1\n"): validates digits and dots.
 * Returns 0 or -EBADMSG. */
int wsl_version_parse(const char *buf, size_t len, char *ret, size_t n, struct diag *d);
/* KEY=VALUE lines (the snapshot's .headroom/env); finds `key`. */
bool wsl_env_lookup(const char *buf, size_t len, const char *key, char *ret, size_t n);

/* Fills info. `release` is the kernel release ("" when unknown). */
void wsl_read(const struct rootfs *r, const char *release, struct wsl_info *info);
/* Runs the real wslinfo (live machines only) with a 2 s limit. */
int wsl_run_wslinfo(char *ret, size_t n);
const char *wsl_kind_name(enum wsl_kind k);

#endif

/* The kernel's identity: /proc/sys/kernel/osrelease (uname -r) and
 * /proc/version (the full banner with compiler and build date). */
#ifndef HEADROOM_KERNEL_H
#define HEADROOM_KERNEL_H

#include "probe/probe.h"

struct kernel_release {
    char release[256];            /* 5.15.167.4-microsoft-standard-WSL2 */
    unsigned major, minor, patch; /* 0 when not numeric */
};

struct kernel_version {
    char banner[1024]; /* Linux version 5.15.167.4-microsoft-standard-WSL2 (...) #1 SMP ... */
    char release[256]; /* the release word of the banner */
};

/* 5.15.167.4-microsoft-standard-WSL2
 * One non-empty line of printable bytes. Returns 0 or -EBADMSG. */
int kernel_release_parse(const char *buf, size_t len, struct kernel_release *ret, struct diag *d);
/* Linux version 6.6.87.2-microsoft-standard-WSL2 (root@439a258ad544) (gcc (GCC) 11.2.0, ...) #1 SMP
 * ... Must start with "Linux version ". Returns 0 or -EBADMSG. */
int kernel_version_parse(const char *buf, size_t len, struct kernel_version *ret, struct diag *d);
int kernel_release_read(const struct rootfs *r, struct kernel_release *ret,
                        struct probe_status *st);
int kernel_version_read(const struct rootfs *r, struct kernel_version *ret,
                        struct probe_status *st);
/* Compares (major, minor, patch) with a version: <0, 0, >0. */
int kernel_release_cmp(const struct kernel_release *k, unsigned major, unsigned minor,
                       unsigned patch);

#endif

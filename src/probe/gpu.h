/* GPU set-up inside WSL2, from files only (microsoft/WSL src/linux/init/config.cpp;
 * NVIDIA's CUDA on WSL User Guide):
 *   - /dev/dxg, the GPU paravirtualization device;
 *   - /usr/lib/wsl/lib: the Windows driver's user-mode libraries that WSL
 *     mounts (libcuda.so*, libnvidia-ml.so.1, nvidia-smi);
 *   - /etc/ld.so.conf.d/ld.wsl.conf, which WSL writes so the loader finds them;
 *   - a libcuda.so* in the usual library directories, which would shadow the
 *     WSL one (a Linux NVIDIA driver installed in the guest);
 *   - dpkg's database (/var/lib/dpkg/status; /var/lib/dpkg/info/<package>.list
 *     only when there is no status file): Linux NVIDIA driver packages
 *     (which break CUDA on WSL) and CUDA toolkit packages;
 *   - /usr/local/cuda/version.json, the installed toolkit's version.
 * Live VRAM figures come from NVML, not from here. */
#ifndef HEADROOM_GPU_H
#define HEADROOM_GPU_H

#include <stdbool.h>

#include "probe/probe.h"

#define GPU_MAX_NAMES 16

enum nvidia_pkg_kind { NVPKG_OTHER = 0, NVPKG_DRIVER, NVPKG_TOOLKIT };

struct gpu_info {
    bool dxg;
    bool wsl_lib_dir;
    char wsl_libcuda[GPU_MAX_NAMES][64]; /* libcuda.so* names in /usr/lib/wsl/lib */
    unsigned n_wsl_libcuda;
    bool wsl_nvidia_smi;
    bool wsl_nvml;
    bool ld_conf_dir; /* /etc/ld.so.conf.d exists: false in a snapshot that did not record /etc */
    bool ld_wsl_conf; /* the file exists */
    bool ld_wsl_conf_lists_lib;              /* and names /usr/lib/wsl/lib */
    char shadow_libcuda[GPU_MAX_NAMES][128]; /* full paths outside /usr/lib/wsl/lib */
    unsigned n_shadow_libcuda;
    char other_nvidia_smi[64]; /* e.g. "/usr/bin/nvidia-smi" from a Linux driver */
    char driver_pkgs[GPU_MAX_NAMES][80];
    unsigned n_driver_pkgs;
    char toolkit_pkgs[GPU_MAX_NAMES][80];
    unsigned n_toolkit_pkgs;
    char cuda_version[32]; /* "12.6.2", "" when no /usr/local/cuda/version.json */
    struct probe_status cuda_version_st;
    struct probe_status dpkg_st; /* var/lib/dpkg/status */
    bool pkgs_from_lists;        /* no status file: the packages come from info/ */
};

/* "libnvidia-compute-535:amd64.list" -> "libnvidia-compute-535". Returns 0,
 * or -EINVAL when the name does not end in ".list" or the package name is
 * empty or longer than n-1. */
int dpkg_list_package(const char *file, char *ret, size_t n);
/* What a Debian/Ubuntu package name says: a Linux NVIDIA driver (never to
 * be installed in WSL), a CUDA toolkit, or neither. */
enum nvidia_pkg_kind nvidia_pkg_classify(const char *pkg);
/* /usr/local/cuda/version.json:
 *   { "cuda" : { "name" : "CUDA SDK", "version" : "12.6.2" }, "cuda_cccl" : {...} }
 * Extracts the top-level "cuda" object's "version" string (digits and dots).
 * Returns 0 or -EBADMSG. */
int cuda_version_json_parse(const char *buf, size_t len, char *ret, size_t n, struct diag *d);

/* Where the package lists were read, as a user would name it:
 * "/var/lib/dpkg/status", "/var/lib/dpkg/info", or "no dpkg record". */
const char *gpu_pkgs_source(const struct gpu_info *g);

struct packages;
/* Reads the set-up through r, with the packages already read (machine.c
 * reads them once for every probe that asks). */
void gpu_read_with(const struct rootfs *r, const struct packages *pk, struct gpu_info *ret);
/* The same, reading the packages itself (tests). */
void gpu_read(const struct rootfs *r, struct gpu_info *ret);

#endif

#include "probe/gpu.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>

#include "probe/dpkg.h"
#include "probe/packages.h"
#include "util/strbuf.h"

int dpkg_list_package(const char *file, char *ret, size_t n)
{
    size_t len = strlen(file);
    if (len <= 5 || strcmp(file + len - 5, ".list") != 0)
        return -EINVAL;
    len -= 5;
    const char *colon = memchr(file, ':', len);
    if (colon)
        len = (size_t)(colon - file);
    if (len == 0 || len >= n || !dpkg_name_valid(file, len))
        return -EINVAL;
    memcpy(ret, file, len);
    ret[len] = '\0';
    return 0;
}

enum nvidia_pkg_kind nvidia_pkg_classify(const char *pkg)
{
    /* Linux kernel driver and its user-space libraries: on WSL the Windows
     * driver provides these, and a guest copy shadows it. libcuda1 is
     * Debian's name for the driver's libcuda. */
    static const char *const driver[] = {
        "cuda-drivers",
        "cuda-drivers-*",
        "nvidia-driver",
        "nvidia-driver-*",
        "libnvidia-compute-*",
        "nvidia-dkms-*",
        "nvidia-kernel-common-*",
        "nvidia-kernel-source-*",
        "nvidia-kernel-dkms",
        "xserver-xorg-video-nvidia-*",
        "nvidia-utils-*",
        "libcuda1",
        "nvidia-open",
        "nvidia-open-*",
        "nvidia-headless-*",
    };
    static const char *const toolkit[] = {
        "cuda-toolkit",
        "cuda-toolkit-*",
        "nvidia-cuda-toolkit",
        "cuda-nvcc-*",
    };
    for (size_t i = 0; i < sizeof(driver) / sizeof(driver[0]); i++)
        if (fnmatch(driver[i], pkg, 0) == 0)
            return NVPKG_DRIVER;
    for (size_t i = 0; i < sizeof(toolkit) / sizeof(toolkit[0]); i++)
        if (fnmatch(toolkit[i], pkg, 0) == 0)
            return NVPKG_TOOLKIT;
    return NVPKG_OTHER;
}

/* A tiny scanner over JSON text: skips whitespace, matches a string token. */
static const char *ws(const char *p, const char *e)
{
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

/* Reads a JSON string at p (no escapes allowed: version.json has none);
 * returns the position after it or NULL. */
static const char *json_string(const char *p, const char *e, const char **ret_s, size_t *ret_n)
{
    if (p >= e || *p != '"')
        return NULL;
    const char *s = ++p;
    while (p < e && *p != '"') {
        if (*p == '\\' || (unsigned char)*p < 0x20)
            return NULL;
        p++;
    }
    if (p >= e)
        return NULL;
    *ret_s = s;
    *ret_n = (size_t)(p - s);
    return p + 1;
}

/* Skips one JSON value of any kind; returns the position after it or NULL.
 * Depth is bounded so hostile nesting cannot exhaust the stack. */
static const char *skip_value(const char *p, const char *e, int depth)
{
    p = ws(p, e);
    if (p >= e || depth > 32)
        return NULL;
    if (*p == '"') {
        const char *s;
        size_t n;
        return json_string(p, e, &s, &n);
    }
    if (*p == '{' || *p == '[') {
        char close = *p == '{' ? '}' : ']';
        bool object = *p == '{';
        p = ws(p + 1, e);
        if (p < e && *p == close)
            return p + 1;
        for (;;) {
            if (object) {
                const char *s;
                size_t n;
                p = json_string(ws(p, e), e, &s, &n);
                if (!p)
                    return NULL;
                p = ws(p, e);
                if (p >= e || *p != ':')
                    return NULL;
                p++;
            }
            p = skip_value(p, e, depth + 1);
            if (!p)
                return NULL;
            p = ws(p, e);
            if (p < e && *p == ',') {
                p++;
                continue;
            }
            if (p < e && *p == close)
                return p + 1;
            return NULL;
        }
    }
    /* numbers, true, false, null */
    const char *s = p;
    while (p < e && *p != ',' && *p != '}' && *p != ']' && *p != ' ' && *p != '\n' && *p != '\r' &&
           *p != '\t')
        p++;
    return p > s ? p : NULL;
}

int cuda_version_json_parse(const char *buf, size_t len, char *ret, size_t n, struct diag *d)
{
    const char *p = ws(buf, buf + len), *e = buf + len;
    if (p >= e || *p != '{') {
        diag_set(d, NULL, 1, 1, "expected a JSON object");
        return -EBADMSG;
    }
    p = ws(p + 1, e);
    while (p < e && *p != '}') {
        const char *k;
        size_t kn;
        p = json_string(p, e, &k, &kn);
        if (!p || (p = ws(p, e)) >= e || *p != ':') {
            diag_set_offset(d, NULL, (uint64_t)((p ? p : e) - buf), "expected \"key\":");
            return -EBADMSG;
        }
        p = ws(p + 1, e);
        if (kn == 4 && memcmp(k, "cuda", 4) == 0 && p < e && *p == '{') {
            /* look for "version" among this object's members */
            p = ws(p + 1, e);
            while (p < e && *p != '}') {
                const char *ik, *v;
                size_t ikn, vn;
                p = json_string(p, e, &ik, &ikn);
                if (!p || (p = ws(p, e)) >= e || *p != ':')
                    break;
                p = ws(p + 1, e);
                if (ikn == 7 && memcmp(ik, "version", 7) == 0) {
                    if (!json_string(p, e, &v, &vn) || vn == 0 || vn >= n ||
                        strspn(v, "0123456789.") < vn) {
                        diag_set_offset(d, NULL, (uint64_t)(p - buf), "bad \"version\" value");
                        return -EBADMSG;
                    }
                    memcpy(ret, v, vn);
                    ret[vn] = '\0';
                    return 0;
                }
                p = skip_value(p, e, 1);
                if (!p)
                    break;
                p = ws(p, e);
                if (p < e && *p == ',')
                    p = ws(p + 1, e);
            }
            diag_set(d, NULL, 0, 0, "no \"version\" in the \"cuda\" object");
            return -EBADMSG;
        }
        p = skip_value(p, e, 1);
        if (!p) {
            diag_set(d, NULL, 0, 0, "malformed JSON value");
            return -EBADMSG;
        }
        p = ws(p, e);
        if (p < e && *p == ',')
            p = ws(p + 1, e);
    }
    diag_set(d, NULL, 0, 0, "no \"cuda\" object");
    return -EBADMSG;
}

static int cuda_cb(const char *buf, size_t len, void *ret, struct diag *d)
{
    return cuda_version_json_parse(buf, len, ret, 32, d);
}

static void add_name(char (*list)[64], unsigned *n, const char *name)
{
    if (*n < GPU_MAX_NAMES)
        snprintf(list[(*n)++], 64, "%s", name);
}

/* Adds pkg to a list once: a Multi-Arch package is one stanza (and one
 * .list file) per architecture. */
static void add_once(char (*list)[80], unsigned *n, const char *pkg)
{
    for (unsigned i = 0; i < *n; i++)
        if (strcmp(list[i], pkg) == 0)
            return;
    if (*n < GPU_MAX_NAMES)
        snprintf(list[(*n)++], 80, "%s", pkg);
}

static void add_pkg(struct gpu_info *g, const char *pkg)
{
    enum nvidia_pkg_kind k = nvidia_pkg_classify(pkg);
    if (k == NVPKG_DRIVER)
        add_once(g->driver_pkgs, &g->n_driver_pkgs, pkg);
    else if (k == NVPKG_TOOLKIT)
        add_once(g->toolkit_pkgs, &g->n_toolkit_pkgs, pkg);
}

const char *gpu_pkgs_source(const struct gpu_info *g)
{
    if (g->pkgs_from_lists)
        return "/var/lib/dpkg/info";
    return g->dpkg_st.state == PROBE_UNAVAILABLE ? "no dpkg record" : "/var/lib/dpkg/status";
}

void gpu_read(const struct rootfs *r, struct gpu_info *g)
{
    struct packages p;
    packages_read(r, &p);
    gpu_read_with(r, &p, g);
}

void gpu_read_with(const struct rootfs *r, const struct packages *pk, struct gpu_info *g)
{
    memset(g, 0, sizeof(*g));
    g->dxg = rootfs_exists(r, "dev/dxg");
    g->wsl_lib_dir = rootfs_exists(r, "usr/lib/wsl/lib");
    char **names;
    size_t n;
    static const char *const wsl_libs[] = {"libcuda.so*", "nvidia-smi", "libnvidia-ml.so.1", NULL};
    if (g->wsl_lib_dir && rootfs_glob(r, "usr/lib/wsl/lib", wsl_libs, 64, &names, &n) == 0) {
        for (size_t i = 0; i < n; i++) {
            if (strcmp(names[i], "nvidia-smi") == 0)
                g->wsl_nvidia_smi = true;
            else if (strcmp(names[i], "libnvidia-ml.so.1") == 0)
                g->wsl_nvml = true;
            else
                add_name(g->wsl_libcuda, &g->n_wsl_libcuda, names[i]);
        }
        rootfs_names_free(names, n);
    }

    struct strbuf sb = STRBUF_INIT;
    g->ld_conf_dir = rootfs_exists(r, "etc/ld.so.conf.d");
    if (rootfs_read(r, "etc/ld.so.conf.d/ld.wsl.conf", 4096, &sb) == 0) {
        g->ld_wsl_conf = true;
        g->ld_wsl_conf_lists_lib = strstr(sb.buf, "/usr/lib/wsl/lib") != NULL;
    }
    strbuf_release(&sb);

    /* where a guest libcuda would be found before the WSL one */
    static const char *const libdirs[] = {"usr/lib/x86_64-linux-gnu", "usr/lib/aarch64-linux-gnu",
                                          "usr/lib64", "usr/lib", "usr/local/lib"};
    static const char *const libcuda[] = {"libcuda.so*", NULL};
    for (size_t d = 0; d < sizeof(libdirs) / sizeof(libdirs[0]); d++) {
        if (rootfs_glob(r, libdirs[d], libcuda, GPU_MAX_NAMES, &names, &n) < 0)
            continue;
        for (size_t i = 0; i < n && g->n_shadow_libcuda < GPU_MAX_NAMES; i++)
            snprintf(g->shadow_libcuda[g->n_shadow_libcuda++], 128, "/%s/%s", libdirs[d], names[i]);
        rootfs_names_free(names, n);
    }
    static const char *const smi_dirs[] = {"usr/bin", "usr/local/bin", "bin"};
    for (size_t d = 0; d < 3 && !g->other_nvidia_smi[0]; d++) {
        char path[32];
        snprintf(path, sizeof(path), "%s/nvidia-smi", smi_dirs[d]);
        if (rootfs_exists(r, path))
            snprintf(g->other_nvidia_smi, sizeof(g->other_nvidia_smi), "/%s", path);
    }

    /* the packages, from dpkg's record (probe/packages.c) */
    g->dpkg_st = pk->st;
    g->pkgs_from_lists = pk->from_lists;
    for (unsigned i = 0; i < pk->n; i++)
        add_pkg(g, pk->names[i]);

    probe_load(r, "usr/local/cuda/version.json", PROBE_CAP_SMALL, cuda_cb, g->cuda_version,
               &g->cuda_version_st);
}

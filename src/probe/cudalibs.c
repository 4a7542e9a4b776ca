#include "probe/cudalibs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/parse.h"

bool cudalibs_ct2_version(const char *name, unsigned *major, unsigned *minor, unsigned *patch)
{
    static const char pre[] = "ctranslate2-", suf[] = ".dist-info";
    size_t n = strlen(name), pl = sizeof(pre) - 1, sl = sizeof(suf) - 1;
    if (n <= pl + sl || strncmp(name, pre, pl) != 0 || strcmp(name + n - sl, suf) != 0)
        return false;
    const char *p = name + pl, *e = name + n - sl;
    uint64_t v[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        const char *at = p;
        if (parse_u64_dec(&p, e, &v[i]) < 0 || p == at || v[i] > 10000)
            return false;
        if (i < 2) {
            if (p >= e || *p != '.')
                return false;
            p++;
        }
    }
    /* "4.5.0", also "4.5.0.post1": anything after the third number is kept out */
    *major = (unsigned)v[0];
    *minor = (unsigned)v[1];
    *patch = (unsigned)v[2];
    return true;
}

static bool any(const struct rootfs *r, const char *dir, const char *pattern)
{
    const char *const pats[] = {pattern, NULL};
    char **names;
    size_t n;
    if (rootfs_glob(r, dir, pats, 16, &names, &n) < 0)
        return false;
    rootfs_names_free(names, n);
    return n > 0;
}

static void system_dirs(const struct rootfs *r, struct cudalibs *c)
{
    static const char *const dirs[] = {"usr/lib/x86_64-linux-gnu", "lib/x86_64-linux-gnu",
                                       "usr/local/cuda/lib64",
                                       "usr/local/cuda/targets/x86_64-linux/lib"};
    for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
        bool c8 = any(r, dirs[i], "libcudnn.so.8*"), c9 = any(r, dirs[i], "libcudnn.so.9*");
        c->sys_cudnn8 |= c8;
        c->sys_cudnn9 |= c9;
        c->sys_cublas12 |= any(r, dirs[i], "libcublas.so.12*");
        if ((c8 || c9) && !c->sys_cudnn_dir[0])
            snprintf(c->sys_cudnn_dir, sizeof(c->sys_cudnn_dir), "/%s", dirs[i]);
    }
}

/* site-packages under `lib` ("home/alex/.venv/lib"): the first python3.N
 * holding CTranslate2. */
static bool try_lib(const struct rootfs *r, const char *lib, struct cudalibs *c)
{
    const char *const py[] = {"python3.*", NULL};
    char **vers;
    size_t nv;
    if (rootfs_glob(r, lib, py, 16, &vers, &nv) < 0)
        return false;
    bool found = false;
    for (size_t i = 0; i < nv && !found; i++) {
        char site[CUDALIBS_PATH];
        if ((size_t)snprintf(site, sizeof(site), "%s/%s/site-packages", lib, vers[i]) >=
            sizeof(site))
            continue;
        const char *const ct2[] = {"ctranslate2-*.dist-info", NULL};
        char **names;
        size_t n;
        if (rootfs_glob(r, site, ct2, 8, &names, &n) < 0)
            continue;
        for (size_t k = 0; k < n && !found; k++)
            if (cudalibs_ct2_version(names[k], &c->ct2_major, &c->ct2_minor, &c->ct2_patch)) {
                found = true;
                c->has_ct2 = true;
                snprintf(c->site, sizeof(c->site), "%s", site);
            }
        rootfs_names_free(names, n);
        if (found) {
            char d[CUDALIBS_PATH + 32];
            snprintf(d, sizeof(d), "%s/nvidia/cudnn/lib", site);
            c->wheel_cudnn8 = any(r, d, "libcudnn.so.8*");
            c->wheel_cudnn9 = any(r, d, "libcudnn.so.9*");
            snprintf(d, sizeof(d), "%s/nvidia/cublas/lib", site);
            c->wheel_cublas12 = any(r, d, "libcublas.so.12*");
        }
    }
    rootfs_names_free(vers, nv);
    return found;
}

void cudalibs_read(const struct rootfs *r, struct cudalibs *ret)
{
    memset(ret, 0, sizeof(*ret));
    system_dirs(r, ret);
    char **users;
    size_t nu;
    if (rootfs_list(r, "home", 64, &users, &nu) < 0)
        return;
    static const char *const venvs[] = {".venv", "venv", "env"};
    for (size_t u = 0; u < nu && !ret->has_ct2; u++) {
        if (strchr(users[u], '/') || users[u][0] == '.')
            continue;
        char lib[CUDALIBS_PATH];
        for (size_t v = 0; v < sizeof(venvs) / sizeof(venvs[0]) && !ret->has_ct2; v++) {
            snprintf(lib, sizeof(lib), "home/%s/%s/lib", users[u], venvs[v]);
            if (try_lib(r, lib, ret))
                snprintf(ret->venv, sizeof(ret->venv), "home/%s/%s", users[u], venvs[v]);
        }
        if (!ret->has_ct2) {
            snprintf(lib, sizeof(lib), "home/%s/.local/lib", users[u]);
            if (try_lib(r, lib, ret))
                ret->user_site = true;
        }
    }
    rootfs_names_free(users, nu);
}

unsigned cudalibs_cudnn_needed(const struct cudalibs *c)
{
    return c->ct2_major > 4 || (c->ct2_major == 4 && c->ct2_minor >= 5) ? 9 : 8;
}

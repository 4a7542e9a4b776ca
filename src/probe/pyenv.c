/* Finding Python environments through the root (probe/pyenv.h). */
#include "probe/pyenv.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define PYENV_VERSION_CAP (16 * 1024) /* torch/version.py is ~300 bytes */

static bool fits(char *buf, size_t n, const char *fmt, const char *a, const char *b)
{
    int k = snprintf(buf, n, fmt, a, b);
    return k >= 0 && (size_t)k < n;
}

static bool exists_in(const struct rootfs *r, const char *site, const char *rel)
{
    char p[PYENV_PATH + 96];
    return fits(p, sizeof(p), "%s/%s", site, rel) && rootfs_exists(r, p);
}

static void read_torch(const struct rootfs *r, struct pyenv *e)
{
    char path[PYENV_PATH + 32];
    if (!fits(path, sizeof(path), "%s/%s", e->site, "torch/version.py"))
        return;
    struct strbuf sb = STRBUF_INIT;
    int err = rootfs_read(r, path, PYENV_VERSION_CAP, &sb);
    memset(&e->torch_st, 0, sizeof(e->torch_st));
    e->torch_st.path = "torch/version.py";
    if (err == -ENOENT || err == -ENOTDIR) {
        e->torch_st.state = PROBE_UNREAD; /* no PyTorch here */
    } else if (err < 0) {
        e->torch_st.state = PROBE_UNAVAILABLE;
        e->torch_st.error = err;
    } else {
        struct diag d;
        diag_clear(&d);
        if (torch_version_parse(sb.buf, sb.len, &e->torch, &d) == 0) {
            probe_set_ok(&e->torch_st);
        } else {
            diag_set_file(&d, path);
            probe_set_malformed(&e->torch_st, &d);
        }
    }
    strbuf_release(&sb);
}

static void read_dists(const struct rootfs *r, struct pyenv *e)
{
    const char *const pats[] = {"onnxruntime*.dist-info", "tensorflow*.dist-info", NULL};
    char **names;
    size_t n;
    if (rootfs_glob(r, e->site, pats, 16, &names, &n) < 0)
        return;
    for (size_t i = 0; i < n; i++) {
        char pkg[32], ver[32];
        if (!pyenv_dist_info(names[i], pkg, sizeof(pkg), ver, sizeof(ver)))
            continue;
        /* pip writes the normalized name in lower case; older ones kept
         * the project's spelling (onnxruntime_gpu, tensorflow_cpu) */
        if (strncasecmp(pkg, "onnxruntime", 11) == 0 && (pkg[11] == '\0' || pkg[11] == '_')) {
            /* onnxruntime, onnxruntime_gpu, and the other builds
             * (onnxruntime_openvino, onnxruntime_directml...), which all
             * install into onnxruntime/ */
            e->ort_dists++;
            /* with several installed, say the one that is not the CPU
             * package: the rule explains the clash */
            if (!e->ort_package[0] || pkg[11]) {
                snprintf(e->ort_package, sizeof(e->ort_package), "%s", pkg);
                snprintf(e->ort_version, sizeof(e->ort_version), "%s", ver);
            }
        } else if (strcasecmp(pkg, "tensorflow") == 0 || strcasecmp(pkg, "tensorflow_cpu") == 0) {
            snprintf(e->tf_version, sizeof(e->tf_version), "%s", ver);
        }
    }
    rootfs_names_free(names, n);
}

static struct pyenv *find_site(struct pyenv_list *l, const char *site)
{
    for (unsigned i = 0; i < l->n; i++)
        if (strcmp(l->env[i].site, site) == 0)
            return &l->env[i];
    return NULL;
}

/* One site-packages (or dist-packages) directory: listed when it exists. */
static void add_site(const struct rootfs *r, struct pyenv_list *l, enum pyenv_kind kind,
                     const char *prefix, const char *python, const char *site, bool active)
{
    struct pyenv *have = find_site(l, site);
    if (have) {
        have->active |= active;
        return;
    }
    struct stat st;
    if (rootfs_stat(r, site, &st) < 0 || !S_ISDIR(st.st_mode))
        return;
    if (l->n == PYENV_MAX) {
        l->truncated = true;
        return;
    }
    struct pyenv *e = &l->env[l->n++];
    memset(e, 0, sizeof(*e));
    e->kind = kind;
    e->active = active;
    snprintf(e->prefix, sizeof(e->prefix), "%s", prefix);
    snprintf(e->site, sizeof(e->site), "%s", site);
    snprintf(e->python, sizeof(e->python), "%s", python);
    if (kind == PYENV_SYSTEM || kind == PYENV_USER_SITE) {
        char marker[64];
        if (fits(marker, sizeof(marker), "usr/lib/%s/%s", python, "EXTERNALLY-MANAGED"))
            e->externally_managed = rootfs_exists(r, marker);
    }
    read_torch(r, e);
    e->has_torchvision = exists_in(r, site, "torchvision");
    e->has_torchaudio = exists_in(r, site, "torchaudio");
    e->has_ort = exists_in(r, site, "onnxruntime");
    e->ort_cuda_provider = exists_in(r, site, "onnxruntime/capi/libonnxruntime_providers_cuda.so");
    e->has_tf = exists_in(r, site, "tensorflow");
    read_dists(r, e);
}

/* Every PREFIX/lib/python3*\/SITE. */
static void add_prefix(const struct rootfs *r, struct pyenv_list *l, enum pyenv_kind kind,
                       const char *prefix, const char *site_name, bool active)
{
    char lib[PYENV_PATH];
    if (!fits(lib, sizeof(lib), "%s/%s", prefix, "lib"))
        return;
    const char *const pats[] = {"python3*", NULL};
    char **vers;
    size_t nv;
    if (rootfs_glob(r, lib, pats, 16, &vers, &nv) < 0)
        return;
    for (size_t i = 0; i < nv; i++) {
        char site[PYENV_PATH];
        if (strlen(vers[i]) < 16 && fits(site, sizeof(site), "%s/%s/", lib, vers[i]) &&
            strlen(site) + strlen(site_name) < sizeof(site)) {
            strcat(site, site_name);
            add_site(r, l, kind, prefix, vers[i], site, active);
        }
    }
    rootfs_names_free(vers, nv);
}

/* Directories under a home that are never virtual environments' parents
 * worth a walk: conda's trees (looked at apart) and package caches. */
static bool skip_dir(const char *name)
{
    static const char *const skip[] = {"miniconda3", "anaconda3", "miniforge3", "node_modules",
                                       "site-packages"};
    if (name[0] == '.')
        return strcmp(name, ".venv") != 0 && strcmp(name, ".virtualenvs") != 0;
    for (size_t i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
        if (strcmp(name, skip[i]) == 0)
            return true;
    return false;
}

/* The entries of `dir` (at `depth` below a home): one holding a pyvenv.cfg
 * is a virtual environment (not entered further); another directory is
 * walked while its entries are at most 3 levels down. Symbolic links are not
 * followed (a link to /mnt/c would walk Windows' disk), and each home has a
 * budget of entries looked at. Only what is found is recorded in a snapshot:
 * the directories listed and the pyvenv.cfg files, never other file names. */
static void walk_venvs(const struct rootfs *r, struct pyenv_list *l, const char *dir,
                       unsigned depth, unsigned *budget)
{
    char **names;
    size_t n;
    if (rootfs_list(r, dir, 256, &names, &n) < 0)
        return;
    for (size_t i = 0; i<n && * budget> 0 && l->n < PYENV_MAX; i++) {
        char sub[PYENV_PATH], cfg[PYENV_PATH], link[PYENV_PATH];
        if (skip_dir(names[i]) || !fits(sub, sizeof(sub), "%s/%s", dir, names[i]) ||
            !fits(cfg, sizeof(cfg), "%s/%s", sub, "pyvenv.cfg"))
            continue;
        (*budget)--;
        if (rootfs_readlink(r, sub, link, sizeof(link)) != -EINVAL)
            continue; /* a link, or gone */
        if (rootfs_exists(r, cfg))
            add_prefix(r, l, PYENV_VENV, sub, "site-packages", false);
        else if (depth + 1 < 3)
            walk_venvs(r, l, sub, depth + 1, budget);
    }
    rootfs_names_free(names, n);
}

static void add_conda(const struct rootfs *r, struct pyenv_list *l, const char *base)
{
    add_prefix(r, l, PYENV_CONDA, base, "site-packages", false);
    char envs[PYENV_PATH];
    if (!fits(envs, sizeof(envs), "%s/%s", base, "envs"))
        return;
    char **names;
    size_t n;
    if (rootfs_list(r, envs, 32, &names, &n) < 0)
        return;
    for (size_t i = 0; i < n; i++) {
        char p[PYENV_PATH];
        if (names[i][0] != '.' && fits(p, sizeof(p), "%s/%s", envs, names[i]))
            add_prefix(r, l, PYENV_CONDA, p, "site-packages", false);
    }
    rootfs_names_free(names, n);
}

static void add_home(const struct rootfs *r, struct pyenv_list *l, const char *home)
{
    char p[PYENV_PATH];
    if (fits(p, sizeof(p), "%s/%s", home, ".local"))
        add_prefix(r, l, PYENV_USER_SITE, p, "site-packages", false);
    static const char *const conda[] = {"miniconda3", "anaconda3", "miniforge3"};
    for (size_t i = 0; i < sizeof(conda) / sizeof(conda[0]); i++)
        if (fits(p, sizeof(p), "%s/%s", home, conda[i]))
            add_conda(r, l, p);
    unsigned budget = PYENV_WALK_DIRS;
    walk_venvs(r, l, home, 0, &budget);
}

/* $VIRTUAL_ENV / $CONDA_PREFIX: an absolute path, taken inside the root. */
static void add_active(const struct rootfs *r, struct pyenv_list *l, const char *var,
                       enum pyenv_kind kind)
{
    if (!var || var[0] != '/' || strlen(var) >= PYENV_PATH - 1)
        return;
    char p[PYENV_PATH];
    snprintf(p, sizeof(p), "%s", var + 1);
    size_t k = strlen(p);
    while (k && p[k - 1] == '/')
        p[--k] = '\0';
    if (k)
        add_prefix(r, l, kind, p, "site-packages", true);
}

void pyenv_read(const struct rootfs *r, const char *virtual_env, const char *conda_prefix,
                struct pyenv_list *ret)
{
    memset(ret, 0, sizeof(*ret));
    add_active(r, ret, virtual_env, PYENV_VENV);
    add_active(r, ret, conda_prefix, PYENV_CONDA);
    add_prefix(r, ret, PYENV_SYSTEM, "usr", "dist-packages", false);
    add_prefix(r, ret, PYENV_SYSTEM, "usr/local", "dist-packages", false);
    add_conda(r, ret, "opt/conda");
    add_home(r, ret, "root");
    char **users;
    size_t nu;
    if (rootfs_list(r, "home", 64, &users, &nu) < 0)
        return;
    for (size_t u = 0; u < nu; u++) {
        char home[PYENV_PATH];
        if (users[u][0] != '.' && fits(home, sizeof(home), "%s/%s", "home", users[u]))
            add_home(r, ret, home);
    }
    rootfs_names_free(users, nu);
}

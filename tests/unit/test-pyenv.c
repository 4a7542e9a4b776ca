#include "unit.h"

#include <glob.h>

#include "probe/pyenv.h"
#include "util/rootfs.h"

/* torch 2.5.0's CUDA 12.4 wheel, byte for byte */
static const char cu124[] = "from typing import Optional\n\n"
                            "__all__ = ['__version__', 'debug', 'cuda', 'git_version', 'hip']\n"
                            "__version__ = '2.5.0+cu124'\n"
                            "debug = False\n"
                            "cuda: Optional[str] = '12.4'\n"
                            "git_version = '32f585d9346e316e554c8d9bf7548af9f62141fc'\n"
                            "hip: Optional[str] = None\n";

static void test_parse(void **state)
{
    (void)state;
    struct torch_build t;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(torch_version_parse(STR_AND_LEN(cu124), &t, &d), 0);
    assert_string_equal(t.version, "2.5.0+cu124");
    assert_true(t.cuda && !t.hip);
    assert_int_equal(t.cuda_major, 12);
    assert_int_equal(t.cuda_minor, 4);
    /* a 1.x file: no annotation, a three-part CUDA version */
    static const char old[] = "__version__ = '1.4.0'\ndebug = False\ncuda = '10.1.243'\n"
                              "git_version = '7f73f1d591afba823daa4a99a939217fb54d7688'\n";
    assert_int_equal(torch_version_parse(STR_AND_LEN(old), &t, &d), 0);
    assert_int_equal(t.cuda_major, 10);
    assert_int_equal(t.cuda_minor, 1);
    /* a ROCm build: cuda None, hip set */
    static const char rocm[] = "__version__ = '2.5.1+rocm6.2'\ncuda: Optional[str] = None\n"
                               "hip: Optional[str] = '6.2.41133-dd7f95766'\n";
    assert_int_equal(torch_version_parse(STR_AND_LEN(rocm), &t, &d), 0);
    assert_true(!t.cuda && t.hip);
    static const char no_cuda[] = "__version__ = '2.5.0'\n";
    assert_int_equal(torch_version_parse(STR_AND_LEN(no_cuda), &t, &d), -EBADMSG);
    assert_string_equal(d.message, "no cuda line");
    static const char bad_cuda[] = "__version__ = '2.5.0'\ncuda = '12'\n";
    assert_int_equal(torch_version_parse(STR_AND_LEN(bad_cuda), &t, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    static const char esc[] = "__version__ = '2.5\x1b[31m'\ncuda = None\n";
    assert_int_equal(torch_version_parse(STR_AND_LEN(esc), &t, &d), -EBADMSG);
    assert_int_equal(d.line, 1);
    assert_int_equal(d.column, 19);

    char pkg[32], ver[32];
    assert_true(pyenv_dist_info("onnxruntime_gpu-1.20.1.dist-info", pkg, 32, ver, 32));
    assert_string_equal(pkg, "onnxruntime_gpu");
    assert_string_equal(ver, "1.20.1");
    assert_true(pyenv_dist_info("torch-2.5.0+cu124.dist-info", pkg, 32, ver, 32));
    assert_string_equal(ver, "2.5.0+cu124");
    assert_false(pyenv_dist_info("onnxruntime-.dist-info", pkg, 32, ver, 32));
    assert_false(pyenv_dist_info("-1.0.dist-info", pkg, 32, ver, 32));
    assert_false(pyenv_dist_info("onnxruntime-1.20.1.egg-info", pkg, 32, ver, 32));
    assert_false(pyenv_dist_info("a-b-c.dist-info", pkg, 32, ver, 32));
    assert_false(pyenv_dist_info("tensorflow-2.18.0.dist-info", pkg, 4, ver, 32));
}

static void read_root(const char *path, const char *venv, struct pyenv_list *l)
{
    struct rootfs *r;
    assert_int_equal(rootfs_new(path, &r), 0);
    pyenv_read(r, venv, NULL, l);
    rootfs_free(r);
}

static const struct pyenv *by_prefix(const struct pyenv_list *l, const char *prefix)
{
    for (unsigned i = 0; i < l->n; i++)
        if (strcmp(l->env[i].prefix, prefix) == 0)
            return &l->env[i];
    return NULL;
}

/* The fixture roots (their READMEs say what they hold). */
static void test_roots(void **state)
{
    (void)state;
    struct pyenv_list l;
    read_root("tests/roots/wsl2-torch-cpu", NULL, &l);
    assert_int_equal(l.n, 1);
    const struct pyenv *e = by_prefix(&l, "home/alex/.venv");
    assert_non_null(e);
    assert_int_equal(e->kind, PYENV_VENV);
    assert_string_equal(e->site, "home/alex/.venv/lib/python3.11/site-packages");
    assert_int_equal(e->torch_st.state, PROBE_OK);
    assert_string_equal(e->torch.version, "2.7.0+cpu");
    assert_false(e->torch.cuda || e->torch.hip);
    assert_true(e->has_torchvision && !e->has_torchaudio);
    assert_true(e->has_ort && !e->ort_cuda_provider);
    assert_string_equal(e->ort_package, "onnxruntime");
    assert_int_equal(e->ort_dists, 1);

    read_root("tests/roots/wsl2-torch-newer", NULL, &l);
    /* ~/.local, conda base and envs/voice, the venv 3 levels down, ~/whisper-env */
    assert_int_equal(l.n, 5);
    e = by_prefix(&l, "home/alex/whisper-env");
    assert_non_null(e);
    assert_string_equal(e->torch.version, "2.5.0+cu124");
    assert_int_equal(e->torch.cuda_minor, 4);
    e = by_prefix(&l, "home/alex/miniconda3/envs/voice");
    assert_non_null(e);
    assert_int_equal(e->kind, PYENV_CONDA);
    assert_int_equal(e->torch.cuda_major, 13);
    assert_true(e->has_tf);
    assert_string_equal(e->tf_version, "2.18.0");
    assert_non_null(by_prefix(&l, "home/alex/miniconda3"));
    e = by_prefix(&l, "home/alex/projects/assistant/.venv");
    assert_non_null(e);
    assert_int_equal(e->torch.cuda_minor, 8);
    assert_true(e->ort_cuda_provider && e->has_torchaudio);
    assert_string_equal(e->ort_package, "onnxruntime_gpu");
    e = by_prefix(&l, "home/alex/.local");
    assert_non_null(e);
    assert_int_equal(e->kind, PYENV_USER_SITE);
    assert_true(e->externally_managed);
    assert_int_equal(e->ort_dists, 2);
    assert_int_equal(e->torch_st.state, PROBE_UNREAD);

    read_root("tests/roots/wsl2-16g-default", NULL, &l);
    assert_int_equal(l.n, 0);
}

/* What the walk finds and leaves: depth, links, $VIRTUAL_ENV, a broken file. */
static void test_walk(void **state)
{
    (void)state;
    char *t = unit_tmpdir();
    unit_write(t, "home/bo/a/b/venv3/pyvenv.cfg", "home = /usr/bin\n");
    unit_write(t, "home/bo/a/b/venv3/lib/python3.12/site-packages/torch/version.py",
               "__version__ = '2.6.0'\ncuda = 12.4\n");
    unit_write(t, "home/bo/a/b/c/venv4/pyvenv.cfg", "home = /usr/bin\n");
    unit_write(t, "home/bo/a/b/c/venv4/lib/python3.12/site-packages/x", "");
    unit_write(t, "home/bo/.cache/venv/pyvenv.cfg", "home = /usr/bin\n");
    unit_write(t, "home/bo/.cache/venv/lib/python3.12/site-packages/x", "");
    unit_write(t, "srv/app/env/lib/python3.11/site-packages/x", "");
    char link[4096];
    snprintf(link, sizeof(link), "%s/home/bo/linked", t);
    assert_int_equal(symlink("a/b", link), 0);
    struct pyenv_list l;
    read_root(t, "/srv/app/env/", &l);
    assert_int_equal(l.n, 2);
    const struct pyenv *e = by_prefix(&l, "srv/app/env");
    assert_non_null(e);
    assert_true(e->active && e->kind == PYENV_VENV);
    e = by_prefix(&l, "home/bo/a/b/venv3");
    assert_non_null(e);
    assert_false(e->active);
    assert_int_equal(e->torch_st.state, PROBE_MALFORMED);
    assert_int_equal(e->torch_st.diag.line, 2);
    assert_non_null(strstr(e->torch_st.diag.file, "venv3/lib/python3.12/site-packages/torch"));
    char cmd[4200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t);
    assert_int_equal(system(cmd), 0);
    free(t);
}

/* This machine's own Python, read live: every system dist-packages that
 * exists is listed, and PyTorch is reported exactly where a
 * torch/version.py is (on the development VM: nowhere, so absent). */
static void test_live(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("/", &r), 0);
    struct pyenv_list l;
    pyenv_read(r, NULL, NULL, &l);
    rootfs_free(r);
    glob_t g;
    size_t want = 0;
    if (glob("/usr/lib/python3*/dist-packages", GLOB_ONLYDIR, NULL, &g) == 0) {
        want = g.gl_pathc;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            bool listed = false;
            for (unsigned k = 0; k < l.n; k++)
                listed |= strcmp(l.env[k].site, g.gl_pathv[i] + 1) == 0;
            assert_true(listed);
        }
        globfree(&g);
    }
    assert_true(l.n >= want);
    for (unsigned k = 0; k < l.n; k++) {
        char p[PYENV_PATH + 32];
        snprintf(p, sizeof(p), "/%s/torch/version.py", l.env[k].site);
        bool there = access(p, F_OK) == 0;
        assert_int_equal(l.env[k].torch_st.state != PROBE_UNREAD, there);
        if (!there)
            assert_false(l.env[k].torch.cuda);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_roots),
        cmocka_unit_test(test_walk),
        cmocka_unit_test(test_live),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The Python-environment rules (src/rules/gpu-pyenv.c) on small roots
 * written here: the fix each kind of environment gets. */
#include "unit.h"

#include "rules/input.h"
#include "rules/rules.h"

static const char nvml_12_7[] = "driver 566.14\ncuda 12.7\n"
                                "gpu 0 total 8585740288 free 7803502592 used 782237696 name "
                                "NVIDIA GeForce RTX 4060 Laptop GPU\n";
static const char torch_cpu[] = "__version__ = '2.7.0+cpu'\ndebug = False\n"
                                "cuda: Optional[str] = None\nhip: Optional[str] = None\n";

struct loaded {
    char *dir;
    struct rootfs *r;
    struct doctor_inputs d;
    struct doctor_result res;
};

static void run(struct loaded *l)
{
    assert_int_equal(rootfs_new(l->dir, &l->r), 0);
    doctor_inputs_load(l->r, &l->d);
    const char *const only[] = {"gpu", NULL};
    struct doctor_filter f = {.only_areas = only};
    doctor_run(&l->d.in, &f, &l->res);
}

static void done(struct loaded *l)
{
    doctor_result_release(&l->res);
    doctor_inputs_release(&l->d);
    rootfs_free(l->r);
    char cmd[4200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", l->dir);
    assert_int_equal(system(cmd), 0);
    free(l->dir);
}

static const struct finding *find(const struct loaded *l, const char *id)
{
    for (size_t i = 0; i < l->res.findings.n; i++)
        if (strcmp(l->res.findings.v[i].id, id) == 0)
            return &l->res.findings.v[i];
    return NULL;
}

static const char *skip_why(const struct loaded *l, const char *id)
{
    for (size_t i = 0; i < l->res.nskipped; i++)
        if (strcmp(l->res.skipped[i].id, id) == 0)
            return l->res.skipped[i].why;
    return NULL;
}

/* Debian's own python3-torch (apt, /usr/lib/python3/dist-packages): no pip
 * line is right there, so the fix is advice only. */
static void test_apt_torch(void **state)
{
    (void)state;
    struct loaded l = {.dir = unit_tmpdir()};
    unit_write(l.dir, ".headroom/nvml", nvml_12_7);
    unit_write(l.dir, "usr/lib/python3/dist-packages/torch/version.py", torch_cpu);
    run(&l);
    const struct finding *f = find(&l, "gpu.torch-cpu-only");
    assert_non_null(f);
    assert_int_equal(f->ncmds, 0);
    assert_non_null(strstr(f->advice, "Debian's own"));
    assert_non_null(strstr(f->advice, "https://download.pytorch.org/whl/cu126"));
    done(&l);
}

/* A path with a space is quoted as one word; $VIRTUAL_ENV from the
 * snapshot's environment marks the active one; OpenVINO's build alone is
 * not a missing CUDA provider. */
static void test_quoted_active_openvino(void **state)
{
    (void)state;
    struct loaded l = {.dir = unit_tmpdir()};
    unit_write(l.dir, ".headroom/nvml", nvml_12_7);
    unit_write(l.dir, ".headroom/env", "VIRTUAL_ENV=/srv/my app/venv\n");
    unit_write(l.dir, "srv/my app/venv/lib/python3.11/site-packages/torch/version.py", torch_cpu);
    unit_write(l.dir, "home/bo/ov/pyvenv.cfg", "home = /usr/bin\n");
    unit_write(l.dir, "home/bo/ov/lib/python3.11/site-packages/onnxruntime/__init__.py", "");
    unit_write(l.dir,
               "home/bo/ov/lib/python3.11/site-packages/onnxruntime_openvino-1.20.0.dist-info/"
               "METADATA",
               "");
    run(&l);
    const struct finding *f = find(&l, "gpu.torch-cpu-only");
    assert_non_null(f);
    assert_int_equal(f->ncmds, 2);
    assert_string_equal(f->cmds[0].text, "'/srv/my app/venv/bin/python' -m pip uninstall -y torch");
    assert_string_equal(f->cmds[1].text, "'/srv/my app/venv/bin/python' -m pip install torch "
                                         "--index-url https://download.pytorch.org/whl/cu126");
    assert_true(l.d.m.pyenvs.n == 2 && l.d.m.pyenvs.env[0].active);
    assert_null(find(&l, "gpu.onnxruntime-no-cuda"));
    done(&l);
}

/* A driver whose CUDA version was not recorded: the CPU-only finding says
 * how to pick the index; the newer-than-driver rule cannot judge. */
static void test_cuda_unknown(void **state)
{
    (void)state;
    struct loaded l = {.dir = unit_tmpdir()};
    unit_write(l.dir, ".headroom/nvml",
               "driver 566.14\ngpu 0 total 8585740288 free 7803502592 used 782237696 name G\n");
    unit_write(l.dir, "home/bo/.venv/pyvenv.cfg", "home = /usr/bin\n");
    unit_write(l.dir, "home/bo/.venv/lib/python3.11/site-packages/torch/version.py", torch_cpu);
    run(&l);
    const struct finding *f = find(&l, "gpu.torch-cpu-only");
    assert_non_null(f);
    assert_int_equal(f->ncmds, 1);
    assert_string_equal(f->cmds[0].text, "nvidia-smi");
    assert_non_null(strstr(f->advice, "cuXYZ"));
    assert_non_null(skip_why(&l, "gpu.torch-cuda-newer-than-driver"));
    assert_non_null(strstr(skip_why(&l, "gpu.torch-cuda-newer-than-driver"), "not known"));
    done(&l);
}

/* No GPU at all: a CPU-only torch is what the machine can run. */
static void test_no_gpu(void **state)
{
    (void)state;
    struct loaded l = {.dir = unit_tmpdir()};
    unit_write(l.dir, "home/bo/.venv/pyvenv.cfg", "home = /usr/bin\n");
    unit_write(l.dir, "home/bo/.venv/lib/python3.11/site-packages/torch/version.py", torch_cpu);
    run(&l);
    assert_null(find(&l, "gpu.torch-cpu-only"));
    assert_non_null(strstr(skip_why(&l, "gpu.torch-cpu-only"), "no NVIDIA GPU"));
    done(&l);
}

/* Off WSL (no WSL markers in the root) the driver to update is the
 * machine's own, not Windows'. */
static void test_newer_native(void **state)
{
    (void)state;
    struct loaded l = {.dir = unit_tmpdir()};
    unit_write(l.dir, ".headroom/nvml", nvml_12_7);
    unit_write(l.dir, "home/bo/.venv/pyvenv.cfg", "home = /usr/bin\n");
    unit_write(l.dir, "home/bo/.venv/lib/python3.12/site-packages/torch/version.py",
               "__version__ = '2.9.0+cu130'\ncuda: Optional[str] = '13.0'\n");
    run(&l);
    const struct finding *f = find(&l, "gpu.torch-cuda-newer-than-driver");
    assert_non_null(f);
    assert_int_equal(f->severity, SEV_WARNING);
    assert_non_null(strstr(f->advice, "update the NVIDIA driver, or install the CUDA 12.6 build"));
    assert_null(strstr(f->advice, "Windows"));
    assert_int_equal(f->ncmds, 2);
    done(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_apt_torch),    cmocka_unit_test(test_quoted_active_openvino),
        cmocka_unit_test(test_cuda_unknown), cmocka_unit_test(test_no_gpu),
        cmocka_unit_test(test_newer_native),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "unit.h"

#include "probe/cudalibs.h"

static void test_version(void **state)
{
    (void)state;
    unsigned a, b, c;
    assert_true(cudalibs_ct2_version("ctranslate2-4.6.0.dist-info", &a, &b, &c));
    assert_int_equal(a, 4);
    assert_int_equal(b, 6);
    assert_int_equal(c, 0);
    assert_true(cudalibs_ct2_version("ctranslate2-3.24.0.dist-info", &a, &b, &c));
    assert_int_equal(b, 24);
    assert_false(cudalibs_ct2_version("ctranslate2-4.6.dist-info", &a, &b, &c));
    assert_false(cudalibs_ct2_version("ctranslate2-.dist-info", &a, &b, &c));
    assert_false(cudalibs_ct2_version("torch-2.6.0.dist-info", &a, &b, &c));
    assert_false(cudalibs_ct2_version("ctranslate2-4.6.0.egg-info", &a, &b, &c));
    assert_false(cudalibs_ct2_version("ctranslate2-99999.1.1.dist-info", &a, &b, &c));
}

static void read_root(const char *path, struct cudalibs *c)
{
    struct rootfs *r;
    assert_int_equal(rootfs_new(path, &r), 0);
    cudalibs_read(r, c);
    rootfs_free(r);
}

/* The fixture roots (their READMEs say what they hold). */
static void test_roots(void **state)
{
    (void)state;
    struct cudalibs c;
    read_root("tests/roots/wsl2-faster-whisper", &c);
    assert_true(c.has_ct2);
    assert_int_equal(c.ct2_minor, 6);
    assert_string_equal(c.site, "home/alex/.venv/lib/python3.11/site-packages");
    assert_string_equal(c.venv, "home/alex/.venv");
    assert_true(c.wheel_cudnn9 && c.wheel_cublas12);
    assert_false(c.wheel_cudnn8 || c.sys_cudnn9 || c.user_site);
    assert_int_equal(cudalibs_cudnn_needed(&c), 9);

    read_root("tests/roots/wsl2-faster-whisper-bare", &c);
    assert_true(c.has_ct2 && c.user_site);
    assert_string_equal(c.venv, "");
    assert_int_equal(cudalibs_cudnn_needed(&c), 8);
    assert_false(c.wheel_cudnn8 || c.wheel_cudnn9 || c.wheel_cublas12);

    read_root("tests/roots/wsl2-idle-cache", &c);
    assert_true(c.sys_cudnn9 && c.sys_cublas12);
    assert_string_equal(c.sys_cudnn_dir, "/usr/local/cuda/lib64");

    read_root("tests/roots/wsl2-16g-default", &c);
    assert_false(c.has_ct2 || c.sys_cudnn8 || c.sys_cudnn9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version),
        cmocka_unit_test(test_roots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

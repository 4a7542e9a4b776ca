#include "unit.h"

#include "probe/wsl.h"

static void test_version_parse(void **state)
{
    (void)state;
    char v[32];
    struct diag d;
    assert_int_equal(wsl_version_parse(STR_AND_LEN("2.6.1\n"), v, sizeof(v), &d), 0);
    assert_string_equal(v, "2.6.1");
    assert_int_equal(wsl_version_parse(STR_AND_LEN("2.0.14.0\r\n"), v, sizeof(v), &d), 0);
    assert_string_equal(v, "2.0.14.0");
    assert_int_equal(wsl_version_parse(STR_AND_LEN("2.6.1; rm -rf /\n"), v, sizeof(v), &d),
                     -EBADMSG);
    assert_int_equal(wsl_version_parse(STR_AND_LEN("2..1\n"), v, sizeof(v), &d), -EBADMSG);
    assert_int_equal(wsl_version_parse(STR_AND_LEN(".1\n"), v, sizeof(v), &d), -EBADMSG);
    assert_int_equal(wsl_version_parse(STR_AND_LEN("2.\n"), v, sizeof(v), &d), -EBADMSG);
    assert_int_equal(wsl_version_parse(STR_AND_LEN("\n"), v, sizeof(v), &d), -EBADMSG);
    /* wslinfo with no mode prints usage: not a version */
    assert_int_equal(wsl_version_parse(STR_AND_LEN("Usage: wslinfo [options]\n"), v, sizeof(v), &d),
                     -EBADMSG);
}

static void test_version_cmp(void **state)
{
    (void)state;
    assert_true(wsl_version_cmp("2.0.5", 2, 1, 3) < 0);
    assert_true(wsl_version_cmp("2.1.3", 2, 1, 3) == 0);
    assert_true(wsl_version_cmp("2.1.3.0", 2, 1, 3) == 0);
    assert_true(wsl_version_cmp("2.10.0", 2, 1, 3) > 0);
    assert_true(wsl_version_cmp("1.1.6.0", 2, 1, 3) < 0);
    assert_true(wsl_version_cmp("", 0, 0, 1) < 0);
}

static void test_env_lookup(void **state)
{
    (void)state;
    static const char env[] = "WSL_INTEROP=/run/WSL/8_interop\nWSL_DISTRO_NAME=Ubuntu-22.04\n";
    char v[64];
    assert_true(wsl_env_lookup(STR_AND_LEN(env), "WSL_DISTRO_NAME", v, sizeof(v)));
    assert_string_equal(v, "Ubuntu-22.04");
    assert_false(wsl_env_lookup(STR_AND_LEN(env), "WSL_DISTRO", v, sizeof(v)));
    char small[4];
    assert_true(wsl_env_lookup(STR_AND_LEN(env), "WSL_DISTRO_NAME", small, sizeof(small)));
    assert_string_equal(small, "Ubu");
}

static void test_read_fixtures(void **state)
{
    (void)state;
    struct rootfs *r;
    struct wsl_info w;
    assert_int_equal(rootfs_new("tests/roots/wsl2-16g-default", &r), 0);
    wsl_read(r, "5.15.167.4-microsoft-standard-WSL2", &w);
    assert_int_equal(w.kind, WSL_2);
    assert_true(w.kernel_wsl2 && w.interop && w.run_wsl && w.lib_dir && w.wslg);
    assert_string_equal(w.distro, "Ubuntu-22.04");
    assert_string_equal(w.version, "2.4.11");
    assert_string_equal(w.version_source, "snapshot");
    /* a custom kernel without the WSL2 marker still counts, by the VM's signs */
    wsl_read(r, "6.1.0-custom", &w);
    assert_int_equal(w.kind, WSL_2);
    rootfs_free(r);

    assert_int_equal(rootfs_new("tests/roots/hostile", &r), 0);
    wsl_read(r, "4.4.0-18985-Microsoft", &w);
    assert_int_equal(w.kind, WSL_1);
    assert_string_equal(w.version, ""); /* "2.6.1; rm -rf /" is refused */
    assert_null(w.version_source);
    rootfs_free(r);

    assert_int_equal(rootfs_new("tests/roots/empty", &r), 0);
    wsl_read(r, "6.18.44-fc-v595", &w);
    assert_int_equal(w.kind, WSL_NONE);
    rootfs_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_parse),
        cmocka_unit_test(test_version_cmp),
        cmocka_unit_test(test_env_lookup),
        cmocka_unit_test(test_read_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

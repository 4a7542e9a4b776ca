#include "unit.h"

#include "probe/gpu.h"

static void test_dpkg_names(void **state)
{
    (void)state;
    char pkg[80];
    assert_int_equal(dpkg_list_package("libnvidia-compute-535:amd64.list", pkg, sizeof(pkg)), 0);
    assert_string_equal(pkg, "libnvidia-compute-535");
    assert_int_equal(dpkg_list_package("cuda-toolkit-12-6.list", pkg, sizeof(pkg)), 0);
    assert_string_equal(pkg, "cuda-toolkit-12-6");
    assert_int_equal(dpkg_list_package("bash.md5sums", pkg, sizeof(pkg)), -EINVAL);
    assert_int_equal(dpkg_list_package(".list", pkg, sizeof(pkg)), -EINVAL);
    assert_int_equal(dpkg_list_package(":amd64.list", pkg, sizeof(pkg)), -EINVAL);
    /* names a shell would read as more than a name are not names */
    assert_int_equal(dpkg_list_package("nvidia;reboot.list", pkg, sizeof(pkg)), -EINVAL);
    assert_int_equal(dpkg_list_package("Nvidia-Driver.list", pkg, sizeof(pkg)), -EINVAL);
    char small[4];
    assert_int_equal(dpkg_list_package("nvidia.list", small, sizeof(small)), -EINVAL);
}

static void test_classify(void **state)
{
    (void)state;
    static const char *const drivers[] = {
        "nvidia-driver-535", "cuda-drivers", "cuda-drivers-535", "libnvidia-compute-550",
        "nvidia-utils-535",  "libcuda1",     "nvidia-dkms-535",  "xserver-xorg-video-nvidia-535"};
    for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
        assert_int_equal(nvidia_pkg_classify(drivers[i]), NVPKG_DRIVER);
    assert_int_equal(nvidia_pkg_classify("cuda-toolkit-12-6"), NVPKG_TOOLKIT);
    assert_int_equal(nvidia_pkg_classify("nvidia-cuda-toolkit"), NVPKG_TOOLKIT);
    assert_int_equal(nvidia_pkg_classify("nvidia-prime"), NVPKG_OTHER);
    assert_int_equal(nvidia_pkg_classify("cuda"), NVPKG_OTHER);
    assert_int_equal(nvidia_pkg_classify("bash"), NVPKG_OTHER);
}

/* The layout of /usr/local/cuda/version.json in NVIDIA's toolkit packages. */
static const char version_json[] = "{\n   \"cuda\" : {\n      \"name\" : \"CUDA SDK\",\n"
                                   "      \"version\" : \"12.6.2\"\n   },\n   \"cuda_cccl\" : {\n"
                                   "      \"name\" : \"CUDA C++ Core Compute Libraries\",\n"
                                   "      \"version\" : \"12.6.77\"\n   }\n}\n";

static void test_cuda_version(void **state)
{
    (void)state;
    char v[32];
    struct diag d;
    assert_int_equal(cuda_version_json_parse(STR_AND_LEN(version_json), v, sizeof(v), &d), 0);
    assert_string_equal(v, "12.6.2");
    /* "cuda" after other members, with nested values to skip */
    static const char later[] =
        "{\"cuda_nvcc\":{\"name\":\"x\",\"version\":\"1\",\"list\":[1,{\"a\":[]}]},"
        "\"cuda\":{\"flag\":true,\"version\":\"11.8.0\"}}";
    assert_int_equal(cuda_version_json_parse(STR_AND_LEN(later), v, sizeof(v), &d), 0);
    assert_string_equal(v, "11.8.0");
    static const char *const bad[] = {
        "",
        "[]",
        "{\"cuda\":{\"name\":\"x\"}}",
        "{\"cuda_cccl\":{\"version\":\"1\"}}",
        "{\"cuda\":{\"version\":\"12; rm\"}}",
        "{\"cuda\":{\"version\":\"\"}}",
        "{\"cuda\"",
        "{\"cuda\":{\"version\":\"12.6\\u0041\"}}",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(cuda_version_json_parse(bad[i], strlen(bad[i]), v, sizeof(v), &d),
                         -EBADMSG);
    /* deep nesting is refused, not recursed into without bound */
    char deep[300];
    memset(deep, '[', sizeof(deep));
    memcpy(deep, "{\"a\":", 5);
    assert_int_equal(cuda_version_json_parse(deep, sizeof(deep), v, sizeof(v), &d), -EBADMSG);
}

static void test_read_fixtures(void **state)
{
    (void)state;
    struct rootfs *r;
    struct gpu_info g;
    assert_int_equal(rootfs_new("tests/roots/wsl2-16g-default", &r), 0);
    gpu_read(r, &g);
    assert_true(g.dxg && g.wsl_lib_dir && g.wsl_nvidia_smi && g.wsl_nvml);
    assert_int_equal(g.n_wsl_libcuda, 3);
    assert_true(g.ld_wsl_conf && g.ld_wsl_conf_lists_lib);
    assert_int_equal(g.n_shadow_libcuda, 0);
    assert_int_equal(g.n_driver_pkgs, 0);
    assert_string_equal(g.cuda_version, "");
    assert_int_equal(g.cuda_version_st.state, PROBE_UNAVAILABLE);
    rootfs_free(r);

    assert_int_equal(rootfs_new("tests/roots/wsl2-broken", &r), 0);
    gpu_read(r, &g);
    assert_false(g.dxg);
    assert_false(g.ld_wsl_conf);
    assert_int_equal(g.n_driver_pkgs, 5); /* nvidia-prime and bash are not drivers */
    assert_int_equal(g.n_shadow_libcuda, 2);
    assert_string_equal(g.shadow_libcuda[0], "/usr/lib/x86_64-linux-gnu/libcuda.so.1");
    assert_string_equal(g.other_nvidia_smi, "/usr/bin/nvidia-smi");
    rootfs_free(r);

    assert_int_equal(rootfs_new("tests/roots/wsl2-idle-cache", &r), 0);
    gpu_read(r, &g);
    assert_string_equal(g.cuda_version, "12.6.2");
    assert_int_equal(g.n_toolkit_pkgs, 1);
    assert_string_equal(g.toolkit_pkgs[0], "cuda-toolkit-12-6");
    assert_true(g.pkgs_from_lists);
    assert_string_equal(gpu_pkgs_source(&g), "/var/lib/dpkg/info");
    rootfs_free(r);

    /* the status file, no info/: nvidia-driver-535 is only config-files */
    assert_int_equal(rootfs_new("tests/roots/wsl2-dpkg-status", &r), 0);
    gpu_read(r, &g);
    assert_int_equal(g.dpkg_st.state, PROBE_OK);
    assert_false(g.pkgs_from_lists);
    assert_string_equal(gpu_pkgs_source(&g), "/var/lib/dpkg/status");
    assert_int_equal(g.n_driver_pkgs, 2);
    assert_string_equal(g.driver_pkgs[0], "nvidia-driver-560");
    assert_string_equal(g.driver_pkgs[1], "cuda-drivers");
    assert_int_equal(g.n_toolkit_pkgs, 0);
    rootfs_free(r);
}

/* A status file that does not parse gives no packages (not half of them)
 * and says why; an info/ directory beside it is not read instead. */
static void test_dpkg_malformed(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    unit_write(dir, "var/lib/dpkg/status",
               "Package: nvidia-driver-560\nStatus: install ok installed\n\n"
               "Package: x;reboot\nStatus: install ok installed\n");
    unit_write(dir, "var/lib/dpkg/info/cuda-drivers.list", "");
    struct rootfs *r;
    struct gpu_info g;
    assert_int_equal(rootfs_new(dir, &r), 0);
    gpu_read(r, &g);
    assert_int_equal(g.dpkg_st.state, PROBE_MALFORMED);
    assert_int_equal(g.dpkg_st.diag.line, 4);
    assert_false(g.pkgs_from_lists);
    assert_int_equal(g.n_driver_pkgs, 0);
    rootfs_free(r);
    unit_rmrf(dir);
}

/* libnvidia-compute for amd64 and i386 is two stanzas of one package */
static void test_dpkg_multiarch(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    unit_write(dir, "var/lib/dpkg/status",
               "Package: libnvidia-compute-560\nStatus: install ok installed\n"
               "Architecture: amd64\nMulti-Arch: same\n\n"
               "Package: libnvidia-compute-560\nStatus: install ok installed\n"
               "Architecture: i386\nMulti-Arch: same\n");
    struct rootfs *r;
    struct gpu_info g;
    assert_int_equal(rootfs_new(dir, &r), 0);
    gpu_read(r, &g);
    assert_int_equal(g.dpkg_st.state, PROBE_OK);
    assert_int_equal(g.n_driver_pkgs, 1);
    assert_string_equal(g.driver_pkgs[0], "libnvidia-compute-560");
    rootfs_free(r);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dpkg_names),     cmocka_unit_test(test_classify),
        cmocka_unit_test(test_cuda_version),   cmocka_unit_test(test_read_fixtures),
        cmocka_unit_test(test_dpkg_malformed), cmocka_unit_test(test_dpkg_multiarch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

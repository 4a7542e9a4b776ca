#include "unit.h"

#include "probe/nvml.h"
#include "util/rootfs.h"

static const char record[] = "driver 566.14\n"
                             "cuda 12.7\n"
                             "gpu 0 total 8585740288 free 7803502592 used 782237696 name NVIDIA "
                             "GeForce RTX 4060 Laptop GPU\n";

static void test_parse_format(void **state)
{
    (void)state;
    struct nvml_info n;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(nvml_parse(STR_AND_LEN(record), &n, &d), 0);
    assert_int_equal(n.n, 1);
    assert_string_equal(n.driver, "566.14");
    assert_int_equal(n.cuda_major, 12);
    assert_int_equal(n.cuda_minor, 7);
    assert_string_equal(n.gpu[0].name, "NVIDIA GeForce RTX 4060 Laptop GPU");
    assert_int_equal(n.gpu[0].total, 8585740288ULL);
    assert_int_equal(nvml_total_free(&n), 7803502592ULL);
    struct strbuf sb = STRBUF_INIT;
    nvml_format(&n, &sb);
    assert_string_equal(sb.buf, record);
    strbuf_release(&sb);
    static const char bad[] = "gpu 0 total 10 free 20 used 0 name x\n";
    assert_int_equal(nvml_parse(STR_AND_LEN(bad), &n, &d), -EBADMSG);
    assert_int_equal(d.line, 1);
    static const char junk[] = "driver 1\nwhat\n";
    assert_int_equal(nvml_parse(STR_AND_LEN(junk), &n, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    /* a record without the CUDA version (older snapshots): unknown, 0.0 */
    static const char old[] = "driver 566.14\n";
    assert_int_equal(nvml_parse(STR_AND_LEN(old), &n, &d), 0);
    assert_int_equal(n.cuda_major, 0);
    static const char bad_cuda[] = "driver 566.14\ncuda 12\n";
    assert_int_equal(nvml_parse(STR_AND_LEN(bad_cuda), &n, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    static const char trailing[] = "cuda 12.7x\n";
    assert_int_equal(nvml_parse(STR_AND_LEN(trailing), &n, &d), -EBADMSG);
}

/* Under --root the record is read, never the library; a root without one
 * has no GPU. On this machine, NVML is either there or reported absent. */
static void test_read(void **state)
{
    (void)state;
    struct rootfs *r;
    struct nvml_info n;
    struct probe_status st;
    assert_int_equal(rootfs_new("tests/roots/wsl2-16g-gpu", &r), 0);
    assert_int_equal(nvml_read(r, &n, &st), 0);
    assert_int_equal(st.state, PROBE_OK);
    assert_int_equal(n.n, 1);
    rootfs_free(r);
    assert_int_equal(rootfs_new("tests/roots/wsl2-16g-default", &r), 0);
    assert_int_equal(nvml_read(r, &n, &st), -ENOENT);
    assert_int_equal(st.state, PROBE_UNAVAILABLE);
    rootfs_free(r);
    int e = nvml_query(&n);
    assert_true(e == 0 || e == -ENOENT || e == -ENODEV);
    if (e == 0)
        assert_true(n.n > 0 && n.gpu[0].total >= n.gpu[0].free);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_format),
        cmocka_unit_test(test_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "unit.h"

#include "probe/kernel.h"
#include "probe/wsl.h"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = calloc(1, 4096);
    *n = fread(buf, 1, 4095, f);
    fclose(f);
    return buf;
}

static void test_published_versions(void **state)
{
    (void)state;
    unit_need_corpus("wsl-proc");
    static const struct {
        const char *file, *release;
        enum wsl_kind kind;
    } cases[] = {
        {"12671-proc-version.txt", "5.15.167.4-microsoft-standard-WSL2", WSL_2},
        {"8361-proc-version.txt", "4.19.104-microsoft-standard", WSL_2},
        {"4555-proc-version-wsl2.txt", "4.19.67-microsoft-standard", WSL_2},
        {"4555-proc-version-wsl1.txt", "4.4.0-18985-Microsoft", WSL_1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char path[256];
        snprintf(path, sizeof(path), UNIT_CORPUS "/wsl-proc/%s", cases[i].file);
        size_t n;
        char *buf = slurp(path, &n);
        struct kernel_version v;
        struct diag d;
        assert_int_equal(kernel_version_parse(buf, n, &v, &d), 0);
        assert_string_equal(v.release, cases[i].release);
        assert_int_equal(wsl_kind_from_release(v.release, NULL), cases[i].kind);
        free(buf);
    }
}

static void test_release(void **state)
{
    (void)state;
    struct kernel_release k;
    struct diag d;
    assert_int_equal(
        kernel_release_parse(STR_AND_LEN("6.6.87.2-microsoft-standard-WSL2\n"), &k, &d), 0);
    assert_string_equal(k.release, "6.6.87.2-microsoft-standard-WSL2");
    assert_int_equal(k.major, 6);
    assert_int_equal(k.minor, 6);
    assert_int_equal(k.patch, 87);
    assert_true(kernel_release_cmp(&k, 6, 6, 0) > 0);
    assert_true(kernel_release_cmp(&k, 6, 8, 0) < 0);
    assert_int_equal(kernel_release_cmp(&k, 6, 6, 87), 0);
    assert_int_equal(kernel_release_parse(STR_AND_LEN("6.18.44-fc-v595\n"), &k, &d), 0);
    assert_int_equal(k.minor, 18);
    assert_int_equal(kernel_release_parse(STR_AND_LEN("custom\n"), &k, &d), 0);
    assert_int_equal(k.major, 0);
}

static void test_malformed(void **state)
{
    (void)state;
    struct kernel_release k;
    struct kernel_version v;
    struct diag d;
    assert_int_equal(kernel_release_parse(STR_AND_LEN("\n"), &k, &d), -EBADMSG);
    assert_int_equal(kernel_release_parse(STR_AND_LEN("a\nb\n"), &k, &d), -EBADMSG);
    assert_int_equal(d.line, 1);
    assert_int_equal(d.column, 2);
    assert_int_equal(kernel_release_parse(STR_AND_LEN("a\033b\n"), &k, &d), -EBADMSG);
    assert_int_equal(kernel_version_parse(STR_AND_LEN("Windows version 10\n"), &v, &d), -EBADMSG);
    assert_int_equal(kernel_version_parse(STR_AND_LEN("Linux version \n"), &v, &d), -EBADMSG);
}

static void test_wsl_kind(void **state)
{
    (void)state;
    bool ms;
    assert_int_equal(wsl_kind_from_release("5.15.153.1-microsoft-standard-WSL2", &ms), WSL_2);
    assert_true(ms);
    assert_int_equal(wsl_kind_from_release("6.1.21.2-WSL2-custom", &ms), WSL_2);
    assert_false(ms);
    assert_int_equal(wsl_kind_from_release("4.4.0-19041-Microsoft", &ms), WSL_1);
    assert_int_equal(wsl_kind_from_release("6.18.44-fc-v595", &ms), WSL_NONE);
    assert_false(ms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_published_versions),
        cmocka_unit_test(test_release),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_wsl_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

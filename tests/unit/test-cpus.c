#include "unit.h"

#include "probe/cpus.h"

static unsigned count(const char *s)
{
    struct cpus c;
    struct diag d;
    assert_int_equal(cpus_parse(s, strlen(s), &c, &d), 0);
    return c.online;
}

static void bad(const char *s)
{
    struct cpus c;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(cpus_parse(s, strlen(s), &c, &d), -EBADMSG);
    assert_true(d.message[0] != '\0');
}

static void test_lists(void **state)
{
    (void)state;
    assert_int_equal(count("0-1\n"), 2);   /* this machine */
    assert_int_equal(count("0-7\n"), 8);   /* nr_cpus=8 (microsoft/WSL#4694) */
    assert_int_equal(count("0-15\n"), 16); /* microsoft/WSL#8955: 16 despite processor=4 */
    assert_int_equal(count("0\n"), 1);
    assert_int_equal(count("0-3,5,7-9\n"), 8);
    struct cpus c;
    struct diag d;
    assert_int_equal(cpus_parse(STR_AND_LEN("0-3,8"), &c, &d), 0);
    assert_int_equal(c.max_id, 8);
}

static void test_malformed(void **state)
{
    (void)state;
    bad("");
    bad("\n");
    bad("3-1\n");
    bad("0-3,\n");
    bad("0-3,2\n");
    bad("a\n");
    bad("0-99999\n");
    bad("0;1\n");
}

/* This machine's /proc/cpuinfo through the reader: it must find what a
 * plain search of the same file's first flags line finds. */
static void test_cpuinfo_live(void **state)
{
    (void)state;
    FILE *fp = fopen("/proc/cpuinfo", "r");
    char line[8192];
    bool found = false;
    while (fp && fgets(line, sizeof(line), fp))
        if (strncmp(line, "flags", 5) == 0) {
            found = true;
            break;
        }
    if (fp)
        fclose(fp);
    if (!found)
        skip();
    line[strcspn(line, "\n")] = ' ';
    struct rootfs *r;
    assert_int_equal(rootfs_new("/", &r), 0);
    struct cpu_features f;
    struct probe_status st;
    assert_int_equal(cpuinfo_read(r, &f, &st), 0);
    assert_int_equal(st.state, PROBE_OK);
    assert_true(f.known);
    assert_int_equal(f.avx2, strstr(line, " avx2 ") != NULL);
    assert_int_equal(f.avx512f, strstr(line, " avx512f ") != NULL);
    rootfs_free(r);
}

static void test_cpuinfo_flags(void **state)
{
    (void)state;
    struct cpu_features f;
    struct diag d;
    /* an AMD EPYC vCPU under Hyper-V, first block (shortened) */
    const char *amd = "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu vme sse2 "
                      "avx avx2 bmi2\nbugs\t\t: sysret_ss_attrs\n\nprocessor\t: 1\nflags\t\t: "
                      "avx512f\n";
    assert_int_equal(cpuinfo_flags_parse(amd, strlen(amd), &f, &d), 0);
    assert_true(f.known && f.avx2 && !f.avx512f); /* the first CPU's line only */
    const char *intel = "flags\t\t: fpu avx2 avx512f avx512bw";
    assert_int_equal(cpuinfo_flags_parse(intel, strlen(intel), &f, &d), 0);
    assert_true(f.known && f.avx2 && f.avx512f);
    /* avx2 only as part of another word does not count */
    const char *near = "flags\t: avx2x xavx2 avx512fx\n";
    assert_int_equal(cpuinfo_flags_parse(near, strlen(near), &f, &d), 0);
    assert_true(f.known && !f.avx2 && !f.avx512f);
    /* arm64 */
    const char *arm = "processor\t: 0\nBogoMIPS\t: 48.00\nFeatures\t: fp asimd evtstrm aes\n";
    assert_int_equal(cpuinfo_flags_parse(arm, strlen(arm), &f, &d), 0);
    assert_true(f.known && !f.avx2);
    /* no flags line at all: not known, not an error */
    assert_int_equal(cpuinfo_flags_parse("processor\t: 0\n", 13, &f, &d), 0);
    assert_false(f.known);
    /* a key that only starts with "flags" */
    assert_int_equal(cpuinfo_flags_parse("flagsx: avx2\n", 13, &f, &d), 0);
    assert_false(f.known);
    diag_clear(&d);
    assert_int_equal(cpuinfo_flags_parse("a: b\nflags avx2\n", 17, &f, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_cpuinfo_flags),
        cmocka_unit_test(test_cpuinfo_live),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

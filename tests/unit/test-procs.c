#include "unit.h"

#include "probe/procs.h"

/* /proc/self/stat read off the development machine */
static const char real_stat[] =
    "3638 (cat) R 3584 3584 1214 0 -1 4194304 101 0 0 0 0 0 0 0 20 0 1 0 98095 3133440 388 "
    "18446744073709551615 94090196533248 94090196553129 140735829888272 0 0 0 0 0 0 0 0 0 17 0 0 "
    "0 0 0 0 94090196569136 94090196570752 94090942509056 140735829891713 140735829891733 "
    "140735829891733 140735829893099 0\n";

static void test_stat_real(void **state)
{
    (void)state;
    struct proc_stat s;
    struct diag d;
    assert_int_equal(proc_stat_parse(STR_AND_LEN(real_stat), &s, &d), 0);
    assert_int_equal(s.pid, 3638);
    assert_string_equal(s.comm, "cat");
    assert_int_equal(s.state, 'R');
    assert_int_equal(s.ppid, 3584);
    assert_int_equal(s.starttime, 98095);
    assert_int_equal(s.rss_pages, 388);
}

/* Names that break naive parsers (earlyoom's hostile cases and more). */
static void test_stat_hostile_names(void **state)
{
    (void)state;
    static const struct {
        const char *line, *comm;
    } cases[] = {
        {"42 (foo) Z ) S 7 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 99 100 55 0\n", "foo) Z "},
        {"42 (foo\nZ\n) S 7 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 99 100 55 0\n", "foo\nZ\n"},
        {"42 ((sd-pam)) S 7 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 99 100 55 0\n", "(sd-pam)"},
        {"42 ( ) S 7 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 99 100 55 0\n", " "},
        {"42 () S 7 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 99 100 55 0\n", ""},
        {"42 (a) R 1 2 3) S 7 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 99 100 55 0\n", "a) R 1 2 3"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct proc_stat s;
        struct diag d;
        assert_int_equal(proc_stat_parse(cases[i].line, strlen(cases[i].line), &s, &d), 0);
        assert_string_equal(s.comm, cases[i].comm);
        assert_int_equal(s.state, 'S');
        assert_int_equal(s.ppid, 7);
        assert_int_equal(s.rss_pages, 55);
    }
}

static void test_stat_malformed(void **state)
{
    (void)state;
    struct proc_stat s;
    struct diag d;
    assert_int_equal(proc_stat_parse(STR_AND_LEN("103 (cut) S 1 103"), &s, &d), -EBADMSG);
    assert_non_null(strstr(d.message, "fields"));
    assert_int_equal(proc_stat_parse(STR_AND_LEN(""), &s, &d), -EBADMSG);
    assert_int_equal(proc_stat_parse(STR_AND_LEN("x (a) S 1"), &s, &d), -EBADMSG);
    assert_int_equal(
        proc_stat_parse(STR_AND_LEN("-1 (a) S 1 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 99 100 55 0"),
                        &s, &d),
        -EBADMSG);
    assert_int_equal(
        proc_stat_parse(STR_AND_LEN("1 (a) S 1 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 99 100 5x 0"),
                        &s, &d),
        -EBADMSG);
    assert_int_equal(proc_stat_parse(STR_AND_LEN("1 a) S"), &s, &d), -EBADMSG);
    /* a negative rss is clamped to 0 */
    assert_int_equal(
        proc_stat_parse(STR_AND_LEN("1 (a) S 1 0 0 0 -1 0 0 0 0 0 1 2 0 0 20 0 1 0 99 100 -3 0"),
                        &s, &d),
        0);
    assert_int_equal(s.rss_pages, 0);
}

static const char real_status[] =
    "Name:\tgrep\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t0\t0\t0\t0\n"
    "VmPeak:\t    3776 kB\nVmSize:\t    3760 kB\nVmLck:\t       0 kB\n"
    "VmHWM:\t    2180 kB\nVmRSS:\t    2180 kB\nRssAnon:\t     148 kB\n"
    "RssFile:\t    2032 kB\nRssShmem:\t       0 kB\nVmSwap:\t       0 kB\n"
    "Cpus_allowed_list:\t0-1\n";

static void test_status(void **state)
{
    (void)state;
    struct proc_status st;
    struct diag d;
    assert_int_equal(proc_status_parse(STR_AND_LEN(real_status), &st, &d), 0);
    assert_true(st.has_rss && st.has_breakdown && st.has_hwm && st.has_swap && st.has_uid);
    assert_int_equal(st.vm_rss, 2180 * 1024);
    assert_int_equal(st.rss_anon, 148 * 1024);
    assert_int_equal(st.rss_file, 2032 * 1024);
    assert_int_equal(st.vm_hwm, 2180 * 1024);
    assert_int_equal(st.uid, 0);
    /* a kernel thread has no Vm lines */
    assert_int_equal(proc_status_parse(STR_AND_LEN("Name:\tkthreadd\nUid:\t0\t0\t0\t0\n"), &st, &d),
                     0);
    assert_false(st.has_rss);
    assert_int_equal(proc_status_parse(STR_AND_LEN("VmRSS:\t   12x kB\n"), &st, &d), -EBADMSG);
    assert_int_equal(d.line, 1);
    assert_int_equal(proc_status_parse(STR_AND_LEN("VmRSS:\t 12 MB\n"), &st, &d), -EBADMSG);
}

static const char real_smaps[] =
    "56270dec8000-7ffc2105a000 ---p 00000000 00:00 0                          [rollup]\n"
    "Rss:                1616 kB\nPss:                 744 kB\n"
    "Pss_Dirty:           112 kB\nPss_Anon:            112 kB\n"
    "Pss_File:            632 kB\nPss_Shmem:             0 kB\n"
    "Shared_Clean:       1380 kB\nSwap:                  0 kB\n"
    "SwapPss:               0 kB\nLocked:                0 kB\n";

static void test_smaps(void **state)
{
    (void)state;
    struct proc_smaps sm;
    struct diag d;
    assert_int_equal(proc_smaps_parse(STR_AND_LEN(real_smaps), &sm, &d), 0);
    assert_int_equal(sm.rss, 1616 * 1024);
    assert_int_equal(sm.pss, 744 * 1024);
    assert_int_equal(sm.pss_file, 632 * 1024);
    assert_true(sm.has_pss_split);
    assert_int_equal(proc_smaps_parse(STR_AND_LEN("Rss: 1 kB\n"), &sm, &d), -EBADMSG);
    assert_int_equal(proc_smaps_parse(STR_AND_LEN("Rss: 1 kB\nPss: x kB\n"), &sm, &d), -EBADMSG);
}

static void test_read_hostile_fixture(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/hostile", &r), 0);
    struct proc_list l;
    struct probe_status st = {0};
    assert_int_equal(procs_read(r, 10, true, &l, &st), 0);
    assert_int_equal(st.state, PROBE_OK);
    /* 100, 101, 102, 106, 107 are readable; 103-105, 108-110 are skipped */
    assert_int_equal(l.n, 5);
    assert_int_equal(l.skipped, 6);
    assert_int_equal(l.procs[0].pid, 100);
    assert_string_equal(l.procs[0].name, "evil) R 1 2 3");
    assert_string_equal(l.procs[1].name, "two\nlines");
    assert_int_equal(l.procs[0].rss, 102400ULL * 1024);
    assert_true(l.procs[0].has_smaps);
    assert_int_equal(l.procs[3].pid, 106);
    assert_false(l.procs[3].has_smaps);
    proc_list_release(&l);
    /* top 2 only */
    assert_int_equal(procs_read(r, 2, true, &l, &st), 0);
    assert_int_equal(l.n, 2);
    proc_list_release(&l);
    /* without PSS: the same processes and figures, no smaps_rollup read */
    assert_int_equal(procs_read(r, 10, false, &l, &st), 0);
    assert_int_equal(l.n, 5);
    assert_int_equal(l.procs[0].rss, 102400ULL * 1024);
    for (size_t i = 0; i < l.n; i++)
        assert_false(l.procs[i].has_smaps);
    proc_list_release(&l);
    rootfs_free(r);
}

static void test_cmdline(void **state)
{
    (void)state;
    char b[128];
    /* the kernel's bytes: NUL after each argument, the last included */
    static const char real[] = "python3\0client.py\0--url\0http://127.0.0.1:8080\0";
    assert_string_equal(proc_cmdline_join(real, sizeof(real) - 1, b, sizeof(b)),
                        "python3 client.py --url http://127.0.0.1:8080");
    /* a kernel thread's file is empty */
    assert_string_equal(proc_cmdline_join("", 0, b, sizeof(b)), "");
    /* cut, never overrun; a process that rewrote its cmdline without NULs */
    char small[8];
    assert_string_equal(proc_cmdline_join(real, sizeof(real) - 1, small, sizeof(small)), "python3");
    assert_string_equal(proc_cmdline_join("nginx: worker", 13, b, sizeof(b)), "nginx: worker");
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-tuned-6g", &r), 0);
    assert_int_equal(proc_cmdline_read(r, 2210, b, sizeof(b)), 0);
    assert_string_equal(b, "/home/alex/llama.cpp/build/bin/llama-server -m "
                           "/home/alex/models/Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf -c 8192 "
                           "--port 8080");
    /* no such file: an error, and an empty line */
    assert_true(proc_cmdline_read(r, 64, b, sizeof(b)) < 0);
    assert_string_equal(b, "");
    rootfs_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stat_real),      cmocka_unit_test(test_stat_hostile_names),
        cmocka_unit_test(test_stat_malformed), cmocka_unit_test(test_status),
        cmocka_unit_test(test_smaps),          cmocka_unit_test(test_read_hostile_fixture),
        cmocka_unit_test(test_cmdline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

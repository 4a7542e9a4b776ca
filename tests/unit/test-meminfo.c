#include "unit.h"

#include "probe/meminfo.h"

/* Read off the development machine (kernel 6.18), first lines and a
 * unit-less HugePages line. */
static const char real_618[] = "MemTotal:       24684096 kB\n"
                               "MemFree:        23740144 kB\n"
                               "MemAvailable:   24345948 kB\n"
                               "Buffers:            5824 kB\n"
                               "Cached:           805144 kB\n"
                               "SwapCached:            0 kB\n"
                               "Active(file):      70856 kB\n"
                               "Inactive(file):   731228 kB\n"
                               "SwapTotal:             0 kB\n"
                               "SwapFree:              0 kB\n"
                               "Shmem:              8788 kB\n"
                               "SReclaimable:      17516 kB\n"
                               "VmallocTotal:   34359738367 kB\n"
                               "HugePages_Total:       0\n"
                               "Hugepagesize:       2048 kB\n";

static void test_real_sample(void **state)
{
    (void)state;
    struct meminfo m;
    struct diag d;
    assert_int_equal(meminfo_parse(STR_AND_LEN(real_618), &m, &d), 0);
    assert_int_equal(m.nfields, 15);
    assert_int_equal(m.mem_total, 24684096ULL * 1024);
    assert_int_equal(m.mem_free, 23740144ULL * 1024);
    assert_int_equal(m.mem_available, 24345948ULL * 1024);
    assert_true(m.has_mem_available);
    assert_int_equal(m.cached, 805144ULL * 1024);
    assert_int_equal(m.active_file, 70856ULL * 1024);
    assert_int_equal(m.shmem, 8788ULL * 1024);
    assert_int_equal(m.hugepagesize, 2048ULL * 1024);
    /* every field is kept, in order, with its unit */
    assert_string_equal(m.fields[12].name, "VmallocTotal");
    assert_int_equal(m.fields[12].value, 34359738367ULL * 1024);
    assert_string_equal(m.fields[13].name, "HugePages_Total");
    assert_false(m.fields[13].kb);
    assert_true(m.fields[0].kb);
    uint64_t v;
    assert_true(meminfo_get(&m, "Inactive(file)", &v));
    assert_int_equal(v, 731228ULL * 1024);
    assert_false(meminfo_get(&m, "Nope", &v));
}

/* microsoft/WSL... heim-rs/heim#305: the first lines of a WSL2 meminfo as
 * pasted, with "..." where the user cut it: line 6 is not a field. */
/* The derived figures on the real sample, worked out by hand from its lines
 * in kB: used 24684096 - 24345948 = 338148, buff/cache 5824 + 805144 +
 * 17516 = 828484 (free(1)'s definitions). */
static void test_figures(void **state)
{
    (void)state;
    struct meminfo m;
    struct diag d;
    assert_int_equal(meminfo_parse(STR_AND_LEN(real_618), &m, &d), 0);
    assert_int_equal(meminfo_used(&m), 338148ULL * 1024);
    assert_int_equal(meminfo_buff_cache(&m), 828484ULL * 1024);
    assert_int_equal(meminfo_reclaimable_cache(&m), (828484ULL - 8788) * 1024);
    assert_int_equal(meminfo_host_view_used(&m), (24684096ULL - 23740144) * 1024);
    /* the three parts of a memory bar add up to MemTotal */
    assert_int_equal(meminfo_held_by_programs(&m) + meminfo_reclaimable_cache(&m) + m.mem_free,
                     m.mem_total);
    assert_int_equal(meminfo_swap_used(&m), 0);
    /* an inconsistent reading saturates instead of wrapping */
    m.mem_available = m.mem_total + 1;
    m.swap_free = 1;
    assert_int_equal(meminfo_used(&m), 0);
    assert_int_equal(meminfo_swap_used(&m), 0);
}

static void test_published_partial_is_malformed(void **state)
{
    (void)state;
    unit_need_corpus("wsl-proc");
    FILE *f = fopen(UNIT_CORPUS "/wsl-proc/305-meminfo-partial.txt", "rb");
    assert_non_null(f);
    char buf[1024];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    struct meminfo m;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(meminfo_parse(buf, n, &m, &d), -EBADMSG);
    assert_int_equal(d.line, 6);
    assert_int_equal(d.column, 1);
    /* without the "..." line it is fine */
    char *dots = memmem(buf, n, "...", 3);
    assert_non_null(dots);
    assert_int_equal(meminfo_parse(buf, (size_t)(dots - buf), &m, &d), 0);
    assert_int_equal(m.mem_total, 26220580ULL * 1024);
    assert_int_equal(m.cached, 8320ULL * 1024);
}

static void test_estimates_available_on_old_kernels(void **state)
{
    (void)state;
    static const char old[] = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\n"
                              "Cached: 300 kB\nShmem: 50 kB\n";
    struct meminfo m;
    struct diag d;
    assert_int_equal(meminfo_parse(STR_AND_LEN(old), &m, &d), 0);
    assert_false(m.has_mem_available);
    assert_int_equal(m.mem_available, (100 + 20 + 300 - 50) * 1024ULL);
}

static void expect_bad(const char *text, unsigned line, unsigned col, const char *msg)
{
    struct meminfo m;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(meminfo_parse(text, strlen(text), &m, &d), -EBADMSG);
    assert_int_equal(d.line, line);
    if (col)
        assert_int_equal(d.column, col);
    assert_non_null(strstr(d.message, msg));
}

static void test_malformed(void **state)
{
    (void)state;
    expect_bad("MemTotal: 10 kB\nMemFree: x kB\n", 2, 10, "expected a number");
    expect_bad("MemTotal 10 kB\n", 1, 9, "expected 'Name:'");
    expect_bad("MemTotal: 10 kB\nMemFree: 5 kB junk\n", 2, 0, "unexpected text");
    expect_bad("MemTotal: 10 kB\nMemTotal: 11 kB\nMemFree: 1 kB\n", 2, 0, "appears twice");
    expect_bad("MemTotal: 18446744073709551615 kB\nMemFree: 1 kB\n", 1, 0, "overflows");
    expect_bad("MemTotal: 99999999999999999999 kB\n", 1, 0, "too large");
    expect_bad("MemFree: 1 kB\n", 1, 0, "no MemTotal");
    expect_bad("MemTotal: 1 kB\n", 1, 0, "no MemFree");
    expect_bad("", 1, 0, "no MemTotal");
}

static void test_tolerates_blank_lines_and_missing_final_newline(void **state)
{
    (void)state;
    static const char t[] = "MemTotal: 10 kB\n\nMemFree: 5 kB";
    struct meminfo m;
    struct diag d;
    assert_int_equal(meminfo_parse(STR_AND_LEN(t), &m, &d), 0);
    assert_int_equal(m.mem_free, 5 * 1024);
}

static void test_field_limit(void **state)
{
    (void)state;
    char *buf = malloc(200 * 32);
    size_t n = 0;
    n += (size_t)sprintf(buf + n, "MemTotal: 1 kB\nMemFree: 1 kB\n");
    for (int i = 0; i < MEMINFO_MAX_FIELDS; i++)
        n += (size_t)sprintf(buf + n, "F%d: %d kB\n", i, i);
    struct meminfo m;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(meminfo_parse(buf, n, &m, &d), -EBADMSG);
    assert_non_null(strstr(d.message, "more than"));
    free(buf);
}

/* The daemon's fast variant: the same named values, the other lines unread. */
static void test_named_variant(void **state)
{
    (void)state;
    struct meminfo full, q;
    struct diag d;
    assert_int_equal(meminfo_parse(STR_AND_LEN(real_618), &full, &d), 0);
    memset(&q, 0xff, sizeof(q));
    assert_int_equal(meminfo_parse_named(STR_AND_LEN(real_618), &q, &d), 0);
    assert_int_equal(q.nfields, 0);
    assert_int_equal(q.mem_total, full.mem_total);
    assert_int_equal(q.mem_available, full.mem_available);
    assert_int_equal(q.active_file, full.active_file);
    assert_int_equal(q.s_reclaimable, full.s_reclaimable);
    assert_int_equal(q.hugepagesize, full.hugepagesize);
    assert_int_equal(q.dirty, 0); /* absent from the sample: zero, not left over */
    /* a line it does not read may hold anything; one it reads is checked */
    static const char odd[] = "MemTotal: 10 kB\nMemFree: 5 kB\nNotNamed: what ever\n";
    assert_int_equal(meminfo_parse_named(STR_AND_LEN(odd), &q, &d), 0);
    assert_int_equal(q.mem_free, 5 * 1024);
    static const char bad[] = "MemTotal: 10 kB\nMemFree: x kB\n";
    assert_int_equal(meminfo_parse_named(STR_AND_LEN(bad), &q, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
    static const char twice[] = "MemTotal: 10 kB\nMemFree: 5 kB\nMemFree: 6 kB\n";
    assert_int_equal(meminfo_parse_named(STR_AND_LEN(twice), &q, &d), -EBADMSG);
    static const char nofree[] = "MemTotal: 10 kB\n";
    assert_int_equal(meminfo_parse_named(STR_AND_LEN(nofree), &q, &d), -EBADMSG);
    static const char nocolon[] = "MemTotal: 10 kB\nbroken line\nMemFree: 5 kB\n";
    assert_int_equal(meminfo_parse_named(STR_AND_LEN(nocolon), &q, &d), -EBADMSG);
    assert_int_equal(d.line, 2);
}

static void test_reader_states(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    struct meminfo m;
    struct probe_status st = {0};
    assert_int_equal(meminfo_read(r, &m, &st), -ENOENT);
    assert_int_equal(st.state, PROBE_UNAVAILABLE);
    unit_write(dir, "proc/meminfo", "MemTotal: 1 kB\nbroken\n");
    memset(&st, 0, sizeof(st));
    assert_int_equal(meminfo_read(r, &m, &st), -EBADMSG);
    assert_int_equal(st.state, PROBE_MALFORMED);
    assert_string_equal(st.diag.file, "proc/meminfo");
    assert_int_equal(st.diag.line, 2);
    unit_write(dir, "proc/meminfo", real_618);
    memset(&st, 0, sizeof(st));
    assert_int_equal(meminfo_read(r, &m, &st), 0);
    assert_int_equal(st.state, PROBE_OK);
    assert_int_equal(m.mem_total, 24684096ULL * 1024);
    rootfs_free(r);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_sample),
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_published_partial_is_malformed),
        cmocka_unit_test(test_estimates_available_on_old_kernels),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_tolerates_blank_lines_and_missing_final_newline),
        cmocka_unit_test(test_field_limit),
        cmocka_unit_test(test_named_variant),
        cmocka_unit_test(test_reader_states),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

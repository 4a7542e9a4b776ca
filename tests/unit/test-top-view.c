#include "unit.h"

#include "out/top-view.h"
#include "util/size.h"

static void test_bar(void **state)
{
    (void)state;
    char b[512];
    assert_string_equal(top_bar(1, 2, 10, 10, false, b, sizeof(b)), "#==.......");
    assert_string_equal(top_bar(0, 0, 10, 4, false, b, sizeof(b)), "....");
    assert_string_equal(top_bar(10, 0, 10, 4, false, b, sizeof(b)), "####");
    /* more than the total is clamped, never overflowing the width */
    assert_string_equal(top_bar(20, 20, 10, 4, false, b, sizeof(b)), "####");
    assert_string_equal(top_bar(1, 1, 0, 3, false, b, sizeof(b)), "...");
    assert_string_equal(top_bar(1, 1, 4, 4, true, b, sizeof(b)), "█▒··");
    /* a small buffer is cut, not overrun */
    char small[5];
    assert_int_equal(strlen(top_bar(1, 1, 4, 40, false, small, sizeof(small))), 4);
}

static void test_sparkline(void **state)
{
    (void)state;
    uint64_t v[] = {0, 312, 1250, 2500, 9999};
    char b[64];
    assert_string_equal(top_sparkline(v, 5, false, b, sizeof(b)), "__=@@");
    assert_string_equal(top_sparkline(v, 5, true, b, sizeof(b)), "▁▁▅██");
    assert_string_equal(top_sparkline(v, 0, true, b, sizeof(b)), "");
}

static void test_update_keeps_history(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-tuned-6g", &r), 0);
    static struct top_view v;
    struct machine m;
    struct machine_opts mo = {.top_n = TOP_MAX_PROCS};
    for (int i = 0; i < TOP_PSI_HISTORY + 3; i++) {
        machine_load(&m, r, &mo);
        top_view_update(&v, &m, true);
        machine_release(&m);
    }
    assert_int_equal(v.psi_n, TOP_PSI_HISTORY);
    assert_int_equal(v.psi_hist[TOP_PSI_HISTORY - 1], 312);
    assert_int_equal(v.host_view, v.total - v.free);
    assert_int_equal(v.swap_used, 319488ULL * 1024);
    assert_string_equal(v.procs[0].name, "llama-server");
    v.sort = TOP_SORT_PSS;
    machine_load(&m, r, &mo);
    top_view_update(&v, &m, true);
    machine_release(&m);
    for (unsigned i = 1; i < v.nprocs; i++)
        assert_true(v.procs[i - 1].pss >= v.procs[i].pss);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    top_view_line(&v, f, 1764000000);
    fclose(f);
    assert_string_equal(buf, "16:00:00 held_by_programs 889 MiB reclaimable_cache 3.7 GiB free 1.2 "
                             "GiB host_view 4.6 GiB "
                             "swap 312 MiB psi_some10 3.12%\n");
    free(buf);
    rootfs_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bar),
        cmocka_unit_test(test_sparkline),
        cmocka_unit_test(test_update_keeps_history),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

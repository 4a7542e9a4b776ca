#include "unit.h"

#include "headline.h"
#include "util/rootfs.h"
#include "util/size.h"
#include "win/catalog.h"

static void test_applied_items(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(headline_applied_items("headroom windows script --apply dosvc,do-peering -o "
                                            "~/headroom-dosvc.ps1",
                                            buf, sizeof(buf)),
                     2);
    assert_string_equal(buf, "dosvc");
    assert_string_equal(buf + strlen(buf) + 1, "do-peering");
    assert_int_equal(headline_applied_items("headroom config recommend", buf, sizeof(buf)), 0);
    assert_int_equal(headline_applied_items("headroom windows script --apply ", buf, sizeof(buf)),
                     0);
    /* an item list longer than the buffer is none, not a cut name */
    assert_int_equal(headline_applied_items("headroom windows script --apply "
                                            "aaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbb",
                                            buf, 16),
                     0);
}

/* On the wsl2-16g-default fixture (its real host.json): the room now is the
 * budget's, each saving is win_item_measure()'s figure of the item a fix
 * applies, the same item is counted once, and a fix without `--apply` adds
 * nothing. */
static void test_savings_from_the_fixes(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-16g-default", &r), 0);
    struct machine m;
    machine_load(&m, r, NULL);
    struct win_host h;
    assert_int_equal(win_host_load(r, NULL, &h), 0);
    struct doctor_result dr;
    memset(&dr, 0, sizeof(dr));
    findings_init(&dr.findings);
    struct finding *x = findings_add(&dr.findings, "wsl.no-wslconfig", SEV_WARNING, "no file");
    finding_set_fix(x, "$ headroom config recommend   # why");
    x = findings_add(&dr.findings, "windows.dosvc", SEV_WARNING, "DoSvc");
    finding_set_fix(x, "advice\n$ headroom windows script --apply dosvc -o ~/a.ps1");
    x = findings_add(&dr.findings, "windows.dosvc", SEV_WARNING, "DoSvc again");
    finding_set_fix(x, "$ headroom windows script --apply dosvc,ndu -o ~/b.ps1");
    struct budget b = {.left_known = true, .measured_now = true, .left = (int64_t)(7 * GIB)};
    struct headline hl;
    headline_compute(&dr, &b, &h, &m, &hl);
    assert_int_equal(hl.warnings, 3);
    assert_ptr_equal(hl.next, &dr.findings.v[0]);
    assert_string_equal(hl.next_command, "headroom config recommend   # why");
    struct win_saving s;
    win_item_measure(win_item_find("dosvc"), &h, &s);
    assert_true(s.known && s.bytes > GIB);
    /* dosvc once; ndu (a driver) has no working set */
    assert_int_equal(hl.nsavings, 1);
    assert_string_equal(hl.savings[0].item_id, "dosvc");
    assert_int_equal(hl.savings[0].bytes, s.bytes);
    assert_ptr_equal(hl.savings[0].finding, &dr.findings.v[1]);
    assert_int_equal(hl.room_after, (int64_t)(7 * GIB + s.bytes));
    assert_int_equal(hl.guest_available, m.meminfo.mem_available);
    /* the profile's figures (nothing measured on Windows): no "after" */
    b.measured_now = false;
    headline_compute(&dr, &b, &h, &m, &hl);
    assert_int_equal(hl.nsavings, 0);
    findings_release(&dr.findings);
    win_host_release(&h);
    machine_release(&m);
    rootfs_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_applied_items),
        cmocka_unit_test(test_savings_from_the_fixes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "unit.h"

#include "util/size.h"
#include "win/host.h"

/* The helper's GPU keys, as win/helper/gpumem.c prints them, through the
 * host document reader. */
static void test_fixture(void **state)
{
    (void)state;
    size_t n;
    char *buf = unit_slurp("tests/roots/wsl2-vram-held/.headroom/host.json", &n);
    struct win_host h;
    struct diag d;
    assert_int_equal(win_host_parse(buf, n, &h, &d), 0);
    assert_true(h.has_gpu_procs);
    assert_int_equal(h.ngpu_procs, 6);
    assert_string_equal(h.gpu_procs[0].name, "msedge");
    assert_int_equal(h.gpu_procs[0].dedicated, (uint64_t)(1.1 * GIB));
    assert_int_equal(h.gpu_procs[1].shared, 96 * MIB);
    assert_true(h.gpu_dedicated_used.known);
    assert_true(win_gpu_system_process("dwm"));
    assert_true(win_gpu_system_process("vmmemWSL"));
    assert_false(win_gpu_system_process("msedge"));
    assert_false(win_gpu_system_process(NULL));
    win_host_release(&h);
    free(buf);
}

static void test_null_and_bad(void **state)
{
    (void)state;
    struct win_host h;
    struct diag d;
    /* Wine: null with PDH's reason */
    static const char wine[] =
        "{\"format\":\"headroom-host/1\",\"source\":\"helper\",\"gpu_processes\":null,"
        "\"gpu_processes_error\":\"PdhAddEnglishCounter(\\\\GPU Process Memory(*)): no such "
        "counter set (0xC0000BB9): no WDDM 2.x GPU driver, or not Windows\","
        "\"gpu_dedicated_used\":null,\"gpu_dedicated_used_error\":\"x\"}";
    assert_int_equal(win_host_parse(STR_AND_LEN(wine), &h, &d), 0);
    assert_false(h.has_gpu_procs);
    assert_non_null(strstr(h.gpu_procs_why, "no such counter set"));
    assert_false(h.gpu_dedicated_used.known);
    win_host_release(&h);
    /* the PowerShell fallback prints neither */
    static const char ps[] = "{\"format\":\"headroom-host/1\",\"source\":\"powershell\"}";
    assert_int_equal(win_host_parse(STR_AND_LEN(ps), &h, &d), 0);
    assert_string_equal(h.gpu_procs_why, "missing from the host document");
    win_host_release(&h);
    static const char bad[] = "{\"format\":\"headroom-host/1\",\"source\":\"helper\","
                              "\"gpu_processes\":[{\"pid\":1,\"dedicated\":-5,\"shared\":0}]}";
    assert_int_equal(win_host_parse(STR_AND_LEN(bad), &h, &d), -EBADMSG);
    assert_int_equal(d.line, 1);
    static const char notarr[] =
        "{\"format\":\"headroom-host/1\",\"source\":\"helper\",\"gpu_processes\":{}}";
    assert_int_equal(win_host_parse(STR_AND_LEN(notarr), &h, &d), -EBADMSG);
}

/* PagingFiles entries as System Properties writes them; Wine's default. */
static void test_paging_files(void **state)
{
    (void)state;
    struct win_paging_file p;
    assert_int_equal(win_paging_file_parse("?:\\pagefile.sys", &p), 0);
    assert_true(p.all_drives && p.system_managed);
    assert_int_equal(win_paging_file_parse("C:\\pagefile.sys 0 0", &p), 0);
    assert_true(p.system_managed);
    assert_false(p.all_drives);
    assert_int_equal(win_paging_file_parse("C:\\pagefile.sys 27 77", &p), 0);
    assert_false(p.system_managed);
    assert_int_equal(p.initial_mb, 27);
    assert_int_equal(p.max_mb, 77);
    assert_string_equal(p.path, "C:\\pagefile.sys");
    assert_int_equal(win_paging_file_parse("C:\\pagefile.sys 27", &p), -EINVAL);
    assert_int_equal(win_paging_file_parse("C:\\pagefile.sys x y", &p), -EINVAL);
    assert_int_equal(win_paging_file_parse("", &p), -EINVAL);
    struct win_host h;
    struct diag d;
    static const char none[] = "{\"format\":\"headroom-host/1\",\"source\":\"helper\","
                               "\"pagefile\":{\"paging_files\":[]}}";
    assert_int_equal(win_host_parse(STR_AND_LEN(none), &h, &d), 0);
    assert_true(h.has_pagefile);
    assert_int_equal(h.npaging_files, 0);
    assert_false(win_pagefile_managed(&h));
    win_host_release(&h);
    static const char bad[] = "{\"format\":\"headroom-host/1\",\"source\":\"helper\","
                              "\"pagefile\":{\"paging_files\":[\"C:\\\\p.sys 1\"]}}";
    assert_int_equal(win_host_parse(STR_AND_LEN(bad), &h, &d), -EBADMSG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture),
        cmocka_unit_test(test_null_and_bad),
        cmocka_unit_test(test_paging_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

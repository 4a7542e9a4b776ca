#include "unit.h"

#include "fit-vram.h"
#include "util/size.h"
#include "win/host.h"

/* The fixture's helper data: msedge 1.1 GiB, ms-teams 420 MiB, dwm 310 MiB,
 * explorer 41 MiB, Spotify 38 MiB, vmmemWSL 0 (WSL's own, never counted). */
static void test_fixture_margin(void **state)
{
    (void)state;
    size_t n;
    char *buf = unit_slurp("tests/roots/wsl2-vram-held/.headroom/host.json", &n);
    struct win_host h;
    struct diag d;
    assert_int_equal(win_host_parse(buf, n, &h, &d), 0);
    uint64_t sum = 0;
    for (size_t i = 0; i < h.ngpu_procs; i++)
        sum += h.gpu_procs[i].dedicated;
    struct fit_vram_margin mg;
    fit_vram_margin_for(&h, &mg);
    assert_true(mg.windows_known);
    assert_int_equal(mg.windows_held, sum);
    assert_int_equal(mg.bytes, sum); /* 1.9 GiB: more than llama.cpp's 1 GiB */
    assert_non_null(strstr(mg.source, "GPU Process Memory"));
    /* the WSL VM's GPU memory is WSL's own: not part of what Windows holds */
    h.gpu_procs[3].dedicated = 3 * GIB;
    assert_string_equal(h.gpu_procs[3].name, "vmmemWSL");
    uint64_t held;
    assert_true(fit_vram_windows_held(&h, &held));
    assert_int_equal(held, sum);
    win_host_release(&h);
    free(buf);
}

static void test_floor_and_unknown(void **state)
{
    (void)state;
    assert_int_equal(fit_vram_margin_bytes(0), GIB);
    assert_int_equal(fit_vram_margin_bytes(300 * MIB), GIB);
    assert_int_equal(fit_vram_margin_bytes(GIB + 1), GIB + 1);
    struct fit_vram_margin mg;
    fit_vram_margin_for(NULL, &mg);
    assert_false(mg.windows_known);
    assert_int_equal(mg.bytes, GIB);
    assert_string_equal(mg.source, "llama.cpp --fit's default");
    struct win_host h;
    memset(&h, 0, sizeof(h));
    h.state = WIN_HOST_OK; /* the PowerShell fallback: no GPU memory per process */
    uint64_t held = 7;
    assert_false(fit_vram_windows_held(&h, &held));
    assert_int_equal(held, 7);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fixture_margin),
        cmocka_unit_test(test_floor_and_unknown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

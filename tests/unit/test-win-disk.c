#include "unit.h"

#include "probe/disk.h"
#include "util/size.h"
#include "win/host.h"

#define DOC(rest) "{\"format\":\"headroom-host/1\",\"source\":\"helper\"," rest "}"

/* The helper under Wine 8.0 (tests/win/host/wine-disk.json, a recording):
 * one distribution with a \\?\ BasePath, a swap disk left in the temp
 * folder, no .wslconfig. */
static void test_wine_recording(void **state)
{
    (void)state;
    size_t n;
    char *buf = unit_slurp("tests/win/host/wine-disk.json", &n);
    struct win_host h;
    struct diag d;
    assert_int_equal(win_host_parse(buf, n, &h, &d), 0);
    const struct win_disk *k = &h.disk;
    assert_true(k->has_distros);
    assert_int_equal(k->ndistros, 1);
    const struct win_distro *x = &k->distros[0];
    assert_string_equal(x->guid, "{6C3E3A52-0F0B-4C1E-9B9A-2D4E6F8A0B1C}");
    assert_string_equal(x->name, "Ubuntu-24.04");
    assert_int_equal(x->vm_mode, 1);
    assert_string_equal(x->base_path, "\\\\?\\C:\\wsl\\Ubuntu");
    assert_string_equal(x->volume, "C:\\"); /* the \\?\ prefix removed */
    assert_true(x->vhd_size.known);
    assert_int_equal(x->vhd_size.v, GIB);
    assert_int_equal(x->vol_total.v, 270553174016ull);
    assert_ptr_equal(win_disk_distro(k, "ubuntu-24.04"), x);
    assert_ptr_equal(win_disk_distro(k, NULL), x); /* the only one */
    assert_true(k->has_swap);
    assert_null(k->swap_file);
    assert_non_null(strstr(k->swap_file_why, "no readable .wslconfig"));
    assert_int_equal(k->ntemp_files, 1);
    assert_int_equal(k->temp_files[0].in_use, 0);
    uint64_t bytes;
    assert_int_equal(win_swap_orphans(k, &bytes), 1);
    assert_int_equal(bytes, 4 * MIB);
    char lab[16];
    assert_string_equal(win_drive_label(x->base_path, lab, sizeof(lab)), "C:");
    win_host_release(&h);
    free(buf);
}

/* The fixture root: the estimate is the disk on the drive − used inside. */
static void test_reclaimable(void **state)
{
    (void)state;
    size_t n;
    char *buf = unit_slurp("tests/roots/wsl2-disk-full/.headroom/host.json", &n);
    struct win_host h;
    struct diag d;
    assert_int_equal(win_host_parse(buf, n, &h, &d), 0);
    const struct win_distro *x = win_disk_distro(&h.disk, "Ubuntu-22.04");
    assert_non_null(x);
    assert_null(win_disk_distro(&h.disk, "Debian")); /* two listed, none of that name */
    struct disk_fs fs = {
        .block_size = 4096, .blocks = 1000, .blocks_free = 400, .blocks_avail = 300};
    uint64_t on, rec;
    assert_true(win_distro_on_disk(x, &on));
    assert_int_equal(on, 65943748608ull);
    assert_true(win_distro_reclaimable(x, &fs, &rec));
    assert_int_equal(rec, 65943748608ull - 600 * 4096);
    /* a disk smaller than what is used inside (it cannot be, but a snapshot
     * taken at two moments can say so): 0, not a wrap-around */
    fs.blocks = 100000000;
    fs.blocks_free = 0;
    fs.blocks_avail = 0;
    assert_true(win_distro_reclaimable(x, &fs, &rec));
    assert_int_equal(rec, 0);
    uint64_t bytes;
    assert_int_equal(win_swap_orphans(&h.disk, &bytes), 2); /* the attached one is not */
    assert_int_equal(bytes, 2254857830ull + 3650722201ull);
    char lab[16];
    assert_string_equal(win_drive_label(h.disk.distros[1].volume, lab, sizeof(lab)), "C:");
    win_host_release(&h);
    free(buf);
}

static void test_missing_null_and_bad(void **state)
{
    (void)state;
    struct win_host h;
    struct diag d;
    /* the PowerShell fallback and older helpers print neither key */
    static const char old[] = "{\"format\":\"headroom-host/1\",\"source\":\"powershell\"}";
    assert_int_equal(win_host_parse(STR_AND_LEN(old), &h, &d), 0);
    assert_false(h.disk.has_distros);
    assert_string_equal(h.disk.distros_why, "missing from the host document");
    assert_false(h.disk.has_swap);
    win_host_release(&h);
    /* null with the helper's reason; a value unknown inside a distribution */
    static const char nul[] =
        DOC("\"wsl_distros\":null,\"wsl_distros_error\":\"RegOpenKeyEx HKCU\\\\...\\\\Lxss: "
            "Access is denied (error 5)\",\"wsl_swap\":{\"temp_dir\":\"C:\\\\T\",\"temp_files\":"
            "[{\"path\":\"C:\\\\T\\\\G\\\\swap.vhdx\",\"size\":null,\"size_error\":\"x\","
            "\"in_use\":null,\"in_use_error\":\"CreateFile: error 1\"}]}");
    assert_int_equal(win_host_parse(STR_AND_LEN(nul), &h, &d), 0);
    assert_non_null(strstr(h.disk.distros_why, "Access is denied"));
    assert_int_equal(h.disk.ntemp_files, 1);
    assert_int_equal(h.disk.temp_files[0].in_use, -1);
    assert_string_equal(h.disk.temp_files[0].name, "C:\\T\\G\\swap.vhdx"); /* no name: the path */
    assert_int_equal(win_swap_orphans(&h.disk, NULL), 0); /* unknown is not left over */
    win_host_release(&h);
    /* a name with a control character is kept as sent (shown sanitised) */
    static const char esc[] =
        DOC("\"wsl_distros\":[{\"guid\":\"{1}\",\"name\":\"a\\u001b[31mb\",\"vhd_size\":1}]");
    assert_int_equal(win_host_parse(STR_AND_LEN(esc), &h, &d), 0);
    assert_string_equal(h.disk.distros[0].name, "a\x1b[31mb");
    assert_int_equal(h.disk.distros[0].vm_mode, -1);
    win_host_release(&h);

    static const char *const bad[] = {
        DOC("\"wsl_distros\":{}"),
        DOC("\"wsl_distros\":[{\"name\":\"no guid\"}]"),
        DOC("\"wsl_distros\":[{\"guid\":\"{1}\",\"vhd_size\":-1}]"),
        DOC("\"wsl_distros\":[{\"guid\":\"{1}\",\"vhd_size\":1.5}]"),
        DOC("\"wsl_distros\":[{\"guid\":\"{1}\",\"vm_mode\":\"yes\"}]"),
        DOC("\"wsl_distros\":[{\"guid\":\"{1}\",\"name\":7}]"),
        DOC("\"wsl_distros\":[],\"wsl_distros_truncated\":1"),
        DOC("\"wsl_swap\":[]"),
        DOC("\"wsl_swap\":{\"temp_files\":[{\"size\":1}]}"),
        DOC("\"wsl_swap\":{\"temp_files\":[{\"path\":\"p\",\"in_use\":\"no\"}]}"),
        DOC("\"wsl_swap\":{\"temp_files\":{}}"),
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        diag_clear(&d);
        assert_int_equal(win_host_parse(bad[i], strlen(bad[i]), &h, &d), -EBADMSG);
        assert_int_equal(d.line, 1);
        assert_true(d.column > 1);
    }
}

/* A document may list no more distributions than the limit. */
static void test_bounds(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    strbuf_addstr(&sb, "{\"format\":\"headroom-host/1\",\"source\":\"helper\",\"wsl_distros\":[");
    for (int i = 0; i <= WIN_MAX_DISTROS; i++)
        strbuf_addf(&sb, "%s{\"guid\":\"{%d}\"}", i ? "," : "", i);
    strbuf_addstr(&sb, "]}");
    struct win_host h;
    struct diag d;
    assert_int_equal(win_host_parse(sb.buf, sb.len, &h, &d), -EBADMSG);
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wine_recording),
        cmocka_unit_test(test_reclaimable),
        cmocka_unit_test(test_missing_null_and_bad),
        cmocka_unit_test(test_bounds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "win-check.h"

#include "win/script-compact.h"

static void test_guid(void **state)
{
    (void)state;
    assert_true(win_guid_ok("{3f2c5a8e-9b1d-4e07-a6c4-1d2e3f405162}"));
    assert_true(win_guid_ok("{6C3E3A52-0F0B-4C1E-9B9A-2D4E6F8A0B1C}"));
    assert_false(win_guid_ok(NULL));
    assert_false(win_guid_ok(""));
    assert_false(win_guid_ok("3f2c5a8e-9b1d-4e07-a6c4-1d2e3f405162")); /* no braces */
    assert_false(win_guid_ok("{3f2c5a8e-9b1d-4e07-a6c4-1d2e3f40516}"));
    assert_false(win_guid_ok("{3f2c5a8e-9b1d-4e07-a6c4-1d2e3f4051620}"));
    assert_false(win_guid_ok("{3f2c5a8e_9b1d-4e07-a6c4-1d2e3f405162}"));
    assert_false(win_guid_ok("{3f2c5a8e-9b1d-4e07-a6c4-1d2e3f40516g}"));
    assert_false(win_guid_ok("{x'); Remove-Item C:\\ -Recurse; ('y}"));
}

/* The order that makes it safe: everything is found and the user asked
 * before wsl --shutdown; each disk is compacted only after that, once no VM
 * holds it; nothing is started again. */
static void test_script(void **state)
{
    (void)state;
    const char *g[] = {"{3f2c5a8e-9b1d-4e07-a6c4-1d2e3f405162}",
                       "{9A7D1C02-4B3E-4F5A-8C6D-7E8F90A1B2C3}"};
    struct strbuf s = STRBUF_INIT;
    assert_int_equal(win_script_compact(g, 2, 1764000000, &s), 0);
    check_script_bytes(&s);
    /* param() is the first statement PowerShell sees */
    const char *p = s.buf + 3;
    while (*p == '#') {
        p = strchr(p, '\n') + 1;
        while (*p == '\r' || *p == '\n')
            p++;
    }
    assert_true(strncmp(p, "param([switch]$Yes)\r\n", 21) == 0);
    assert_non_null(strstr(s.buf, "$HrGuids = @('{3f2c5a8e-9b1d-4e07-a6c4-1d2e3f405162}', "
                                  "'{9A7D1C02-4B3E-4F5A-8C6D-7E8F90A1B2C3}')\r\n"));
    const char *find = strstr(s.buf, "$d = HrVhd $g");
    const char *ask = strstr(s.buf, "Read-Host");
    const char *stop = strstr(s.buf, "& wsl.exe --shutdown");
    const char *wait = strstr(s.buf, "$free = HrReleased $d.path");
    const char *comp = strstr(s.buf, "$r = HrCompact $d");
    const char *rec = strstr(s.buf, "HrRecord $HrDone");
    assert_true(find && ask && stop && wait && comp && rec);
    assert_true(find < ask && ask < stop && stop < wait && wait < comp && comp < rec);
    /* the disk's path comes from the registry when the script runs */
    assert_non_null(strstr(s.buf, "$k.GetValue('BasePath')"));
    assert_non_null(strstr(s.buf, "if (-not $file) { $file = 'ext4.vhdx' }"));
    /* both ways to compact, and the size read back */
    assert_non_null(strstr(s.buf, "Optimize-VHD -Path $p -Mode Full"));
    assert_non_null(strstr(s.buf, "'select vdisk file=\"' + $Path + '\"', 'attach vdisk "
                                  "readonly', 'compact vdisk', 'detach vdisk'"));
    assert_non_null(strstr(s.buf, "$after = (Get-Item -LiteralPath $p).Length"));
    /* the state file of the tuning scripts, under its own key */
    assert_non_null(strstr(s.buf, "$HrStatePath = Join-Path $HrHere 'headroom-state.json'"));
    assert_non_null(strstr(s.buf, "$state['compactions']"));
    /* wsl.exe is run once, to stop it; no service is started */
    assert_null(strstr(stop + 1, "& wsl.exe"));
    assert_null(strstr(s.buf, "Start-Service"));
    assert_null(strstr(s.buf, "Start-Process"));
    strbuf_release(&s);
}

static void test_refused(void **state)
{
    (void)state;
    struct strbuf s = STRBUF_INIT;
    const char *bad[] = {"{3f2c5a8e-9b1d-4e07-a6c4-1d2e3f405162}",
                         "{x'); Remove-Item C:\\ -Recurse; ('y}"};
    assert_int_equal(win_script_compact(bad, 2, 0, &s), -EINVAL);
    assert_int_equal(s.len, 0);
    assert_int_equal(win_script_compact(bad, 0, 0, &s), -EINVAL);
    const char *many[WIN_COMPACT_MAX + 1];
    for (size_t i = 0; i <= WIN_COMPACT_MAX; i++)
        many[i] = bad[0];
    assert_int_equal(win_script_compact(many, WIN_COMPACT_MAX + 1, 0, &s), -EINVAL);
    assert_int_equal(win_script_compact(many, WIN_COMPACT_MAX, 0, &s), 0);
    strbuf_release(&s);
}

/* A state file that also records compactions is still read by --undo
 * (unknown keys are ignored); one with compactions only has nothing to
 * undo. */
static void test_state_with_compactions(void **state)
{
    (void)state;
    size_t n;
    char *buf = unit_slurp("tests/win/state/sysmain.json", &n);
    struct strbuf sb = STRBUF_INIT;
    const char *close = strrchr(buf, '}');
    assert_non_null(close);
    strbuf_add(&sb, buf, (size_t)(close - buf));
    strbuf_addstr(&sb, ",\r\n    \"compactions\":  [{\"guid\": \"{3f2c5a8e-9b1d-4e07-a6c4-"
                       "1d2e3f405162}\", \"path\": \"C:\\\\x\\\\ext4.vhdx\", \"how\": "
                       "\"Optimize-VHD -Mode Full\", \"size_before\": 65943748608, "
                       "\"size_after\": 12884901888, \"result\": \"ok\", \"when\": "
                       "\"2025-11-24T16:00:00Z\"}]\r\n}\r\n");
    struct win_state st;
    struct diag d;
    assert_int_equal(win_state_parse(sb.buf, sb.len, &st, &d), 0);
    assert_int_equal(st.nitems, 1);
    static const char only[] = "{\"format\": \"headroom-windows-state/1\", \"items\": [], "
                               "\"compactions\": [{\"result\": \"ok\"}]}";
    assert_int_equal(win_state_parse(only, strlen(only), &st, &d), -EBADMSG);
    assert_non_null(strstr(d.message, "records no item"));
    strbuf_release(&sb);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_guid),
        cmocka_unit_test(test_script),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_state_with_compactions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

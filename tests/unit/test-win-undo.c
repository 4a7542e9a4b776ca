/* The undo and the baseline (issue 16, part 6): what the generated scripts
 * report and restore, checked on their text; no PowerShell runs here. */
#include "win-check.h"

/* The text between `from` and the next line that starts with `to`. */
static const char *section(const char *s, const char *from, const char *to, size_t *ret_len)
{
    const char *a = strstr(s, from);
    assert_non_null(a);
    const char *b = strstr(a, to);
    assert_non_null(b);
    *ret_len = (size_t)(b - a);
    return a;
}

static bool has_in(const char *p, size_t n, const char *needle)
{
    return memmem(p, n, needle, strlen(needle)) != NULL;
}

static void apply_all(struct strbuf *s)
{
    const struct win_item *all[32] = {NULL};
    for (size_t i = 0; i < win_nitems; i++)
        all[i] = &win_items[i];
    assert_int_equal(win_script_apply(all, win_nitems, 1764000000, s), 0);
}

/* (a) a Start value written to the registry is reported as read back there
 * and taking effect at the next boot, never as "ok"; the summary counts
 * ok, boot and FAILED apart, and nothing says "every item" any more. */
static void test_registry_start_reported_for_boot(void **state)
{
    (void)state;
    struct strbuf s = STRBUF_INIT;
    apply_all(&s);
    size_t n;
    const char *fn = section(s.buf, "function HrDisable(", "\r\n}\r\n", &n);
    /* ok only when the service manager took it (Set-Service) */
    const char *ok = memmem(fn, n, "if ($how -eq 'Set-Service') {", 29);
    assert_non_null(ok);
    assert_true(has_in(fn, n, "'  ok      {0}: {1} Start={2} via Set-Service (read back)"));
    assert_true(has_in(fn, n, "'  boot    {0}: {1} Start={2} in the registry (read back)"));
    assert_true(has_in(fn, n, "the service manager reads it at the next boot"));
    assert_true(has_in(fn, n, "(HrScmStartMode $n)"));
    assert_true(has_in(fn, n, "$res = 'boot'"));
    /* the read-back compares the registry value with the one wanted */
    assert_true(has_in(fn, n, "$after = HrService $n"));
    assert_true(has_in(fn, n, "if ($after.start -ne $Start) { $res = 'failed'"));
    assert_non_null(strstr(s.buf, "function HrScmStartMode("));
    assert_non_null(strstr(s.buf, "Win32_Service"));
    /* the counts */
    assert_non_null(strstr(s.buf, "if ($Result -eq 'ok') { $script:HrOk++ }"));
    assert_non_null(strstr(s.buf, "elseif ($Result -eq 'boot') { $script:HrBoot++ }"));
    assert_non_null(strstr(s.buf, "elseif ($Result -ne 'skip') { $script:HrFailed++ }"));
    assert_null(strstr(s.buf, "every item reads back"));
    assert_null(strstr(s.buf, "$HrFailed++ }\r\n")); /* every item goes through HrCount */
    /* the DoSvc comment says what the service manager does until the boot */
    assert_non_null(strstr(s.buf, "reads Start only at boot"));

    /* the undo of DoSvc: registry only ($true), counted as boot */
    struct strbuf u = STRBUF_INIT;
    undo_of("tests/win/state/dosvc.json", &u);
    assert_non_null(strstr(u.buf, "HrCount (HrRestoreService 'dosvc' 'DoSvc' $true 2 1 'Running' "
                                  "$true @())"));
    fn = section(u.buf, "function HrRestoreService(", "\r\n}\r\n", &n);
    assert_true(has_in(fn, n, "if ($how -ne 'Set-Service') { $boot = $true }"));
    assert_true(has_in(fn, n,
                       "restored in the registry: the service manager reads it at the "
                       "next boot"));
    assert_true(has_in(fn, n, "return 'boot'"));
    assert_null(strstr(u.buf, "every item reads back"));
    assert_non_null(strstr(u.buf, "-f $HrOk, $HrBoot, $HrFailed"));
    strbuf_release(&u);
    strbuf_release(&s);
}

/* (b) Widgets: the documented policy value, and its exact reversal. */
static void test_widgets_policy(void **state)
{
    (void)state;
    const struct win_item *w = win_item_find("widgets");
    assert_non_null(w);
    assert_string_equal(w->reg_path, "HKLM:\\SOFTWARE\\Policies\\Microsoft\\Dsh");
    assert_string_equal(w->reg_name, "AllowNewsAndInterests");
    assert_int_equal(w->reg_value, 0);
    assert_non_null(strstr(w->source, "https://learn.microsoft.com/en-us/windows/"
                                      "client-management/mdm/policy-csp-newsandinterests"));
    struct strbuf s = STRBUF_INIT;
    assert_int_equal(win_script_apply(&w, 1, 1764000000, &s), 0);
    check_script_bytes(&s);
    /* recorded before, written after, read back with its kind */
    const char *rec = strstr(s.buf, "$HrItems += ,([ordered]@{ id = 'widgets'; values = "
                                    "@((HrValueRecord 'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Dsh' "
                                    "'AllowNewsAndInterests')) })");
    const char *set = strstr(s.buf, "HrCount (HrSetValue 'widgets' "
                                    "'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Dsh' "
                                    "'AllowNewsAndInterests' 0)");
    assert_non_null(rec);
    assert_non_null(set);
    assert_true(rec < set);
    assert_non_null(strstr(s.buf, "$after.kind -eq 'DWord' -and $after.value -eq $Value"));
    assert_null(strstr(s.buf, "Remove-AppxPackage"));
    assert_null(strstr(s.buf, "winget"));
    strbuf_release(&s);

    /* the undo: no value before -> removed, and the key if headroom made it */
    struct strbuf u = STRBUF_INIT;
    undo_of("tests/win/state/widgets.json", &u);
    assert_non_null(strstr(u.buf, "HrCount (HrRestoreValue 'widgets' "
                                  "'HKLM:\\SOFTWARE\\Policies\\Microsoft\\Dsh' "
                                  "'AllowNewsAndInterests' $false $false $null)"));
    size_t n;
    const char *fn = section(u.buf, "function HrRestoreValue(", "\r\n}\r\n", &n);
    assert_true(has_in(fn, n, "Remove-ItemProperty -LiteralPath $Path -Name $Name"));
    assert_true(has_in(fn, n,
                       "if ($k.ValueCount -eq 0 -and $k.SubKeyCount -eq 0) { "
                       "Remove-Item -LiteralPath $Path }"));
    assert_true(has_in(fn, n, "$after = HrReg $Path $Name"));
    assert_null(strstr(u.buf, "HrRestoreAppx")); /* only for package records */
    strbuf_release(&u);

    /* a value that was there (1, under an existing key) is put back */
    static const char had[] =
        "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"widgets\",\"values\":"
        "[{\"path\":\"HKLM:\\\\SOFTWARE\\\\Policies\\\\Microsoft\\\\Dsh\",\"name\":"
        "\"AllowNewsAndInterests\",\"key_exists\":true,\"exists\":true,\"kind\":\"DWord\","
        "\"value\":1}]}]}";
    struct win_state st;
    struct diag d;
    assert_int_equal(state_from(had, &st, &d), 0);
    assert_int_equal(win_script_undo(&st, 1764000000, &u), 0);
    assert_non_null(strstr(u.buf, "'AllowNewsAndInterests' $true $true 1)"));
    strbuf_release(&u);

    /* a state file of the old package removal still undoes that */
    undo_of("tests/win/state/widgets-package.json", &u);
    assert_non_null(strstr(u.buf, "function HrRestoreAppx("));
    assert_non_null(strstr(u.buf, "HrCount (HrRestoreAppx 'widgets' "
                                  "'MicrosoftWindows.Client.WebExperience' $true '9MSSGKG348SP')"));
    strbuf_release(&u);
}

/* (c) the state file is one fixed name; an earlier record is kept, and
 * only items it lacks are added, before anything changes. */
static void test_second_run_keeps_baseline(void **state)
{
    (void)state;
    struct strbuf s = STRBUF_INIT;
    apply_all(&s);
    assert_non_null(strstr(s.buf, "$HrStatePath = Join-Path $HrHere 'headroom-state.json'"));
    assert_null(strstr(s.buf, "Get-Date -Format"));
    size_t n;
    const char *blk = section(s.buf, "if (Test-Path -LiteralPath $HrStatePath) {",
                              "Write-Host 'headroom: applying'", &n);
    const char *first_change = strstr(s.buf, "HrCount (HrDisable");
    assert_true(blk + n < first_change);
    assert_true(has_in(blk, n, "ConvertFrom-Json"));
    assert_true(has_in(blk, n, "if ($HrBase.format -ne $HrFormat)"));
    assert_true(has_in(blk, n, "$HrKept = @(@($HrBase.items) | ForEach-Object { [string]$_.id })"));
    assert_true(has_in(blk, n, "created = $HrBase.created"));
    assert_true(has_in(blk, n,
                       "items = @(@($HrBase.items) + @($HrItems | Where-Object { "
                       "$HrKept -notcontains $_.id }))"));
    /* an unreadable earlier file stops the run before any change */
    const char *bad = memmem(blk, n, "cannot read the earlier state", 29);
    assert_non_null(bad);
    assert_non_null(memmem(bad, n - (size_t)(bad - blk), "nothing was changed", 19));
    /* written to a temporary file, then moved over the old one */
    assert_true(has_in(blk, n, "WriteAllText($HrStatePath + '.tmp'"));
    assert_true(has_in(blk, n,
                       "Move-Item -LiteralPath ($HrStatePath + '.tmp') -Destination "
                       "$HrStatePath -Force"));
    strbuf_release(&s);

    /* what two runs leave: dosvc from the first (Start=2, before any change),
     * spooler added by the second; "updated" is ignored. The undo restores
     * the first baseline, not the Start=4 a second record would hold. */
    static const char merged[] =
        "{\"format\":\"headroom-windows-state/1\",\"created\":\"2025-11-24T16:00:00Z\","
        "\"updated\":\"2025-11-25T09:00:00Z\",\"headroom\":\"0.1.0\",\"items\":["
        "{\"id\":\"dosvc\",\"services\":[{\"name\":\"DoSvc\",\"exists\":true,\"start\":2,"
        "\"start_exists\":true,\"delayed_autostart\":1,\"delayed_autostart_exists\":true,"
        "\"status\":\"Running\",\"running_dependents\":[]}]},"
        "{\"id\":\"spooler\",\"services\":[{\"name\":\"Spooler\",\"exists\":true,\"start\":2,"
        "\"start_exists\":true,\"delayed_autostart\":null,\"delayed_autostart_exists\":false,"
        "\"status\":\"Running\",\"running_dependents\":[\"Fax\"]}]}]}";
    struct win_state st;
    struct diag d;
    assert_int_equal(state_from(merged, &st, &d), 0);
    assert_string_equal(st.created, "2025-11-24T16:00:00Z");
    assert_int_equal(st.nitems, 2);
    struct strbuf u = STRBUF_INIT;
    assert_int_equal(win_script_undo(&st, 1764000000, &u), 0);
    assert_non_null(strstr(u.buf, "'DoSvc' $true 2 1 'Running' $true @())"));
    assert_non_null(strstr(u.buf, "'Spooler' $true 2 $null 'Running' $false @('Fax'))"));
    check_script_bytes(&u);
    /* and the state file of every item */
    undo_of("tests/win/state/all.json", &u);
    check_script_bytes(&u);
    strbuf_release(&u);
}

/* (d) dependents stopped with a service are started again, and only names
 * Windows lists as its dependents then; (e) delayed-auto start through
 * sc.exe; (f) ok only after the status is read back. */
static void test_undo_dependents_and_delayed(void **state)
{
    (void)state;
    struct strbuf u = STRBUF_INIT;
    undo_of("tests/win/state/spooler-fax.json", &u);
    check_script_bytes(&u);
    assert_non_null(strstr(u.buf, "HrCount (HrRestoreService 'spooler' 'Spooler' $true 2 $null "
                                  "'Running' $false @('Fax'))"));
    size_t n;
    const char *fn = section(u.buf, "function HrRestoreService(", "\r\n}\r\n", &n);
    assert_true(has_in(fn, n, "$live = @((Get-Service -Name $Name).DependentServices"));
    assert_true(has_in(fn, n, "if ($live -notcontains $d) { $depsOk = $false"));
    assert_true(has_in(fn, n, "Start-Service -Name $d -ErrorAction Stop"));
    assert_true(has_in(fn, n, "$ds = [string](Get-Service -Name $d).Status"));
    assert_true(has_in(fn, n, "$running = [string](Get-Service -Name $Name).Status"));
    assert_true(has_in(fn, n,
                       "if (($running -eq 'not wanted' -or $running -eq 'Running') -and "
                       "$depsOk) { Write-Host ('  ok      ' + $line); return 'ok' }"));
    /* (e) */
    assert_true(has_in(fn, n, "[int]$Start -eq 2 -and $Delayed -eq 1 -and -not $RegistryOnly"));
    assert_true(has_in(fn, n, "& sc.exe config $Name start= delayed-auto | Out-Null"));
    assert_true(has_in(fn, n, "if ($LASTEXITCODE -eq 0)"));
    strbuf_release(&u);
    undo_of("tests/win/state/wsearch.json", &u);
    assert_non_null(strstr(u.buf, "HrCount (HrRestoreService 'wsearch' 'WSearch' $true 2 1 "
                                  "'Running' $false @())"));
    /* never bare `sc` (Set-Content in PowerShell) */
    for (const char *p = u.buf; (p = strstr(p, "sc")) != NULL; p += 2)
        if ((p == u.buf || p[-1] == ' ' || p[-1] == '&') && (p[2] == ' '))
            fail_msg("bare sc at %zu", (size_t)(p - u.buf));
    strbuf_release(&u);

    /* one name as a string, or the array PowerShell 5.1 may wrap */
    static const char *const forms[] = {"\"Fax\"", "{\"value\":[\"Fax\"],\"Count\":1}"};
    for (size_t i = 0; i < 2; i++) {
        char doc[1024];
        snprintf(doc, sizeof(doc),
                 "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"spooler\","
                 "\"services\":[{\"name\":\"Spooler\",\"exists\":true,\"start\":2,"
                 "\"start_exists\":true,\"delayed_autostart_exists\":false,\"status\":"
                 "\"Running\",\"running_dependents\":%s}]}]}",
                 forms[i]);
        struct win_state st;
        struct diag d;
        assert_int_equal(state_from(doc, &st, &d), 0);
        assert_int_equal(st.items[0].services[0].ndependents, 1);
        assert_string_equal(st.items[0].services[0].dependents[0], "Fax");
    }

    /* dependents' names: only letters, digits, _ . - */
    static const char *const badnames[] = {"Fax'; calc", "F*x", "a b", "",
                                           "0123456789012345678901234567890123456789"
                                           "0123456789012345678901234567"};
    for (size_t i = 0; i < sizeof(badnames) / sizeof(badnames[0]); i++) {
        char doc[1024];
        snprintf(doc, sizeof(doc),
                 "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"spooler\","
                 "\"services\":[{\"name\":\"Spooler\",\"exists\":true,\"start\":2,"
                 "\"start_exists\":true,\"delayed_autostart_exists\":false,\"status\":"
                 "\"Running\",\"running_dependents\":[\"%s\"]}]}]}",
                 badnames[i]);
        struct win_state st;
        struct diag d;
        assert_int_equal(state_from(doc, &st, &d), -EBADMSG);
    }
}

/* (e) the page file item: AutomaticManagedPagefile and PagingFiles recorded
 * before the switch, the switch through CIM, and an undo that puts both
 * back from validated fields only. */
static void test_pagefile(void **state)
{
    (void)state;
    const struct win_item *p = win_item_find("pagefile");
    assert_non_null(p);
    assert_int_equal(p->kind, WIN_ITEM_PAGEFILE);
    assert_string_equal(p->reg_path,
                        "HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Memory "
                        "Management");
    assert_non_null(strstr(p->source, "https://learn.microsoft.com/en-us/windows/win32/"
                                      "cimwin32prov/win32-computersystem"));
    struct strbuf s = STRBUF_INIT;
    assert_int_equal(win_script_apply(&p, 1, 1764000000, &s), 0);
    check_script_bytes(&s);
    const char *rec = strstr(s.buf, "$HrItems += ,([ordered]@{ id = 'pagefile'; pagefile = "
                                    "(HrPagefileRecord 'HKLM:\\SYSTEM\\CurrentControlSet\\"
                                    "Control\\Session Manager\\Memory Management' "
                                    "'PagingFiles') })");
    const char *written = strstr(s.buf, "WriteAllText($HrStatePath");
    const char *set = strstr(s.buf, "HrCount (HrSetPagefileManaged 'pagefile' ");
    assert_non_null(rec);
    assert_non_null(written);
    assert_non_null(set);
    assert_true(rec < written && written < set);
    size_t n;
    const char *fn = section(s.buf, "function HrPagefileRecord(", "\r\n}\r\n", &n);
    assert_true(has_in(fn, n, "Get-CimInstance -ClassName Win32_ComputerSystem"));
    assert_true(has_in(fn, n,
                       "automatic_managed = $auto; exists = $v.exists; kind = $v.kind; "
                       "paging_files = $files"));
    fn = section(s.buf, "function HrSetPagefileManaged(", "\r\n}\r\n", &n);
    assert_true(has_in(fn, n,
                       "Set-CimInstance -InputObject $cs -Property @{ "
                       "AutomaticManagedPagefile = $true }"));
    /* read back, and counted as taking effect at the boot */
    assert_true(has_in(fn, n, "$after = HrPagefileRecord $Path $Name"));
    assert_true(has_in(fn, n, "if ($after.automatic_managed -eq $true)"));
    assert_true(has_in(fn, n, "return 'boot'"));
    assert_non_null(strstr(s.buf, "Windows the page file settings, at boot."));
    assert_null(strstr(s.buf, "HrRestorePagefile")); /* the undo's, not the apply's */
    strbuf_release(&s);
    /* other items' scripts keep their own wording, without the page file */
    const struct win_item *w = win_item_find("sysmain");
    assert_int_equal(win_script_apply(&w, 1, 1764000000, &s), 0);
    assert_null(strstr(s.buf, "HrPagefileRecord"));
    assert_null(strstr(s.buf, "page file settings"));
    strbuf_release(&s);

    /* the undo of the recorded fixed page file */
    struct strbuf u = STRBUF_INIT;
    undo_of("tests/win/state/pagefile.json", &u);
    check_script_bytes(&u);
    assert_non_null(strstr(u.buf, "HrCount (HrRestorePagefile 'pagefile' 'HKLM:\\SYSTEM\\"
                                  "CurrentControlSet\\Control\\Session Manager\\Memory "
                                  "Management' 'PagingFiles' $false $true "
                                  "@('C:\\pagefile.sys 2048 4096'))"));
    fn = section(u.buf, "function HrRestorePagefile(", "\r\n}\r\n", &n);
    /* the switch first (CIM rewrites PagingFiles), then the value */
    const char *sw = memmem(fn, n, "AutomaticManagedPagefile = [bool]$Auto", 38);
    const char *val = memmem(fn, n, "-Type MultiString", 17);
    assert_non_null(sw);
    assert_non_null(val);
    assert_true(sw < val);
    assert_true(has_in(fn, n, "Remove-ItemProperty -LiteralPath $Path -Name $Name"));
    assert_true(has_in(fn, n, "(@($after.paging_files) -join '|') -eq (@($Files) -join '|')"));
    strbuf_release(&u);

    /* Windows PowerShell 5.1's wrapped array, a lower-case drive, sizes off;
     * no page file at all (an empty value); the switch not recorded */
    struct win_state st;
    struct diag d;
    static const char wrapped[] =
        "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"pagefile\",\"pagefile\":"
        "{\"path\":\"HKLM:\\\\SYSTEM\\\\CurrentControlSet\\\\Control\\\\Session Manager"
        "\\\\Memory Management\",\"name\":\"PagingFiles\",\"automatic_managed\":null,"
        "\"exists\":true,\"kind\":\"MultiString\",\"paging_files\":{\"value\":"
        "[\"c:\\\\pagefile.sys\",\"D:\\\\PAGEFILE.SYS 0 0\"],\"Count\":2}}}]}";
    assert_int_equal(state_from(wrapped, &st, &d), 0);
    assert_int_equal(win_script_undo(&st, 1764000000, &u), 0);
    assert_non_null(strstr(u.buf, "'PagingFiles' $null $true @('C:\\pagefile.sys', "
                                  "'D:\\pagefile.sys 0 0'))"));
    static const char none[] =
        "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"pagefile\",\"pagefile\":"
        "{\"path\":\"HKLM:\\\\SYSTEM\\\\CurrentControlSet\\\\Control\\\\Session Manager"
        "\\\\Memory Management\",\"name\":\"PagingFiles\",\"automatic_managed\":false,"
        "\"exists\":true,\"kind\":\"MultiString\",\"paging_files\":[]}}]}";
    assert_int_equal(state_from(none, &st, &d), 0);
    assert_int_equal(win_script_undo(&st, 1764000000, &u), 0);
    assert_non_null(strstr(u.buf, "'PagingFiles' $false $true @())"));
    strbuf_release(&u);

    /* refused: anything but a drive, :\pagefile.sys and two numbers */
    static const char *const bad[] = {
        "C:\\\\pagefile.sys'); calc; #", "C:\\\\pagefile.sys 1 2 3",      "C:\\\\other.sys",
        "\\\\\\\\srv\\\\pagefile.sys",   "C:\\\\pagefile.sys 12345678 1", "C:\\\\pagefile.sys  1 2",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char doc[800];
        snprintf(doc, sizeof(doc),
                 "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"pagefile\","
                 "\"pagefile\":{\"path\":\"HKLM:\\\\SYSTEM\\\\CurrentControlSet\\\\Control"
                 "\\\\Session Manager\\\\Memory Management\",\"name\":\"PagingFiles\","
                 "\"automatic_managed\":false,\"exists\":true,\"kind\":\"MultiString\","
                 "\"paging_files\":[\"%s\"]}}]}",
                 bad[i]);
        assert_int_equal(state_from(doc, &st, &d), -EBADMSG);
        assert_non_null(strstr(d.message, "not a paging file entry"));
    }
    /* a REG_SZ (not what Windows keeps), or entries for a value that did
     * not exist: refused */
    static const char reg_sz[] =
        "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"pagefile\",\"pagefile\":"
        "{\"path\":\"HKLM:\\\\SYSTEM\\\\CurrentControlSet\\\\Control\\\\Session Manager"
        "\\\\Memory Management\",\"name\":\"PagingFiles\",\"automatic_managed\":false,"
        "\"exists\":true,\"kind\":\"String\",\"paging_files\":[]}}]}";
    assert_int_equal(state_from(reg_sz, &st, &d), -EBADMSG);
    static const char absent[] =
        "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"pagefile\",\"pagefile\":"
        "{\"path\":\"HKLM:\\\\SYSTEM\\\\CurrentControlSet\\\\Control\\\\Session Manager"
        "\\\\Memory Management\",\"name\":\"PagingFiles\",\"automatic_managed\":false,"
        "\"exists\":false,\"kind\":null,\"paging_files\":[\"C:\\\\pagefile.sys\"]}}]}";
    assert_int_equal(state_from(absent, &st, &d), -EBADMSG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_start_reported_for_boot),
        cmocka_unit_test(test_widgets_policy),
        cmocka_unit_test(test_second_run_keeps_baseline),
        cmocka_unit_test(test_undo_dependents_and_delayed),
        cmocka_unit_test(test_pagefile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

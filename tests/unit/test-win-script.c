#include "unit.h"

#include "util/strbuf.h"
#include "win/catalog.h"
#include "win/script.h"

static void test_ps_quote(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    assert_int_equal(ps_quote(&sb, "it's"), 0);
    assert_string_equal(sb.buf, "'it''s'");
    strbuf_reset(&sb);
    assert_int_equal(ps_quote(&sb, "$(calc) `n \"x\""), 0);
    assert_string_equal(sb.buf, "'$(calc) `n \"x\"'"); /* nothing expands in '...' */
    strbuf_reset(&sb);
    /* PowerShell also closes a single-quoted string at U+2018..U+201B; a
     * newline would end a comment; neither is ever accepted */
    assert_int_equal(ps_quote(&sb, "a\xe2\x80\x98; calc"), -EINVAL);
    assert_int_equal(ps_quote(&sb, "a\nb"), -EINVAL);
    assert_int_equal(ps_quote(&sb, "a\x7f"), -EINVAL);
    assert_int_equal(sb.len, 0);
    strbuf_release(&sb);
}

static void test_catalogue(void **state)
{
    (void)state;
    assert_true(win_nitems >= 8);
    for (size_t i = 0; i < win_nitems; i++) {
        const struct win_item *it = &win_items[i];
        assert_ptr_equal(win_item_find(it->id), it);
        assert_non_null(it->source);
        assert_non_null(it->risk_text);
        assert_non_null(it->change);
        assert_non_null(it->verdict);
        assert_non_null(it->names[0]);
        for (const char *const *n = it->names; *n; n++)
            assert_false(win_is_protected(*n));
        if (it->kind == WIN_ITEM_APPX)
            assert_non_null(it->store_id);
    }
    assert_null(win_item_find("appxsvc"));
    assert_true(win_is_protected("appxsvc"));
    assert_true(win_is_protected("WaaSMedicSvc"));
    assert_true(win_is_protected("WUAUSERV"));
    assert_true(win_is_protected("BITS"));
    assert_false(win_is_protected("DoSvc"));
}

static void check_ps_balance(const struct strbuf *s);

/* Checks what every generated script must be: a BOM, CRLF line ends, only
 * printable ASCII, and no protected service outside comments. */
static void check_script_bytes(const struct strbuf *s)
{
    assert_true(s->len > 3);
    assert_memory_equal(s->buf, "\xEF\xBB\xBF", 3);
    for (size_t i = 3; i < s->len; i++) {
        unsigned char c = (unsigned char)s->buf[i];
        if (c == '\n')
            assert_true(s->buf[i - 1] == '\r');
        else if (c == '\r')
            assert_true(i + 1 < s->len && s->buf[i + 1] == '\n');
        else if (c < 0x20 || c > 0x7e)
            fail_msg("byte 0x%02x at %zu", c, i);
    }
    const char *p = s->buf + 3;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (p[0] != '#') {
            static const char *const prot[] = {"AppXSvc", "WaaSMedicSvc", "wuauserv", "BITS"};
            for (size_t k = 0; k < 4; k++)
                if (memmem(p, n, prot[k], strlen(prot[k])))
                    fail_msg("protected %s in: %.*s", prot[k], (int)n, p);
        }
        p += n + (e ? 1 : 0);
    }
    check_ps_balance(s);
}

/* A rough PowerShell check: outside strings and comments, (), {} and []
 * nest and close, and every string ends on its line. Not a parser; it
 * catches a generator that drops a bracket or a quote. */
static void check_ps_balance(const struct strbuf *s)
{
    char stack[256];
    size_t depth = 0;
    unsigned line = 1;
    for (size_t i = 3; i < s->len; i++) {
        char c = s->buf[i];
        if (c == '\n') {
            line++;
        } else if (c == '#' && (i == 3 || s->buf[i - 1] == '\n' || s->buf[i - 1] == ' ')) {
            while (i + 1 < s->len && s->buf[i + 1] != '\r')
                i++;
        } else if (c == '\'' || c == '"') {
            for (i++; i < s->len; i++) {
                if (s->buf[i] == '\r')
                    fail_msg("line %u: a string runs past the end of its line", line);
                if (c == '"' && s->buf[i] == '`') {
                    i++;
                    continue;
                }
                if (s->buf[i] == c) {
                    if (c == '\'' && i + 1 < s->len && s->buf[i + 1] == '\'') {
                        i++;
                        continue;
                    }
                    break;
                }
            }
        } else if (c == '(' || c == '{' || c == '[') {
            assert_true(depth < sizeof(stack));
            stack[depth++] = c == '(' ? ')' : c == '{' ? '}' : ']';
        } else if (c == ')' || c == '}' || c == ']') {
            if (depth == 0 || stack[depth - 1] != c)
                fail_msg("line %u: unbalanced %c", line, c);
            depth--;
        }
    }
    if (depth)
        fail_msg("%zu bracket(s) left open at the end", depth);
}

static void test_apply_records_before_it_changes(void **state)
{
    (void)state;
    const struct win_item *all[32] = {NULL};
    for (size_t i = 0; i < win_nitems; i++)
        all[i] = &win_items[i];
    struct strbuf s = STRBUF_INIT;
    assert_int_equal(win_script_apply(all, win_nitems, 1764000000, &s), 0);
    check_script_bytes(&s);
    const char *write = strstr(s.buf, "WriteAllText($HrStatePath");
    const char *exit1 = strstr(s.buf, "nothing was changed.");
    assert_non_null(write);
    assert_non_null(exit1);
    for (size_t i = 0; i < win_nitems; i++) {
        char rec[128], act[128];
        snprintf(rec, sizeof(rec), "id = '%s';", win_items[i].id);
        snprintf(act, sizeof(act), " '%s' ", win_items[i].id);
        const char *r = strstr(s.buf, rec), *a = strstr(write, act);
        assert_non_null(r);
        assert_non_null(a);
        assert_true(r < write); /* recorded before the state file is written */
        assert_true(a > exit1); /* applied only after it was */
    }
    /* what it records is what --undo reads */
    assert_non_null(strstr(s.buf, "start_exists = $start.exists"));
    assert_non_null(strstr(s.buf, "delayed_autostart_exists = $delayed.exists"));
    assert_non_null(strstr(s.buf, "running_dependents = $deps"));
    assert_non_null(strstr(s.buf, "$HrFormat = 'headroom-windows-state/1'"));
    /* DoSvc goes through the registry; SysMain tries Set-Service first */
    assert_non_null(strstr(s.buf, "HrCount (HrDisable 'dosvc' @('DoSvc') 4 $true $true)"));
    assert_non_null(strstr(s.buf, "HrCount (HrDisable 'sysmain' @('SysMain') 4 $false $true)"));
    assert_non_null(strstr(s.buf, "restart Windows"));
    strbuf_release(&s);
}

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

static void undo_of(const char *path, struct strbuf *out);
static int state_from(const char *json, struct win_state *st, struct diag *d);

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

static int state_from(const char *json, struct win_state *st, struct diag *d)
{
    diag_clear(d);
    return win_state_parse(json, strlen(json), st, d);
}

static void slurp(const char *path, struct strbuf *sb)
{
    size_t n;
    char *buf = unit_slurp(path, &n);
    strbuf_add(sb, buf, n);
    free(buf);
}

static void undo_of(const char *path, struct strbuf *out)
{
    struct strbuf sb = STRBUF_INIT;
    slurp(path, &sb);
    struct win_state st;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(win_state_parse(sb.buf, sb.len, &st, &d), 0);
    strbuf_reset(out);
    assert_int_equal(win_script_undo(&st, 1764000000, out), 0);
    strbuf_release(&sb);
}

/* The quoting test: hostile strings in a state file are never executed.
 * Where headroom reads a name, anything not in the catalogue is refused;
 * where it ignores a field, the output does not change at all. */
static void test_hostile_state_files(void **state)
{
    (void)state;
    static const char *const hostile[] = {
        "'; Start-Process calc; '", "\xe2\x80\x98; Start-Process calc; \xe2\x80\x99",
        "$(Start-Process calc)",    "`\r\nStart-Process calc\r\n#",
        "SysMain' ; calc #",        "SysMain\n",
        "SysMain\\u0000",
    };
    char doc[2048];
    struct win_state st;
    struct diag d;
    struct strbuf sb = STRBUF_INIT;
    for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
        /* in a name: refused */
        struct strbuf esc = STRBUF_INIT;
        for (const char *p = hostile[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                strbuf_addch(&esc, '\\');
            if (*p == '\r')
                strbuf_addstr(&esc, "\\r");
            else if (*p == '\n')
                strbuf_addstr(&esc, "\\n");
            else
                strbuf_addch(&esc, *p);
        }
        snprintf(doc, sizeof(doc),
                 "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"sysmain\","
                 "\"services\":[{\"name\":\"%s\",\"exists\":true,\"start\":2,\"start_exists\":true,"
                 "\"delayed_autostart\":null,\"delayed_autostart_exists\":false,\"status\":"
                 "\"Running\"}]}]}",
                 esc.buf);
        assert_int_equal(state_from(doc, &st, &d), -EBADMSG);
        /* as an item id: refused */
        snprintf(doc, sizeof(doc),
                 "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"%s\"}]}", esc.buf);
        assert_int_equal(state_from(doc, &st, &d), -EBADMSG);
        strbuf_release(&esc);
    }

    /* the files in tests/win/state/hostile-*.json */
    static const struct {
        const char *file;
        int want;
        unsigned line, col;
    } files[] = {
        {"tests/win/state/hostile-name.json", -EBADMSG, 10, 53},
        {"tests/win/state/hostile-id.json", -EBADMSG, 7, 30},
        {"tests/win/state/hostile-path.json", -EBADMSG, 10, 51},
        {"tests/win/state/hostile-number.json", -EBADMSG, 12, 54},
        {"tests/win/state/hostile-ignored.json", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        strbuf_reset(&sb);
        slurp(files[i].file, &sb);
        diag_clear(&d);
        assert_int_equal(win_state_parse(sb.buf, sb.len, &st, &d), files[i].want);
        if (files[i].want) {
            assert_int_equal(d.line, files[i].line);
            assert_int_equal(d.column, files[i].col);
        }
    }

    /* hostile-ignored.json parsed: its undo script is byte for byte the one
     * of the same values without any hostile text (status "Running'; ..."
     * is not "Running": it maps to headroom's own word, like "Paused") */
    struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
    assert_int_equal(win_script_undo(&st, 1764000000, &a), 0);
    static const char clean[] =
        "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"sysmain\",\"services\":"
        "[{\"name\":\"SysMain\",\"exists\":true,\"start\":2,\"start_exists\":true,"
        "\"delayed_autostart\":null,\"delayed_autostart_exists\":false,\"status\":\"Paused\"}]},"
        "{\"id\":\"widgets\",\"packages\":[{\"name\":\"MicrosoftWindows.Client.WebExperience\","
        "\"installed\":true}]}]}";
    struct win_state st2;
    assert_int_equal(state_from(clean, &st2, &d), 0);
    assert_int_equal(win_script_undo(&st2, 1764000000, &b), 0);
    assert_int_equal(a.len, b.len);
    assert_memory_equal(a.buf, b.buf, a.len);
    check_script_bytes(&a);
    assert_null(strstr(a.buf, "calc"));
    assert_null(strstr(a.buf, "iex"));
    assert_null(strstr(a.buf, "Remove-Item -Recurse"));
    strbuf_release(&a);
    strbuf_release(&b);
    strbuf_release(&sb);
}

static void test_state_values(void **state)
{
    (void)state;
    struct win_state st;
    struct diag d;
    static const char peer[] =
        "{\"format\":\"headroom-windows-state/1\",\"created\":\"2025-11-24T16:00:00Z\",\"items\":"
        "[{\"id\":\"do-peering\",\"values\":[{\"path\":\"HKLM:\\\\SOFTWARE\\\\Policies\\\\Microsoft"
        "\\\\Windows\\\\DeliveryOptimization\",\"name\":\"DODownloadMode\",\"key_exists\":true,"
        "\"exists\":true,\"kind\":\"DWord\",\"value\":1}]}]}";
    assert_int_equal(state_from(peer, &st, &d), 0);
    assert_string_equal(st.created, "2025-11-24T16:00:00Z");
    assert_true(st.items[0].value_exists);
    assert_int_equal(st.items[0].value, 1);
    struct strbuf s = STRBUF_INIT;
    assert_int_equal(win_script_undo(&st, 1764000000, &s), 0);
    assert_non_null(strstr(s.buf, "'DODownloadMode' $true $true 1)"));
    strbuf_release(&s);

    /* a value of another kind cannot be restored faithfully: refused */
    char bad[sizeof(peer) + 16];
    snprintf(bad, sizeof(bad), "%s", peer);
    memcpy(strstr(bad, "DWord"), "QWord", 5);
    assert_int_equal(state_from(bad, &st, &d), -EBADMSG);
    assert_non_null(strstr(d.message, "DWord"));

    /* Start out of range, inconsistent flags, duplicates, nothing recorded */
    static const char *const refused[] = {
        "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"sysmain\",\"services\":[{"
        "\"name\":\"SysMain\",\"exists\":true,\"start\":5,\"start_exists\":true,"
        "\"delayed_autostart_exists\":false}]}]}",
        "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"sysmain\",\"services\":[{"
        "\"name\":\"SysMain\",\"exists\":true,\"start\":2,\"start_exists\":false,"
        "\"delayed_autostart_exists\":false}]}]}",
        "{\"format\":\"headroom-windows-state/1\",\"items\":[{\"id\":\"widgets\",\"packages\":[{"
        "\"name\":\"MicrosoftWindows.Client.WebExperience\",\"installed\":true}]},{\"id\":"
        "\"widgets\",\"packages\":[]}]}",
        "{\"format\":\"headroom-windows-state/1\",\"items\":[]}",
        "{\"format\":\"headroom-windows-state/2\",\"items\":[]}",
    };
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        assert_int_equal(state_from(refused[i], &st, &d), -EBADMSG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ps_quote),
        cmocka_unit_test(test_catalogue),
        cmocka_unit_test(test_apply_records_before_it_changes),
        cmocka_unit_test(test_hostile_state_files),
        cmocka_unit_test(test_state_values),
        cmocka_unit_test(test_registry_start_reported_for_boot),
        cmocka_unit_test(test_widgets_policy),
        cmocka_unit_test(test_second_run_keeps_baseline),
        cmocka_unit_test(test_undo_dependents_and_delayed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

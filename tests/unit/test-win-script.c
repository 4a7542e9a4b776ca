#include "win-check.h"

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

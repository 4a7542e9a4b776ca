#include "unit.h"

#include "util/io.h"
#include "win/host.h"

/* wsl2-16g-default's host document with `extra` as its last member. */
static int parse_with(const char *extra, struct win_host *h, struct diag *d)
{
    FILE *f = fopen("tests/roots/wsl2-16g-default/.headroom/host.json", "rb");
    assert_non_null(f);
    char buf[65536];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
        n--;
    assert_int_equal(buf[n - 1], '}'); /* the document's own end, taken off */
    n--;
    struct strbuf sb = STRBUF_INIT;
    strbuf_add(&sb, buf, n);
    if (extra)
        strbuf_addf(&sb, ",\n  %s", extra);
    strbuf_addstr(&sb, "\n}\n");
    diag_clear(d);
    int r = win_host_parse(sb.buf, sb.len, h, d);
    strbuf_release(&sb);
    return r;
}

static void test_consent(void **state)
{
    (void)state;
    struct win_host h;
    struct diag d;
    /* an older helper: no key */
    assert_int_equal(parse_with(NULL, &h, &d), 0);
    assert_false(h.has_mic);
    assert_string_equal(h.mic_why, "missing from the host document");
    win_host_release(&h);

    assert_int_equal(
        parse_with("\"microphone\": {\"value\": \"Allow\", \"non_packaged\": \"Deny\"}", &h, &d),
        0);
    assert_true(h.has_mic);
    assert_int_equal(h.mic.v, WIN_CONSENT_ALLOW);
    assert_int_equal(h.mic_non_packaged.v, WIN_CONSENT_DENY);
    assert_string_equal(h.mic_non_packaged.text, "Deny");
    win_host_release(&h);

    /* what the helper writes for a value that is not there */
    assert_int_equal(parse_with("\"microphone\": {\"value\": null, \"value_error\": \"not set (no "
                                "Value under HKCU\\\\...\\\\ConsentStore\\\\microphone)\", "
                                "\"non_packaged\": \"Prompt\\u001b[2J\"}",
                                &h, &d),
                     0);
    assert_int_equal(h.mic.v, WIN_CONSENT_UNKNOWN);
    assert_non_null(strstr(h.mic.why, "not set"));
    assert_int_equal(h.mic_non_packaged.v, WIN_CONSENT_OTHER);
    assert_string_equal(h.mic_non_packaged.text, "Prompt?[2J"); /* no escape byte kept */
    win_host_release(&h);

    assert_int_equal(
        parse_with("\"microphone\": null, \"microphone_error\": \"RegOpenKey: denied\"", &h, &d),
        0);
    assert_false(h.has_mic);
    assert_string_equal(h.mic_why, "RegOpenKey: denied");
    win_host_release(&h);

    /* bad shapes: the document is malformed, with a place */
    assert_int_equal(parse_with("\"microphone\": \"Deny\"", &h, &d), -EBADMSG);
    assert_non_null(strstr(d.message, "microphone"));
    assert_true(d.line > 1);
    assert_int_equal(parse_with("\"microphone\": {\"value\": 1}", &h, &d), -EBADMSG);
    assert_non_null(strstr(d.message, "\"value\" must be a string or null"));

    assert_int_equal(win_consent_parse("Allow"), WIN_CONSENT_ALLOW);
    assert_int_equal(win_consent_parse("allow"), WIN_CONSENT_OTHER);
    assert_string_equal(win_consent_name(WIN_CONSENT_DENY), "denied");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_consent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

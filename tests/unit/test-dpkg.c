#include "unit.h"

#include "probe/dpkg.h"

/* Collects the names dpkg_status_parse reports, joined by spaces. */
struct seen {
    char buf[256];
    size_t len;
    int stop_after; /* 0 = never */
    int count;
};

static int collect(const char *name, size_t n, void *ud)
{
    struct seen *s = ud;
    assert_true(n + 2 < sizeof(s->buf) - s->len);
    if (s->len)
        s->buf[s->len++] = ' ';
    memcpy(s->buf + s->len, name, n);
    s->len += n;
    s->buf[s->len] = '\0';
    s->count++;
    return s->stop_after && s->count == s->stop_after ? 42 : 0;
}

static int parse(const char *text, size_t len, struct seen *s, struct diag *d)
{
    memset(s, 0, sizeof(*s));
    diag_clear(d);
    return dpkg_status_parse(text, len, collect, s, d);
}

/* Two stanzas as dpkg writes them (the first is Debian 12's bash, abridged),
 * a package removed with its configuration kept, a held one, and one being
 * unpacked. */
static const char status[] =
    "Package: bash\n"
    "Essential: yes\n"
    "Status: install ok installed\n"
    "Priority: required\n"
    "Section: shells\n"
    "Installed-Size: 7164\n"
    "Maintainer: Matthias Klose <doko@debian.org>\n"
    "Architecture: amd64\n"
    "Multi-Arch: foreign\n"
    "Source: bash (5.2.15-2)\n"
    "Version: 5.2.15-2+b8\n"
    "Conffiles:\n"
    " /etc/bash.bashrc 89269e1298235f1b12b4c16e4065ad0d\n"
    "Description: GNU Bourne Again SHell\n"
    " Bash is an sh-compatible command language interpreter that executes\n"
    " .\n"
    " Package: not-a-field\n"
    "\n"
    "Package: nvidia-driver-535\n"
    "Status: deinstall ok config-files\n"
    "Architecture: amd64\n"
    "\n"
    "Status: hold ok installed\n"
    "Package: libcuda1\n"
    "\n"
    "Package: cuda-drivers\n"
    "Status: install ok unpacked\n"
    "\n"
    "\n"
    "Package: nvidia-driver-560\n"
    "Status: install ok installed\n";

static void test_status(void **state)
{
    (void)state;
    struct seen s;
    struct diag d;
    assert_int_equal(parse(STR_AND_LEN(status), &s, &d), 0);
    /* config-files and unpacked are not installed; order is the file's */
    assert_string_equal(s.buf, "bash libcuda1 nvidia-driver-560");

    /* field names in any case, spaces around values, whitespace-only
     * separators, no newline at the end */
    static const char loose[] = "package:  nvidia-utils-560 \nSTATUS: install  ok   installed\t\n"
                                " \t\npackage: zlib1g";
    assert_int_equal(parse(STR_AND_LEN(loose), &s, &d), 0);
    assert_string_equal(s.buf, "nvidia-utils-560");

    /* a stanza with no Status, one with no Package, and an empty file */
    static const char partial[] = "Package: a1\n\nStatus: install ok installed\n";
    assert_int_equal(parse(STR_AND_LEN(partial), &s, &d), 0);
    assert_int_equal(s.count, 0);
    assert_int_equal(parse("", 0, &s, &d), 0);
    assert_int_equal(s.count, 0);
}

static void test_callback_stops(void **state)
{
    (void)state;
    struct seen s;
    struct diag d;
    memset(&s, 0, sizeof(s));
    s.stop_after = 1;
    diag_clear(&d);
    assert_int_equal(dpkg_status_parse(STR_AND_LEN(status), collect, &s, &d), 42);
    assert_string_equal(s.buf, "bash");
}

static void test_malformed(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        unsigned line, col;
    } bad[] = {
        {" continuation first\n", 1, 1},
        {"Package: a1\n\n continuation after a blank line\n", 3, 1},
        {"Package: a1\nno colon here\n", 2, 1},
        {": no field name\n", 1, 1},
        {"Package: a1\nPackage: b2\n", 2, 1},
        {"Package: a1\nStatus: install ok installed\nStatus: install ok installed\n", 3, 1},
        {"Package: a1\nStatus: install ok\n", 2, 9},
        {"Package: a1\nStatus: install ok installed now\n", 2, 9},
        {"Package: a1\nStatus:\n", 2, 8},
        {"Package: x;reboot\n", 1, 10},
        {"Package: Bash\n", 1, 10},
        {"Package: a\n", 1, 10},
        {"Package: -a\n", 1, 10},
        {"Package: cuda-drivers\r\n", 1, 10},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct seen s;
        struct diag d;
        assert_int_equal(parse(bad[i].text, strlen(bad[i].text), &s, &d), -EBADMSG);
        assert_int_equal(d.line, bad[i].line);
        assert_int_equal(d.column, bad[i].col);
        assert_int_equal(s.count, 0);
    }
    static const char nul[] = "Package: ab\0cd\nStatus: install ok installed\n";
    struct seen s;
    struct diag d;
    assert_int_equal(parse(nul, sizeof(nul) - 1, &s, &d), -EBADMSG);
    assert_int_equal(d.line, 1);
    assert_int_equal(d.column, 12);
}

static void test_names(void **state)
{
    (void)state;
    assert_true(dpkg_name_valid(STR_AND_LEN("libstdc++6")));
    assert_true(dpkg_name_valid(STR_AND_LEN("g++-12")));
    assert_true(dpkg_name_valid(STR_AND_LEN("0ad")));
    assert_true(dpkg_name_valid(STR_AND_LEN("libnvidia-compute-560")));
    assert_false(dpkg_name_valid(STR_AND_LEN("a")));
    assert_false(dpkg_name_valid(STR_AND_LEN(".hidden")));
    assert_false(dpkg_name_valid(STR_AND_LEN("name with space")));
    assert_false(dpkg_name_valid(STR_AND_LEN("$(reboot)")));
    assert_false(dpkg_name_valid(STR_AND_LEN("pkg:amd64")));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "unit.h"

#include "util/sanitize.h"

#include "out/text.h"

static void test_sanitize(void **state)
{
    (void)state;
    char out[64];
    assert_string_equal(text_sanitize(STR_AND_LEN("plain"), out, sizeof(out)), "plain");
    assert_string_equal(text_sanitize(STR_AND_LEN("\033[31mred\033[0m"), out, sizeof(out)),
                        "?[31mred?[0m");
    assert_string_equal(text_sanitize(STR_AND_LEN("two\nlines\r\x7f"), out, sizeof(out)),
                        "two?lines??");
    assert_string_equal(text_sanitize(STR_AND_LEN("Jos\xc3\xa9"), out, sizeof(out)), "Jos\xc3\xa9");
    assert_string_equal(text_sanitize(STR_AND_LEN("\xff\xfe"), out, sizeof(out)), "??");
    /* C1 control U+009B (CSI) is refused too */
    assert_string_equal(text_sanitize(STR_AND_LEN("a\xc2\x9b"
                                                  "b"),
                                      out, sizeof(out)),
                        "a?"
                        "?b");
    /* truncation never splits a character or overflows */
    char small[5];
    assert_string_equal(text_sanitize(STR_AND_LEN("ab\xc3\xa9\xc3\xa9"), small, sizeof(small)),
                        "ab\xc3\xa9");
    assert_int_equal(text_width("ab\xc3\xa9"), 3);
}

static void test_table(void **state)
{
    (void)state;
    static const char *headers[] = {"PID", "NAME", "RSS"};
    static const enum table_align aligns[] = {TA_RIGHT, TA_LEFT, TA_RIGHT};
    struct table t;
    table_init(&t, 3, headers, aligns);
    const char *r1[] = {"1", "systemd", "12.6 MiB"};
    const char *r2[] = {"1234", "Jos\xc3\xa9", NULL};
    table_add_row(&t, r1);
    table_add_row(&t, r2);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    text_set_color(false);
    table_print(&t, f, 2);
    fclose(f);
    assert_string_equal(buf, "   PID  NAME          RSS\n"
                             "     1  systemd  12.6 MiB\n"
                             "  1234  Jos\xc3\xa9            -\n");
    free(buf);
    table_release(&t);
}

static void test_color_rules(void **state)
{
    (void)state;
    setenv("TERM", "xterm", 1);
    unsetenv("NO_COLOR");
    FILE *f = tmpfile(); /* not a TTY */
    assert_false(text_color_wanted(f, false));
    fclose(f);
    text_set_color(false);
    assert_string_equal(tc(TC_RED), "");
    text_set_color(true);
    assert_string_equal(tc(TC_RED), "\033[31m");
    text_set_color(false);
    setenv("NO_COLOR", "1", 1);
    assert_false(text_color_wanted(stdout, false));
    unsetenv("NO_COLOR");
    assert_false(text_color_wanted(stdout, true)); /* --no-color */
    setenv("TERM", "dumb", 1);
    assert_false(text_color_wanted(stdout, false));
}

/* A cut never leaves half a UTF-8 sequence: "Grüße" is G r \xc3\xbc \xc3\x9f e */
static void test_utf8_cut(void **state)
{
    (void)state;
    const char *s = "Gr\xc3\xbc\xc3\x9f"
                    "e";
    assert_int_equal(utf8_cut_len(s, 7, 10), 7);
    assert_int_equal(utf8_cut_len(s, 7, 3), 2); /* not into the \xc3\xbc */
    assert_int_equal(utf8_cut_len(s, 7, 4), 4);
    assert_int_equal(utf8_cut_len(s, 7, 5), 4);
    char b[6];
    utf8_copy_cut(b, sizeof(b), s);
    assert_string_equal(b, "Gr\xc3\xbc");
}

static char *wrapped(size_t cols, const char *s, size_t col, size_t indent)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    text_set_wrap(cols);
    text_put_wrapped(f, s, strlen(s), col, indent);
    text_set_wrap(0);
    fclose(f);
    return buf;
}

static void test_wrap(void **state)
{
    (void)state;
    char *o;
    /* width 0: as it is (a pipe) */
    o = wrapped(0, "a  b c", 0, 2);
    assert_string_equal(o, "a  b c");
    free(o);
    /* 20 columns, 15 already on the line: the rest under column 4 */
    o = wrapped(20, "MemAvailable 294 MiB of 7.8 GiB", 15, 4);
    assert_string_equal(o, "MemAvailable\n    294 MiB of\n    7.8 GiB");
    free(o);
    /* a unit stays with its number, also before punctuation */
    o = wrapped(19, "working set 1.9 GiB: users", 0, 0);
    assert_string_equal(o, "working set\n1.9 GiB: users");
    free(o);
    /* a word wider than the line stays whole, on a line of its own */
    o = wrapped(20, "see https://docs.kernel.org/filesystems/proc.html now", 0, 2);
    assert_string_equal(o, "see\n  https://docs.kernel.org/filesystems/proc.html\n  now");
    free(o);
    /* columns, not bytes: "·" is one */
    o = wrapped(20, "a · b · c · d · e · f · g", 0, 0);
    assert_string_equal(o, "a · b · c · d · e ·\nf · g");
    free(o);
    /* untrusted bytes are sanitised on the way */
    o = wrapped(20, "x\033[2Jy z", 0, 0);
    assert_string_equal(o, "x?[2Jy z");
    free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_cut),
        cmocka_unit_test(test_sanitize),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_color_rules),
        cmocka_unit_test(test_wrap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

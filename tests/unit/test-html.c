#include "unit.h"

#include "out/html.h"

static char *capture_escape(const char *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    html_escape(f, s);
    fclose(f);
    return buf;
}

static void test_escape(void **state)
{
    (void)state;
    char *s = capture_escape("<script>alert('x')</script> & \"q\"");
    assert_string_equal(s, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    free(s);
    s = capture_escape("two\nlines\033[31m \xff");
    assert_string_equal(s, "two?lines?[31m ?");
    free(s);
    s = capture_escape("Jos\xc3\xa9");
    assert_string_equal(s, "Jos\xc3\xa9");
    free(s);
}

static void test_bar_width(void **state)
{
    (void)state;
    assert_true(report_bar_width(0, 100) == 0);
    assert_true(report_bar_width(50, 100) == 400);
    assert_true(report_bar_width(1, 3) == 266.7);
    assert_true(report_bar_width(200, 100) == REPORT_BAR_WIDTH);
    assert_true(report_bar_width(5, 0) == 0);
}

/* The whole page for the hostile fixture: every hostile byte is escaped. */
static void test_hostile_names_are_escaped(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/hostile", &r), 0);
    struct machine m;
    machine_load(&m, r, NULL);
    struct report_model model = {.m = &m, .root_path = "<root>", .now = 0};
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    report_html(f, &model);
    fclose(f);
    assert_non_null(strstr(buf, "evil) R 1 2 3"));
    assert_null(strstr(buf, "\033"));
    assert_null(strstr(buf, "<root>"));
    assert_non_null(strstr(buf, "&lt;root&gt;"));
    assert_non_null(strstr(buf, "</html>\n"));
    free(buf);
    machine_release(&m);
    rootfs_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_bar_width),
        cmocka_unit_test(test_hostile_names_are_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

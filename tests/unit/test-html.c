#include "unit.h"

#include "finding.h"
#include "out/html-parts.h"
#include "out/html.h"
#include "win/host.h"

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

/* The disk section with the Windows side: the helper's figures of the
 * wsl2-disk-full fixture, and the estimate. */
static void test_disk_host_rows(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new("tests/roots/wsl2-disk-full", &r), 0);
    struct machine m;
    machine_load(&m, r, NULL);
    struct win_host h;
    assert_int_equal(win_host_load(r, NULL, &h), 0);
    struct report_model model = {.m = &m, .root_path = "x", .now = 0, .host = &h};
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    report_disk_section(f, &model);
    fclose(f);
    assert_non_null(strstr(buf, "<td>ext4.vhdx on C:</td><td class=\"n\">61.4 GiB</td>"));
    assert_non_null(strstr(buf, "<td>reclaimable</td><td class=\"n\">52.0 GiB</td>"));
    assert_non_null(strstr(buf, "<td>C: available</td><td class=\"n\">6.2 GiB</td>"));
    assert_non_null(strstr(buf, "<td>leftover swap disks</td><td class=\"n\">5.5 GiB</td>"));
    free(buf);
    /* without host data: the guest's figures only */
    model.host = NULL;
    buf = NULL;
    f = open_memstream(&buf, &n);
    report_disk_section(f, &model);
    fclose(f);
    assert_null(strstr(buf, "ext4.vhdx on"));
    free(buf);
    win_host_release(&h);
    machine_release(&m);
    rootfs_free(r);
}

static char *capture_source(const char *s)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    html_source(f, s);
    fclose(f);
    return buf;
}

/* Issues, a bare #N after one, files at a commit and URLs become links;
 * the rest stays escaped text. */
static void test_source_links(void **state)
{
    (void)state;
    char *s = capture_source("microsoft/WSL#10675, #13542; docker/for-win#14656");
    assert_string_equal(
        s, "<a href=\"https://github.com/microsoft/WSL/issues/10675\">microsoft/WSL#10675</a>, "
           "<a href=\"https://github.com/microsoft/WSL/issues/13542\">#13542</a>; "
           "<a href=\"https://github.com/docker/for-win/issues/14656\">docker/for-win#14656</a>");
    free(s);
    s = capture_source("microsoft/WSL src/windows/common/WslCoreConfig.cpp:136 @3e27a6a (x<y)");
    assert_string_equal(s, "<a href=\"https://github.com/microsoft/WSL/blob/3e27a6a/src/windows/"
                           "common/WslCoreConfig.cpp#L136\">microsoft/WSL "
                           "src/windows/common/WslCoreConfig.cpp:136 @3e27a6a</a> (x&lt;y)");
    free(s);
    s = capture_source("Microsoft Learn: https://learn.microsoft.com/x?a=1&b=2.");
    assert_string_equal(s, "Microsoft Learn: <a href=\"https://learn.microsoft.com/x?a=1&amp;b=2\">"
                           "https://learn.microsoft.com/x?a=1&amp;b=2</a>.");
    free(s);
    /* a path without a commit, and a "#" that is not an issue, stay text */
    s = capture_source("Documentation/accounting/psi.rst; see #x");
    assert_string_equal(s, "Documentation/accounting/psi.rst; see #x");
    free(s);
}

/* Only commands get a copy button; advice is a paragraph. */
static void test_fix_copy_only_commands(void **state)
{
    (void)state;
    struct findings fs;
    findings_init(&fs);
    struct finding *x = findings_add(&fs, "mem.cache-held", SEV_WARNING, "t");
    finding_set_fix(x, "drop it\n$ sudo headroom reclaim --cache");
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    html_fix(f, x);
    fclose(f);
    assert_non_null(strstr(buf, "<p><strong>Fix:</strong> drop it</p>"));
    assert_non_null(strstr(buf, "<code>sudo headroom reclaim --cache</code></pre><button "
                                "class=\"copy\""));
    const char *b = strstr(buf, "class=\"copy\"");
    assert_null(strstr(b + 1, "class=\"copy\"")); /* one button, for the one command */
    free(buf);
    findings_release(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_bar_width),
        cmocka_unit_test(test_hostile_names_are_escaped),
        cmocka_unit_test(test_disk_host_rows),
        cmocka_unit_test(test_source_links),
        cmocka_unit_test(test_fix_copy_only_commands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

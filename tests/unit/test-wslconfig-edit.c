#include "unit.h"

#include <strings.h>

#include "util/size.h"
#include "util/strbuf.h"
#include "util/udiff.h"
#include "wslconfig/doc.h"
#include "wslconfig/edit.h"
#include "wslconfig/eval.h"
#include "wslconfig-corpus.h"

/* Applies "set"/"unset" arguments to `in`; returns the result code and the
 * bytes in *out. */
static int edit(const char *in, size_t len, const char *const *sets, const char *const *unsets,
                struct strbuf *out, char *err, size_t errn)
{
    struct wsl_edit e[8];
    size_t n = 0;
    for (size_t i = 0; sets && sets[i]; i++) {
        int r = wsl_edit_parse_set(sets[i], &e[n++], err, errn);
        if (r < 0)
            return r;
    }
    for (size_t i = 0; unsets && unsets[i]; i++) {
        int r = wsl_edit_parse_unset(unsets[i], &e[n++], err, errn);
        if (r < 0)
            return r;
    }
    return wsl_edit_bytes(in, len, e, n, out, err, errn);
}

#define SETS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void expect(const char *in, const char *const *sets, const char *const *unsets,
                   const char *want)
{
    struct strbuf out = STRBUF_INIT;
    char err[600] = "";
    int r = edit(in, strlen(in), sets, unsets, &out, err, sizeof(err));
    if (r < 0)
        fail_msg("edit failed: %s", err);
    assert_string_equal(out.buf, want);
    strbuf_release(&out);
}

static void test_set_in_place(void **state)
{
    (void)state;
    /* spacing, the trailing comment and CRLF stay */
    expect("[wsl2]\r\n  memory = 4GB   # for AI\r\nswap=0\r\n", SETS("memory=6GB"), NULL,
           "[wsl2]\r\n  memory = 6GB   # for AI\r\nswap=0\r\n");
    /* a quoted value is replaced whole; the first occurrence is the one */
    expect("[wsl2]\nmemory=\"4GB\"\nmemory=2GB\n", SETS("memory=6GB"), NULL,
           "[wsl2]\nmemory=6GB\nmemory=2GB\n");
    /* an empty value before a comment */
    expect("[wsl2]\nmemory=# later\n", SETS("memory=6GB"), NULL, "[wsl2]\nmemory=6GB # later\n");
    /* a graduated key is changed where it is */
    expect("[experimental]\nnetworkingMode=nat\n", SETS("networkingMode=mirrored"), NULL,
           "[experimental]\nnetworkingMode=mirrored\n");
    /* paths are escaped as WSL reads them */
    expect("[wsl2]\n", SETS("kernel=C:\\Users\\me\\bzImage"), NULL,
           "[wsl2]\nkernel=C:\\\\Users\\\\me\\\\bzImage\n");
    /* a continued value becomes one line */
    expect("[wsl2]\nkernelCommandLine=a \\\n b # c\nswap=0\n", SETS("kernelCommandLine=psi=1"),
           NULL, "[wsl2]\nkernelCommandLine=psi=1 # c\nswap=0\n");
}

static void test_set_new_key_and_section(void **state)
{
    (void)state;
    /* at the end of its section, after the last key, before the comments
     * that lead into the next section */
    expect("[wsl2]\nmemory=4GB\n# experimental things\n[experimental]\nsparseVhd=true\n",
           SETS("swap=4GB"), NULL,
           "[wsl2]\nmemory=4GB\nswap=4GB\n# experimental things\n[experimental]\nsparseVhd=true\n");
    /* a missing section goes at the end; no final newline stays so */
    expect("[wsl2]\nmemory=4GB", SETS("autoMemoryReclaim=dropcache"), NULL,
           "[wsl2]\nmemory=4GB\n\n[experimental]\nautoMemoryReclaim=dropcache");
    /* an empty file */
    expect("", SETS("memory=6GB"), NULL, "[wsl2]\r\nmemory=6GB\r\n");
    /* a key under the wrong section does not count: the right one is added */
    expect("[wsl2]\nautoMemoryReclaim=gradual\n", SETS("autoMemoryReclaim=dropcache"), NULL,
           "[wsl2]\nautoMemoryReclaim=gradual\n\n[experimental]\nautoMemoryReclaim=dropcache\n");
}

static void test_unset_every_instance(void **state)
{
    (void)state;
    expect("pageReporting=true\n[wsl2]\nmemory=4GB\npageReporting=true # dead\n"
           "[experimental]\npageReporting=false\nsparseVhd=true\n",
           NULL, SETS("pageReporting", "sparseVhd"), "[wsl2]\nmemory=4GB\n[experimental]\n");
    /* a misplaced copy goes with the real one; a dropped line for it too */
    expect("[wsl2]\nautoMemoryReclaim=gradual\nkernel=C:\\x\n[experimental]\n"
           "autoMemoryReclaim=gradual\n",
           NULL, SETS("autoMemoryReclaim", "kernel"), "[wsl2]\n[experimental]\n");
}

static void test_utf16_stays_utf16(void **state)
{
    (void)state;
    static const char text[] =
        "# config\r\n[wsl2]\r\nmemory=4GB\r\nkernel=C:\\\\Users\\\\Jos\xC3\xA9\r\n";
    struct strbuf in = STRBUF_INIT;
    strbuf_add(&in, "\xFF\xFE", 2);
    utf8_to_utf16le(text, strlen(text), &in);
    struct strbuf out = STRBUF_INIT;
    char err[600];
    assert_true(
        edit(in.buf, in.len, SETS("memory=6GB", "swap=4GB"), NULL, &out, err, sizeof(err)) >= 0);
    struct wsldoc doc;
    wsldoc_parse(out.buf, out.len, false, &doc);
    assert_int_equal(doc.enc, WSLENC_UTF16LE_BOM);
    assert_int_equal(doc.nlines, 5);
    assert_string_equal(doc.lines[2].text, "memory=6GB");
    assert_string_equal(doc.lines[3].text, "kernel=C:\\\\Users\\\\Jos\xC3\xA9");
    assert_string_equal(doc.lines[4].text, "swap=4GB"); /* after the section's last key */
    assert_int_equal(doc.lines[4].eol, WSLEOL_CRLF);
    /* the untouched lines are the same bytes */
    struct wsldoc old;
    wsldoc_parse(in.buf, in.len, false, &old);
    assert_int_equal(doc.lines[0].raw_len, old.lines[0].raw_len);
    assert_memory_equal(doc.lines[0].raw, old.lines[0].raw, old.lines[0].raw_len);
    assert_memory_equal(doc.lines[3].raw, old.lines[3].raw, old.lines[3].raw_len);
    wsldoc_release(&old);
    wsldoc_release(&doc);
    strbuf_release(&out);
    strbuf_release(&in);
}

static void test_bad_values_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "memory=6gb",
        "memory=1.5GB",
        "memory=6 GB",
        "memory=8",
        "swap=100",
        "processors=six",
        "localhostForwarding=yes",
        "autoMemoryReclaim=fast",
        "pageReporting=true",
        "memroy=6GB",
        "systemd=true",
        "macAddress=00:11",
        "memory",
        "kernel=C:\\Jos\xC3\xA9",
        "=1",
        "wsl2.=1",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct wsl_edit e;
        char err[600] = "";
        if (wsl_edit_parse_set(bad[i], &e, err, sizeof(err)) != -EINVAL)
            fail_msg("'%s' was accepted", bad[i]);
        assert_true(err[0] != '\0');
    }
    struct wsl_edit e;
    char err[600];
    assert_int_equal(wsl_edit_parse_set("wsl2.memory=6GB", &e, err, sizeof(err)), 0);
    assert_int_equal(
        wsl_edit_parse_set("experimental.networkingMode=Mirrored", &e, err, sizeof(err)), 0);
    assert_string_equal(e.key->section, "wsl2");
    assert_int_equal(wsl_edit_parse_set("swap=0", &e, err, sizeof(err)), 0);
}

/* An edit that WSL would not read as intended is refused. */
static void test_unsafe_edit_refused(void **state)
{
    (void)state;
    /* the section header's comment ends in a lone CR: a line inserted after
     * it would be swallowed by the comment */
    static const char in[] = "[wsl2] # c\r";
    struct strbuf out = STRBUF_INIT;
    char err[600] = "";
    assert_int_equal(edit(in, strlen(in), SETS("memory=6GB"), NULL, &out, err, sizeof(err)),
                     -EINVAL);
    assert_non_null(strstr(err, "nothing was changed"));
    assert_int_equal(out.len, 0);
    strbuf_release(&out);
    /* an unreadable encoding is not edited */
    static const char be[] = "\xFE\xFF\x00[";
    assert_int_equal(edit(be, sizeof(be) - 1, SETS("memory=6GB"), NULL, &out, err, sizeof(err)),
                     -EMEDIUMTYPE);
}

static void test_udiff(void **state)
{
    (void)state;
    struct udiff_line a[] = {{"a", 1, true, 1}, {"b", 1, true, 1}, {"c", 1, false, 0}};
    struct udiff_line b[] = {
        {"a", 1, true, 1}, {"B", 1, true, 1}, {"c", 1, true, 1}, {"d", 1, true, 1}};
    struct strbuf out = STRBUF_INIT;
    assert_int_equal(udiff(a, 3, b, 4, "x", "x (new)", &out), 5);
    assert_string_equal(out.buf, "--- x\n+++ x (new)\n@@ -1,3 +1,4 @@\n a\n-b\n-c\n"
                                 "\\ No newline at end of file\n+B\n+c\n+d\n");
    strbuf_reset(&out);
    assert_int_equal(udiff(a, 3, a, 3, "x", "y", &out), 0);
    assert_int_equal(out.len, 0);
    strbuf_release(&out);
}

static bool line_eq(const struct wsldoc_line *a, const struct wsldoc_line *b)
{
    return a->text_len == b->text_len && memcmp(a->text, b->text, a->text_len) == 0;
}

static bool line_is(const struct wsldoc_line *l, const char *s)
{
    return l->text_len == strlen(s) && memcmp(l->text, s, l->text_len) == 0;
}

static bool has_wsl2(const struct wsldoc *d)
{
    struct wsl_eval ev;
    wsl_eval_run(d, WSLF_WSLCONFIG, &ev);
    bool found = false;
    for (size_t i = 0; i < ev.syn.n; i++)
        found =
            found || (ev.syn.v[i].kind == WSLST_SECTION && !strcasecmp(ev.syn.v[i].name, "wsl2"));
    wsl_eval_release(&ev);
    return found;
}

/* One corpus file: set memory=6GB changes exactly one line or adds one
 * (plus "", "[wsl2]" when there is no [wsl2] section); only the previous
 * last line may gain a line ending; encoding and endings stay. */
static void check_set_memory(const char *name, const char *buf, size_t len)
{
    struct strbuf out = STRBUF_INIT;
    char err[600] = "";
    if (edit(buf, len, SETS("memory=6GB"), NULL, &out, err, sizeof(err)) < 0)
        fail_msg("%s: %s", name, err);
    struct wsldoc a, b;
    wsldoc_parse(buf, len, false, &a);
    wsldoc_parse(out.buf, out.len, false, &b);
    if (a.enc != b.enc)
        fail_msg("%s: encoding changed", name);
    size_t k = 0;
    while (
        k < a.nlines && k < b.nlines && line_eq(&a.lines[k], &b.lines[k]) &&
        (a.lines[k].eol == b.lines[k].eol || (k + 1 == a.nlines && a.lines[k].eol == WSLEOL_NONE)))
        k++;
    bool ok;
    if (b.nlines == a.nlines) {
        /* one line changed in place (or none: it already said 6GB) */
        ok = true;
        for (size_t i = k + 1; i < a.nlines; i++)
            ok = ok && line_eq(&a.lines[i], &b.lines[i]) && a.lines[i].eol == b.lines[i].eol;
        ok = ok && (k == a.nlines || a.lines[k].eol == b.lines[k].eol);
    } else if (b.nlines == a.nlines + 1) {
        /* one line added at k: the rest follows unchanged */
        ok = k < b.nlines && strstr(b.lines[k].text, "memory=6GB") == b.lines[k].text;
        for (size_t i = k; i < a.nlines; i++)
            ok = ok && line_eq(&a.lines[i], &b.lines[i + 1]) &&
                 (a.lines[i].eol == b.lines[i + 1].eol ||
                  (i + 1 == a.nlines && a.lines[i].eol == WSLEOL_NONE));
        ok = ok && has_wsl2(&a);
    } else {
        /* no [wsl2]: a blank line (unless the file ends with one), the
         * header and the key, at the end */
        size_t extra = b.nlines - a.nlines;
        ok = !has_wsl2(&a) && k == a.nlines && (extra == 2 || extra == 3) &&
             line_is(&b.lines[b.nlines - 2], "[wsl2]") &&
             line_is(&b.lines[b.nlines - 1], "memory=6GB") &&
             (extra == 2 || line_is(&b.lines[a.nlines], ""));
    }
    if (!ok)
        fail_msg("%s: not one line changed or added (%zu -> %zu lines, first difference at "
                 "line %zu)",
                 name, a.nlines, b.nlines, k + 1);
    /* new lines end like the file's other lines */
    enum wsl_eol main = wsldoc_main_eol(&a);
    if (a.nlines > 1 && strcmp(wsldoc_eol_summary(&a), "mixed") != 0)
        for (size_t i = 0; i + 1 < b.nlines; i++)
            if (b.lines[i].eol != main)
                fail_msg("%s: line %zu ends differently", name, i + 1);
    struct wsl_eval ev;
    wsl_eval_run(&b, WSLF_WSLCONFIG, &ev);
    const struct wsl_setting *m = wsl_eval_get(&ev, "wsl2.memory");
    if (!m->from_file || m->bytes != 6 * GIB)
        fail_msg("%s: WSL would not read memory=6GB", name);
    wsl_eval_release(&ev);
    wsldoc_release(&a);
    wsldoc_release(&b);
    strbuf_release(&out);
}

static void set_memory_one(const char *name, const char *buf, size_t len, void *ud)
{
    (void)ud;
    char label[700];
    struct strbuf crlf = STRBUF_INIT, u16 = STRBUF_INIT;
    wslconfig_to_crlf(buf, len, &crlf);
    strbuf_add(&u16, "\xFF\xFE", 2);
    utf8_to_utf16le(crlf.buf, crlf.len, &u16);
    check_set_memory(name, buf, len);
    snprintf(label, sizeof(label), "%s (CRLF)", name);
    check_set_memory(label, crlf.buf, crlf.len);
    snprintf(label, sizeof(label), "%s (UTF-16LE)", name);
    check_set_memory(label, u16.buf, u16.len);
    strbuf_release(&crlf);
    strbuf_release(&u16);
}

static void test_corpus_set_memory(void **state)
{
    (void)state;
    assert_int_equal(wslconfig_corpus_each(set_memory_one, NULL), WSLCONFIG_CORPUS_FILES);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_in_place),
        cmocka_unit_test(test_set_new_key_and_section),
        cmocka_unit_test(test_unset_every_instance),
        cmocka_unit_test(test_utf16_stays_utf16),
        cmocka_unit_test(test_bad_values_refused),
        cmocka_unit_test(test_unsafe_edit_refused),
        cmocka_unit_test(test_udiff),
        cmocka_unit_test(test_corpus_set_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

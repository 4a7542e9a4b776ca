#include "unit.h"
#include "wslconfig-fixture.h"

#include "util/strbuf.h"
#include "util/size.h"
#include "wslconfig/doc.h"
#include "wslconfig/eval.h"
#include "wslconfig/schema.h"
#include "wslconfig/syntax.h"
#include "wslconfig-corpus.h"

static void assert_round_trip(const char *buf, size_t len, bool raw)
{
    struct wsldoc doc;
    wsldoc_parse(buf, len, raw, &doc);
    struct strbuf out = STRBUF_INIT;
    wsldoc_serialize(&doc, &out);
    assert_int_equal(out.len, len);
    assert_memory_equal(out.buf, buf, len);
    strbuf_release(&out);
    wsldoc_release(&doc);
}

/* UTF-8 text to UTF-16LE with a BOM. */
static void to_utf16(const char *s, size_t n, struct strbuf *out)
{
    strbuf_add(out, "\xFF\xFE", 2);
    utf8_to_utf16le(s, n, out);
}

/* Every real file of the corpus, as stored, with CRLF, with a UTF-8 BOM and
 * as UTF-16LE: serialize(parse(x)) == x. */
static void round_trip_one(const char *name, const char *buf, size_t len, void *ud)
{
    (void)name;
    (void)ud;
    struct strbuf crlf = STRBUF_INIT, bom = STRBUF_INIT, u16 = STRBUF_INIT;
    wslconfig_to_crlf(buf, len, &crlf);
    strbuf_add(&bom, "\xEF\xBB\xBF", 3);
    strbuf_add(&bom, crlf.buf, crlf.len);
    to_utf16(crlf.buf, crlf.len, &u16);
    for (int raw = 0; raw < 2; raw++) {
        assert_round_trip(buf, len, raw);
        assert_round_trip(crlf.buf, crlf.len, raw);
        assert_round_trip(bom.buf, bom.len, raw);
        assert_round_trip(u16.buf, u16.len, raw);
    }
    /* the UTF-16 copy decodes to the same text, line for line */
    struct wsldoc a, b;
    wsldoc_parse(crlf.buf, crlf.len, false, &a);
    wsldoc_parse(u16.buf, u16.len, false, &b);
    assert_int_equal(b.enc, WSLENC_UTF16LE_BOM);
    assert_int_equal(a.nlines, b.nlines);
    for (size_t i = 0; i < a.nlines; i++) {
        assert_int_equal(a.lines[i].text_len, b.lines[i].text_len);
        assert_memory_equal(a.lines[i].text, b.lines[i].text, a.lines[i].text_len);
        assert_int_equal(b.lines[i].eol, a.lines[i].eol);
    }
    wsldoc_release(&a);
    wsldoc_release(&b);
    strbuf_release(&crlf);
    strbuf_release(&bom);
    strbuf_release(&u16);
}

static void test_corpus_round_trip(void **state)
{
    (void)state;
    assert_int_equal(wslconfig_corpus_each(round_trip_one, NULL), WSLCONFIG_CORPUS_FILES);
}

static void test_round_trip_odd_inputs(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        size_t n;
    } cases[] = {
        {STR_AND_LEN("")},
        {STR_AND_LEN("\r")},
        {STR_AND_LEN("\r\r\n\n")},
        {STR_AND_LEN("a\rb\r\nc\nd")},
        {STR_AND_LEN("\xFF\xFE")},
        {STR_AND_LEN("\xFF\xFE\x41")},           /* odd UTF-16 */
        {STR_AND_LEN("\xFF\xFE\x00\xD8\r\x00")}, /* unpaired surrogate, lone CR */
        {STR_AND_LEN("\xEF\xBB")},               /* half a BOM */
        {STR_AND_LEN("[wsl2]\0memory=\xC3\x28\n")},
        {STR_AND_LEN("\xFE\xFF\x00[\x00w")},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        for (int raw = 0; raw < 2; raw++)
            assert_round_trip(cases[i].s, cases[i].n, raw);
}

static void test_encodings_and_endings(void **state)
{
    (void)state;
    struct wsldoc doc;
    wsldoc_parse(STR_AND_LEN("[wsl2]\r\nmemory=6GB\rswap=0\nx"), false, &doc);
    assert_int_equal(doc.enc, WSLENC_UTF8);
    assert_int_equal(doc.nlines, 4);
    assert_int_equal(doc.lines[0].eol, WSLEOL_CRLF);
    assert_int_equal(doc.lines[1].eol, WSLEOL_CR);
    assert_int_equal(doc.lines[2].eol, WSLEOL_LF);
    assert_int_equal(doc.lines[3].eol, WSLEOL_NONE);
    assert_int_equal(doc.lines[1].off, 8);
    assert_string_equal(wsldoc_eol_summary(&doc), "mixed");
    wsldoc_release(&doc);

    struct strbuf u = STRBUF_INIT;
    strbuf_add(&u, STR_AND_LEN("[wsl2]\r\nmemory=6GB\r\n"));
    struct strbuf le = STRBUF_INIT;
    utf8_to_utf16le(u.buf, u.len, &le);
    wsldoc_parse(le.buf, le.len, false, &doc); /* no BOM */
    assert_int_equal(doc.enc, WSLENC_UTF16LE_NOBOM);
    assert_true(doc.raw_mode);
    assert_false(wsldoc_editable(&doc));
    wsldoc_release(&doc);
    strbuf_release(&le);
    strbuf_release(&u);

    /* wsl.conf is read as bytes: the BOM stays in line 1 */
    wsldoc_parse(STR_AND_LEN("\xEF\xBB\xBF[boot]\n"), true, &doc);
    assert_int_equal(doc.enc, WSLENC_UTF8_BOM);
    assert_int_equal(doc.bom_len, 0);
    assert_int_equal(doc.lines[0].text_len, 9);
    wsldoc_release(&doc);
}

/* ---- WSL's parser ---- */

static void test_comments_and_sections(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "# c\n; memory=1GB\n[WSL2]   # trailing\n  memory = 4GB  # why\n"
             "[ wsl2 ]\nswap=0\n");
    /* ';' line invalid, [WSL2] any case, blanks around '=', trailing comment */
    assert_int_equal(fx.ev.syn.v[0].kind, WSLST_INVALID);
    assert_int_equal(fx.ev.syn.v[0].why, WSLINV_KEY_NAME);
    assert_int_equal(fx.ev.syn.v[0].bad_char, ';');
    const struct wsl_setting *m = get(&fx, "wsl2.memory");
    assert_true(m->from_file);
    assert_int_equal(m->bytes, 4 * GIB);
    assert_int_equal(fx.ev.syn.v[m->stmt].start.line, 3);
    assert_int_equal(fx.ev.syn.v[m->stmt].start.col, 2);
    /* "[ wsl2 ]" is an invalid header; the keys below stay in [WSL2] */
    assert_int_equal(fx.ev.syn.v[3].why, WSLINV_SECTION_NAME);
    assert_true(get(&fx, "wsl2.swap")->from_file);
    done(&fx);

    /* a key before any section is looked up without one: unknown */
    RUN(&fx, "memory=4GB\n[wsl2]\n");
    assert_int_equal(fx.ev.slot[0], -1);
    assert_string_equal(fx.ev.syn.v[0].full, "memory");
    assert_false(get(&fx, "wsl2.memory")->from_file);
    done(&fx);

    /* a bad header that got as far as a name leaves it in WSL's buffer */
    RUN(&fx, "[experimental]\n[wsl2 ]\nprocessors=2\n");
    assert_string_equal(fx.ev.syn.v[2].full, "wsl2");
    assert_int_equal(fx.ev.slot[2], -1);
    done(&fx);

    /* a key name is letters then letters or digits */
    RUN(&fx, "[wsl2]\nswap_file=x\nkernel-x=1\n2x=1\n");
    assert_int_equal(fx.ev.syn.v[1].why, WSLINV_EXPECTED_EQ);
    assert_int_equal(fx.ev.syn.v[1].bad_char, '_');
    assert_int_equal(fx.ev.syn.v[2].why, WSLINV_EXPECTED_EQ);
    assert_int_equal(fx.ev.syn.v[3].why, WSLINV_KEY_NAME);
    done(&fx);
}

static void test_values_quotes_escapes(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "[wsl2]\n"
             "kernelCommandLine = \"  a # b \"  # comment\n"
             "kernel=C:\\\\k\\\\bzImage\n"
             "swapFile=C:\\temp\\new\n"
             "vmSwitch=a\\\n  b\n"
             "debugConsoleLogFile=C:\\Users\\x\n"
             "systemDistro=\"open\n");
    assert_string_equal(get(&fx, "wsl2.kernelCommandLine")->text, "  a # b ");
    assert_string_equal(get(&fx, "wsl2.kernel")->text, "C:\\k\\bzImage");
    /* \t and \n are escapes: a TAB and a newline, silently */
    const struct wsl_setting *sf = get(&fx, "wsl2.swapFile");
    assert_string_equal(sf->text, "C:\temp\new");
    assert_true(fx.ev.syn.v[sf->stmt].ctrl_escape);
    /* backslash-newline continues; the next line's blanks are kept */
    assert_string_equal(get(&fx, "wsl2.vmSwitch")->text, "a  b");
    /* \U is no escape: the line is dropped */
    assert_false(get(&fx, "wsl2.debugConsoleLogFile")->from_file);
    /* an unclosed quote drops the line */
    assert_false(get(&fx, "wsl2.systemDistro")->from_file);
    size_t nesc = 0, nq = 0;
    for (size_t i = 0; i < fx.ev.syn.n; i++) {
        nesc += fx.ev.syn.v[i].why == WSLINV_ESCAPE;
        nq += fx.ev.syn.v[i].why == WSLINV_QUOTE;
    }
    assert_int_equal(nesc, 1);
    assert_int_equal(nq, 1);
    done(&fx);
}

static void test_duplicates_first_wins(void **state)
{
    (void)state;
    struct fixture fx;
    /* the first wins even when its value is invalid */
    RUN(&fx, "[wsl2]\nmemory=8gb\nmemory=8GB\n[experimental]\nnetworkingMode=mirrored\n"
             "[wsl2]\nnetworkingMode=nat\n");
    const struct wsl_setting *m = get(&fx, "wsl2.memory");
    assert_false(m->valid);
    assert_false(m->from_file);
    assert_int_equal(m->ignored, 1);
    assert_true(fx.ev.dup[2]);
    /* graduated keys: both names share one slot */
    const struct wsl_setting *n = get(&fx, "wsl2.networkingMode");
    assert_true(n->from_file);
    assert_int_equal(n->e, WSL_NET_MIRRORED);
    assert_int_equal(n->ignored, 1);
    done(&fx);
}

static void test_lone_cr_in_comment_swallows(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "[wsl2]\n# note\rmemory=8GB\nswap=1GB\rprocessors=2\n");
    assert_false(get(&fx, "wsl2.memory")->from_file);
    assert_true(get(&fx, "wsl2.swap")->from_file);
    assert_true(get(&fx, "wsl2.processors")->from_file);
    done(&fx);
}

static void test_low_byte_and_nul(void **state)
{
    (void)state;
    struct fixture fx;
    /* é (U+00E9) keeps its low byte; Ā (U+0100) becomes NUL and cuts */
    RUN(&fx, "[wsl2]\nkernel=C:\\\\Jos\xC3\xA9\nswapFile=a\xC4\x80z\n");
    const struct wsl_setting *k = get(&fx, "wsl2.kernel");
    assert_string_equal(k->text, "C:\\Jos\xE9");
    assert_true(fx.ev.syn.v[k->stmt].nonascii);
    const struct wsl_setting *s = get(&fx, "wsl2.swapFile");
    assert_string_equal(s->text, "a");
    assert_true(fx.ev.syn.v[s->stmt].truncated);
    done(&fx);
}

static void test_wsl_conf_stops_and_bom(void **state)
{
    (void)state;
    struct fixture fx;
    run(&fx, STR_AND_LEN("[boot]\nsystemd=true\n; c\n[interop]\nenabled=false\n"), WSLF_WSLCONF);
    assert_true(fx.ev.syn.stopped);
    assert_int_equal(fx.ev.syn.v[fx.ev.syn.stop_stmt].start.line, 2);
    assert_true(get(&fx, "boot.systemd")->b);
    assert_false(get(&fx, "interop.enabled")->from_file); /* never read */
    done(&fx);
    run(&fx, STR_AND_LEN("\xEF\xBB\xBF[boot]\nsystemd=true\n"), WSLF_WSLCONF);
    assert_true(fx.ev.syn.stopped);
    assert_int_equal(fx.ev.syn.stop_stmt, 0);
    assert_false(get(&fx, "boot.systemd")->from_file);
    done(&fx);
    /* the same bytes as .wslconfig: the BOM is honoured */
    run(&fx, STR_AND_LEN("\xEF\xBB\xBF[wsl2]\nswap=0\n"), WSLF_WSLCONFIG);
    assert_true(get(&fx, "wsl2.swap")->from_file);
    done(&fx);
    /* CRLF is harmless in wsl.conf */
    run(&fx, STR_AND_LEN("[boot]\r\nsystemd=true\r\n"), WSLF_WSLCONF);
    assert_false(fx.ev.syn.stopped);
    assert_true(get(&fx, "boot.systemd")->b);
    done(&fx);
}

static void test_memory_sizes(void **state)
{
    (void)state;
    static const struct {
        const char *v;
        bool ok;
        uint64_t bytes;
    } cases[] = {
        {"8GB", true, 8 * GIB},
        {"8G", true, 8 * GIB},
        {"512MB", true, 512 * MIB},
        {"512M", true, 512 * MIB},
        {"1TB", true, TIB},
        {"4096", true, 4096},
        {"0", true, 0},
        {"0GB", true, 0},
        {"100B", true, 100},
        {"2K", true, 2048},
        {"+8GB", true, 8 * GIB},
        {" 8GB", true, 8 * GIB},
        {"8gb", false, 0},
        {"1.5GB", false, 0},
        {"8 GB", false, 0},
        {"8GiB", false, 0},
        {"00", false, 0},
        {"GB", false, 0},
        {"", false, 0},
        {"8BB", false, 0},
        {"8GBs", false, 0},
        {"-0", false, 0},
        {"8Gb", false, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        uint64_t b = 0;
        bool ok = wsl_parse_mem(cases[i].v, &b);
        if (ok != cases[i].ok)
            fail_msg("memory '%s': expected %s", cases[i].v, cases[i].ok ? "valid" : "invalid");
        if (ok)
            assert_int_equal(b, cases[i].bytes);
    }
    uint64_t b;
    assert_true(wsl_parse_mem("-1", &b)); /* strtoull wraps */
    assert_int_equal(b, UINT64_MAX);
}

static void test_bools_ints_enums(void **state)
{
    (void)state;
    bool b;
    assert_true(wsl_parse_bool("TRUE", &b) && b);
    assert_true(wsl_parse_bool("0", &b) && !b);
    assert_false(wsl_parse_bool("yes", &b));
    assert_false(wsl_parse_bool("true ", &b));
    int n;
    assert_true(wsl_parse_int("0x10", true, &n) && n == 16);
    assert_true(wsl_parse_int("010", true, &n) && n == 8);
    assert_false(wsl_parse_int("08", true, &n));
    assert_false(wsl_parse_int("12abc", true, &n));
    assert_false(wsl_parse_int("", true, &n));
    assert_true(wsl_parse_int("-1", true, &n) && n == -1);
    /* Windows: long is 32 bits, strtol saturates and WSL accepts INT_MAX */
    assert_true(wsl_parse_int("99999999999", true, &n) && n == 2147483647);
    /* Linux (wsl.conf): the same is out of int's range */
    assert_false(wsl_parse_int("99999999999", false, &n));
    const struct wsl_key *k = wsl_schema_lookup(WSLF_WSLCONFIG, "EXPERIMENTAL.AUTOMEMORYRECLAIM");
    assert_non_null(k);
    assert_int_equal(wsl_parse_enum(k, "dropcache"), WSL_RECLAIM_DROPCACHE);
    assert_int_equal(wsl_parse_enum(k, "GRADUAL"), WSL_RECLAIM_GRADUAL);
    assert_int_equal(wsl_parse_enum(k, "drop"), -1);
    assert_true(wsl_parse_mac("00:15:5d:01:02:03"));
    assert_true(wsl_parse_mac("00-15-5D-01-02-03"));
    assert_false(wsl_parse_mac("00:15-5d:01:02:03"));
    assert_true(wsl_parse_ipv4("10.255.255.254"));
    assert_false(wsl_parse_ipv4("10.255.255"));
    assert_false(wsl_parse_ipv4("256.1.1.1"));
    unsigned ok, bad;
    wsl_parse_ports("80,,443, 8080,0,70000,x", &ok, &bad);
    assert_int_equal(ok, 3);
    assert_int_equal(bad, 3);
}

static void test_schema(void **state)
{
    (void)state;
    /* the ~60 .wslconfig keys of research/wsl.md §1 and the wsl.conf ones */
    size_t w = 0, l = 0;
    for (size_t i = 0; i < wsl_schema_count(); i++) {
        const struct wsl_key *k = wsl_schema_at(i);
        w += k->file == WSLF_WSLCONFIG;
        l += k->file == WSLF_WSLCONF;
        assert_non_null(k->def);
        if (k->type == WT_ENUM)
            assert_non_null(k->values);
    }
    assert_true(w >= 55);
    assert_true(l >= 24);
    assert_non_null(wsl_schema_lookup(WSLF_WSLCONFIG, "experimental.networkingMode"));
    assert_null(wsl_schema_lookup(WSLF_WSLCONFIG, "wsl2.autoMemoryReclaim"));
    assert_non_null(wsl_schema_elsewhere(WSLF_WSLCONFIG, "wsl2", "autoMemoryReclaim"));
    assert_non_null(wsl_schema_removed("wsl2", "pagereporting"));
    assert_string_equal(wsl_schema_suggest(WSLF_WSLCONFIG, "processor")->name, "processors");
    assert_string_equal(wsl_schema_suggest_section(WSLF_WSLCONFIG, "ws12"), "wsl2");
    char buf[64];
    assert_true(wsl_quote_value("C:\\k\\bz", buf, sizeof(buf)));
    assert_string_equal(buf, "C:\\\\k\\\\bz");
    assert_true(wsl_quote_value(" a#b", buf, sizeof(buf)));
    assert_string_equal(buf, "\" a#b\"");
    assert_false(wsl_quote_value("Jos\xC3\xA9", buf, sizeof(buf)));
}

static void test_vm_rules(void **state)
{
    (void)state;
    struct fixture fx;
    struct wsl_vm vm;
    RUN(&fx, "");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.memory, 8 * GIB);
    assert_int_equal(vm.swap, 2 * GIB);
    assert_int_equal(vm.processors, 8);
    assert_int_equal(vm.reclaim, WSL_RECLAIM_DROPCACHE);
    wsl_eval_vm(&fx.ev, 0, 0, &vm);
    assert_false(vm.memory_known);
    assert_false(vm.swap_known);
    done(&fx);
    RUN(&fx, "[wsl2]\nmemory=6GB\nprocessors=12\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.memory, 6 * GIB);
    assert_int_equal(vm.swap, 2 * GIB); /* 1.5 GB rounded up */
    assert_int_equal(vm.processors, 8); /* clamped */
    done(&fx);
    RUN(&fx, "[wsl2]\nmemory=8\nswap=0\nsafeMode=true\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.memory, 256 * MIB);
    assert_int_equal(vm.swap, 0);
    assert_false(vm.gui);
    done(&fx);
    RUN(&fx, "[wsl2]\nmemory=64GB\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.memory, 16 * GIB);
    done(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus_round_trip),
        cmocka_unit_test(test_round_trip_odd_inputs),
        cmocka_unit_test(test_encodings_and_endings),
        cmocka_unit_test(test_comments_and_sections),
        cmocka_unit_test(test_values_quotes_escapes),
        cmocka_unit_test(test_duplicates_first_wins),
        cmocka_unit_test(test_lone_cr_in_comment_swallows),
        cmocka_unit_test(test_low_byte_and_nul),
        cmocka_unit_test(test_wsl_conf_stops_and_bom),
        cmocka_unit_test(test_memory_sizes),
        cmocka_unit_test(test_bools_ints_enums),
        cmocka_unit_test(test_schema),
        cmocka_unit_test(test_vm_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* `.wslconfig` as WSL reads it: one test per class where headroom and
 * WSL's own code disagreed. Every expectation comes from microsoft/WSL
 * @3e27a6a, cited as file:line (src/windows/common/WslCoreConfig.{h,cpp},
 * src/shared/configfile/configfile.cpp). */
#include "unit.h"

#include "util/size.h"
#include "wslconfig/doc.h"
#include "wslconfig/eval.h"
#include "wslconfig/schema.h"

struct fixture {
    struct wsldoc doc;
    struct wsl_eval ev;
};

static void run(struct fixture *fx, const char *s, size_t n)
{
    wsldoc_parse(s, n, false, &fx->doc);
    wsl_eval_run(&fx->doc, WSLF_WSLCONFIG, &fx->ev);
}

static void done(struct fixture *fx)
{
    wsl_eval_release(&fx->ev);
    wsldoc_release(&fx->doc);
}

static const struct wsl_setting *get(struct fixture *fx, const char *full)
{
    const struct wsl_setting *s = wsl_eval_get(&fx->ev, full);
    assert_non_null(s);
    return s;
}

#define RUN(fx, lit) run((fx), STR_AND_LEN(lit))

/* WslCoreConfig.cpp:36-50: Split on ',', std::stoi per entry, 1-65535 kept
 * in a std::set; a bad entry warns and is skipped. */
static void test_ignored_ports_one_entry_at_a_time(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "[wsl2]\nnetworkingMode=mirrored\n[experimental]\nignoredPorts=443,abc,80,,80\n");
    const struct wsl_setting *p = get(&fx, "experimental.ignoredPorts");
    assert_true(p->from_file);
    assert_false(p->valid); /* WSL warned about "abc" */
    assert_string_equal(p->ports, "80,443");
    done(&fx);
    RUN(&fx, "[wsl2]\nnetworkingMode=mirrored\n[experimental]\nignoredPorts=80abc, 8080,0,70000\n");
    assert_string_equal(get(&fx, "experimental.ignoredPorts")->ports, "80,8080");
    done(&fx);
    RUN(&fx, "[wsl2]\nnetworkingMode=mirrored\n[experimental]\nignoredPorts=http\n");
    assert_null(get(&fx, "experimental.ignoredPorts")->ports);
    done(&fx);
}

/* WslCoreConfig.cpp:136: _wfopen(..., L"rt,ccs=UTF-8"): text mode ends
 * the stream at a Ctrl-Z. */
static void test_ctrl_z_ends_the_file(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "[wsl2]\nmemory=4GB\n\x1aswap=0\nprocessors=2\n");
    assert_true(get(&fx, "wsl2.memory")->from_file);
    assert_int_equal(get(&fx, "wsl2.swap")->stmt, -1);
    assert_int_equal(get(&fx, "wsl2.processors")->stmt, -1);
    done(&fx);
    /* in the middle of a value: the value ends there */
    RUN(&fx, "[wsl2]\nmemory=4G\x1a"
             "B\n");
    assert_string_equal(get(&fx, "wsl2.memory")->text, "4G");
    done(&fx);
}

/* configfile.cpp: wint_t is 16 bits on Windows, so U+FFFF == WEOF for every
 * `ch != WEOF` test (:663 value, :326 comment, :814 invalid line) while
 * feof() stays false (:334): it ends the value, comment or skipped line,
 * and reading goes on after it. It is no end of input (the issue said so;
 * the source says otherwise). */
static void test_u_ffff_ends_a_line(void **state)
{
    (void)state;
    struct fixture fx;
    RUN(&fx, "[wsl2]\nmemory=4GB\xEF\xBF\xBFswap=0\n");
    assert_string_equal(get(&fx, "wsl2.memory")->text, "4GB");
    assert_true(get(&fx, "wsl2.swap")->from_file);
    assert_int_equal(get(&fx, "wsl2.swap")->bytes, 0);
    done(&fx);
    RUN(&fx, "[wsl2]\n# note\xEF\xBF\xBFprocessors=3\nmemory 4GB\xEF\xBF\xBFswap=1GB\n");
    assert_int_equal(get(&fx, "wsl2.processors")->i, 3);
    assert_int_equal(get(&fx, "wsl2.swap")->bytes, GIB);
    done(&fx);
    /* at the start of a line it is skipped */
    RUN(&fx, "[wsl2]\n\xEF\xBF\xBFmemory=2GB\n");
    assert_int_equal(get(&fx, "wsl2.memory")->bytes, 2 * GIB);
    done(&fx);
}

/* WslCoreConfig.h:323 (SwapSizeBytes = UINT64_MAX), .cpp:328-331: that
 * value means "not set", so -1 (strtoull wraps) or an overflow gives the
 * default, a quarter of memory rounded up to a whole GB. */
static void test_swap_not_set_marker(void **state)
{
    (void)state;
    struct fixture fx;
    struct wsl_vm vm;
    RUN(&fx, "[wsl2]\nmemory=6GB\nswap=-1\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_true(vm.swap_known);
    assert_int_equal(vm.swap, 2 * GIB);
    done(&fx);
    RUN(&fx, "[wsl2]\nmemory=8GB\nswap=99999999999999999999999\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.swap, 2 * GIB);
    done(&fx);
    RUN(&fx, "[wsl2]\nmemory=8GB\nswap=18446744073709551615\n");
    wsl_eval_vm(&fx.ev, 16 * GIB, 8, &vm);
    assert_int_equal(vm.swap, 2 * GIB);
    done(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ignored_ports_one_entry_at_a_time),
        cmocka_unit_test(test_ctrl_z_ends_the_file),
        cmocka_unit_test(test_u_ffff_ends_a_line),
        cmocka_unit_test(test_swap_not_set_marker),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

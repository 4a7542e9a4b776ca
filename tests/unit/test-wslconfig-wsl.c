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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ctrl_z_ends_the_file),
        cmocka_unit_test(test_u_ffff_ends_a_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

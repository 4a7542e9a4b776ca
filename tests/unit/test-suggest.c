/* "Did you mean": the distance counts a swap of two neighbours as one edit,
 * only close candidates are suggested, and a tie suggests nothing. */
#include "unit.h"

#include "util/suggest.h"

static const char *best_of(const char *word, const char *const *cands)
{
    static struct suggest sg;
    suggest_init(&sg, word);
    for (; *cands; cands++)
        suggest_offer(&sg, *cands);
    return suggest_best(&sg);
}

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(suggest_distance("status", "status"), 0);
    assert_int_equal(suggest_distance("stauts", "status"), 1); /* transposition */
    assert_int_equal(suggest_distance("conifg", "config"), 1);
    assert_int_equal(suggest_distance("doctr", "doctor"), 1);
    assert_int_equal(suggest_distance("GPU", "gpu"), 0); /* ASCII case ignored */
    assert_int_equal(suggest_distance("", "fit"), 3);
    assert_int_equal(suggest_distance("kitten", "sitting"), 3);
    char longw[80];
    memset(longw, 'a', sizeof(longw) - 1);
    longw[sizeof(longw) - 1] = '\0';
    assert_int_equal(suggest_distance(longw, "a"), 64);
}

static void test_close_only(void **state)
{
    (void)state;
    static const char *const cmds[] = {"doctor", "status", "fit",     "config", "budget",
                                       "run",    "top",    "explain", "report", NULL};
    assert_string_equal(best_of("stauts", cmds), "status");
    assert_string_equal(best_of("conifg", cmds), "config");
    assert_string_equal(best_of("fti", cmds), "fit");
    assert_null(best_of("zzzzzz", cmds));
    assert_null(best_of("status", cmds)); /* the word itself is no suggestion */
    assert_null(best_of("", cmds));
    static const char *const areas[] = {"wsl", "config", "mem", "gpu", "audio", NULL};
    assert_string_equal(best_of("gpuu", areas), "gpu");
    assert_string_equal(best_of("memory", areas), "mem"); /* mem starts memory */
    assert_null(best_of("xyz", areas));
    static const char *const kv[] = {"f16", "q8_0", "q4_0", NULL};
    assert_string_equal(best_of("q8", kv), "q8_0"); /* q8 starts q8_0 */
}

static void test_after_dot_and_ties(void **state)
{
    (void)state;
    static const char *const ids[] = {"wsl.swap-missing", "mem.pressure", "mem.cache-held",
                                      "mem.low-available", NULL};
    assert_string_equal(best_of("swap-missing", ids), "wsl.swap-missing");
    assert_string_equal(best_of("swap-missin", ids), "wsl.swap-missing");
    assert_string_equal(best_of("mem.presure", ids), "mem.pressure");
    assert_null(best_of("mem", ids)); /* three ids start with it: a guess */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distance),
        cmocka_unit_test(test_close_only),
        cmocka_unit_test(test_after_dot_and_ties),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

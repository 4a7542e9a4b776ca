#include "unit.h"

#include "probe/cpus.h"

static unsigned count(const char *s)
{
    struct cpus c;
    struct diag d;
    assert_int_equal(cpus_parse(s, strlen(s), &c, &d), 0);
    return c.online;
}

static void bad(const char *s)
{
    struct cpus c;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(cpus_parse(s, strlen(s), &c, &d), -EBADMSG);
    assert_true(d.message[0] != '\0');
}

static void test_lists(void **state)
{
    (void)state;
    assert_int_equal(count("0-1\n"), 2);   /* this machine */
    assert_int_equal(count("0-7\n"), 8);   /* nr_cpus=8 (microsoft/WSL#4694) */
    assert_int_equal(count("0-15\n"), 16); /* microsoft/WSL#8955: 16 despite processor=4 */
    assert_int_equal(count("0\n"), 1);
    assert_int_equal(count("0-3,5,7-9\n"), 8);
    struct cpus c;
    struct diag d;
    assert_int_equal(cpus_parse(STR_AND_LEN("0-3,8"), &c, &d), 0);
    assert_int_equal(c.max_id, 8);
}

static void test_malformed(void **state)
{
    (void)state;
    bad("");
    bad("\n");
    bad("3-1\n");
    bad("0-3,\n");
    bad("0-3,2\n");
    bad("a\n");
    bad("0-99999\n");
    bad("0;1\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lists),
        cmocka_unit_test(test_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

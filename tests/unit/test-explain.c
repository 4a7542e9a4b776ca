/* Every doctor rule id and config lint id has its explain page, and every
 * page has its id; the pages are complete and cite only public URLs. */
#include "unit.h"

#include "explain/explain.h"
#include "rules/rules.h"
#include "wslconfig/lint.h"

static bool is_rule_id(const char *id)
{
    for (size_t i = 0; i < rules_count; i++)
        if (strcmp(rules_table[i].id, id) == 0)
            return true;
    return false;
}

static bool is_lint_id(const char *id)
{
    if (strncmp(id, "wslconfig.", 10) != 0)
        return false;
    for (const char *const *r = wsl_lint_rules; *r; r++)
        if (strcmp(*r, id + 10) == 0)
            return true;
    return false;
}

static void test_every_id_has_a_page(void **state)
{
    (void)state;
    for (size_t i = 0; i < rules_count; i++) {
        if (!explain_find(rules_table[i].id))
            fail_msg("doctor rule %s has no explain page", rules_table[i].id);
        assert_string_equal(explain_find(rules_table[i].id)->area, rules_table[i].area);
    }
    char id[128];
    for (const char *const *r = wsl_lint_rules; *r; r++) {
        snprintf(id, sizeof(id), "wslconfig.%s", *r);
        if (!explain_find(id))
            fail_msg("lint id %s has no explain page", id);
        snprintf(id, sizeof(id), "wslconf.%s", *r);
        assert_non_null(explain_find(id));
    }
}

static void test_every_page_has_an_id(void **state)
{
    (void)state;
    for (size_t i = 0; i < explain_count(); i++) {
        const struct explain_page *p = explain_at(i);
        bool lint = strcmp(p->area, "lint") == 0;
        if (lint ? !is_lint_id(p->id) : !is_rule_id(p->id))
            fail_msg("explain page %s has no rule", p->id);
        for (size_t j = 0; j < i; j++)
            if (strcmp(explain_at(j)->id, p->id) == 0)
                fail_msg("two explain pages for %s", p->id);
    }
    size_t nlint = 0;
    for (const char *const *r = wsl_lint_rules; *r; r++)
        nlint++;
    assert_int_equal(explain_count(), rules_count + nlint);
}

static void test_pages_complete_and_public(void **state)
{
    (void)state;
    for (size_t i = 0; i < explain_count(); i++) {
        const struct explain_page *p = explain_at(i);
        const char *fields[] = {p->severity, p->title, p->checks, p->why,
                                p->evidence, p->fix,   p->risks};
        for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++)
            if (!fields[k] || !*fields[k])
                fail_msg("%s: field %zu empty", p->id, k);
        if (!p->sources[0])
            fail_msg("%s: no source", p->id);
        for (size_t s = 0; s < EXPLAIN_MAX_SOURCES && p->sources[s]; s++)
            if (strncmp(p->sources[s], "https://", 8) != 0)
                fail_msg("%s: source '%s' is not a URL", p->id, p->sources[s]);
        const char *all[] = {p->title, p->checks, p->why, p->evidence, p->fix, p->risks};
        for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++)
            if (strstr(all[k], "research/") || strstr(all[k], "../shared") ||
                strstr(all[k], "seed guide") || strstr(all[k], "the guide"))
                fail_msg("%s: private reference in '%s'", p->id, all[k]);
    }
}

static void test_suggest(void **state)
{
    (void)state;
    assert_string_equal(explain_suggest("swap-missing"), "wsl.swap-missing");
    assert_string_equal(explain_suggest("mem.cache-hold"), "mem.cache-held");
    assert_null(explain_suggest("completely.unrelated-thing"));
    assert_null(explain_find("wsl.nope"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_id_has_a_page),
        cmocka_unit_test(test_every_page_has_an_id),
        cmocka_unit_test(test_pages_complete_and_public),
        cmocka_unit_test(test_suggest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

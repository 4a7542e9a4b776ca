#include "unit.h"

#include "finding.h"
#include "out/finding-json.h"

static void test_add_sort_count(void **state)
{
    (void)state;
    struct findings fs;
    findings_init(&fs);
    struct finding *f = findings_add(&fs, "mem.low-available", SEV_WARNING, "only %d%% left", 7);
    finding_set_evidence(f, "MemAvailable %s (/proc/meminfo)", "412 MiB");
    finding_set_fix(f, "sudo headroom reclaim");
    findings_add(&fs, "wsl.not-wsl", SEV_INFO, "not WSL");
    f = findings_add(&fs, "wslconfig.bad-escape", SEV_CRITICAL, "line dropped");
    finding_set_location(f, ".wslconfig", 3, 8);
    finding_set_source(f, "microsoft/WSL src/shared/configfile/configfile.cpp");
    findings_add(&fs, "wslconfig.unknown-key", SEV_WARNING, "unknown key");
    finding_set_location(&fs.v[3], ".wslconfig", 2, 1);
    findings_sort(&fs);
    assert_string_equal(fs.v[0].id, "wslconfig.bad-escape");
    /* warnings: the located one (line 2) sorts before the one without a line
     * only by line number; line 0 (none) comes first */
    assert_string_equal(fs.v[1].id, "mem.low-available");
    assert_string_equal(fs.v[2].id, "wslconfig.unknown-key");
    assert_string_equal(fs.v[3].id, "wsl.not-wsl");
    assert_string_equal(fs.v[1].title, "only 7% left");
    assert_int_equal(findings_count_at_least(&fs, SEV_WARNING), 3);
    assert_int_equal(findings_count_at_least(&fs, SEV_CRITICAL), 1);
    char area[32];
    assert_string_equal(finding_area(fs.v[0].id, area, sizeof(area)), "wslconfig");
    findings_release(&fs);
    assert_int_equal(fs.n, 0);
}

static void test_json(void **state)
{
    (void)state;
    struct findings fs;
    findings_init(&fs);
    struct finding *f = findings_add(&fs, "wslconfig.bad-escape", SEV_CRITICAL, "bad \"escape\"");
    finding_set_location(f, ".wslconfig", 3, 8);
    char *buf = NULL;
    size_t n = 0;
    FILE *out = open_memstream(&buf, &n);
    struct json j;
    json_init(&j, out);
    finding_json(&j, f);
    fclose(out);
    assert_string_equal(buf,
                        "{\n  \"id\": \"wslconfig.bad-escape\",\n  \"severity\": \"critical\",\n"
                        "  \"title\": \"bad \\\"escape\\\"\",\n  \"evidence\": null,\n"
                        "  \"fix\": {\n    \"commands\": [],\n    \"advice\": null\n  },\n"
                        "  \"fix_text\": null,\n  \"source\": null,\n  \"file\": \".wslconfig\",\n"
                        "  \"line\": 3,\n  \"column\": 8\n}");
    free(buf);
    findings_release(&fs);
}

/* Marked lines become commands with their shell, the others advice; the
 * markers never reach fix_text. */
static void test_fix_split(void **state)
{
    (void)state;
    struct findings fs;
    findings_init(&fs);
    struct finding *f = findings_add(&fs, "mem.psi-unavailable", SEV_INFO, "psi off");
    finding_set_fix(f, "turn PSI on,\n$ headroom config set kernelCommandLine=psi=1\nthen restart"
                       "\nPS> Restart-Service LxssManager\ncmd> wsl --shutdown\n");
    assert_string_equal(f->advice, "turn PSI on, then restart");
    assert_int_equal(f->ncmds, 3);
    assert_int_equal(f->cmds[0].shell, FIX_BASH);
    assert_string_equal(f->cmds[0].text, "headroom config set kernelCommandLine=psi=1");
    assert_int_equal(f->cmds[1].shell, FIX_POWERSHELL);
    assert_string_equal(f->cmds[1].text, "Restart-Service LxssManager");
    assert_int_equal(f->cmds[2].shell, FIX_CMD);
    assert_string_equal(f->fix_text, "turn PSI on,\nheadroom config set kernelCommandLine=psi=1\n"
                                     "then restart\nRestart-Service LxssManager\nwsl --shutdown");
    /* setting it again replaces every part */
    finding_set_fix(f, "$ sudo headroom reclaim --cache");
    assert_null(f->advice);
    assert_int_equal(f->ncmds, 1);
    assert_string_equal(fix_shell_name(f->cmds[0].shell), "bash");
    findings_release(&fs);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_add_sort_count),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_fix_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

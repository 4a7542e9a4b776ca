#include "unit.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util/shell-word.h"

/* What bash makes of "printf %s WORD": the word must come back as it went in. */
static void assert_bash_reads_back(const char *s)
{
    struct strbuf cmd = STRBUF_INIT;
    strbuf_addstr(&cmd, "printf %s ");
    assert_true(shell_word_add(&cmd, s));
    char path[64], run[96];
    snprintf(path, sizeof(path), "/tmp/headroom-shell-word-%d.sh", (int)getpid());
    snprintf(run, sizeof(run), "bash %s", path);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(cmd.buf, f);
    fclose(f);
    FILE *p = popen(run, "r");
    assert_non_null(p);
    char got[512] = "";
    size_t n = fread(got, 1, sizeof(got) - 1, p);
    got[n] = '\0';
    assert_int_equal(pclose(p), 0);
    remove(path);
    assert_string_equal(got, s);
    strbuf_release(&cmd);
}

static void test_plain_words_stay_plain(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    assert_true(shell_word_add(&sb, "/usr/lib/x86_64-linux-gnu/libcuda.so.1"));
    assert_string_equal(sb.buf, "/usr/lib/x86_64-linux-gnu/libcuda.so.1");
    strbuf_reset(&sb);
    assert_true(shell_word_add(&sb, "wsl2.memory=6GB"));
    assert_string_equal(sb.buf, "wsl2.memory=6GB");
    strbuf_release(&sb);
}

static void test_specials_are_one_word(void **state)
{
    (void)state;
    static const char *const hostile[] = {
        "a;touch PWNED;#",
        "x$(touch PWNED)",
        "`touch PWNED`",
        "it's",
        "''",
        "a b\tc",
        "~",
        "*",
        "!x",
        "a|b&c>d<e",
        "\"q\"",
        "héllo wörld",
        "",
    };
    for (size_t i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
        if (strchr(hostile[i], '\t')) { /* a control byte: refused */
            struct strbuf sb = STRBUF_INIT;
            assert_false(shell_word_add(&sb, hostile[i]));
            assert_int_equal(sb.len, 0);
            strbuf_release(&sb);
            continue;
        }
        assert_bash_reads_back(hostile[i]);
    }
}

static void test_control_and_invalid_utf8_refused(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    assert_false(shell_word_add(&sb, "a\nb"));
    assert_false(shell_word_add(&sb, "\x1b]0;x\x07"));
    assert_false(shell_word_add(&sb, "\xff\xfe"));
    assert_int_equal(sb.len, 0);
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_words_stay_plain),
        cmocka_unit_test(test_specials_are_one_word),
        cmocka_unit_test(test_control_and_invalid_utf8_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

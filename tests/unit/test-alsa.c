/* src/probe/alsa.c: where ALSA's default device goes, from its config files. */
#include "unit.h"

#include <dirent.h>

#include "probe/alsa.h"

static enum alsa_default parse(const char *s)
{
    enum alsa_default v = 99;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(alsa_default_parse(s, strlen(s), &v, &d), 0);
    return v;
}

static void bad(const char *s)
{
    enum alsa_default v;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(alsa_default_parse(s, strlen(s), &v, &d), -EBADMSG);
    assert_true(d.message[0] != '\0' && d.line >= 1);
}

static void test_forms(void **state)
{
    (void)state;
    /* the forms alsa-plugins' doc/pulse.txt and alsa-lib's docs use */
    assert_int_equal(parse("pcm.!default {\n  type pulse\n}\nctl.!default {\n  type pulse\n}\n"),
                     ALSA_DEFAULT_PULSE);
    assert_int_equal(parse("pcm.!default pulse\nctl.!default pulse\n"), ALSA_DEFAULT_PULSE);
    assert_int_equal(parse("pcm.default \"pulse\"\n"), ALSA_DEFAULT_PULSE);
    assert_int_equal(parse("pcm { !default { type pulse hint { show on } } }"), ALSA_DEFAULT_PULSE);
    assert_int_equal(parse("pcm.!default.type = pulse;"), ALSA_DEFAULT_PULSE);
    /* somewhere else */
    assert_int_equal(parse("pcm.!default { type hw card 0 }"), ALSA_DEFAULT_OTHER);
    assert_int_equal(parse("pcm.!default \"plughw:0,0\""), ALSA_DEFAULT_OTHER);
    /* the last word wins */
    assert_int_equal(parse("pcm.!default pulse\npcm.!default { type hw }\n"), ALSA_DEFAULT_OTHER);
    assert_int_equal(parse("pcm.!default { type hw }\npcm.!default pulse\n"), ALSA_DEFAULT_PULSE);
    /* defining the pulse PCM does not make it the default */
    assert_int_equal(parse("pcm.pulse {\n type pulse\n}\nctl.pulse { type pulse }\n"),
                     ALSA_DEFAULT_UNSET);
    /* type pulse under another PCM, a comment, a string with braces */
    assert_int_equal(parse("pcm.mix { type pulse }\n# pcm.!default pulse\n"), ALSA_DEFAULT_UNSET);
    assert_int_equal(parse("x \"}{\" pcm.default.type pulse"), ALSA_DEFAULT_PULSE);
    /* pulseaudio's hook file: includes pulse-alsa.conf while a server runs */
    assert_int_equal(
        parse("@hooks [\n  {\n    func pulse_load_if_running\n    files [\n      "
              "\"/usr/share/alsa/pulse-alsa.conf\"\n    ]\n    errors false\n  }\n]\n"),
        ALSA_DEFAULT_PULSE);
    assert_int_equal(parse(""), ALSA_DEFAULT_UNSET);
    bad("pcm.!default {\n type pulse\n");
    bad("pcm.a }\n");
    bad("pcm.a \"open");
    bad("pcm.a [ 1 2");
    char deep[200] = "";
    for (int i = 0; i < 40; i++)
        strcat(deep, "a {");
    bad(deep);
}

/* Every configuration file this machine's alsa-lib ships parses. */
static void test_live_files(void **state)
{
    (void)state;
    static const char *const dirs[] = {"/usr/share/alsa/alsa.conf.d", "/usr/share/alsa/pcm",
                                       "/etc/alsa/conf.d"};
    int files = 0;
    for (size_t k = 0; k < 3; k++) {
        DIR *dp = opendir(dirs[k]);
        struct dirent *de;
        while (dp && (de = readdir(dp))) {
            size_t l = strlen(de->d_name);
            if (l < 6 || strcmp(de->d_name + l - 5, ".conf") != 0)
                continue;
            char path[600];
            snprintf(path, sizeof(path), "%s/%s", dirs[k], de->d_name);
            FILE *f = fopen(path, "r");
            if (!f)
                continue;
            static char buf[1 << 16];
            size_t n = fread(buf, 1, sizeof(buf), f);
            fclose(f);
            enum alsa_default v;
            struct diag d;
            diag_clear(&d);
            if (alsa_default_parse(buf, n, &v, &d) != 0)
                fail_msg("%s:%u: %s", path, d.line, d.message);
            files++;
        }
        if (dp)
            closedir(dp);
    }
    if (!files)
        skip();
}

static void test_read_fixtures(void **state)
{
    (void)state;
    struct rootfs *r;
    struct alsa_info a;
    assert_int_equal(rootfs_new("tests/roots/wsl2-audio-unrouted", &r), 0);
    alsa_read(r, &a);
    assert_true(a.configured);
    assert_false(a.malformed);
    assert_int_equal(a.files_read, 1);
    assert_int_equal(a.system, ALSA_DEFAULT_UNSET);
    assert_int_equal(a.n_users, 1);
    assert_string_equal(a.users[0], "alex");
    assert_int_equal(alsa_effective(&a, 0), ALSA_DEFAULT_UNSET);
    rootfs_free(r);
    assert_int_equal(rootfs_new("tests/roots/wsl2-audio-ready", &r), 0);
    alsa_read(r, &a);
    assert_int_equal(alsa_effective(&a, 0), ALSA_DEFAULT_PULSE);
    rootfs_free(r);
    assert_int_equal(rootfs_new("tests/roots/wsl2-16g-default", &r), 0);
    alsa_read(r, &a);
    assert_false(a.configured);
    rootfs_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test(test_live_files),
        cmocka_unit_test(test_read_fixtures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

#include "unit.h"

#include "probe/inference.h"
#include "probe/maps.h"
#include "util/size.h"

static void test_model_paths(void **state)
{
    (void)state;
    static const char *yes[] = {"/models/llama-3-8b.Q4_K_M.gguf", "/m/x.ggml",
                                "/home/u/whisper.cpp/models/ggml-base.en.bin"};
    static const char *no[] = {"/usr/lib/x86_64-linux-gnu/libc.so.6", "/models/.gguf", "/a/b.bin",
                               "/a/ggml-.bin", "/a/x.gguf.part"};
    for (size_t i = 0; i < 3; i++)
        assert_true(maps_is_model_path(yes[i], strlen(yes[i])));
    for (size_t i = 0; i < 5; i++)
        assert_false(maps_is_model_path(no[i], strlen(no[i])));
}

static void test_parse(void **state)
{
    (void)state;
    /* the shape of a llama-server's maps: the model mapped read-only shared */
    static const char t[] =
        "55a24e557000-55a24e559000 r--p 00000000 fe:00 247134                     "
        "/usr/bin/llama-server\n"
        "7f2a1c000000-7f2a9c000000 r--s 00000000 08:20 1234                       "
        "/models/llama-3-8b.Q4_K_M.gguf\n"
        "7f2a9c000000-7f2a9d000000 r--s 80000000 08:20 1234                       "
        "/models/llama-3-8b.Q4_K_M.gguf\n"
        "7ffd3bbd4000-7ffd3bbf5000 rw-p 00000000 00:00 0                          [stack]\n"
        "7ffd3bbf5000-7ffd3bbf6000 rw-p 00000000 00:00 0\n";
    struct maps_models m;
    struct diag d;
    assert_int_equal(maps_models_parse(STR_AND_LEN(t), &m, &d), 0);
    assert_int_equal(m.mappings, 2);
    assert_int_equal(m.mapped, 0x80000000ull + 0x1000000ull);
    assert_string_equal(m.first_path, "/models/llama-3-8b.Q4_K_M.gguf");
    static const char bad1[] = "zz-10 r--p 0 0:0 0\n";
    assert_int_equal(maps_models_parse(STR_AND_LEN(bad1), &m, &d), -EBADMSG);
    static const char bad2[] = "20-10 r--p 0 0:0 0\n";
    assert_int_equal(maps_models_parse(STR_AND_LEN(bad2), &m, &d), -EBADMSG);
    static const char bad3[] = "10-20 r--p 0\n";
    assert_int_equal(maps_models_parse(STR_AND_LEN(bad3), &m, &d), -EBADMSG);
    assert_int_equal(d.line, 1);
    static const char big[] = "0-11111111111111111111 r--p 0 0:0 0 /x.gguf\n";
    assert_int_equal(maps_models_parse(STR_AND_LEN(big), &m, &d), -EBADMSG);
}

/* A fake /proc with a llama-server (matched by name) and a process mapping a
 * .gguf under another name (matched by its maps). */
static void test_scan(void **state)
{
    (void)state;
    char *dir = unit_tmpdir();
    unit_write(dir, "proc/100/stat",
               "100 (llama-server) S 1 100 100 0 -1 0 0 0 0 0 5 1 0 0 20 0 4 0 100 1000 2000 "
               "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
    unit_write(dir, "proc/100/status",
               "Name:\tllama-server\nVmRSS:\t 8000 kB\nRssAnon:\t 1000 kB\n"
               "RssFile:\t 7000 kB\nRssShmem:\t 0 kB\n");
    unit_write(dir, "proc/100/maps", "");
    unit_write(dir, "proc/200/stat",
               "200 (python3) S 1 200 200 0 -1 0 0 0 0 0 5 1 0 0 20 0 4 0 100 1000 40000 "
               "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
    unit_write(dir, "proc/200/status",
               "Name:\tpython3\nVmRSS:\t 160000 kB\nRssAnon:\t 10000 kB\n"
               "RssFile:\t 150000 kB\nRssShmem:\t 0 kB\n");
    unit_write(dir, "proc/200/maps",
               "7f0000000000-7f0010000000 r--s 00000000 08:20 99 /srv/m/phi-3.gguf\n");
    unit_write(dir, "proc/300/stat",
               "300 (bash) S 1 300 300 0 -1 0 0 0 0 0 5 1 0 0 20 0 4 0 100 1000 500 "
               "18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n");
    struct rootfs *r;
    assert_int_equal(rootfs_new(dir, &r), 0);
    struct inference_list l;
    assert_int_equal(inference_scan(r, NULL, 0, 4096, &l), 0);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.procs[0].pid, 100);
    assert_int_equal(l.procs[0].rss_file, 7000 * KIB);
    assert_int_equal(l.procs[1].pid, 200);
    assert_string_equal(l.procs[1].model, "/srv/m/phi-3.gguf");
    assert_int_equal(l.procs[1].model_mapped, 0x10000000);
    assert_int_equal(l.protected_bytes, (7000 + 150000) * KIB);
    /* an extra name makes bash count too, if it holds memory */
    const char *extra[] = {"bash", NULL};
    assert_int_equal(inference_scan(r, extra, 0, 4096, &l), 0);
    assert_int_equal(l.n, 2); /* bash has no status file: skipped */
    rootfs_free(r);
    unit_rmrf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_model_paths),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_scan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

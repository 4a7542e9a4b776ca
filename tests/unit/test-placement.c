#include "unit.h"

#include <fcntl.h>

#include "probe/placement.h"

/* the fixture: WSL's Ollama service whose store is a link to the Windows
 * app's (/usr/share/ollama/.ollama -> /mnt/c/Users/alex/.ollama), and a
 * llama-server whose model is on ext4 */
#define ROOT "tests/roots/wsl2-model-on-drvfs"
#define BLOB "sha256-0f077be44d9f6def578333962a1a54ec7820b7474ae25551d896b843b3e7ed56"

static void test_resolve(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new(ROOT, &r), 0);
    char buf[1024];
    assert_true(
        placement_resolve(r, "/usr/share/ollama/.ollama/models/blobs/" BLOB, buf, sizeof(buf)));
    assert_string_equal(buf, "/mnt/c/Users/alex/.ollama/models/blobs/" BLOB);
    /* no link: as written, "." and ".." taken out */
    assert_true(placement_resolve(r, "/home/./alex/x/../models/a.gguf", buf, sizeof(buf)));
    assert_string_equal(buf, "/home/alex/models/a.gguf");
    assert_true(placement_resolve(r, "/", buf, sizeof(buf)));
    assert_string_equal(buf, "/");
    assert_false(placement_resolve(r, "/usr/share/ollama/.ollama/x", buf, 10)); /* too small */
    rootfs_free(r);

    /* a relative link, and a loop */
    char *dir = unit_tmpdir();
    unit_write(dir, "data/m.gguf", "x");
    char p[4200], t[4200];
    snprintf(p, sizeof(p), "%s/models", dir);
    assert_int_equal(symlink("data", p), 0);
    snprintf(p, sizeof(p), "%s/a", dir);
    snprintf(t, sizeof(t), "%s/b", dir);
    assert_int_equal(symlink("b", p), 0);
    assert_int_equal(symlink("a", t), 0);
    assert_int_equal(rootfs_new(dir, &r), 0);
    assert_true(placement_resolve(r, "/models/m.gguf", buf, sizeof(buf)));
    assert_string_equal(buf, "/data/m.gguf");
    assert_false(placement_resolve(r, "/a/x", buf, sizeof(buf)));
    rootfs_free(r);
    unit_rmrf(dir);
}

static void test_scan_fixture(void **state)
{
    (void)state;
    struct rootfs *r;
    assert_int_equal(rootfs_new(ROOT, &r), 0);
    struct mount_table t;
    struct probe_status st;
    assert_int_equal(mounts_read(r, &t, &st), 0);
    struct drvfs_models l;
    drvfs_models_scan(r, &t, 4096, true, &l);
    /* llama-server's model is on ext4: Ollama's runner (a link into the
     * Windows store, on its command line) and llama-cli (a mapping) are */
    assert_true(l.procs_seen >= 3);
    assert_int_equal(l.n, 2);
    assert_int_equal(l.v[0].pid, 2305);
    assert_string_equal(l.v[0].proc_name, "ollama");
    assert_false(l.v[0].mapped);
    assert_string_equal(l.v[0].path, "/usr/share/ollama/.ollama/models/blobs/" BLOB);
    assert_string_equal(l.v[0].real, "/mnt/c/Users/alex/.ollama/models/blobs/" BLOB);
    assert_string_equal(l.v[0].mount_target, "/mnt/c");
    assert_int_equal(l.v[0].size, 143232);
    assert_int_equal(l.v[1].pid, 2450);
    assert_true(l.v[1].mapped);
    assert_string_equal(l.v[1].path, "/mnt/c/Users/alex/Downloads/tiny-gemma3-f16.gguf");
    assert_int_equal(l.v[1].size, 516064);
    /* a snapshot is never measured, even when asked */
    assert_false(l.v[0].speed.measured);
    assert_non_null(strstr(l.v[0].speed.why_not, "snapshot"));
    mount_table_release(&t);
    rootfs_free(r);
}

static void test_read_speed_live(void **state)
{
    (void)state;
    /* a local file of 6 MiB, read with a 4 MiB bound */
    char *dir = unit_tmpdir();
    char p[4200];
    snprintf(p, sizeof(p), "%s/m.gguf", dir);
    int fd = open(p, O_WRONLY | O_CREAT, 0644);
    assert_true(fd >= 0);
    static char chunk[1 << 20];
    memset(chunk, 'a', sizeof(chunk));
    for (int i = 0; i < 6; i++)
        assert_int_equal(write(fd, chunk, sizeof(chunk)), (ssize_t)sizeof(chunk));
    close(fd);
    struct rootfs *r;
    assert_int_equal(rootfs_new("/", &r), 0);
    struct read_speed s;
    read_speed_measure(r, p, 4u << 20, 2000, &s);
    assert_true(s.measured);
    assert_int_equal(s.bytes, 4u << 20);
    assert_true(s.ns > 0);
    assert_true(read_speed_bps(&s) > 0);
    /* the time bound: with 0 ms, one chunk and no more */
    read_speed_measure(r, p, 6u << 20, 0, &s);
    assert_true(s.measured);
    assert_int_equal(s.bytes, 1u << 20);
    /* the whole file when it is shorter than the bound */
    read_speed_measure(r, p, 64u << 20, 2000, &s);
    assert_int_equal(s.bytes, 6u << 20);
    read_speed_measure(r, "/nonexistent/m.gguf", 1 << 20, 100, &s);
    assert_false(s.measured);
    assert_non_null(strstr(s.why_not, "cannot open"));
    rootfs_free(r);
    unit_rmrf(dir);
}

static void test_cmdline(void **state)
{
    (void)state;
#define CL(s) placement_cmdline_model(s, sizeof(s) - 1)
    /* the forms as /proc/PID/cmdline holds them */
    assert_string_equal(CL("llama-server\0-m\0/m/a.gguf\0-c\0004096\0"), "/m/a.gguf");
    assert_string_equal(CL("ollama\0runner\0--model\0/o/models/blobs/sha256-ab\0"),
                        "/o/models/blobs/sha256-ab");
    assert_string_equal(CL("x\0--model=/m/b.gguf\0"), "/m/b.gguf");
    assert_string_equal(CL("whisper-cli\0-f\0/a.wav\0/m/ggml-base.en.bin\0"),
                        "/m/ggml-base.en.bin");
    /* relative models are not guessed at; nothing named; not NUL-terminated */
    assert_null(CL("llama-server\0-m\0models/a.gguf\0"));
    assert_null(CL("bash\0-c\0sleep 1\0"));
    static const char unterminated[] = "llama-server\0-m\0/m/a.gguf";
    assert_null(placement_cmdline_model(unterminated, sizeof(unterminated) - 1));
    assert_null(placement_cmdline_model("", 0));
#undef CL
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resolve),
        cmocka_unit_test(test_scan_fixture),
        cmocka_unit_test(test_read_speed_live),
        cmocka_unit_test(test_cmdline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* The remote reader's two pieces that need no server (tests/cli/fit-remote.sh
 * runs the rest against nginx): the GGUF parser fed a growing prefix as
 * model/remote.c feeds it, on a real llama.cpp file, and the header cache. */
#include "unit.h"

#include <dirent.h>

#include "model/gguf.h"
#include "model/remote.h"
#include "util/strbuf.h"

/* Feeds the parser as remote.c does, with a first range and a margin scaled
 * to the file; returns the requests it took and the bytes it fetched. */
static void feed(const uint8_t *buf, size_t size, size_t first, size_t margin,
                 unsigned *ret_requests, size_t *ret_have, uint64_t info_end)
{
    size_t have = first < size ? first : size;
    unsigned requests = 1;
    for (;;) {
        struct gguf_file g;
        struct diag d;
        diag_clear(&d);
        uint64_t need = 0, guess = 0;
        int e = gguf_parse_prefix(buf, have, size, &g, &need, &guess, &d);
        if (e == 0) {
            assert_int_equal(g.info_end, info_end);
            gguf_free(&g);
            break;
        }
        assert_int_equal(e, -ENODATA);
        /* more than it has, never past the header's end */
        assert_true(need > have && need <= info_end && guess >= need);
        /* remote.c's rule, scaled */
        size_t to = need + margin;
        if (guess > need + 4 * margin)
            guess = need + 4 * margin;
        if (guess + margin / 4 > to)
            to = guess + margin / 4;
        have = to < size ? to : size;
        requests++;
        assert_true(requests < 100);
    }
    *ret_requests = requests;
    *ret_have = have;
}

/* llama.cpp's own converter output (tests/data/gguf/README.md): 32000 tokens,
 * their scores and types, the whole header in the file. With a first range
 * and margin of a 12th of the header each (as 1 MiB is to a 12 MiB header,
 * larger than a 256k-token vocabulary's) the reader takes at most 3 requests
 * and reads at most the header plus the margin. */
static void test_prefix_real_vocab(void **state)
{
    (void)state;
    size_t size;
    char *buf = unit_slurp("tests/data/gguf/ggml-vocab-llama-spm.gguf", &size);
    struct gguf_file full;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(gguf_parse_mem(buf, size, &full, &d), 0);
    uint64_t info_end = full.info_end;
    gguf_free(&full);
    size_t step = (size_t)(info_end / 12);
    unsigned requests;
    size_t have;
    feed((const uint8_t *)buf, size, step, step, &requests, &have, info_end);
    print_message("header %llu bytes: %u requests, %zu bytes\n", (unsigned long long)info_end,
                  requests, have);
    assert_true(requests <= 3);
    assert_true(have <= info_end + step);
    /* and every first range from 1 byte on gets there, within the bound */
    for (size_t f = 1; f < info_end; f += 997) {
        feed((const uint8_t *)buf, size, f, 4096, &requests, &have, info_end);
        assert_true(have <= info_end + 4096 || have == f);
    }
    free(buf);
}

static void test_prefix_malformed_same_offset(void **state)
{
    (void)state;
    size_t size;
    char *buf = unit_slurp("tests/data/gguf/ggml-vocab-gpt-2.gguf", &size);
    /* the 3rd key's value type made invalid: found at the same offset
     * whatever was fetched first */
    struct gguf_file g;
    struct diag d, d2;
    diag_clear(&d);
    assert_int_equal(gguf_parse_mem(buf, size, &g, &d), 0);
    uint64_t at = g.kv[2].at + 8 + g.kv[2].key_len;
    gguf_free(&g);
    memset(buf + at, 0x7f, 4);
    diag_clear(&d);
    assert_int_equal(gguf_parse_mem(buf, size, &g, &d), -EBADMSG);
    diag_clear(&d2);
    uint64_t need, guess;
    assert_int_equal(gguf_parse_prefix(buf, (size_t)at + 4, size, &g, &need, &guess, &d2),
                     -EBADMSG);
    assert_int_equal(d.offset, d2.offset);
    assert_int_equal(d.offset, at);
    /* short of it: more is asked for */
    assert_int_equal(gguf_parse_prefix(buf, (size_t)at, size, &g, &need, &guess, &d2), -ENODATA);
    assert_true(need > at);
    free(buf);
}

static void test_cache_roundtrip(void **state)
{
    (void)state;
    char *t = unit_tmpdir();
    char dir[600];
    snprintf(dir, sizeof(dir), "%s/new/headroom/gguf-headers", t);
    const char *url = "https://huggingface.co/o/r/resolve/main/m.gguf";
    const uint8_t bytes[] = "GGUF\3\0\0\0 header bytes";
    assert_int_equal(remote_cache_store(dir, url, "\"abc\"", 123456, bytes, sizeof(bytes)), 0);
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    char etag[64];
    uint64_t size;
    uint8_t *buf;
    size_t len;
    assert_int_equal(remote_cache_load(dir, url, etag, sizeof(etag), &size, &buf, &len), 0);
    assert_string_equal(etag, "\"abc\"");
    assert_int_equal(size, 123456);
    assert_int_equal(len, sizeof(bytes));
    assert_memory_equal(buf, bytes, len);
    free(buf);
    /* another URL: nothing */
    assert_int_equal(
        remote_cache_load(dir, "https://x/m.gguf", etag, sizeof(etag), &size, &buf, &len), -ENOENT);
    /* a line break cannot go into an entry */
    assert_int_equal(remote_cache_store(dir, url, "\"a\nb\"", 1, bytes, sizeof(bytes)), -EINVAL);
    unit_rmrf(t);
}

/* Entries that are not what remote_cache_store() writes are refused, never
 * read past their end. */
static void test_cache_malformed(void **state)
{
    (void)state;
    char *t = unit_tmpdir();
    const char *url = "http://127.0.0.1/m.gguf";
    const uint8_t b[] = "GGUF....";
    assert_int_equal(remote_cache_store(t, url, "", 100, b, 8), 0);
    char path[700];
    DIR *dp = opendir(t);
    struct dirent *de;
    while ((de = readdir(dp)))
        if (de->d_name[0] != '.')
            snprintf(path, sizeof(path), "%s/%s", t, de->d_name);
    closedir(dp);
    size_t n;
    char *good = unit_slurp(path, &n);
    const char *bad[] = {
        "headroom-gguf-header 2\n",
        "headroom-gguf-header 1\nurl http://127.0.0.1/m.gguf\netag \nsize 100\nbytes 9\n\nGGUF....",
        "headroom-gguf-header 1\nurl http://127.0.0.1/m.gguf\netag \nsize 4\nbytes 8\n\nGGUF....",
        "headroom-gguf-header 1\nurl http://127.0.0.1/m.gguf\netag \nsize 100\nbytes "
        "18446744073709551623\n\nGGUF....",
        "headroom-gguf-header 1\nurl http://127.0.0.1/m.gguf\netag \nsize 100\nbytes 8\nGGUF....",
        "headroom-gguf-header 1\nurl http://127.0.0.1/m.gguf",
        "",
    };
    char etag[64];
    uint64_t size;
    uint8_t *buf;
    size_t len;
    assert_int_equal(remote_cache_load(t, url, etag, sizeof(etag), &size, &buf, &len), 0);
    free(buf);
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        FILE *f = fopen(path, "w");
        fputs(bad[i], f);
        fclose(f);
        assert_int_equal(remote_cache_load(t, url, etag, sizeof(etag), &size, &buf, &len),
                         -EBADMSG);
    }
    free(good);
    unit_rmrf(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prefix_real_vocab),
        cmocka_unit_test(test_prefix_malformed_same_offset),
        cmocka_unit_test(test_cache_roundtrip),
        cmocka_unit_test(test_cache_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

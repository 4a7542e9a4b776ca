/* What a file given as --root is: the starts of real archives (a headroom
 * snapshot tar, a GNU tar, a gzip file, a member named ../a), kept as the
 * fuzz seeds in fuzz/corpus/fuzz-tar-peek/. */
#include "unit.h"

#include "util/tar-peek.h"

static enum tar_kind peek(const char *seed, char *top, size_t n)
{
    char path[256];
    snprintf(path, sizeof(path), "fuzz/corpus/fuzz-tar-peek/%s", seed);
    size_t len;
    char *buf = unit_slurp(path, &len);
    enum tar_kind k = tar_peek_parse((const unsigned char *)buf, len, top, n);
    free(buf);
    return k;
}

static void test_real_archives(void **state)
{
    (void)state;
    char top[101];
    /* headroom snapshot -o s3.tar: first member "s3/" */
    assert_int_equal(peek("snapshot-head", top, sizeof(top)), TAR_USTAR);
    assert_string_equal(top, "s3");
    /* tar --format=gnu -cf gnu.tar g: "ustar  " magic, member "g/" */
    assert_int_equal(peek("gnu-head", top, sizeof(top)), TAR_USTAR);
    assert_string_equal(top, "g");
    assert_int_equal(peek("gzip-head", top, sizeof(top)), TAR_GZIP);
    assert_string_equal(top, "");
    /* a member "../a": a tar, but no directory to name */
    assert_int_equal(peek("dotdot-name", top, sizeof(top)), TAR_USTAR);
    assert_string_equal(top, "");
    /* the first 300 bytes only: no whole header */
    assert_int_equal(peek("truncated", top, sizeof(top)), TAR_NONE);
}

static void test_checksum_and_room(void **state)
{
    (void)state;
    size_t len;
    char *buf = unit_slurp("fuzz/corpus/fuzz-tar-peek/snapshot-head", &len);
    char top[101];
    /* a name longer than the room given: a tar, no name */
    char small[2];
    assert_int_equal(tar_peek_parse((unsigned char *)buf, len, small, sizeof(small)), TAR_USTAR);
    assert_string_equal(small, "");
    buf[0] ^= 1; /* one byte changed: the checksum no longer holds */
    assert_int_equal(tar_peek_parse((unsigned char *)buf, len, top, sizeof(top)), TAR_NONE);
    free(buf);
    assert_int_equal(tar_peek_parse((const unsigned char *)"", 0, top, sizeof(top)), TAR_NONE);
}

static void test_advice(void **state)
{
    (void)state;
    struct strbuf sb = STRBUF_INIT;
    tar_extract_advice("/tmp/snap.tar", TAR_USTAR, "snap", &sb);
    assert_string_equal(sb.buf, "a tar file, not a directory; extract it first: mkdir snap && "
                                "tar -xf /tmp/snap.tar -C snap, then give --root snap/snap");
    strbuf_reset(&sb);
    /* a name with a blank is quoted; DIR/TOP is one word */
    tar_extract_advice("my pc.tar", TAR_USTAR, "my pc", &sb);
    assert_string_equal(sb.buf, "a tar file, not a directory; extract it first: mkdir 'my pc' && "
                                "tar -xf 'my pc.tar' -C 'my pc', then give --root 'my pc/my pc'");
    strbuf_reset(&sb);
    tar_extract_advice("backup", TAR_GZIP, "", &sb);
    assert_string_equal(sb.buf, "a gzip file (a .tar.gz?), not a directory; extract it first: "
                                "mkdir snap && tar -xf backup -C snap, then give --root the "
                                "directory tar made inside snap");
    strbuf_reset(&sb);
    /* a newline in the name: no command is built around it */
    tar_extract_advice("a\nb.tar", TAR_USTAR, "x", &sb);
    assert_string_equal(sb.buf, "a tar file, not a directory; extract it first with tar -xf");
    strbuf_release(&sb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_archives),
        cmocka_unit_test(test_checksum_and_room),
        cmocka_unit_test(test_advice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

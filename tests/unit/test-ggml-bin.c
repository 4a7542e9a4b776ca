/* The whisper.cpp .bin reader on a real header (tests/data/ggml-bin) with
 * tensor records appended: element counts that pass 2^64 are refused with
 * the offset of the dimension, not wrapped to a small size. */
#include "unit.h"

#include <stdint.h>

#include "model/ggml-bin.h"

static size_t put_i32(uint8_t *p, int32_t v)
{
    memcpy(p, &v, 4); /* the format is little-endian, as this host */
    return 4;
}

/* the header of the tiny test model followed by one tensor record */
static uint8_t *with_tensor(const int32_t *ne, int n_dims, int32_t type, size_t *ret_n,
                            uint64_t *ret_dims_at)
{
    size_t n;
    char *hdr = unit_slurp("tests/data/ggml-bin/for-tests-ggml-tiny.bin", &n);
    struct ggml_bin b;
    struct diag d;
    assert_int_equal(ggml_bin_parse_mem(hdr, n, &b, &d), 0);
    size_t keep = (size_t)b.header_end;
    ggml_bin_free(&b);
    uint8_t *buf = malloc(keep + 64);
    assert_non_null(buf);
    memcpy(buf, hdr, keep);
    free(hdr);
    size_t at = keep;
    at += put_i32(buf + at, n_dims);
    at += put_i32(buf + at, 1); /* name length */
    at += put_i32(buf + at, type);
    *ret_dims_at = at;
    for (int i = 0; i < n_dims; i++)
        at += put_i32(buf + at, ne[i]);
    buf[at++] = 'x';
    *ret_n = at;
    return buf;
}

static void test_element_count_overflow(void **state)
{
    (void)state;
    /* 2^30 x 2^30 x 16 = 2^64: wrapped to 0 bytes before the check */
    static const int32_t wrap[] = {1 << 30, 1 << 30, 16};
    size_t n;
    uint64_t dims_at;
    uint8_t *buf = with_tensor(wrap, 3, 0, &n, &dims_at);
    struct ggml_bin b;
    struct diag d;
    diag_clear(&d);
    assert_int_equal(ggml_bin_parse_mem(buf, n, &b, &d), -EBADMSG);
    char msg[300];
    diag_format(&d, msg, sizeof(msg));
    assert_non_null(strstr(msg, "element count passes 2^64"));
    /* the offset is the dimension that made it pass: the third */
    assert_int_equal(d.offset, dims_at + 8);
    free(buf);

    /* a small tensor with its data missing is still refused for the data */
    static const int32_t small[] = {4, 4};
    buf = with_tensor(small, 2, 0, &n, &dims_at);
    diag_clear(&d);
    assert_int_equal(ggml_bin_parse_mem(buf, n, &b, &d), -EBADMSG);
    diag_format(&d, msg, sizeof(msg));
    assert_non_null(strstr(msg, "64 bytes of data"));
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_element_count_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

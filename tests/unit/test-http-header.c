/* HTTP response header lines as libcurl passes them (CR LF kept), from a
 * real nginx 1.22.1 answering "Range: bytes=0-1048575" for a 6301984-byte
 * file (net/http-header.h), and what a server might send besides. */
#include "unit.h"

#include "net/http-header.h"

static struct http_hdr parse(const char *line)
{
    struct http_hdr h;
    http_header_parse(line, strlen(line), &h);
    return h;
}

static void test_nginx(void **state)
{
    (void)state;
    assert_int_equal(parse("HTTP/1.1 206 Partial Content\r\n").kind, HDR_STATUS);
    assert_int_equal(parse("Server: nginx/1.22.1\r\n").kind, HDR_OTHER);
    struct http_hdr h = parse("Content-Length: 1048576\r\n");
    assert_int_equal(h.kind, HDR_CONTENT_LENGTH);
    assert_int_equal(h.length, 1048576);
    h = parse("ETag: \"6b11165b-602920\"\r\n");
    assert_int_equal(h.kind, HDR_ETAG);
    assert_int_equal(h.value_len, strlen("\"6b11165b-602920\""));
    assert_memory_equal(h.value, "\"6b11165b-602920\"", h.value_len);
    h = parse("Content-Range: bytes 0-1048575/6301984\r\n");
    assert_int_equal(h.kind, HDR_CONTENT_RANGE);
    assert_int_equal(h.start, 0);
    assert_int_equal(h.end, 1048575);
    assert_true(h.total_known);
    assert_int_equal(h.total, 6301984);
}

static void test_other_forms(void **state)
{
    (void)state;
    /* HTTP/2 through libcurl: lower case names */
    struct http_hdr h = parse("content-range: bytes 1048576-2633318/48328224\r\n");
    assert_int_equal(h.kind, HDR_CONTENT_RANGE);
    assert_int_equal(h.start, 1048576);
    assert_int_equal(h.total, 48328224);
    assert_int_equal(parse("HTTP/2 200\r\n").kind, HDR_STATUS);
    /* an unknown total */
    h = parse("Content-Range: bytes 0-99/*\r\n");
    assert_int_equal(h.kind, HDR_CONTENT_RANGE);
    assert_false(h.total_known);
    /* a weak ETag, kept as sent */
    h = parse("etag: W/\"abc\"");
    assert_int_equal(h.kind, HDR_ETAG);
    assert_int_equal(h.value_len, 7);
}

static void test_refused(void **state)
{
    (void)state;
    const char *bad[] = {
        "Content-Range: bytes 0-1048575/18446744073709551616\r\n", /* 2^64 */
        "Content-Range: bytes 99-0/100\r\n",                       /* end before start */
        "Content-Range: bytes 0-100/100\r\n",                      /* past the total */
        "Content-Range: bytes */6301984\r\n",                      /* a 416's form */
        "Content-Range: items 0-9/10\r\n",
        "Content-Range: bytes 0-9/10 junk\r\n",
        "Content-Range: bytes 0-",
        "Content-Length: 12abc\r\n",
        "Content-Length: \r\n",
        "Content-Length: 99999999999999999999\r\n",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(parse(bad[i]).kind, HDR_OTHER);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nginx),
        cmocka_unit_test(test_other_forms),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* An HTTP response header line (net/http-header.h) over arbitrary bytes:
 * never a crash or a read past the line; a range it accepts is ordered and
 * inside its total; an ETag lies inside the line. */
#include "fuzz.h"
#include "net/http-header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct http_hdr h;
    http_header_parse((const char *)data, size, &h);
    if (h.kind == HDR_CONTENT_RANGE)
        FUZZ_ASSERT(h.start <= h.end && (!h.total_known || h.end < h.total));
    if (h.kind == HDR_ETAG)
        FUZZ_ASSERT(h.value >= (const char *)data &&
                    h.value + h.value_len <= (const char *)data + size);
    return 0;
}

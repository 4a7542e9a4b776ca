/* An entry of the remote header cache (model/remote-cache.c) over arbitrary
 * bytes: never a crash or a read past the input; what it accepts is the URL
 * asked for, and header bytes inside the input and within the file size. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "model/remote.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    char etag[200];
    uint64_t fsize;
    uint8_t *buf;
    size_t len;
    if (remote_cache_parse((const char *)data, size, "http://127.0.0.1/m.gguf", etag, sizeof(etag),
                           &fsize, &buf, &len) == 0) {
        FUZZ_ASSERT(len > 0 && len < size && len <= fsize && strlen(etag) < sizeof(etag));
        FUZZ_ASSERT(memcmp(buf, data + size - len, len) == 0);
        free(buf);
    }
    return 0;
}

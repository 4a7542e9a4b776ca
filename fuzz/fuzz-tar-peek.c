#include <string.h>

#include "fuzz.h"
#include "util/tar-peek.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    char top[101];
    enum tar_kind k = tar_peek_parse(data, size, top, sizeof(top));
    FUZZ_ASSERT(k == TAR_NONE || k == TAR_USTAR || k == TAR_GZIP);
    /* the top directory is a plain printable name or nothing */
    size_t n = strnlen(top, sizeof(top));
    FUZZ_ASSERT(n < sizeof(top));
    FUZZ_ASSERT(k == TAR_USTAR || n == 0);
    for (size_t i = 0; i < n; i++)
        FUZZ_ASSERT(top[i] >= 0x20 && top[i] < 0x7f && top[i] != '/');
    FUZZ_ASSERT(strcmp(top, "..") != 0 && strcmp(top, ".") != 0);
    return 0;
}

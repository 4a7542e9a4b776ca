#include <string.h>

#include "fuzz.h"
#include "probe/placement.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const char *buf = (const char *)data;
    const char *m = placement_cmdline_model(buf, size);
    if (m) {
        /* inside the buffer, absolute, and ends at a NUL within it */
        FUZZ_ASSERT(m >= buf && m < buf + size && m[0] == '/');
        FUZZ_ASSERT(memchr(m, '\0', (size_t)(buf + size - m)) != NULL);
    }
    return 0;
}

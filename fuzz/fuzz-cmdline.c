#include <string.h>

#include "fuzz.h"
#include "probe/cmdline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    static struct cmdline c;
    struct diag d;
    diag_clear(&d);
    if (cmdline_parse((const char *)data, size, &c, &d) == 0) {
        FUZZ_ASSERT(strlen(c.raw) < sizeof(c.raw));
        FUZZ_ASSERT(c.psi >= -1 && c.psi <= 1);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
    }
    return 0;
}

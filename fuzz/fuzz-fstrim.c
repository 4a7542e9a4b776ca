#include "disk/trim.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    uint64_t v = 12345;
    struct diag d;
    diag_clear(&d);
    if (fstrim_output_parse((const char *)data, size, &v, &d) < 0)
        FUZZ_ASSERT(d.message[0] != '\0' && v == 12345);
    return 0;
}

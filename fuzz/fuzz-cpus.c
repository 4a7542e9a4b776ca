#include "fuzz.h"
#include "probe/cpus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct cpus c;
    struct diag d;
    diag_clear(&d);
    if (cpus_parse((const char *)data, size, &c, &d) == 0) {
        FUZZ_ASSERT(c.online >= 1 && c.online <= CPUS_MAX_ID + 1);
        FUZZ_ASSERT(c.max_id <= CPUS_MAX_ID && c.online <= c.max_id + 1);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
    }
    return 0;
}

#include "fuzz.h"
#include "probe/psi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct psi p;
    struct diag d;
    diag_clear(&d);
    if (psi_parse((const char *)data, size, &p, &d) == 0) {
        FUZZ_ASSERT(p.some.avg10 <= 10000 && p.some.avg60 <= 10000 && p.some.avg300 <= 10000);
        FUZZ_ASSERT(!p.has_full || p.full.avg60 <= 10000);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
    }
    return 0;
}

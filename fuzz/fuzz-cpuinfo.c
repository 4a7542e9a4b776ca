#include "fuzz.h"
#include "probe/cpus.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct cpu_features f;
    struct diag d;
    diag_clear(&d);
    if (cpuinfo_flags_parse((const char *)data, size, &f, &d) == 0)
        FUZZ_ASSERT(f.known || (!f.avx2 && !f.avx512f));
    else
        FUZZ_ASSERT(d.message[0] != '\0' && d.line >= 1);
    return 0;
}

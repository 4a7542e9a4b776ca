#include "fuzz.h"
#include "probe/vmstat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct vmstat v;
    struct diag d;
    diag_clear(&d);
    if (vmstat_parse((const char *)data, size, &v, &d) == 0)
        FUZZ_ASSERT(v.has_refault || v.workingset_refault_file == 0);
    else
        FUZZ_ASSERT(d.message[0] != '\0' && d.line > 0);
    unsigned pct;
    diag_clear(&d);
    if (vm_percent_parse((const char *)data, size, &pct, &d) == 0)
        FUZZ_ASSERT(pct <= 100);
    return 0;
}

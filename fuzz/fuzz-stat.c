#include "fuzz.h"
#include "probe/stat.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct cpu_times c;
    struct diag d;
    diag_clear(&d);
    if (cpu_times_parse((const char *)data, size, &c, &d) == 0) {
        FUZZ_ASSERT(c.nfields >= 4 && c.nfields <= 8);
        FUZZ_ASSERT(cpu_times_busy(&c) >= c.user && cpu_times_idle(&c) >= c.idle);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
    }
    return 0;
}

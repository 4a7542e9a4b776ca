#include <string.h>

#include "fuzz.h"
#include "probe/meminfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    static struct meminfo m;
    struct diag d;
    diag_clear(&d);
    if (meminfo_parse((const char *)data, size, &m, &d) == 0) {
        uint64_t v;
        FUZZ_ASSERT(m.nfields <= MEMINFO_MAX_FIELDS);
        FUZZ_ASSERT(meminfo_get(&m, "MemTotal", &v) && v == m.mem_total);
        FUZZ_ASSERT(meminfo_get(&m, "MemFree", &v) && v == m.mem_free);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
        FUZZ_ASSERT(d.line >= 1);
    }
    return 0;
}

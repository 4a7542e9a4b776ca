#include "fuzz.h"
#include "probe/swaps.h"
#include "util/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    static struct swaps s;
    struct diag d;
    diag_clear(&d);
    if (swaps_parse((const char *)data, size, &s, &d) == 0) {
        uint64_t total = 0;
        FUZZ_ASSERT(s.n <= SWAPS_MAX);
        for (size_t i = 0; i < s.n; i++)
            total = sat_add_u64(total, s.areas[i].size);
        FUZZ_ASSERT(total == s.total);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
    }
    return 0;
}

#include "fuzz.h"
#include "probe/buddyinfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    static struct buddyinfo b;
    struct diag d;
    diag_clear(&d);
    if (buddyinfo_parse((const char *)data, size, &b, &d) == 0) {
        FUZZ_ASSERT(b.n <= BUDDY_MAX_ZONES);
        /* free below order 0 is nothing; below the top is at most the total */
        FUZZ_ASSERT(buddyinfo_free_below(&b, 0, 4096) == 0);
        FUZZ_ASSERT(buddyinfo_free_below(&b, 5, 4096) <= buddyinfo_free_total(&b, 4096));
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
    }
    return 0;
}

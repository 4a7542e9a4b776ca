#include "fuzz.h"
#include "watchlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct watchlog l;
    struct diag d;
    diag_clear(&d);
    if (watchlog_parse((const char *)data, size, &l, &d) == 0) {
        for (size_t i = 0; i < l.nsamples; i++) {
            FUZZ_ASSERT(l.samples[i].mem_free <= l.samples[i].mem_total);
            FUZZ_ASSERT(!l.samples[i].has_psi ||
                        (l.samples[i].psi_some_avg10 >= 0 && l.samples[i].psi_some_avg10 <= 100));
        }
        watchlog_release(&l);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0' && d.line >= 1);
    }
    return 0;
}

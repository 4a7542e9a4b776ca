#include "fuzz.h"
#include "probe/uptime.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct uptime u;
    struct diag d;
    diag_clear(&d);
    if (uptime_parse((const char *)data, size, &u, &d) == 0) {
        uint64_t busy, idle;
        if (uptime_cpu_times(&u, 4, &busy, &idle))
            FUZZ_ASSERT(idle == u.idle_cs && busy <= u.up_cs * 4);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
    }
    return 0;
}

#include "fuzz.h"
#include "reclaim/watchconf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct policy_config c;
    policy_config_default(&c);
    struct diag d;
    diag_clear(&d);
    if (watchconf_parse((const char *)data, size, &c, &d) == 0) {
        FUZZ_ASSERT(c.idle_tick_ms > 0 && c.step_min <= c.step_max);
        FUZZ_ASSERT(c.drop_level == 1 || c.drop_level == 3);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0' && d.line > 0);
    }
    return 0;
}

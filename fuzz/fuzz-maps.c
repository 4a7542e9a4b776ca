#include <string.h>

#include "fuzz.h"
#include "probe/maps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct maps_models m;
    struct diag d;
    diag_clear(&d);
    if (maps_models_parse((const char *)data, size, &m, &d) == 0) {
        FUZZ_ASSERT((m.mappings == 0) == (m.first_path[0] == '\0'));
        FUZZ_ASSERT(strlen(m.first_path) < sizeof(m.first_path));
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
    }
    return 0;
}

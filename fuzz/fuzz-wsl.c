#include <string.h>

#include "fuzz.h"
#include "probe/wsl.h"

/* wslinfo --version output and the snapshot's .headroom/env */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const char *buf = (const char *)data;
    char v[32], val[128];
    struct diag d;
    diag_clear(&d);
    if (wsl_version_parse(buf, size, v, sizeof(v), &d) == 0) {
        FUZZ_ASSERT(v[0] >= '0' && v[0] <= '9');
        FUZZ_ASSERT(strspn(v, "0123456789.") == strlen(v));
    }
    if (wsl_env_lookup(buf, size, "WSL_DISTRO_NAME", val, sizeof(val)))
        FUZZ_ASSERT(strlen(val) < sizeof(val));
    return 0;
}

#include <string.h>

#include "fuzz.h"
#include "probe/kernel.h"
#include "probe/wsl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct kernel_release r;
    static struct kernel_version v;
    struct diag d;
    diag_clear(&d);
    if (kernel_release_parse((const char *)data, size, &r, &d) == 0) {
        FUZZ_ASSERT(strlen(r.release) > 0 && strlen(r.release) < sizeof(r.release));
        enum wsl_kind k = wsl_kind_from_release(r.release, NULL);
        FUZZ_ASSERT(k == WSL_NONE || k == WSL_1 || k == WSL_2);
    }
    diag_clear(&d);
    if (kernel_version_parse((const char *)data, size, &v, &d) == 0)
        FUZZ_ASSERT(strlen(v.release) > 0 && strncmp(v.banner, "Linux version ", 14) == 0);
    return 0;
}

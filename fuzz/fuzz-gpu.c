#include <string.h>

#include "fuzz.h"
#include "probe/gpu.h"

/* /usr/local/cuda/version.json and dpkg info file names */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    char v[32];
    struct diag d;
    diag_clear(&d);
    if (cuda_version_json_parse((const char *)data, size, v, sizeof(v), &d) == 0) {
        FUZZ_ASSERT(v[0] != '\0' && strlen(v) < sizeof(v));
        FUZZ_ASSERT(strspn(v, "0123456789.") == strlen(v));
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
    }
    char name[256], pkg[80];
    size_t n = size < sizeof(name) - 1 ? size : sizeof(name) - 1;
    memcpy(name, data, n);
    name[n] = '\0';
    if (dpkg_list_package(name, pkg, sizeof(pkg)) == 0) {
        FUZZ_ASSERT(pkg[0] != '\0' && strchr(pkg, ':') == NULL);
        (void)nvidia_pkg_classify(pkg);
    }
    return 0;
}

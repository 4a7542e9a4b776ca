#include <string.h>

#include "fuzz.h"
#include "probe/nvml.h"
#include "probe/pyenv.h"

/* torch/version.py, dist-info directory names, and NVML's record (whose
 * cuda line the PyTorch rules compare against) */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct torch_build t;
    struct diag d;
    diag_clear(&d);
    if (torch_version_parse((const char *)data, size, &t, &d) == 0) {
        size_t n = strlen(t.version);
        FUZZ_ASSERT(n > 0 && n < sizeof(t.version));
        FUZZ_ASSERT(strspn(t.version, "0123456789abcdefghijklmnopqrstuvwxyz"
                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ.+_-!") == n);
        FUZZ_ASSERT(!t.cuda || (t.cuda_major > 0 && t.cuda_major < 100 && t.cuda_minor < 100));
    } else {
        FUZZ_ASSERT(d.message[0] != '\0' && d.line > 0);
    }
    char name[256], pkg[32], ver[32];
    size_t n = size < sizeof(name) - 1 ? size : sizeof(name) - 1;
    memcpy(name, data, n);
    name[n] = '\0';
    if (pyenv_dist_info(name, pkg, sizeof(pkg), ver, sizeof(ver)))
        FUZZ_ASSERT(pkg[0] && ver[0] && !strchr(pkg, '-') && !strchr(ver, '-'));
    struct nvml_info nv;
    diag_clear(&d);
    if (nvml_parse((const char *)data, size, &nv, &d) == 0)
        FUZZ_ASSERT(nv.n <= NVML_MAX_GPUS && nv.cuda_minor < 100 && nv.cuda_major < 100);
    return 0;
}

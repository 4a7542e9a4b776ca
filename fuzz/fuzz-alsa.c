#include "fuzz.h"
#include "probe/alsa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    enum alsa_default v;
    struct diag d;
    diag_clear(&d);
    if (alsa_default_parse((const char *)data, size, &v, &d) == 0)
        FUZZ_ASSERT(v == ALSA_DEFAULT_UNSET || v == ALSA_DEFAULT_PULSE || v == ALSA_DEFAULT_OTHER);
    else
        FUZZ_ASSERT(d.message[0] != '\0' && d.line >= 1);
    return 0;
}

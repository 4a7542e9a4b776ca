#include "fuzz.h"
#include "probe/ollama-ps.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct ollama_ps ps;
    struct diag d;
    diag_clear(&d);
    if (ollama_ps_parse((const char *)data, size, &ps, &d) == 0) {
        FUZZ_ASSERT(ps.n <= OLLAMA_PS_MAX_MODELS && ps.n <= ps.total);
        for (unsigned i = 0; i < ps.n; i++)
            FUZZ_ASSERT(ps.models[i].name[0] != '\0');
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
    }
    return 0;
}

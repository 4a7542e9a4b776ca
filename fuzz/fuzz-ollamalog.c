#include "fuzz.h"
#include "probe/ollamalog.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct ollama_log l;
    struct diag d;
    diag_clear(&d);
    if (ollamalog_parse((const char *)data, size, &l, &d) == 0) {
        FUZZ_ASSERT(!l.has_load || l.nloads > 0);
        FUZZ_ASSERT(memchr(l.version, '\0', sizeof(l.version)) != NULL);
        FUZZ_ASSERT(memchr(l.last.model, '\0', sizeof(l.last.model)) != NULL);
        FUZZ_ASSERT(memchr(l.last.library, '\0', sizeof(l.last.library)) != NULL);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0' && d.line > 0);
    }
    uint64_t v;
    (void)ollama_size_parse((const char *)data, size, &v);
    (void)ollamalog_line_wanted((const char *)data, size);
    return 0;
}

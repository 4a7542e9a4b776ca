#include <errno.h>

#include "fuzz.h"
#include "probe/stat.h"
#include "probe/watchtail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct watch_tail t;
    struct diag d;
    diag_clear(&d);
    /* the first byte says whether the read starts inside the file */
    uint64_t from = size && (data[0] & 1) ? 4096 : 0;
    if (watch_tail_parse((const char *)data, size, from, &t, &d) == 0) {
        FUZZ_ASSERT(!t.has_sample || t.samples > 0);
        FUZZ_ASSERT(!t.has_sample || t.last_offset >= from);
        FUZZ_ASSERT(!t.has_sample || t.last.mem_free <= t.last.mem_total);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0' && d.has_offset && d.offset >= from);
    }
    uint64_t bt;
    diag_clear(&d);
    if (stat_btime_parse((const char *)data, size, &bt, &d) == -EBADMSG)
        FUZZ_ASSERT(d.message[0] != '\0' && d.line > 0);
    return 0;
}

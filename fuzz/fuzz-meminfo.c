#include <string.h>

#include "fuzz.h"
#include "probe/meminfo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    static struct meminfo m;
    struct diag d;
    diag_clear(&d);
    if (meminfo_parse((const char *)data, size, &m, &d) == 0) {
        uint64_t v;
        FUZZ_ASSERT(m.nfields <= MEMINFO_MAX_FIELDS);
        FUZZ_ASSERT(meminfo_get(&m, "MemTotal", &v) && v == m.mem_total);
        FUZZ_ASSERT(meminfo_get(&m, "MemFree", &v) && v == m.mem_free);
        /* the daemon's fast variant agrees on every named field */
        static struct meminfo q;
        FUZZ_ASSERT(meminfo_parse_named((const char *)data, size, &q, &d) == 0);
        FUZZ_ASSERT(q.mem_total == m.mem_total && q.mem_free == m.mem_free &&
                    q.mem_available == m.mem_available && q.cached == m.cached &&
                    q.active_file == m.active_file && q.inactive_file == m.inactive_file &&
                    q.s_reclaimable == m.s_reclaimable && q.shmem == m.shmem &&
                    q.swap_free == m.swap_free && q.hugepagesize == m.hugepagesize &&
                    q.has_mem_available == m.has_mem_available);
    } else {
        FUZZ_ASSERT(d.message[0] != '\0');
        FUZZ_ASSERT(d.line >= 1);
    }
    return 0;
}

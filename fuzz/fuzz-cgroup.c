#include <string.h>

#include "fuzz.h"
#include "probe/cgroup.h"

/* One input feeds all five cgroup parsers. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const char *buf = (const char *)data;
    struct diag d;
    struct cgroup_mounts m;
    diag_clear(&d);
    if (cgroup_mounts_parse(buf, size, &m, &d) == 0) {
        FUZZ_ASSERT(m.mode >= CGROUP_NONE && m.mode <= CGROUP_HYBRID);
        FUZZ_ASSERT((m.mode == CGROUP_V2 || m.mode == CGROUP_HYBRID) == (m.v2_mount[0] != '\0'));
    }
    char path[512];
    diag_clear(&d);
    if (cgroup_self_parse(buf, size, path, sizeof(path), &d) == 0)
        FUZZ_ASSERT(path[0] == '\0' || path[0] == '/');
    struct cgroup_mem mem;
    memset(&mem, 0, sizeof(mem));
    diag_clear(&d);
    if (cgroup_memstat_parse(buf, size, &mem, &d) == 0)
        FUZZ_ASSERT(mem.has_stat);
    uint64_t v;
    diag_clear(&d);
    (void)cgroup_value_parse(buf, size, &v, &d);
    struct cgroup_events ev;
    diag_clear(&d);
    if (cgroup_events_parse(buf, size, &ev, &d) < 0)
        FUZZ_ASSERT(d.message[0] != '\0');
    return 0;
}

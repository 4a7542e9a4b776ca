#include <string.h>

#include "fuzz.h"
#include "probe/procs.h"

/* One input feeds the stat, status and smaps_rollup parsers and the
 * cmdline join. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const char *buf = (const char *)data;
    struct diag d;
    struct proc_stat st;
    diag_clear(&d);
    if (proc_stat_parse(buf, size, &st, &d) == 0) {
        FUZZ_ASSERT(st.pid > 0);
        FUZZ_ASSERT(strlen(st.comm) < sizeof(st.comm));
    }
    struct proc_status ps;
    diag_clear(&d);
    if (proc_status_parse(buf, size, &ps, &d) == 0)
        FUZZ_ASSERT(ps.has_rss || ps.vm_rss == 0);
    struct proc_smaps sm;
    diag_clear(&d);
    (void)proc_smaps_parse(buf, size, &sm, &d);
    char line[64];
    proc_cmdline_join(buf, size, line, sizeof(line));
    FUZZ_ASSERT(strlen(line) < sizeof(line) && !memchr(line, '\0', strlen(line)));
    return 0;
}

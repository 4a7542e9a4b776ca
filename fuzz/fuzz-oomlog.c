#include "fuzz.h"
#include "probe/oomlog.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct oom_log l;
    struct diag d;
    diag_clear(&d);
    if (oomlog_parse((const char *)data, size, &l, &d) == 0) {
        FUZZ_ASSERT(l.nkept <= OOMLOG_MAX_KILLS && l.nkept <= l.nkills);
        for (size_t i = 0; i < l.nkept; i++) {
            const struct oom_kill *k = &l.kills[i];
            FUZZ_ASSERT(k->pid > 0);
            FUZZ_ASSERT(memchr(k->name, '\0', sizeof(k->name)) != NULL);
            FUZZ_ASSERT(memchr(k->task_memcg, '\0', sizeof(k->task_memcg)) != NULL);
            (void)oom_kill_rss(k);
        }
    } else {
        FUZZ_ASSERT(d.message[0] != '\0' && d.line > 0);
    }
    /* the filter reads any bytes */
    (void)oomlog_line_wanted((const char *)data, size);
    return 0;
}

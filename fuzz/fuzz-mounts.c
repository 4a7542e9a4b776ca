#include <string.h>

#include "fuzz.h"
#include "probe/mounts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct mount_table t;
    struct diag d;
    diag_clear(&d);
    if (mounts_parse((const char *)data, size, &t, &d) < 0) {
        FUZZ_ASSERT(d.message[0] != '\0');
        return 0;
    }
    FUZZ_ASSERT(t.n <= MOUNTS_MAX);
    for (size_t i = 0; i < t.n; i++) {
        FUZZ_ASSERT(t.v[i].target[0] == '/');
        /* every mount point finds a mount (itself, or one mounted later) */
        const struct mount_entry *m = mount_table_find(&t, t.v[i].target);
        FUZZ_ASSERT(m != NULL);
        FUZZ_ASSERT(strlen(t.v[i].windows_path) < sizeof(t.v[i].windows_path));
    }
    mount_table_release(&t);
    return 0;
}

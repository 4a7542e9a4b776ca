#include "util/interop.h"

#include <stdio.h>
#include <string.h>

bool wsl_interop_registered(const struct rootfs *root)
{
    char **names;
    size_t n;
    bool found = false;
    if (rootfs_list(root, "proc/sys/fs/binfmt_misc", 256, &names, &n) == 0) {
        for (size_t i = 0; i < n && !found; i++) {
            if (strncmp(names[i], "WSLInterop", 10) != 0)
                continue;
            /* checked by name too, so a snapshot's recorder keeps the entry */
            char path[300];
            snprintf(path, sizeof(path), "proc/sys/fs/binfmt_misc/%.200s", names[i]);
            found = rootfs_exists(root, path);
        }
        rootfs_names_free(names, n);
    }
    return found;
}

#include "util/self-path.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

bool self_sibling(const char *name, char *ret, size_t n)
{
    char self[PATH_MAX];
    ssize_t k = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (k <= 0)
        return false;
    self[k] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash)
        return false;
    *slash = '\0';
    if ((size_t)snprintf(ret, n, "%s/%s", self, name) < n && access(ret, F_OK) == 0)
        return true;
    return (size_t)snprintf(ret, n, "%s/../lib/headroom/%s", self, name) < n &&
           access(ret, F_OK) == 0;
}

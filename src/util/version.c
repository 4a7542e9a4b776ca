#include "util/version.h"

int wsl_version_cmp(const char *version, unsigned major, unsigned minor, unsigned patch)
{
    unsigned want[3] = {major, minor, patch};
    const char *p = version;
    for (int i = 0; i < 3; i++) {
        unsigned long v = 0;
        while (*p >= '0' && *p <= '9') {
            if (v < 1000000)
                v = v * 10 + (unsigned long)(*p - '0');
            p++;
        }
        if (v != want[i])
            return v < want[i] ? -1 : 1;
        if (*p == '.')
            p++;
    }
    return 0;
}

/* alloc MIB [HOLD_MS]: allocates MIB mebibytes, touches every page, holds
 * them HOLD_MS milliseconds (default 300), exits 0. The known allocation
 * behind the `headroom run` peak test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    long mib = strtol(argv[1], NULL, 10);
    long hold = argc > 2 ? strtol(argv[2], NULL, 10) : 300;
    if (mib <= 0 || mib > 65536 || hold < 0)
        return 2;
    size_t n = (size_t)mib << 20;
    char *p = malloc(n);
    if (!p)
        return 3;
    memset(p, 1, n);
    struct timespec ts = {hold / 1000, (hold % 1000) * 1000000};
    nanosleep(&ts, NULL);
    volatile char sink = p[n - 1];
    (void)sink;
    free(p);
    return 0;
}

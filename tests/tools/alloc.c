/* alloc MIB [HOLD_MS]: allocates MIB mebibytes, touches every page, holds
 * them HOLD_MS milliseconds (default 300), exits 0. The known allocation
 * behind the `headroom run` peak test. mmap, not malloc: under ASan a malloc
 * of N bytes also makes N/8 of shadow memory resident. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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
    char *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return 3;
    memset(p, 1, n);
    struct timespec ts = {hold / 1000, (hold % 1000) * 1000000};
    nanosleep(&ts, NULL);
    volatile char sink = p[n - 1];
    (void)sink;
    munmap(p, n);
    return 0;
}

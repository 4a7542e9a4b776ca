/* Every fuzz target defines this libFuzzer entry point. The same file links
 * with replay-main.c (gcc, `make check`) to replay its corpus, or with
 * libFuzzer (clang, `make fuzz-smoke`). Inputs above FUZZ_MAX_INPUT are
 * ignored: the readers cap file sizes before parsing anyway. */
#ifndef HEADROOM_FUZZ_H
#define HEADROOM_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#define FUZZ_MAX_INPUT (256 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An invariant the target checks; abort() makes both libFuzzer and the
 * replay runner report the input. */
#define FUZZ_ASSERT(x)                                                                             \
    do {                                                                                           \
        if (!(x))                                                                                  \
            abort();                                                                               \
    } while (0)

#endif

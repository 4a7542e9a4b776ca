/* The GGUF reader fed as a remote reader feeds it (model/remote.c): the
 * first bytes of the file, then more as gguf_parse_prefix() asks. Over
 * arbitrary bytes it must never crash or read past what it was given, each
 * -ENODATA must ask for more than it had and never for more than the file,
 * and — the bound remote.c relies on to read at most the header and a
 * margin — never past the end of the header when the whole file parses.
 * The last answer must be the whole file's answer. */
#include <errno.h>
#include <string.h>

#include "fuzz.h"
#include "model/gguf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT || size < 2)
        return 0;
    /* the first byte picks the first range and the margin, as a server's
     * first answer and the reader's constants would */
    size_t have = 1 + data[0] % 64, margin = data[1] % 32;
    data += 2;
    size -= 2;
    if (have > size)
        have = size;
    struct gguf_file full;
    struct diag dfull;
    diag_clear(&dfull);
    int efull = gguf_parse_mem(data, size, &full, &dfull);
    for (unsigned rounds = 0;; rounds++) {
        FUZZ_ASSERT(rounds <= size + 1);
        struct gguf_file g;
        struct diag d;
        diag_clear(&d);
        uint64_t need = 0, guess = 0;
        int e = gguf_parse_prefix(data, have, size, &g, &need, &guess, &d);
        if (e == -ENODATA) {
            FUZZ_ASSERT(have < size && need > have && need <= size);
            FUZZ_ASSERT(guess >= need && guess <= size);
            if (efull == 0)
                FUZZ_ASSERT(need <= full.info_end);
            have = need + margin < size ? (size_t)(need + margin) : size;
            continue;
        }
        FUZZ_ASSERT((e == 0) == (efull == 0));
        if (e == 0) {
            FUZZ_ASSERT(g.info_end == full.info_end && g.n_kv == full.n_kv &&
                        g.n_tensors == full.n_tensors && g.data_size == full.data_size &&
                        g.info_end <= have);
            gguf_free(&g);
        } else {
            FUZZ_ASSERT(e == efull && d.offset == dfull.offset);
        }
        break;
    }
    if (efull == 0)
        gguf_free(&full);
    return 0;
}

/* whisper.cpp's legacy ggml .bin reader over arbitrary bytes: no crash, no
 * read out of bounds, and every accepted tensor lies inside the input. */
#include "fuzz.h"
#include "model/estimate.h"
#include "model/ggml-bin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct ggml_bin b;
    struct diag d;
    diag_clear(&d);
    if (ggml_bin_parse_mem(data, size, &b, &d) != 0) {
        FUZZ_ASSERT(d.message[0] != '\0' && d.has_offset && d.offset <= size);
        return 0;
    }
    uint64_t sum = 0;
    for (size_t i = 0; i < b.n_tensors; i++) {
        FUZZ_ASSERT(b.tensors[i].offset + b.tensors[i].nbytes <= size);
        sum += b.tensors[i].nbytes;
    }
    FUZZ_ASSERT(sum == b.tensor_bytes && b.header_end <= size);
    char buf[32];
    FUZZ_ASSERT(ggml_bin_size_class(&b.hp, buf, sizeof(buf))[0] != '\0');
    struct model m;
    model_from_whisper(&b, &m);
    struct estimate_opts o;
    estimate_opts_default(&o);
    struct estimate e;
    estimate_run(&m, &o, &e);
    FUZZ_ASSERT(e.ram_bytes >= e.weights_ram);
    model_release(&m);
    ggml_bin_free(&b);
    return 0;
}

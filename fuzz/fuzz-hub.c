/* The Hub's tree listing (model/hub.h) over arbitrary bytes: never a crash
 * or a read past the input; a pick is a .gguf path of the listing that
 * carries the quantisation. */
#include <errno.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "model/hub.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct strbuf out = STRBUF_INIT, why = STRBUF_INIT;
    struct diag d;
    diag_clear(&d);
    int e = hub_pick_quant((const char *)data, size, "Q4_K_M", &out, &why, &d);
    FUZZ_ASSERT(e == 0 || e == -ENOENT || e == -EEXIST || e == -EBADMSG);
    if (e == 0)
        FUZZ_ASSERT(out.len >= 5 && strcasecmp(out.buf + out.len - 5, ".gguf") == 0 &&
                    strcasestr(out.buf, "Q4_K_M"));
    if (e == -ENOENT || e == -EEXIST)
        FUZZ_ASSERT(why.len > 0);
    strbuf_release(&out);
    strbuf_release(&why);
    return 0;
}

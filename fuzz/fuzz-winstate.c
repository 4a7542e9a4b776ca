#include <string.h>

#include "fuzz.h"
#include "util/strbuf.h"
#include "win/script.h"

/* A state file handed to `windows script --undo`: whatever it holds, the
 * generated script is printable ASCII with CRLF line ends (nothing from the
 * file can smuggle bytes in) and only names from the catalogue. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct win_state st;
    struct diag d;
    diag_clear(&d);
    if (win_state_parse((const char *)data, size, &st, &d) != 0)
        return 0;
    FUZZ_ASSERT(st.nitems >= 1);
    struct strbuf out = STRBUF_INIT;
    FUZZ_ASSERT(win_script_undo(&st, 1764000000, &out) == 0);
    FUZZ_ASSERT(out.len > 3 && memcmp(out.buf, "\xEF\xBB\xBF", 3) == 0);
    for (size_t i = 3; i < out.len; i++) {
        unsigned char c = (unsigned char)out.buf[i];
        FUZZ_ASSERT((c >= 0x20 && c <= 0x7e) || c == '\r' || c == '\n');
    }
    for (size_t i = 0; i < st.nitems; i++) {
        FUZZ_ASSERT(win_item_find(st.items[i].item->id) == st.items[i].item);
        for (size_t k = 0; k < st.items[i].nservices; k++) {
            const struct win_state_service *s = &st.items[i].services[k];
            FUZZ_ASSERT(!win_is_protected(s->name));
            /* a dependent's name can hold nothing that ends a quoted string */
            for (size_t j = 0; j < s->ndependents; j++)
                FUZZ_ASSERT(s->dependents[j][0] &&
                            strspn(s->dependents[j],
                                   "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
                                   "vwxyz0123456789_.-") == strlen(s->dependents[j]));
        }
    }
    strbuf_release(&out);
    return 0;
}

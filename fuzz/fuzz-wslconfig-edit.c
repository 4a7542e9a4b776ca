/* `config set memory=6GB` then `unset pageReporting` on arbitrary bytes:
 * either refused with a reason, or the result keeps its encoding, round-trips
 * and reads back memory=6GB (the editor verifies the rest itself). */
#include <string.h>

#include "fuzz.h"
#include "util/strbuf.h"
#include "wslconfig/edit.h"
#include "wslconfig/eval.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    struct wsl_edit edits[2];
    char err[600];
    FUZZ_ASSERT(wsl_edit_parse_set("memory=6GB", &edits[0], err, sizeof(err)) == 0);
    FUZZ_ASSERT(wsl_edit_parse_unset("pageReporting", &edits[1], err, sizeof(err)) == 0);
    struct strbuf out = STRBUF_INIT;
    int r = wsl_edit_bytes((const char *)data, size, edits, 2, &out, err, sizeof(err));
    if (r >= 0) {
        struct wsldoc doc;
        wsldoc_parse(out.buf, out.len, false, &doc);
        struct strbuf again = STRBUF_INIT;
        wsldoc_serialize(&doc, &again);
        FUZZ_ASSERT(again.len == out.len && memcmp(again.buf, out.buf, out.len) == 0);
        strbuf_release(&again);
        FUZZ_ASSERT(doc.enc == WSLENC_UTF8 || doc.enc == WSLENC_UTF8_BOM ||
                    doc.enc == WSLENC_UTF16LE_BOM);
        struct wsl_eval ev;
        wsl_eval_run(&doc, WSLF_WSLCONFIG, &ev);
        const struct wsl_setting *s = wsl_eval_get(&ev, "wsl2.memory");
        FUZZ_ASSERT(s && s->from_file && s->bytes == ((uint64_t)6 << 30));
        wsl_eval_release(&ev);
        wsldoc_release(&doc);
    } else {
        FUZZ_ASSERT(err[0] != '\0');
    }
    strbuf_release(&out);
    return 0;
}

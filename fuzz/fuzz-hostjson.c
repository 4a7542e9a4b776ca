#include <string.h>

#include "fuzz.h"
#include "util/json-read.h"
#include "win/host.h"

/* Bytes from the Windows side (headroom-win.exe, powershell.exe, or a
 * snapshot's .headroom/host.json): the JSON reader and the host mapping. */
static void walk(const struct jv *v, int depth)
{
    FUZZ_ASSERT(depth <= JSON_READ_MAX_DEPTH + 1);
    if (v->type == JV_STRING)
        FUZZ_ASSERT(strlen(v->s) == v->len);
    size_t n = 0;
    for (const struct jv *c = v->child; c; c = c->next, n++) {
        FUZZ_ASSERT((v->type == JV_OBJECT) == (c->key != NULL));
        walk(c, depth + 1);
    }
    FUZZ_ASSERT(n == v->n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    const char *buf = (const char *)data;
    struct json_doc doc;
    struct diag d;
    diag_clear(&d);
    if (json_doc_parse(buf, size, &doc, &d) == 0) {
        walk(doc.root, 0);
        json_doc_release(&doc);
    } else {
        FUZZ_ASSERT(d.line >= 1 && d.column >= 1);
    }
    struct win_host h;
    diag_clear(&d);
    if (win_host_parse(buf, size, &h, &d) == 0) {
        FUZZ_ASSERT(h.state == WIN_HOST_OK);
        FUZZ_ASSERT(h.nservices <= WIN_MAX_SERVICES && h.nadapters <= WIN_MAX_ADAPTERS);
        for (size_t i = 0; i < h.nservices; i++)
            FUZZ_ASSERT(h.services[i].name[0] != '\0');
        uint64_t n;
        win_host_browsers_ws(&h, &n);
        win_host_killer_adapter(&h);
        win_host_service(&h, "DoSvc");
        win_host_release(&h);
    }
    return 0;
}

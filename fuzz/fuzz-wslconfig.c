/* The .wslconfig / wsl.conf library on arbitrary bytes:
 *   - serialize(parse(x)) == x byte for byte, in both readings (Windows
 *     .wslconfig and Linux wsl.conf), and line offsets tile the file;
 *   - WSL's parser model and the evaluator never crash and keep their
 *     positions inside the document, in both readings; lint never crashes
 *     and gives every finding a message, a fix and a line (in one reading
 *     per input, by its length's parity).
 * (Edits are fuzzed by fuzz-wslconfig-edit.) */
#include <string.h>

#include "fuzz.h"
#include "util/strbuf.h"
#include "wslconfig/lint.h"

static void check_doc(const uint8_t *data, size_t size, bool raw, bool lint)
{
    struct wsldoc doc;
    wsldoc_parse((const char *)data, size, raw, &doc);
    struct strbuf sb = STRBUF_INIT;
    wsldoc_serialize(&doc, &sb);
    FUZZ_ASSERT(sb.len == size && (size == 0 || memcmp(sb.buf, data, size) == 0));
    strbuf_release(&sb);
    size_t off = doc.bom_len;
    for (size_t i = 0; i < doc.nlines; i++) {
        FUZZ_ASSERT(doc.lines[i].off == off);
        off += doc.lines[i].raw_len;
    }
    FUZZ_ASSERT(off + doc.tail_len == size);

    struct wsl_eval ev;
    wsl_eval_run(&doc, raw ? WSLF_WSLCONF : WSLF_WSLCONFIG, &ev);
    for (size_t i = 0; i < ev.syn.n; i++) {
        const struct wsl_stmt *st = &ev.syn.v[i];
        FUZZ_ASSERT(doc.nlines == 0 || st->start.line < doc.nlines);
        FUZZ_ASSERT(st->last_line >= st->start.line || doc.nlines == 0);
        if (st->kind == WSLST_KEY) {
            FUZZ_ASSERT(strlen(st->value) == st->value_len);
            FUZZ_ASSERT(st->vstart.line == st->start.line);
            FUZZ_ASSERT(st->vend.line <= st->last_line || doc.nlines == 0);
        }
    }
    if (!lint) {
        wsl_eval_release(&ev);
        wsldoc_release(&doc);
        return;
    }
    struct wsl_facts facts = {.host_ram = (uint64_t)16 << 30,
                              .host_ram_from = "fuzz",
                              .host_cpus = 8,
                              .host_cpus_from = "fuzz",
                              .docker_desktop = TRI_YES,
                              .systemd = TRI_UNKNOWN,
                              .wslg = TRI_YES};
    struct findings fs;
    findings_init(&fs);
    wsl_lint("fuzz", &doc, &ev, &facts, &fs);
    for (size_t i = 0; i < fs.n; i++) {
        FUZZ_ASSERT(fs.v[i].title && fs.v[i].title[0]);
        FUZZ_ASSERT(fs.v[i].fix && fs.v[i].fix[0]);
        FUZZ_ASSERT(fs.v[i].line >= 1);
    }
    findings_release(&fs);
    struct wsl_vm vm;
    wsl_eval_vm(&ev, (uint64_t)16 << 30, 8, &vm);
    wsl_eval_release(&ev);
    wsldoc_release(&doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > FUZZ_MAX_INPUT)
        return 0;
    /* both readings round-trip and evaluate; lint (the costly part) runs on
     * one of them, chosen by the input's length, so each gets half the runs */
    check_doc(data, size, false, size % 2 == 0);
    check_doc(data, size, true, size % 2 == 1);

    return 0;
}

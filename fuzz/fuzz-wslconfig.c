/* The .wslconfig / wsl.conf library on arbitrary bytes:
 *   - serialize(parse(x)) == x byte for byte, in both readings (Windows
 *     .wslconfig and Linux wsl.conf), and line offsets tile the file;
 *   - WSL's parser model, the evaluator and lint never crash and keep their
 *     positions inside the document;
 *   - `config set memory=6GB` then `unset pageReporting`: either refused
 *     with a reason, or the result reads back memory=6GB and round-trips. */
#include <string.h>

#include "fuzz.h"
#include "util/strbuf.h"
#include "wslconfig/edit.h"
#include "wslconfig/lint.h"

static void check_doc(const uint8_t *data, size_t size, bool raw)
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
    check_doc(data, size, false);
    check_doc(data, size, true);

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

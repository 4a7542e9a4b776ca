/* Test helper: prints the statements WSL's parser model reads from a file
 * and the effective value of every key set, one per line:
 *   wslconfig-dump [--wsl-conf] FILE */
#include <stdio.h>
#include <string.h>

#include "util/strbuf.h"
#include "wslconfig/eval.h"

int main(int argc, char **argv)
{
    bool conf = argc > 2 && strcmp(argv[1], "--wsl-conf") == 0;
    const char *path = argv[argc - 1];
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        return 2;
    }
    struct strbuf sb = STRBUF_INIT;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        strbuf_add(&sb, buf, n);
    fclose(f);
    struct wsldoc doc;
    wsldoc_parse(sb.buf, sb.len, conf, &doc);
    struct wsl_eval ev;
    wsl_eval_run(&doc, conf ? WSLF_WSLCONF : WSLF_WSLCONFIG, &ev);
    printf("encoding %s, %zu lines, endings %s\n", wsl_encoding_name(doc.enc), doc.nlines,
           wsldoc_eol_summary(&doc));
    for (size_t i = 0; i < ev.syn.n; i++) {
        const struct wsl_stmt *st = &ev.syn.v[i];
        unsigned line = st->start.line + 1, col = st->start.col + 1;
        switch (st->kind) {
        case WSLST_SECTION:
            printf("%u:%u section [%s]\n", line, col, st->name);
            break;
        case WSLST_KEY:
            printf("%u:%u key %s = '%s'%s%s\n", line, col, st->full, st->value,
                   ev.slot[i] < 0 ? " (unknown)" : "", ev.dup[i] ? " (duplicate)" : "");
            break;
        case WSLST_INVALID:
            printf("%u:%u invalid: %s at %u:%u (name '%s')\n", line, col, wsl_invalid_name(st->why),
                   st->bad.line + 1, st->bad.col + 1, st->name);
            break;
        }
    }
    for (size_t i = 0; i < ev.n; i++) {
        const struct wsl_setting *s = &ev.set[i];
        if (s->stmt < 0)
            continue;
        printf("set %s.%s = '%s' %s\n", s->key->section, s->key->name, s->text,
               s->valid ? "valid" : "INVALID (default kept)");
    }
    wsl_eval_release(&ev);
    wsldoc_release(&doc);
    strbuf_release(&sb);
    return 0;
}

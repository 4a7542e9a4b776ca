/* config lint: values WSL rejects, and values it reads otherwise than they
 * look (a bare number is bytes, a lone backslash, a non-ASCII path). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/size.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "wslconfig/lint-impl.h"

/* What a memory size WSL refuses probably meant: "8gb" -> "8GB", "8 GB" ->
 * "8GB", "1.5GB" -> "1536MB". */
static bool wsl_suggest_mem(const char *v, char *buf, size_t n)
{
    const char *p = v;
    uint64_t whole = 0, frac = 0, div = 1;
    int digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 12) {
        whole = whole * 10 + (uint64_t)(*p++ - '0');
        digits++;
    }
    if (!digits)
        return false;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9' && div < 1000000) {
            frac = frac * 10 + (uint64_t)(*p++ - '0');
            div *= 10;
        }
    }
    while (*p == ' ')
        p++;
    static const char units[] = "BKMGT";
    char u = (char)(*p >= 'a' && *p <= 'z' ? *p - 32 : *p);
    const char *at = u ? strchr(units, u) : NULL;
    if (!at)
        return false;
    char b = (char)(p[1] >= 'a' && p[1] <= 'z' ? p[1] - 32 : p[1]);
    if (p[1] && (b != 'B' || p[2] || u == 'B'))
        return false;
    int unit = (int)(at - units);
    /* a fraction: step down a unit until the number is whole */
    while (frac && unit > 0) {
        whole = whole * 1024 + frac * 1024 / div;
        frac = frac * 1024 % div;
        unit--;
    }
    if (frac)
        return false;
    static const char *const names[] = {"B", "KB", "MB", "GB", "TB"};
    snprintf(buf, n, "%llu%s", (unsigned long long)whole, names[unit]);
    return true;
}

void lint_bad_value(struct lint *L, const struct wsl_setting *s, const struct wsl_stmt *st)
{
    const struct wsl_key *k = s->key;
    unsigned line = st->start.line, col = st->vstart.col;
    struct finding *f = NULL;
    char full[96];
    wsl_key_full(k, full, sizeof(full));
    switch (k->type) {
    case WT_MEM: {
        char sugg[48], head[48];
        snprintf(head, sizeof(head), "%.*s", (int)strcspn(st->value, ";#"), st->value);
        for (size_t e = strlen(head); e && (head[e - 1] == ' ' || head[e - 1] == '\t'); e--)
            head[e - 1] = '\0';
        bool have = wsl_suggest_mem(head, sugg, sizeof(sugg));
        f = lint_add(L, "bad-memory-size", SEV_WARNING, line, col,
                     "'%s' is not a size WSL accepts (a whole number and an upper-case unit B, K, "
                     "KB, M, MB, G, GB, T or TB, no space, no fraction)%s%s%s: WSL warns and %s "
                     "keeps its default (%s)",
                     st->value, have ? "; write " : "", have ? sugg : "", have ? "" : "", k->name,
                     k->def);
        if (L->kind == WSLF_WSLCONFIG)
            finding_set_fix(f, "$ headroom config set %s=%s", k->name, have ? sugg : "6GB");
        else
            finding_set_fix(f, "write %s=%s on line %u", k->name, have ? sugg : "6GB", line + 1);
        break;
    }
    case WT_BOOL:
        f = lint_add(L, "bad-bool", SEV_WARNING, line, col,
                     "'%s' is not a boolean WSL accepts (only 1, 0, true, false, any case): WSL "
                     "warns and %s keeps its default (%s)",
                     st->value, k->name, k->def);
        if (L->kind == WSLF_WSLCONFIG)
            finding_set_fix(f,
                            "write true or false; this writes true:\n$ headroom config set %s=true",
                            k->name);
        else
            finding_set_fix(f, "write %s=true or %s=false on line %u", k->name, k->name, line + 1);
        break;
    case WT_INT:
        f = lint_add(
            L, "bad-int", SEV_WARNING, line, col,
            "'%s' is not an integer WSL accepts (strtol base 0: decimal, 0x hex, leading 0 "
            "octal, nothing after the digits): WSL warns and %s keeps its default (%s)",
            st->value, k->name, k->def);
        finding_set_fix(f, "write a plain number on line %u, e.g. %s=%s", line + 1, k->name,
                        k->has_def ? k->def : "4");
        break;
    case WT_ENUM: {
        struct strbuf vals = STRBUF_INIT;
        for (int i = 0; k->values[i]; i++)
            strbuf_addf(&vals, "%s%s", i ? ", " : "", k->values[i]);
        f = lint_add(L, "bad-enum", SEV_WARNING, line, col,
                     "'%s' is not one of %s (any case): WSL warns and %s keeps its default (%s)",
                     st->value, vals.buf, k->name, k->def);
        finding_set_fix(f, "write one of %s on line %u", vals.buf, line + 1);
        strbuf_release(&vals);
        break;
    }
    case WT_MAC:
        f = lint_add(L, "bad-value", SEV_CRITICAL, line, col,
                     "'%s' is not a MAC address (aa:bb:cc:dd:ee:ff): WSL treats this as a fatal "
                     "error and the VM does not start",
                     st->value);
        lint_fix_delete(L, f, line, "macAddress");
        break;
    case WT_IPV4:
        f = lint_add(L, "bad-value", SEV_WARNING, line, col,
                     "'%s' is not an IPv4 address: WSL warns and turns DNS tunneling off",
                     st->value);
        finding_set_fix(f, "write a dotted IPv4 address on line %u (default 10.255.255.254)",
                        line + 1);
        break;
    case WT_PORTS:
        f = lint_add(L, "bad-value", SEV_WARNING, line, col,
                     "'%s' has entries that are not ports 1-65535: WSL warns and skips them",
                     st->value);
        finding_set_fix(f, "list ports as numbers separated by commas on line %u", line + 1);
        break;
    case WT_STRING:
    case WT_PATH:
    case WT_LIST:
        return;
    }
    if (strchr(st->value, ';')) {
        char *t = xasprintf("%s (';' does not start a comment; '#' does)", f->title);
        free(f->title);
        f->title = t;
    }
    finding_set_source(f, k->type == WT_MEM ? SRC_STRINGS " (ParseMemorySize)" : SRC_PARSER);
    lint_evidence_line(L, f, line);
}

void lint_value_extras(struct lint *L, const struct wsl_setting *s, const struct wsl_stmt *st)
{
    const struct wsl_key *k = s->key;
    unsigned line = st->start.line;
    struct finding *f;
    if (L->kind == WSLF_WSLCONFIG && (st->nonascii || st->truncated)) {
        f = lint_add(L, "encoding", SEV_WARNING, line, st->vstart.col,
                     "non-ASCII characters in the value of %s: WSL keeps only the low byte of each "
                     "character, so the value it uses differs from what is written",
                     k->name);
        lint_evidence_line(L, f, line);
        finding_set_fix(f, "use only ASCII in the value (e.g. a path without accented letters, "
                           "or its 8.3 short name)");
        finding_set_source(f, SRC_PARSER " (each wide character is narrowed with "
                                         "static_cast<char>; inferred from the source)");
    }
    if (k->type == WT_PATH && st->ctrl_escape) {
        f = lint_add(L, "bad-escape", SEV_WARNING, line, st->ctrl_pos.col,
                     "'\\%c' is an escape: WSL reads this path with a %s in it, not a backslash "
                     "and '%c'",
                     st->ctrl_char,
                     st->ctrl_char == 't'   ? "TAB"
                     : st->ctrl_char == 'n' ? "newline"
                                            : "backspace",
                     st->ctrl_char);
        lint_evidence_line(L, f, line);
        lint_fix_double_backslashes(L, f, line);
        finding_set_source(f, SRC_PARSER);
    }
    if (k->type == WT_PATH && L->kind == WSLF_WSLCONFIG) {
        const char *pct = strchr(st->value, '%');
        if (pct && strchr(pct + 1, '%')) {
            f = lint_add(L, "path-env-var", SEV_WARNING, line, st->vstart.col,
                         "WSL does not expand %%VARIABLES%% in %s: it uses the path literally",
                         k->name);
            lint_evidence_line(L, f, line);
            finding_set_fix(f, "write the full path, e.g. C:\\\\Users\\\\<you>\\\\...");
            finding_set_source(
                f, "microsoft/WSL src/windows/service/exe/WslCoreVm.cpp @3e27a6a (paths "
                   "are used as read; inferred)");
        }
    }
    if (k->alt_section && strncasecmp(st->full, k->alt_section, strlen(k->alt_section)) == 0 &&
        st->full[strlen(k->alt_section)] == '.') {
        f = lint_add(L, "graduated-key", SEV_INFO, line, st->start.col,
                     "%s has graduated from [%s] to [%s]: WSL still reads it here, but [%s] is its "
                     "place now",
                     k->name, k->alt_section, k->section, k->section);
        lint_evidence_line(L, f, line);
        lint_fix_move(f, "", k->name, k->name, st->value);
        finding_set_source(f, SRC_CONFIG " (both names share one slot)");
    }
    if (k->type == WT_MEM && s->valid && s->bytes > 0) {
        const char *v = st->value;
        bool bare = v[0] && v[strlen(v) - 1] >= '0' && v[strlen(v) - 1] <= '9';
        bool small = strcmp(k->name, "defaultVhdSize") == 0 ? s->bytes < GIB
                     : strcmp(k->name, "swap") == 0         ? s->bytes < MIB
                                                            : false;
        if (bare && small) {
            f = lint_add(L, "suspicious-size", SEV_WARNING, line, st->vstart.col,
                         "%s=%s is a number of bytes (%s): a unit is probably missing", k->name, v,
                         size_str(s->bytes));
            lint_evidence_line(L, f, line);
            finding_set_fix(f, "add the unit, e.g. %s=%sGB if gigabytes were meant", k->name, v);
            finding_set_source(f, SRC_STRINGS " (a bare number is bytes)");
        }
    }
}

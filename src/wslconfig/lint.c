#include "wslconfig/lint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/size.h"
#include "util/shell-word.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "wslconfig/lint-impl.h"
#include "wslconfig/lint-rules.h"

struct finding *lint_add(struct lint *L, const char *name, enum severity sev, unsigned line0,
                         unsigned col0, const char *fmt, ...)
{
    char id[64];
    snprintf(id, sizeof(id), "%s.%s", L->area, name);
    struct strbuf sb = STRBUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    strbuf_vaddf(&sb, fmt, ap);
    va_end(ap);
    struct finding *f = findings_add(L->out, id, sev, "%s", sb.buf);
    strbuf_release(&sb);
    finding_set_location(f, L->file, line0 + 1, col0 + 1);
    return f;
}

/* "line 8: pageReporting=true" (at most 160 bytes of the line). */
void lint_evidence_line(struct lint *L, struct finding *f, unsigned line0)
{
    if (line0 >= L->doc->nlines)
        return;
    const struct wsldoc_line *l = &L->doc->lines[line0];
    size_t n = l->text_len > 160 ? 160 : l->text_len;
    finding_set_evidence(f, "line %u: %.*s%s", line0 + 1, (int)n, l->text,
                         l->text_len > n ? "..." : "");
}

static const char *section_of(const struct lint *L, const struct wsl_stmt *st)
{
    return st->section >= 0 ? L->ev->syn.v[st->section].name : NULL;
}

/* The fix for a line that should go: the command when headroom can edit the
 * file, else the words. */
void lint_fix_delete(struct lint *L, struct finding *f, unsigned line0, const char *key)
{
    if (L->kind == WSLF_WSLCONFIG && key)
        finding_set_fix(f, "delete line %u:\n$ headroom config unset %s", line0 + 1, key);
    else
        finding_set_fix(f, "delete line %u%s", line0 + 1,
                        L->kind == WSLF_WSLCONF ? "\n$ sudo editor /etc/wsl.conf" : "");
}

void lint_fix_move(struct finding *f, const char *advice, const char *old_key, const char *new_key,
                   const char *value)
{
    struct strbuf word = STRBUF_INIT, assign = STRBUF_INIT;
    strbuf_addf(&assign, "%s=%s", new_key, value);
    if (shell_word_add(&word, assign.buf))
        finding_set_fix(f, "%s%s$ headroom config unset %s && headroom config set %s", advice,
                        *advice ? "\n" : "", old_key, word.buf);
    else
        finding_set_fix(f,
                        "%s%swrite %s under its section by hand: the value holds control "
                        "characters",
                        advice, *advice ? "\n" : "", new_key);
    strbuf_release(&word);
    strbuf_release(&assign);
}

/* The fix for a path with lone backslashes: the line with each doubled. */
void lint_fix_double_backslashes(struct lint *L, struct finding *f, unsigned line0)
{
    const struct wsldoc_line *l = &L->doc->lines[line0];
    struct strbuf fixed = STRBUF_INIT;
    for (size_t k = 0; k < l->text_len && k < 400; k++) {
        char next = k + 1 < l->text_len ? l->text[k + 1] : '\0';
        if (l->text[k] == '\\' && (next == '\\' || next == '"')) {
            strbuf_add(&fixed, l->text + k, 2); /* already an escape */
            k++;
        } else if (l->text[k] == '\\') {
            strbuf_addstr(&fixed, "\\\\");
        } else {
            strbuf_addch(&fixed, l->text[k]);
        }
    }
    finding_set_fix(f, "double every backslash: %s", fixed.buf);
    strbuf_release(&fixed);
}

/* ---- file-level: encoding ---- */

static bool has_nul_or_ctrl(const struct wsldoc *doc, unsigned *ret_line, unsigned *ret_col)
{
    for (size_t i = 0; i < doc->nlines; i++)
        for (size_t k = 0; k < doc->lines[i].text_len; k++) {
            unsigned char c = (unsigned char)doc->lines[i].text[k];
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                *ret_line = (unsigned)i;
                *ret_col = (unsigned)k;
                return true;
            }
        }
    return false;
}

static void lint_encoding(struct lint *L)
{
    const struct wsldoc *doc = L->doc;
    enum wsl_encoding e = doc->enc;
    bool conf = L->kind == WSLF_WSLCONF;
    if (e == WSLENC_UTF16BE_BOM || e == WSLENC_UTF16LE_NOBOM || e == WSLENC_UTF16BE_NOBOM) {
        struct finding *f =
            lint_add(L, "encoding", SEV_CRITICAL, 0, 0,
                     "%s file: WSL reads it as %s and finds no valid line, so every setting is "
                     "ignored",
                     wsl_encoding_label(e), conf ? "bytes" : "UTF-8");
        finding_set_evidence(f, "%s detected in the first bytes", wsl_encoding_label(e));
        finding_set_fix(f, "save it as UTF-8 without a BOM (Notepad: File > Save as > "
                           "Encoding: UTF-8), or convert it with iconv -f UTF-16 -t UTF-8");
        finding_set_source(f, "microsoft/WSL#5389, microsoft/WSL#7851");
        return;
    }
    if (conf && e == WSLENC_UTF8_BOM) {
        struct finding *f =
            lint_add(L, "bom", SEV_CRITICAL, 0, 0,
                     "UTF-8 byte-order mark: WSL's init reads /etc/wsl.conf as plain bytes, so "
                     "line 1 is invalid and WSL ignores the whole file");
        finding_set_evidence(f, "the file starts with EF BB BF");
        finding_set_fix(f, "$ sudo sed -i '1s/^\\xEF\\xBB\\xBF//' /etc/wsl.conf");
        finding_set_source(f, SRC_DISTCONF " (wsl.conf is read with fopen \"r\": no BOM is "
                                           "skipped; inferred from the source)");
    } else if (conf && e == WSLENC_UTF16LE_BOM) {
        struct finding *f = lint_add(L, "encoding", SEV_CRITICAL, 0, 0,
                                     "UTF-16 file: WSL's init reads /etc/wsl.conf as plain bytes "
                                     "and ignores the whole file");
        finding_set_evidence(f, "the file starts with FF FE");
        finding_set_fix(f, "convert a copy back into place:\n"
                           "$ sudo cp /etc/wsl.conf /etc/wsl.conf.utf16\n"
                           "$ sudo iconv -f UTF-16 -t UTF-8 -o /etc/wsl.conf /etc/wsl.conf.utf16");
        finding_set_source(f, SRC_DISTCONF " (wsl.conf is read as bytes, not UTF-16; inferred "
                                           "from the source)");
    } else if (!conf && (e == WSLENC_UTF8_BOM || e == WSLENC_UTF16LE_BOM)) {
        struct finding *f =
            lint_add(L, "encoding", SEV_INFO, 0, 0,
                     "%s: current WSL reads it, but older WSL builds ignored such files; UTF-8 "
                     "without a BOM is read by every version",
                     wsl_encoding_label(e));
        finding_set_evidence(f, "the file starts with a byte-order mark");
        finding_set_fix(f, "save it as UTF-8 without a BOM (Notepad: Encoding: UTF-8)");
        finding_set_source(f, "microsoft/WSL#5389, microsoft/WSL#7851");
    }
    unsigned line, col;
    if (has_nul_or_ctrl(doc, &line, &col)) {
        unsigned char c = (unsigned char)doc->lines[line].text[col];
        /* .wslconfig is read in text mode, which ends the file at a Ctrl-Z */
        bool eof = c == 0x1A && !conf;
        struct finding *f =
            eof ? lint_add(
                      L, "encoding", SEV_WARNING, line, col,
                      "a Ctrl-Z (0x1A) ends the file for WSL (it reads .wslconfig in text mode): "
                      "nothing after it is read, here %zu line(s)",
                      doc->nlines - line)
                : lint_add(
                      L, "encoding", SEV_WARNING, line, col,
                      "control character 0x%02X in the text: it is no letter, blank or comment, "
                      "so WSL reports the line invalid unless it sits in a comment or value",
                      c);
        lint_evidence_line(L, f, line);
        finding_set_fix(f, "remove the control character from line %u", line + 1);
        finding_set_source(f, eof ? "microsoft/WSL src/windows/common/WslCoreConfig.cpp:136 "
                                    "@3e27a6a (_wfopen \"rt,ccs=UTF-8\")"
                                  : SRC_PARSER);
    }
    if (!doc->raw_mode || conf) {
        for (size_t i = 0; i < doc->nlines; i++) {
            const struct wsldoc_line *l = &doc->lines[i];
            if (!utf8_valid(l->text, l->text_len) && !conf) {
                struct finding *f = lint_add(L, "encoding", SEV_WARNING, (unsigned)i, 0,
                                             "bytes that are not UTF-8 (an ANSI code page?): WSL "
                                             "decodes the file as UTF-8 and gets other characters");
                lint_evidence_line(L, f, (unsigned)i);
                finding_set_fix(f, "save the file as UTF-8");
                finding_set_source(f, "microsoft/WSL src/windows/common/WslCoreConfig.cpp:136 "
                                      "@3e27a6a (_wfopen \"rt,ccs=UTF-8\")");
                break;
            }
        }
    }
}

/* ---- statements ---- */

static void lint_invalid(struct lint *L, size_t idx)
{
    const struct wsl_stmt *st = &L->ev->syn.v[idx];
    unsigned line = st->start.line;
    struct finding *f = NULL;
    const char *what = L->kind == WSLF_WSLCONF ? "stops reading the file here" : "skips the line";
    switch (st->why) {
    case WSLINV_KEY_NAME:
        if (st->bad_char == ';') {
            f = lint_add(L, "semicolon-comment", SEV_WARNING, line, st->bad.col,
                         "';' does not start a comment here (only '#' does): WSL reports \"Invalid "
                         "key name\" and %s",
                         what);
            finding_set_fix(f, "start the comment with '#' instead of ';' on line %u", line + 1);
            finding_set_source(f, "microsoft/WSL#7099; " SRC_PARSER);
        } else {
            f = lint_add(
                L, "invalid-line", SEV_WARNING, line, st->bad.col,
                "a line must start with a letter (a key), '[' or '#': WSL reports \"Invalid "
                "key name\" and %s",
                what);
            finding_set_fix(f, "delete line %u or turn it into a '#' comment", line + 1);
            finding_set_source(f, SRC_PARSER);
        }
        break;
    case WSLINV_EXPECTED_EQ: {
        char c = (char)(st->bad_char < 0x80 ? st->bad_char : '?');
        bool sep = c == '_' || c == '-' || c == '.';
        if (sep)
            f = lint_add(L, "invalid-line", SEV_WARNING, line, st->bad.col,
                         "'%c' in a key name: names are letters and digits only, so WSL reports "
                         "\"Expected '='\" and %s",
                         c, what);
        else
            f = lint_add(L, "invalid-line", SEV_WARNING, line, st->bad.col,
                         "no '=' after the key '%s': WSL reports \"Expected '='\" and %s", st->name,
                         what);
        finding_set_fix(f, "write line %u as key=value (e.g. memory=6GB)", line + 1);
        finding_set_source(f, SRC_PARSER);
        break;
    }
    case WSLINV_SECTION_NAME:
    case WSLINV_SECTION_CLOSE:
    case WSLINV_SECTION_TRAIL: {
        const char *why =
            st->why == WSLINV_SECTION_NAME    ? "'[' must be followed directly by a letter"
            : st->why == WSLINV_SECTION_CLOSE ? "a section name is letters and digits, then ']'"
                                              : "only blanks or a '#' comment may follow ']'";
        f = lint_add(L, "bad-section", SEV_WARNING, line, st->bad.col,
                     "section header WSL cannot read (%s): WSL reports \"%s\" and %s%s", why,
                     wsl_invalid_name(st->why), what,
                     L->kind == WSLF_WSLCONFIG ? "; the keys below it are read under the previous "
                                                 "section's name, or as unknown keys"
                                               : "");
        finding_set_fix(f,
                        "write the header as [name] with nothing else on line %u (e.g. "
                        "[wsl2])",
                        line + 1);
        finding_set_source(f, "microsoft/WSL#10743; " SRC_PARSER);
        break;
    }
    case WSLINV_ESCAPE: {
        char c = (char)(st->bad_char < 0x80 && st->bad_char >= 0x20 ? st->bad_char : '?');
        unsigned col = st->bad.col ? st->bad.col - 1 : 0;
        if (st->bad_char == WSL_EOF)
            f = lint_add(L, "bad-escape", SEV_WARNING, line, col,
                         "a '\\' at the end of the file: WSL reports \"Invalid escaped character\" "
                         "and drops the line (%s)",
                         st->name);
        else
            f = lint_add(
                L, "bad-escape", SEV_WARNING, line, col,
                "'\\%c' is not an escape WSL knows (only \\\\ \\\" \\b \\n \\t): WSL "
                "reports \"Invalid escaped character\" and drops the line, so %s keeps its "
                "default",
                c, st->name[0] ? st->name : "the key");
        lint_fix_double_backslashes(L, f, line);
        finding_set_source(f, SRC_PARSER);
        break;
    }
    case WSLINV_QUOTE:
        f = lint_add(
            L, "unclosed-quote", SEV_WARNING, line, st->quote.col,
            "a '\"' opened here is never closed: WSL reports \"Expected '\\\"'\" and %s, so "
            "%s keeps its default",
            L->kind == WSLF_WSLCONF ? "stops reading the file" : "drops the line",
            st->name[0] ? st->name : "the key");
        finding_set_fix(f, "close the quote on line %u, or remove it", line + 1);
        finding_set_source(f, SRC_PARSER);
        break;
    case WSLINV_NONE:
        return;
    }
    lint_evidence_line(L, f, line);
}

/* A valid header whose name WSL has no keys for. */
static void lint_section(struct lint *L, size_t idx)
{
    const struct wsl_stmt *st = &L->ev->syn.v[idx];
    if (wsl_schema_section_known(L->kind, st->name))
        return;
    /* the keys under it, until the next valid header */
    unsigned nkeys = 0, first = 0, last = 0;
    for (size_t j = idx + 1; j < L->ev->syn.n; j++) {
        const struct wsl_stmt *k = &L->ev->syn.v[j];
        if (k->kind == WSLST_SECTION)
            break;
        if (k->kind == WSLST_KEY && k->section == (long)idx && !k->bad_header_before) {
            L->quiet[j] = true;
            if (!nkeys++)
                first = k->start.line + 1;
            last = k->start.line + 1;
        }
    }
    enum wsl_file other = L->kind == WSLF_WSLCONFIG ? WSLF_WSLCONF : WSLF_WSLCONFIG;
    struct finding *f;
    char keys[96] = "";
    if (nkeys)
        snprintf(keys, sizeof(keys), ", so WSL ignores the %u key%s under it (line%s %u%s%.0u)",
                 nkeys, nkeys == 1 ? "" : "s", nkeys == 1 ? "" : "s", first, nkeys == 1 ? "" : "-",
                 nkeys == 1 ? 0 : last);
    if (nkeys > 1) {
        char range[32];
        snprintf(range, sizeof(range), "%u-%u", first, last);
        snprintf(keys, sizeof(keys), ", so WSL ignores the %u keys under it (lines %s)", nkeys,
                 range);
    }
    if (wsl_schema_section_known(other, st->name)) {
        f = lint_add(L, "bad-section", SEV_WARNING, st->start.line, st->start.col,
                     "[%s] belongs in %s, not here: WSL has no [%s] section in this file%s",
                     st->name, L->other, st->name, keys);
        finding_set_fix(f, "move [%s] and its keys to %s", st->name,
                        L->kind == WSLF_WSLCONFIG
                            ? "/etc/wsl.conf inside the distro (sudo editor /etc/wsl.conf)"
                            : "%UserProfile%\\.wslconfig on Windows");
        finding_set_source(f, L->kind == WSLF_WSLCONFIG ? "microsoft/WSL#10510"
                                                        : "microsoft/WSL#13048");
    } else {
        const char *sugg = wsl_schema_suggest_section(L->kind, st->name);
        if (sugg)
            f = lint_add(L, "bad-section", SEV_WARNING, st->start.line, st->start.col,
                         "unknown section [%s] (did you mean [%s]?)%s", st->name, sugg, keys);
        else
            f = lint_add(L, "bad-section", SEV_WARNING, st->start.line, st->start.col,
                         "unknown section [%s]: WSL has no keys in it%s", st->name, keys);
        finding_set_fix(f,
                        sugg ? "rename the header on line %u to [%s]"
                             : "rename or delete the header on line %u%.0s",
                        st->start.line + 1, sugg ? sugg : "");
        finding_set_source(f, "microsoft/WSL#6890; " SRC_PARSER);
    }
    lint_evidence_line(L, f, st->start.line);
}

static void lint_unknown(struct lint *L, size_t idx)
{
    const struct wsl_stmt *st = &L->ev->syn.v[idx];
    unsigned line = st->start.line, col = st->start.col;
    const char *sect = section_of(L, st);
    const char *dot = strchr(st->full, '.');
    struct finding *f;
    if (!dot && !sect && !st->bad_header_before) {
        const struct wsl_key *k = wsl_schema_elsewhere(L->kind, "", st->name);
        f = lint_add(L, "key-before-section", SEV_WARNING, line, col,
                     "'%s' comes before any [section]: WSL looks it up as '%s' and warns \"Unknown "
                     "key\"",
                     st->name, st->full);
        if (k)
            finding_set_fix(f, "move line %u under [%s]%s%s", line + 1, k->section,
                            L->kind == WSLF_WSLCONFIG ? ", or: headroom config set " : "",
                            L->kind == WSLF_WSLCONFIG ? k->name : "");
        else
            finding_set_fix(f, "move line %u under its section, or delete it", line + 1);
        finding_set_source(f, "microsoft/WSL#10743; " SRC_PARSER);
        lint_evidence_line(L, f, line);
        return;
    }
    if (st->bad_header_before) {
        f = lint_add(L, "unknown-key", SEV_WARNING, line, col,
                     "after the unreadable section header above, WSL reads this key as '%s', which "
                     "it does not know",
                     st->full);
        finding_set_fix(f, "fix the section header above line %u", line + 1);
        finding_set_source(f, SRC_PARSER);
        lint_evidence_line(L, f, line);
        return;
    }
    /* a valid, known section (unknown sections were reported as a whole) */
    const struct wsl_removed *rm =
        L->kind == WSLF_WSLCONFIG ? wsl_schema_removed(sect, st->name) : NULL;
    if (!rm && L->kind == WSLF_WSLCONFIG)
        rm = wsl_schema_removed(NULL, st->name);
    const struct wsl_key *else_here = wsl_schema_elsewhere(L->kind, sect, st->name);
    enum wsl_file other = L->kind == WSLF_WSLCONFIG ? WSLF_WSLCONF : WSLF_WSLCONFIG;
    const struct wsl_key *else_there = NULL;
    for (size_t i = 0; i < wsl_schema_count() && !else_there; i++) {
        const struct wsl_key *k = wsl_schema_at(i);
        if (k->file == other && strcasecmp(k->name, st->name) == 0)
            else_there = k;
    }
    if (rm) {
        f = lint_add(
            L, "unknown-key", SEV_WARNING, line, col,
            "'%s' is not a WSL setting any more (%s): WSL warns \"Unknown key\" and ignores "
            "it",
            st->name, rm->note);
        lint_fix_delete(L, f, line, st->name);
        finding_set_source(f, rm->source);
    } else if (else_here) {
        char full[96];
        f = lint_add(L, "wrong-section", SEV_WARNING, line, col,
                     "'%s' belongs under [%s], not [%s]: WSL looks up '%s', warns \"Unknown key\" "
                     "and ignores it",
                     st->name, else_here->section, sect, st->full);
        if (L->kind == WSLF_WSLCONFIG) {
            char advice[160];
            snprintf(advice, sizeof(advice), "move it under [%s]:", else_here->section);
            lint_fix_move(f, advice, st->name, wsl_key_full(else_here, full, sizeof(full)),
                          st->value);
        } else
            finding_set_fix(f, "move line %u under [%s]", line + 1, else_here->section);
        finding_set_source(f, "microsoft/WSL#10759, microsoft/WSL#10965");
    } else if (else_there) {
        f = lint_add(L, "unknown-key", SEV_WARNING, line, col,
                     "'%s' is a %s setting ([%s] %s), not a %s one: WSL warns \"Unknown key\" and "
                     "ignores it here",
                     st->name, L->kind == WSLF_WSLCONFIG ? "/etc/wsl.conf" : ".wslconfig",
                     else_there->section, else_there->name,
                     L->kind == WSLF_WSLCONFIG ? ".wslconfig" : "wsl.conf");
        finding_set_fix(f, "move it to [%s] in %s, and delete line %u here", else_there->section,
                        L->other, line + 1);
        finding_set_source(f, L->kind == WSLF_WSLCONFIG ? "microsoft/WSL#10510"
                                                        : "microsoft/WSL#13048");
    } else {
        const struct wsl_key *s = wsl_schema_suggest(L->kind, st->name);
        if (s) {
            f = lint_add(L, "unknown-key", SEV_WARNING, line, col,
                         "unknown key '%s' (did you mean '%s' under [%s]?): WSL warns \"Unknown "
                         "key\" and ignores it",
                         st->full, s->name, s->section);
            finding_set_fix(f, "rename it to %s on line %u", s->name, line + 1);
        } else {
            f = lint_add(L, "unknown-key", SEV_WARNING, line, col,
                         "unknown key '%s': WSL warns \"Unknown key\" and ignores it", st->full);
            lint_fix_delete(L, f, line, NULL);
        }
        finding_set_source(f, "microsoft/WSL#10225; " SRC_PARSER);
    }
    lint_evidence_line(L, f, line);
}

static void lint_duplicate(struct lint *L, size_t idx)
{
    const struct wsl_stmt *st = &L->ev->syn.v[idx];
    const struct wsl_setting *s = &L->ev->set[L->ev->slot[idx]];
    const struct wsl_stmt *win = &L->ev->syn.v[s->stmt];
    struct finding *f = lint_add(L, "duplicate-key", SEV_WARNING, st->start.line, st->start.col,
                                 "%s is already set on line %u, and the first one wins: WSL warns "
                                 "\"Duplicated config key\" and ignores this line%s",
                                 s->key->name, win->start.line + 1,
                                 s->valid ? ""
                                          : " (the first one's value is invalid, so the default "
                                            "applies)");
    finding_set_evidence(f, "line %u: %s=%s (used); line %u: %s=%s (ignored)", win->start.line + 1,
                         win->name, win->value, st->start.line + 1, st->name, st->value);
    finding_set_fix(f,
                    "keep one: delete line %u (or line %u, if this value is the one you "
                    "want)",
                    st->start.line + 1, win->start.line + 1);
    finding_set_source(f, SRC_PARSER " (first occurrence wins)");
}

/* Lines WSL never looks at: a lone CR (old Mac ending) inside a comment
 * does not end it, so the comment swallows the text up to the next LF. */
static void lint_swallowed(struct lint *L)
{
    const struct wsldoc *doc = L->doc;
    const struct wsl_syntax *syn = &L->ev->syn;
    if (syn->stopped)
        return;
    bool *seen = xcalloc(doc->nlines ? doc->nlines : 1, sizeof(*seen));
    for (size_t i = 0; i < syn->n; i++)
        for (unsigned l = syn->v[i].start.line; l <= syn->v[i].last_line && l < doc->nlines; l++)
            seen[l] = true;
    for (size_t i = 1; i < doc->nlines; i++) {
        const struct wsldoc_line *l = &doc->lines[i], *prev = &doc->lines[i - 1];
        size_t k = 0;
        while (k < l->text_len && (l->text[k] == ' ' || l->text[k] == '\t'))
            k++;
        if (seen[i] || k == l->text_len || l->text[k] == '#' || prev->eol != WSLEOL_CR)
            continue;
        /* the comment that swallowed it: the nearest line above with a '#' */
        struct finding *f =
            lint_add(L, "line-ending", SEV_WARNING, (unsigned)i, (unsigned)k,
                     "line %zu ends in a lone CR inside a comment, and WSL's comment "
                     "runs on to the next LF: this line is part of the comment, so "
                     "WSL never reads it",
                     i);
        lint_evidence_line(L, f, (unsigned)i);
        finding_set_fix(f, "use CRLF or LF line endings (Notepad: Edit > EOL Conversion)");
        finding_set_source(f, SRC_PARSER " (a CR inside a comment skips one character)");
    }
    free(seen);
}

static void lint_stmts(struct lint *L)
{
    const struct wsl_eval *ev = L->ev;
    for (size_t i = 0; i < ev->syn.n; i++)
        if (ev->syn.v[i].kind == WSLST_SECTION)
            lint_section(L, i);
    for (size_t i = 0; i < ev->syn.n; i++) {
        const struct wsl_stmt *st = &ev->syn.v[i];
        if (st->kind == WSLST_INVALID) {
            if (L->kind == WSLF_WSLCONF && ev->syn.stopped && ev->syn.stop_stmt == i)
                continue; /* reported by stops-parsing */
            lint_invalid(L, i);
        } else if (st->kind == WSLST_KEY && !L->quiet[i]) {
            if (ev->slot[i] < 0)
                lint_unknown(L, i);
            else if (ev->dup[i])
                lint_duplicate(L, i);
            else {
                const struct wsl_setting *s = &ev->set[ev->slot[i]];
                if (!s->valid)
                    lint_bad_value(L, s, st);
                lint_value_extras(L, s, st);
            }
        }
    }
}

/* ---- wsl.conf: where WSL stops ---- */

static void lint_stop(struct lint *L)
{
    const struct wsl_eval *ev = L->ev;
    if (!ev->syn.stopped)
        return;
    const struct wsl_stmt *st = &ev->syn.v[ev->syn.stop_stmt];
    if (L->doc->enc == WSLENC_UTF8_BOM && st->start.line == 0 && st->start.col == 0)
        return; /* wslconf.bom says it */
    /* What WSL would have read after it, had it skipped the line. */
    struct wsl_syntax rest;
    wsl_syntax_run(L->doc, WSL_DIALECT_WSLCONFIG, &rest);
    unsigned lost = 0;
    struct strbuf names = STRBUF_INIT;
    for (size_t i = 0; i < rest.n; i++) {
        const struct wsl_stmt *k = &rest.v[i];
        if (k->kind != WSLST_KEY || k->start.line <= st->last_line)
            continue;
        if (!wsl_schema_lookup(WSLF_WSLCONF, k->full))
            continue;
        if (lost++ < 4)
            strbuf_addf(&names, "%s%s", lost > 1 ? ", " : "", k->full);
    }
    wsl_syntax_release(&rest);
    char cause[200];
    if (st->why == WSLINV_KEY_NAME && st->bad_char == ';')
        snprintf(cause, sizeof(cause), "';' is not a comment, only '#' is");
    else
        snprintf(cause, sizeof(cause), "\"%s\"", wsl_invalid_name(st->why));
    struct finding *f;
    if (lost)
        f = lint_add(L, "stops-parsing", SEV_CRITICAL, st->start.line, st->bad.col,
                     "WSL stops reading /etc/wsl.conf at this invalid line (%s): the %u setting%s "
                     "after it %s ignored (%s%s)",
                     cause, lost, lost == 1 ? "" : "s", lost == 1 ? "is" : "are", names.buf,
                     lost > 4 ? ", ..." : "");
    else
        f = lint_add(
            L, "stops-parsing", SEV_WARNING, st->start.line, st->bad.col,
            "WSL stops reading /etc/wsl.conf at this invalid line (%s); no setting follows "
            "it yet, but any added below would be ignored",
            cause);
    strbuf_release(&names);
    lint_evidence_line(L, f, st->start.line);
    finding_set_fix(f,
                    "fix or delete line %u; comments start with '#'\n$ sudo editor /etc/wsl.conf",
                    st->start.line + 1);
    finding_set_source(f, SRC_DISTCONF " (parsed without CFG_SKIP_INVALID_LINES)");
}

void wsl_lint(const char *file, const struct wsldoc *doc, const struct wsl_eval *ev,
              const struct wsl_facts *facts, struct findings *out)
{
    struct lint L = {
        .file = file,
        .doc = doc,
        .ev = ev,
        .facts = facts,
        .out = out,
        .kind = ev->file,
        .area = ev->file == WSLF_WSLCONF ? "wslconf" : "wslconfig",
        .other = ev->file == WSLF_WSLCONF ? ".wslconfig" : "/etc/wsl.conf",
    };
    L.quiet = xcalloc(ev->syn.n ? ev->syn.n : 1, sizeof(*L.quiet));
    lint_encoding(&L);
    bool unreadable = doc->enc == WSLENC_UTF16BE_BOM || doc->enc == WSLENC_UTF16LE_NOBOM ||
                      doc->enc == WSLENC_UTF16BE_NOBOM ||
                      (ev->file == WSLF_WSLCONF && doc->enc == WSLENC_UTF16LE_BOM);
    if (!unreadable) {
        lint_stmts(&L);
        lint_swallowed(&L);
        if (ev->file == WSLF_WSLCONF)
            lint_stop(&L);
        else
            lint_machine(&L);
        if (ev->file == WSLF_WSLCONFIG)
            wsl_lint_overrides(file, doc, ev, facts, out);
    }
    free(L.quiet);
    findings_sort(out);
}

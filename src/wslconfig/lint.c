#include "wslconfig/lint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/size.h"
#include "util/strbuf.h"
#include "util/xalloc.h"
#include "wslconfig/lint-rules.h"

#define SRC_PARSER   "microsoft/WSL src/shared/configfile/configfile.cpp @3e27a6a"
#define SRC_STRINGS  "microsoft/WSL src/shared/inc/stringshared.h @3e27a6a"
#define SRC_CONFIG   "microsoft/WSL src/windows/common/WslCoreConfig.cpp @3e27a6a"
#define SRC_DISTCONF "microsoft/WSL src/linux/init/WslDistributionConfig.cpp @3e27a6a"

/* docker/for-win#14656, confirmed in microsoft/WSL#12991 */
#define DOCKER_SAVER_ADVICE                                                                        \
    "apart from this, turn Docker Desktop's Resource Saver off (Settings > Resources): while "     \
    "Docker Desktop is paused or saving, other distros can freeze under cgroup v2 (always used "   \
    "from WSL 2.5.1) whatever autoMemoryReclaim is"

/* Below this no 7B model quantised to 4 bits runs: its weights alone are
 * about 3.8 GiB, before the KV cache and compute buffers (headroom fit). */
#define AI_MEMORY_MIN (4 * GIB)
/* A "small host" for the swap rule: a 16 GB laptop. */
#define SMALL_HOST (16 * GIB)

struct lint {
    const char *file;
    const struct wsldoc *doc;
    const struct wsl_eval *ev;
    const struct wsl_facts *facts;
    struct findings *out;
    enum wsl_file kind;
    const char *area;  /* "wslconfig" / "wslconf" */
    const char *other; /* "/etc/wsl.conf" / ".wslconfig" */
    bool *quiet;       /* per statement: already covered by a bad-section finding */
};

static struct finding *add(struct lint *L, const char *name, enum severity sev, unsigned line0,
                           unsigned col0, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static struct finding *add(struct lint *L, const char *name, enum severity sev, unsigned line0,
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
static void evidence_line(struct lint *L, struct finding *f, unsigned line0)
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
static void fix_delete(struct lint *L, struct finding *f, unsigned line0, const char *key)
{
    if (L->kind == WSLF_WSLCONFIG && key)
        finding_set_fix(f, "delete line %u:\n$ headroom config unset %s", line0 + 1, key);
    else
        finding_set_fix(f, "delete line %u%s", line0 + 1,
                        L->kind == WSLF_WSLCONF ? "\n$ sudo editor /etc/wsl.conf" : "");
}

/* The fix for a path with lone backslashes: the line with each doubled. */
static void fix_double_backslashes(struct lint *L, struct finding *f, unsigned line0)
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
            add(L, "encoding", SEV_CRITICAL, 0, 0,
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
            add(L, "bom", SEV_CRITICAL, 0, 0,
                "UTF-8 byte-order mark: WSL's init reads /etc/wsl.conf as plain bytes, so "
                "line 1 is invalid and WSL ignores the whole file");
        finding_set_evidence(f, "the file starts with EF BB BF");
        finding_set_fix(f, "$ sudo sed -i '1s/^\\xEF\\xBB\\xBF//' /etc/wsl.conf");
        finding_set_source(f, SRC_DISTCONF " (wsl.conf is read with fopen \"r\": no BOM is "
                                           "skipped; inferred from the source)");
    } else if (conf && e == WSLENC_UTF16LE_BOM) {
        struct finding *f = add(L, "encoding", SEV_CRITICAL, 0, 0,
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
            add(L, "encoding", SEV_INFO, 0, 0,
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
            eof ? add(L, "encoding", SEV_WARNING, line, col,
                      "a Ctrl-Z (0x1A) ends the file for WSL (it reads .wslconfig in text mode): "
                      "nothing after it is read, here %zu line(s)",
                      doc->nlines - line)
                : add(L, "encoding", SEV_WARNING, line, col,
                      "control character 0x%02X in the text: it is no letter, blank or comment, "
                      "so WSL reports the line invalid unless it sits in a comment or value",
                      c);
        evidence_line(L, f, line);
        finding_set_fix(f, "remove the control character from line %u", line + 1);
        finding_set_source(f, eof ? "microsoft/WSL src/windows/common/WslCoreConfig.cpp:136 "
                                    "@3e27a6a (_wfopen \"rt,ccs=UTF-8\")"
                                  : SRC_PARSER);
    }
    if (!doc->raw_mode || conf) {
        for (size_t i = 0; i < doc->nlines; i++) {
            const struct wsldoc_line *l = &doc->lines[i];
            if (!utf8_valid(l->text, l->text_len) && !conf) {
                struct finding *f = add(L, "encoding", SEV_WARNING, (unsigned)i, 0,
                                        "bytes that are not UTF-8 (an ANSI code page?): WSL "
                                        "decodes the file as UTF-8 and gets other characters");
                evidence_line(L, f, (unsigned)i);
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
            f = add(L, "semicolon-comment", SEV_WARNING, line, st->bad.col,
                    "';' does not start a comment here (only '#' does): WSL reports \"Invalid "
                    "key name\" and %s",
                    what);
            finding_set_fix(f, "start the comment with '#' instead of ';' on line %u", line + 1);
            finding_set_source(f, "microsoft/WSL#7099; " SRC_PARSER);
        } else {
            f = add(L, "invalid-line", SEV_WARNING, line, st->bad.col,
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
            f = add(L, "invalid-line", SEV_WARNING, line, st->bad.col,
                    "'%c' in a key name: names are letters and digits only, so WSL reports "
                    "\"Expected '='\" and %s",
                    c, what);
        else
            f = add(L, "invalid-line", SEV_WARNING, line, st->bad.col,
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
        f = add(L, "bad-section", SEV_WARNING, line, st->bad.col,
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
            f = add(L, "bad-escape", SEV_WARNING, line, col,
                    "a '\\' at the end of the file: WSL reports \"Invalid escaped character\" "
                    "and drops the line (%s)",
                    st->name);
        else
            f = add(L, "bad-escape", SEV_WARNING, line, col,
                    "'\\%c' is not an escape WSL knows (only \\\\ \\\" \\b \\n \\t): WSL "
                    "reports \"Invalid escaped character\" and drops the line, so %s keeps its "
                    "default",
                    c, st->name[0] ? st->name : "the key");
        fix_double_backslashes(L, f, line);
        finding_set_source(f, SRC_PARSER);
        break;
    }
    case WSLINV_QUOTE:
        f = add(L, "unclosed-quote", SEV_WARNING, line, st->quote.col,
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
    evidence_line(L, f, line);
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
        f = add(L, "bad-section", SEV_WARNING, st->start.line, st->start.col,
                "[%s] belongs in %s, not here: WSL has no [%s] section in this file%s", st->name,
                L->other, st->name, keys);
        finding_set_fix(f, "move [%s] and its keys to %s", st->name,
                        L->kind == WSLF_WSLCONFIG
                            ? "/etc/wsl.conf inside the distro (sudo editor /etc/wsl.conf)"
                            : "%UserProfile%\\.wslconfig on Windows");
        finding_set_source(f, L->kind == WSLF_WSLCONFIG ? "microsoft/WSL#10510"
                                                        : "microsoft/WSL#13048");
    } else {
        const char *sugg = wsl_schema_suggest_section(L->kind, st->name);
        if (sugg)
            f = add(L, "bad-section", SEV_WARNING, st->start.line, st->start.col,
                    "unknown section [%s] (did you mean [%s]?)%s", st->name, sugg, keys);
        else
            f = add(L, "bad-section", SEV_WARNING, st->start.line, st->start.col,
                    "unknown section [%s]: WSL has no keys in it%s", st->name, keys);
        finding_set_fix(f,
                        sugg ? "rename the header on line %u to [%s]"
                             : "rename or delete the header on line %u%.0s",
                        st->start.line + 1, sugg ? sugg : "");
        finding_set_source(f, "microsoft/WSL#6890; " SRC_PARSER);
    }
    evidence_line(L, f, st->start.line);
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
        f = add(L, "key-before-section", SEV_WARNING, line, col,
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
        evidence_line(L, f, line);
        return;
    }
    if (st->bad_header_before) {
        f = add(L, "unknown-key", SEV_WARNING, line, col,
                "after the unreadable section header above, WSL reads this key as '%s', which "
                "it does not know",
                st->full);
        finding_set_fix(f, "fix the section header above line %u", line + 1);
        finding_set_source(f, SRC_PARSER);
        evidence_line(L, f, line);
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
        f = add(L, "unknown-key", SEV_WARNING, line, col,
                "'%s' is not a WSL setting any more (%s): WSL warns \"Unknown key\" and ignores "
                "it",
                st->name, rm->note);
        fix_delete(L, f, line, st->name);
        finding_set_source(f, rm->source);
    } else if (else_here) {
        char full[96];
        f = add(L, "wrong-section", SEV_WARNING, line, col,
                "'%s' belongs under [%s], not [%s]: WSL looks up '%s', warns \"Unknown key\" "
                "and ignores it",
                st->name, else_here->section, sect, st->full);
        if (L->kind == WSLF_WSLCONFIG)
            finding_set_fix(f,
                            "move it under [%s]:\n$ headroom config unset %s && headroom config "
                            "set %s=%s",
                            else_here->section, st->name,
                            wsl_key_full(else_here, full, sizeof(full)), st->value);
        else
            finding_set_fix(f, "move line %u under [%s]", line + 1, else_here->section);
        finding_set_source(f, "microsoft/WSL#10759, microsoft/WSL#10965");
    } else if (else_there) {
        f = add(L, "unknown-key", SEV_WARNING, line, col,
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
            f = add(L, "unknown-key", SEV_WARNING, line, col,
                    "unknown key '%s' (did you mean '%s' under [%s]?): WSL warns \"Unknown "
                    "key\" and ignores it",
                    st->full, s->name, s->section);
            finding_set_fix(f, "rename it to %s on line %u", s->name, line + 1);
        } else {
            f = add(L, "unknown-key", SEV_WARNING, line, col,
                    "unknown key '%s': WSL warns \"Unknown key\" and ignores it", st->full);
            fix_delete(L, f, line, NULL);
        }
        finding_set_source(f, "microsoft/WSL#10225; " SRC_PARSER);
    }
    evidence_line(L, f, line);
}

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

static void lint_bad_value(struct lint *L, const struct wsl_setting *s, const struct wsl_stmt *st)
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
        f = add(L, "bad-memory-size", SEV_WARNING, line, col,
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
        f = add(L, "bad-bool", SEV_WARNING, line, col,
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
        f = add(L, "bad-int", SEV_WARNING, line, col,
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
        f = add(L, "bad-enum", SEV_WARNING, line, col,
                "'%s' is not one of %s (any case): WSL warns and %s keeps its default (%s)",
                st->value, vals.buf, k->name, k->def);
        finding_set_fix(f, "write one of %s on line %u", vals.buf, line + 1);
        strbuf_release(&vals);
        break;
    }
    case WT_MAC:
        f = add(L, "bad-value", SEV_CRITICAL, line, col,
                "'%s' is not a MAC address (aa:bb:cc:dd:ee:ff): WSL treats this as a fatal "
                "error and the VM does not start",
                st->value);
        fix_delete(L, f, line, "macAddress");
        break;
    case WT_IPV4:
        f = add(L, "bad-value", SEV_WARNING, line, col,
                "'%s' is not an IPv4 address: WSL warns and turns DNS tunneling off", st->value);
        finding_set_fix(f, "write a dotted IPv4 address on line %u (default 10.255.255.254)",
                        line + 1);
        break;
    case WT_PORTS:
        f = add(L, "bad-value", SEV_WARNING, line, col,
                "'%s' has entries that are not ports 1-65535: WSL warns and skips them", st->value);
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
    evidence_line(L, f, line);
}

static void lint_value_extras(struct lint *L, const struct wsl_setting *s,
                              const struct wsl_stmt *st)
{
    const struct wsl_key *k = s->key;
    unsigned line = st->start.line;
    struct finding *f;
    if (L->kind == WSLF_WSLCONFIG && (st->nonascii || st->truncated)) {
        f = add(L, "encoding", SEV_WARNING, line, st->vstart.col,
                "non-ASCII characters in the value of %s: WSL keeps only the low byte of each "
                "character, so the value it uses differs from what is written",
                k->name);
        evidence_line(L, f, line);
        finding_set_fix(f, "use only ASCII in the value (e.g. a path without accented letters, "
                           "or its 8.3 short name)");
        finding_set_source(f, SRC_PARSER " (each wide character is narrowed with "
                                         "static_cast<char>; inferred from the source)");
    }
    if (k->type == WT_PATH && st->ctrl_escape) {
        f = add(L, "bad-escape", SEV_WARNING, line, st->ctrl_pos.col,
                "'\\%c' is an escape: WSL reads this path with a %s in it, not a backslash "
                "and '%c'",
                st->ctrl_char,
                st->ctrl_char == 't'   ? "TAB"
                : st->ctrl_char == 'n' ? "newline"
                                       : "backspace",
                st->ctrl_char);
        evidence_line(L, f, line);
        fix_double_backslashes(L, f, line);
        finding_set_source(f, SRC_PARSER);
    }
    if (k->type == WT_PATH && L->kind == WSLF_WSLCONFIG) {
        const char *pct = strchr(st->value, '%');
        if (pct && strchr(pct + 1, '%')) {
            f = add(L, "path-env-var", SEV_WARNING, line, st->vstart.col,
                    "WSL does not expand %%VARIABLES%% in %s: it uses the path literally", k->name);
            evidence_line(L, f, line);
            finding_set_fix(f, "write the full path, e.g. C:\\\\Users\\\\<you>\\\\...");
            finding_set_source(
                f, "microsoft/WSL src/windows/service/exe/WslCoreVm.cpp @3e27a6a (paths "
                   "are used as read; inferred)");
        }
    }
    if (k->alt_section && strncasecmp(st->full, k->alt_section, strlen(k->alt_section)) == 0 &&
        st->full[strlen(k->alt_section)] == '.') {
        f = add(L, "graduated-key", SEV_INFO, line, st->start.col,
                "%s has graduated from [%s] to [%s]: WSL still reads it here, but [%s] is its "
                "place now",
                k->name, k->alt_section, k->section, k->section);
        evidence_line(L, f, line);
        finding_set_fix(f, "$ headroom config unset %s && headroom config set %s=%s", k->name,
                        k->name, st->value);
        finding_set_source(f, SRC_CONFIG " (both names share one slot)");
    }
    if (k->type == WT_MEM && s->valid && s->bytes > 0) {
        const char *v = st->value;
        bool bare = v[0] && v[strlen(v) - 1] >= '0' && v[strlen(v) - 1] <= '9';
        bool small = strcmp(k->name, "defaultVhdSize") == 0 ? s->bytes < GIB
                     : strcmp(k->name, "swap") == 0         ? s->bytes < MIB
                                                            : false;
        if (bare && small) {
            f = add(L, "suspicious-size", SEV_WARNING, line, st->vstart.col,
                    "%s=%s is a number of bytes (%s): a unit is probably missing", k->name, v,
                    size_str(s->bytes));
            evidence_line(L, f, line);
            finding_set_fix(f, "add the unit, e.g. %s=%sGB if gigabytes were meant", k->name, v);
            finding_set_source(f, SRC_STRINGS " (a bare number is bytes)");
        }
    }
}

static void lint_duplicate(struct lint *L, size_t idx)
{
    const struct wsl_stmt *st = &L->ev->syn.v[idx];
    const struct wsl_setting *s = &L->ev->set[L->ev->slot[idx]];
    const struct wsl_stmt *win = &L->ev->syn.v[s->stmt];
    struct finding *f = add(L, "duplicate-key", SEV_WARNING, st->start.line, st->start.col,
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
        struct finding *f = add(L, "line-ending", SEV_WARNING, (unsigned)i, (unsigned)k,
                                "line %zu ends in a lone CR inside a comment, and WSL's comment "
                                "runs on to the next LF: this line is part of the comment, so "
                                "WSL never reads it",
                                i);
        evidence_line(L, f, (unsigned)i);
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
        f = add(L, "stops-parsing", SEV_CRITICAL, st->start.line, st->bad.col,
                "WSL stops reading /etc/wsl.conf at this invalid line (%s): the %u setting%s "
                "after it %s ignored (%s%s)",
                cause, lost, lost == 1 ? "" : "s", lost == 1 ? "is" : "are", names.buf,
                lost > 4 ? ", ..." : "");
    else
        f = add(L, "stops-parsing", SEV_WARNING, st->start.line, st->bad.col,
                "WSL stops reading /etc/wsl.conf at this invalid line (%s); no setting follows "
                "it yet, but any added below would be ignored",
                cause);
    strbuf_release(&names);
    evidence_line(L, f, st->start.line);
    finding_set_fix(f,
                    "fix or delete line %u (sudo editor /etc/wsl.conf); comments start "
                    "with '#'",
                    st->start.line + 1);
    finding_set_source(f, SRC_DISTCONF " (parsed without CFG_SKIP_INVALID_LINES)");
}

/* ---- machine-dependent rules (.wslconfig) ---- */

static const struct wsl_stmt *stmt_of(const struct lint *L, const struct wsl_setting *s)
{
    return s && s->stmt >= 0 ? &L->ev->syn.v[s->stmt] : NULL;
}

static void lint_machine(struct lint *L)
{
    const struct wsl_facts none = {0};
    const struct wsl_facts *fa = L->facts ? L->facts : &none;
    const struct wsl_eval *ev = L->ev;
    struct wsl_vm vm;
    wsl_eval_vm(ev, fa->host_ram, fa->host_cpus, &vm);
    struct finding *f;

    const struct wsl_setting *mem = wsl_eval_get(ev, "wsl2.memory");
    const struct wsl_stmt *mst = stmt_of(L, mem);
    if (mst && mem->from_file && mem->bytes) {
        if (fa->host_ram && mem->bytes > fa->host_ram) {
            f = add(L, "memory-over-host", SEV_WARNING, mst->start.line, mst->vstart.col,
                    "memory=%s is more than the host's %s of RAM: WSL clamps it to %s, which "
                    "leaves Windows nothing",
                    mst->value, size_str(fa->host_ram), size_str(fa->host_ram));
            finding_set_evidence(f, "line %u: memory=%s (%s); host RAM %s (%s)",
                                 mst->start.line + 1, mst->value, size_str(mem->bytes),
                                 size_str(fa->host_ram),
                                 fa->host_ram_from ? fa->host_ram_from : "given");
            finding_set_fix(f,
                            "set memory= below the host's RAM; this prints a value sized for "
                            "the host:\n$ headroom config recommend --host-ram %lluGB",
                            (unsigned long long)(fa->host_ram / GIB));
            finding_set_source(f, SRC_CONFIG " (Initialize: clamped to physical memory)");
        }
        if (mem->bytes < WSL_MEMORY_FLOOR) {
            f = add(L, "memory-too-small", SEV_WARNING, mst->start.line, mst->vstart.col,
                    "memory=%s is %s, below WSL's floor of 256 MB: WSL raises it to 256 MB, "
                    "far too little for local AI%s",
                    mst->value, size_str(mem->bytes),
                    strspn(mst->value, "0123456789") == strlen(mst->value)
                        ? " (a bare number is bytes: was GB meant?)"
                        : "");
            evidence_line(L, f, mst->start.line);
            finding_set_fix(f, "or what headroom config recommend says\n"
                               "$ headroom config set memory=6GB");
            finding_set_source(f, SRC_CONFIG " (Initialize: at least 256 MB)");
        } else if (mem->bytes < AI_MEMORY_MIN) {
            f = add(L, "memory-too-small", SEV_WARNING, mst->start.line, mst->vstart.col,
                    "memory=%s (%s) is too small for local AI: a 7B model quantised to 4 bits "
                    "does not fit in it once its context is counted",
                    mst->value, size_str(mem->bytes));
            evidence_line(L, f, mst->start.line);
            finding_set_fix(f, "headroom fit MODEL gives the figure for a model; headroom config "
                               "recommend gives a memory= sized for this host\n"
                               "$ headroom config set memory=6GB");
        }
    }

    const struct wsl_setting *cpu = wsl_eval_get(ev, "wsl2.processors");
    const struct wsl_stmt *cst = stmt_of(L, cpu);
    if (cst && cpu->from_file && fa->host_cpus && cpu->i > 0 && (unsigned)cpu->i > fa->host_cpus) {
        f = add(L, "processors-over-host", SEV_WARNING, cst->start.line, cst->vstart.col,
                "processors=%d is more than the host's %u logical CPUs: WSL warns "
                "\"wsl2.processors cannot exceed...\" and uses %u",
                cpu->i, fa->host_cpus, fa->host_cpus);
        finding_set_evidence(f, "line %u: processors=%s; host CPUs %u (%s)", cst->start.line + 1,
                             cst->value, fa->host_cpus,
                             fa->host_cpus_from ? fa->host_cpus_from : "given");
        finding_set_fix(f, "$ headroom config set processors=%u",
                        fa->host_cpus > 2 ? fa->host_cpus - 2 : 1);
        finding_set_source(f, SRC_CONFIG " (Initialize: MessageTooManyProcessors)");
    }

    const struct wsl_setting *sp = wsl_eval_get(ev, "experimental.sparseVhd");
    const struct wsl_stmt *sst = stmt_of(L, sp);
    if (sst && sp->from_file && sp->b) {
        f = add(L, "sparse-disabled", SEV_WARNING, sst->start.line, sst->vstart.col,
                "sparseVhd=true does nothing on current WSL: new disks are created non-sparse "
                "with the warning \"Sparse VHD support is currently disabled due to potential "
                "data corruption\"");
        evidence_line(L, f, sst->start.line);
        finding_set_fix(f, "to make an existing disk sparse anyway, at your own risk: wsl.exe "
                           "--manage <distro> --set-sparse true --allow-unsafe\n"
                           "$ headroom config unset sparseVhd");
        finding_set_source(f, "microsoft/WSL src/windows/common/WslCoreFilesystem.cpp @3e27a6a; "
                              "microsoft/WSL#13075, microsoft/WSL#12103");
    }

    const struct wsl_setting *rc = wsl_eval_get(ev, "experimental.autoMemoryReclaim");
    const struct wsl_stmt *rst = stmt_of(L, rc);
    if (rst && rc->from_file && rc->e == WSL_RECLAIM_GRADUAL) {
        struct strbuf who = STRBUF_INIT, ev_sb = STRBUF_INIT;
        struct strbuf srcs = STRBUF_INIT;
        if (fa->docker_desktop == TRI_YES) {
            strbuf_addstr(&who, "Docker Desktop");
            strbuf_addf(&ev_sb, "Docker Desktop: %s",
                        fa->docker_desktop_from ? fa->docker_desktop_from : "present");
            strbuf_addstr(&srcs, "microsoft/WSL#12635; docker/for-win#14656 (the Resource Saver "
                                 "freeze, in every reclaim mode)");
        }
        if (fa->systemd == TRI_YES) {
            strbuf_addf(&who, "%sdistro systemd", who.len ? ", " : "");
            strbuf_addf(&ev_sb, "%ssystemd: %s", ev_sb.len ? "; " : "",
                        fa->systemd_from ? fa->systemd_from : "present");
            strbuf_addf(&srcs, "%smicrosoft/WSL#10675", srcs.len ? ", " : "");
        }
        if (fa->wslg == TRI_YES && vm.gui) {
            strbuf_addf(&who, "%sWSLg", who.len ? ", " : "");
            strbuf_addf(&ev_sb, "%sWSLg: %s", ev_sb.len ? "; " : "",
                        fa->wslg_from ? fa->wslg_from : "present");
            strbuf_addf(&srcs, "%smicrosoft/WSL#13542", srcs.len ? ", " : "");
        }
        bool unknown = fa->docker_desktop == TRI_UNKNOWN || fa->systemd == TRI_UNKNOWN ||
                       (fa->wslg == TRI_UNKNOWN && vm.gui);
        if (who.len) {
            f = add(L, "gradual-hazard", SEV_WARNING, rst->start.line, rst->vstart.col,
                    "autoMemoryReclaim=gradual with %s present: hangs and lag are reported for "
                    "exactly this combination",
                    who.buf);
            finding_set_evidence(f, "line %u: autoMemoryReclaim=%s; %s", rst->start.line + 1,
                                 rst->value, ev_sb.buf);
            finding_set_fix(f, "%s$ headroom config set autoMemoryReclaim=dropcache",
                            fa->docker_desktop == TRI_YES ? DOCKER_SAVER_ADVICE "\n" : "");
            finding_set_source(f, srcs.buf);
        } else if (unknown) {
            f = add(L, "gradual-hazard", SEV_INFO, rst->start.line, rst->vstart.col,
                    "autoMemoryReclaim=gradual: hangs are reported with Docker Desktop, distro "
                    "systemd and WSLg; headroom could not tell which of them this machine has");
            evidence_line(L, f, rst->start.line);
            finding_set_fix(f, "if any of them runs:\n"
                               "$ headroom config set autoMemoryReclaim=dropcache");
            finding_set_source(f, "microsoft/WSL#10675, microsoft/WSL#13542");
        }
        strbuf_release(&who);
        strbuf_release(&ev_sb);
        strbuf_release(&srcs);
    }

    if (vm.swap_known && vm.swap == 0) {
        bool small_host = fa->host_ram && fa->host_ram <= SMALL_HOST;
        bool small_vm = vm.memory_known && vm.memory <= SMALL_HOST / 2;
        const struct wsl_setting *sw = wsl_eval_get(ev, "wsl2.swap");
        const struct wsl_stmt *wst = stmt_of(L, sw);
        if (!wst || !sw->from_file)
            wst = stmt_of(L, wsl_eval_get(ev, "wsl2.safeMode"));
        if (wst && (small_host || small_vm)) {
            f = add(L, "no-swap-small-host", SEV_WARNING, wst->start.line, wst->vstart.col,
                    "no swap on a %s: a spike while a model loads goes straight to the OOM "
                    "killer",
                    small_host ? "host of 16 GB or less" : "VM of 8 GB or less");
            if (small_host)
                finding_set_evidence(f, "line %u: %s=%s; host RAM %s (%s)", wst->start.line + 1,
                                     wst->name, wst->value, size_str(fa->host_ram),
                                     fa->host_ram_from ? fa->host_ram_from : "given");
            else
                finding_set_evidence(f, "line %u: %s=%s; VM memory %s", wst->start.line + 1,
                                     wst->name, wst->value, size_str(vm.memory));
            finding_set_fix(f, "$ headroom config set swap=4GB");
            finding_set_source(f, "Microsoft Learn, Advanced settings configuration in WSL (swap: "
                                  "25 % of memory by default; swap=0 turns it off): "
                                  "https://learn.microsoft.com/en-us/windows/wsl/wsl-config");
        }
    }

    /* settings WSL ignores because of another one */
    const struct wsl_setting *s;
    const struct wsl_stmt *st;
    if (vm.networking != WSL_NET_MIRRORED) {
        static const char *const mirrored_only[] = {"experimental.hostAddressLoopback",
                                                    "experimental.ignoredPorts"};
        for (size_t i = 0; i < 2; i++) {
            s = wsl_eval_get(ev, mirrored_only[i]);
            st = stmt_of(L, s);
            if (st && s->from_file && (s->key->type != WT_BOOL || s->overridden)) {
                f = add(L, "no-effect", SEV_WARNING, st->start.line, st->vstart.col,
                        "%s only works with networkingMode=mirrored (this file gives %s): WSL "
                        "turns it off",
                        s->key->name,
                        wsl_schema_lookup(WSLF_WSLCONFIG, "wsl2.networkingMode")
                            ->values[vm.networking]);
                evidence_line(L, f, st->start.line);
                finding_set_fix(f,
                                "or switch to mirrored networking: headroom config set "
                                "networkingMode=mirrored\n$ headroom config unset %s",
                                s->key->name);
                finding_set_source(f, SRC_CONFIG " (Initialize)");
            }
        }
    }
    s = wsl_eval_get(ev, "wsl2.virtio9p");
    st = stmt_of(L, s);
    if (st && s->from_file && s->overridden) { /* WSL's rules turned the true off */
        f = add(L, "no-effect", SEV_WARNING, st->start.line, st->vstart.col,
                "virtio9p=true is refused: WSL warns and forces it off");
        evidence_line(L, f, st->start.line);
        finding_set_fix(f, "$ headroom config unset virtio9p");
        finding_set_source(f, SRC_CONFIG " (Initialize)");
    }
    s = wsl_eval_get(ev, "wsl2.safeMode");
    st = stmt_of(L, s);
    if (st && s->from_file && s->b) {
        f = add(L, "no-effect", SEV_WARNING, st->start.line, st->vstart.col,
                "safeMode=true turns off swap, the GPU, WSLg, custom kernels, nested "
                "virtualisation and networking, whatever the other lines say");
        evidence_line(L, f, st->start.line);
        finding_set_fix(f, "once WSL starts again\n$ headroom config unset safeMode");
        finding_set_source(f, SRC_CONFIG " (Initialize: safe mode)");
    }
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

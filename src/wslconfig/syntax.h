/* WSL's own reading of a config file, character by character, as
 * src/shared/configfile/configfile.cpp in microsoft/WSL does it (a clean-room
 * model of its behaviour, microsoft/WSL src/shared/configfile/configfile.cpp; nothing is copied):
 *
 *   - the file is a stream of wide characters: for `.wslconfig` the C
 *     runtime's text mode ("rt,ccs=UTF-8": BOM honoured, CRLF -> LF, a lone
 *     CR kept, a Ctrl-Z ends the file, U+FFFF reads as WEOF without the
 *     end-of-file flag, so it ends a value, comment or skipped line like a
 *     newline), for `/etc/wsl.conf` plain bytes (musl's C locale: CR kept,
 *     bytes >= 0x80 are no letters);
 *   - leading spaces and tabs are skipped; an empty line, CR, LF do nothing;
 *   - '#' starts a comment that runs to the next LF: a lone CR inside a
 *     comment does NOT end it (the character after a CR is swallowed);
 *   - '[' letter {letter|digit} ']' blanks (EOL | '#'): a section. A bad
 *     header skips the line but leaves the name buffer as far as it was
 *     filled, so the keys below are read with a mangled prefix (see `full`);
 *   - letter {letter|digit} blanks '=' blanks value: a key. The key's full
 *     name is "<section>.<key>" (just "<key>" before any section). Anything
 *     else ("Invalid key name", "Expected '='") is an invalid line;
 *   - in the value, '"' toggles quoting and is removed; \\ \" \b \n \t are
 *     escapes, backslash + LF (or + CR, ending the value) continues, any
 *     other escape makes the line invalid; an unquoted '#' ends the value;
 *     trailing blanks are cut unless a closing quote protects them; a quote
 *     still open at the end makes the line invalid; each character is kept
 *     as its low byte (static_cast<char>), and WSL uses the value up to the
 *     first NUL;
 *   - an invalid line is skipped up to the next LF (again: not a lone CR) in
 *     `.wslconfig` (CFG_SKIP_INVALID_LINES); in wsl.conf the first invalid
 *     line ends the whole parse.
 *
 * The result is a list of statements with positions (0-based line index in
 * the document, byte column in the line's text), for the evaluator, lint and
 * the editor. */
#ifndef HEADROOM_WSLCONFIG_SYNTAX_H
#define HEADROOM_WSLCONFIG_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>

#include "wslconfig/doc.h"

enum wsl_dialect { WSL_DIALECT_WSLCONFIG = 0, WSL_DIALECT_WSLCONF };

#define WSL_EOF 0xFFFFFFFFu

enum wsl_stmt_kind { WSLST_SECTION, WSLST_KEY, WSLST_INVALID };

enum wsl_invalid {
    WSLINV_NONE = 0,
    WSLINV_KEY_NAME,      /* the line starts with neither a letter, '[' nor '#' */
    WSLINV_SECTION_NAME,  /* '[' not followed by a letter */
    WSLINV_SECTION_CLOSE, /* the section name is not followed by ']' */
    WSLINV_SECTION_TRAIL, /* something other than blanks or '#' after ']' */
    WSLINV_EXPECTED_EQ,   /* the key name is not followed by '=' */
    WSLINV_ESCAPE,        /* '\' followed by anything but \ " b n t or a newline */
    WSLINV_QUOTE,         /* a quote still open at the end of the value */
};

struct wsl_pos {
    unsigned line; /* 0-based line index in the document */
    unsigned col;  /* byte column in that line's text */
};

struct wsl_stmt {
    enum wsl_stmt_kind kind;
    struct wsl_pos start; /* '[', the key's first letter, or the first non-blank of the line */
    unsigned last_line;   /* the last line this statement (or WSL's skipping) consumed */
    /* SECTION: its name; KEY: the key name as written (no section); INVALID:
     * the key or section name read before the problem ("" if none). Owned. */
    char *name;
    /* KEY: the name WSL looks up, "<section>.<key>", up to WSL's first NUL
     * (after a bad header the prefix is what that header left behind). */
    char *full;
    /* KEY: the value WSL stores (quotes removed, escapes applied, trimmed,
     * cut at the first NUL). Owned, NUL-terminated. */
    char *value;
    size_t value_len;
    struct wsl_pos eq;     /* KEY: the '=' */
    struct wsl_pos vstart; /* KEY: the value's first character (after blanks) */
    struct wsl_pos vend;   /* KEY: just after the value's last non-blank character */
    bool has_comment;      /* KEY: a trailing '#' comment follows */
    struct wsl_pos comment;
    bool quoted;      /* a '"' appears in the value */
    unsigned escapes; /* number of escapes */
    bool ctrl_escape; /* a \b \n or \t put a control character in the value */
    struct wsl_pos ctrl_pos;
    char ctrl_char; /* 'b', 'n' or 't' */
    bool continued; /* backslash-newline joined the next line */
    bool nonascii;  /* a character >= 0x80 is in the value */
    bool truncated; /* WSL's value ends early at a NUL (a NUL or a character U+xx00) */
    /* INVALID */
    enum wsl_invalid why;
    struct wsl_pos bad;     /* the offending character (end of line / file for QUOTE) */
    unsigned bad_char;      /* its code, WSL_EOF at end of file */
    struct wsl_pos quote;   /* QUOTE: the quote left open */
    bool bad_header_before; /* KEY/INVALID: a bad section header changed the prefix */
    long section;           /* KEY/INVALID: index of the last valid SECTION before it, or -1 */
};

struct wsl_syntax {
    enum wsl_dialect dialect;
    struct wsl_stmt *v;
    size_t n, alloc;
    bool stopped;     /* wsl.conf: WSL stopped at an invalid line ... */
    size_t stop_stmt; /* ... this one */
};

void wsl_syntax_run(const struct wsldoc *doc, enum wsl_dialect dialect, struct wsl_syntax *ret);
void wsl_syntax_release(struct wsl_syntax *s);
/* WSL's message for an invalid statement ("Expected '='", ...). */
const char *wsl_invalid_name(enum wsl_invalid why);

#endif

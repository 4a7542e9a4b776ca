/* The lossless document model of a `.wslconfig` or `/etc/wsl.conf`.
 *
 * A document is the file's bytes cut into physical lines. Each line keeps
 * its exact raw bytes (content and line ending: LF, CRLF, a lone CR, or none
 * on the last line) and, for parsing, its text decoded to UTF-8. The
 * encoding and any byte-order mark are kept too, so
 *
 *     wsldoc_serialize(wsldoc_parse(x)) == x      byte for byte, for every x,
 *
 * invalid UTF-8, NUL bytes, a UTF-16 file with an odd length and all.
 *
 * Encodings (`.wslconfig` is read by WSL through the C runtime's
 * "rt,ccs=UTF-8" mode, microsoft/WSL src/shared/configfile/configfile.cpp):
 *   - UTF-8 without a BOM, and UTF-8 with a BOM: the text is the bytes;
 *   - UTF-16LE with a BOM: lines are cut on UTF-16 code units and the text
 *     is decoded to UTF-8 (an unpaired surrogate becomes U+FFFD in the text;
 *     the raw bytes keep it);
 *   - UTF-16BE with a BOM, and UTF-16 without a BOM (guessed from NUL
 *     bytes): WSL reads those bytes as UTF-8 and finds nothing valid; the
 *     document does the same (raw mode) so lint can say so, and edits are
 *     refused.
 * `/etc/wsl.conf` is read by WSL's init with plain fopen "r" (bytes, no BOM
 * handling): parse it with `raw` set, so a BOM stays in line 1's text, where
 * WSL trips over it.
 *
 * Columns and offsets: a line's `off` is the byte offset of its first byte
 * in the file; columns elsewhere in src/wslconfig/ are byte offsets into a
 * line's `text` (equal to file offsets minus `off` for UTF-8 files).
 *
 * Edits replace, insert or delete whole lines; new text is encoded in the
 * document's encoding and keeps the line's ending. Ownership: the document
 * owns every line; wsldoc_release() frees them. */
#ifndef HEADROOM_WSLCONFIG_DOC_H
#define HEADROOM_WSLCONFIG_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"

enum wsl_encoding {
    WSLENC_UTF8 = 0,
    WSLENC_UTF8_BOM,
    WSLENC_UTF16LE_BOM,
    WSLENC_UTF16BE_BOM,   /* FE FF: WSL's reader does not know it */
    WSLENC_UTF16LE_NOBOM, /* guessed: NUL in most odd bytes */
    WSLENC_UTF16BE_NOBOM, /* guessed: NUL in most even bytes */
};

enum wsl_eol { WSLEOL_NONE = 0, WSLEOL_LF, WSLEOL_CRLF, WSLEOL_CR };

struct wsldoc_line {
    char *raw; /* the line's bytes as stored, ending included; owned */
    size_t raw_len;
    char *text; /* decoded UTF-8 (for UTF-8 files: the bytes), no ending; owned */
    size_t text_len;
    enum wsl_eol eol;
    size_t off; /* byte offset of raw[0] in the file (see wsldoc_reindex) */
};

struct wsldoc {
    enum wsl_encoding enc;
    bool raw_mode;  /* text is the bytes; no BOM was taken off (wsl.conf, unknown encodings) */
    size_t bom_len; /* 0, 2 or 3: the BOM bytes that precede line 1 */
    char bom[3];
    struct wsldoc_line *lines;
    size_t nlines, alloc;
    char *tail; /* bytes after the last whole UTF-16 code unit (an odd final byte); owned */
    size_t tail_len;
};

/* Cuts `len` bytes into lines. `raw` asks for wsl.conf's reading: bytes as
 * they are, no BOM taken off or decoded. Never fails. */
void wsldoc_parse(const char *buf, size_t len, bool raw, struct wsldoc *ret);
void wsldoc_release(struct wsldoc *doc);
/* Appends the document's bytes to `out`. */
void wsldoc_serialize(const struct wsldoc *doc, struct strbuf *out);
/* Recomputes every line's `off` after edits. */
void wsldoc_reindex(struct wsldoc *doc);

/* True when the document can be edited: UTF-8 (with or without BOM) or
 * UTF-16LE with a BOM, not raw mode. */
bool wsldoc_editable(const struct wsldoc *doc);
/* Replaces line `i`'s content with `text` (UTF-8), keeping its ending. */
void wsldoc_set_line(struct wsldoc *doc, size_t i, const char *text, size_t len);
/* Inserts a line before index `at` (== nlines appends). If the line before
 * it has no ending (the file did not end with a newline), that line gets
 * `eol` so the new one starts on its own line; the new line gets `eol`
 * unless it becomes the last line of a file that had no final newline. */
void wsldoc_insert_line(struct wsldoc *doc, size_t at, const char *text, size_t len,
                        enum wsl_eol eol);
/* Removes line `i` (and its ending). */
void wsldoc_delete_line(struct wsldoc *doc, size_t i);
/* The ending most lines use (CRLF on a tie or with no endings at all: the
 * file lives on Windows). */
enum wsl_eol wsldoc_main_eol(const struct wsldoc *doc);

const char *wsl_encoding_name(enum wsl_encoding e);  /* "utf-8", "utf-16le-bom", ... */
const char *wsl_encoding_label(enum wsl_encoding e); /* "UTF-8 with BOM", ... */
const char *wsl_eol_bytes(enum wsl_eol e);           /* "\n", "\r\n", "\r", "" */
/* "LF", "CRLF", "CR", "mixed" or "none": the endings in the document. */
const char *wsldoc_eol_summary(const struct wsldoc *doc);

/* Encodes UTF-8 `s` to UTF-16LE into `out`. Invalid UTF-8 bytes become
 * U+FFFD. */
void utf8_to_utf16le(const char *s, size_t len, struct strbuf *out);
/* Decodes one UTF-8 sequence at s (at most `len` bytes): returns its length
 * (1-4) and the code point, or 0 for an invalid byte (then *ret_cp is the
 * byte). */
size_t utf8_decode_one(const unsigned char *s, size_t len, unsigned *ret_cp);
/* True when s is valid UTF-8. */
bool utf8_valid(const char *s, size_t len);

#endif

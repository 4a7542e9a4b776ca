/* Safe edits of a `.wslconfig`: `config set`, `config unset`,
 * `config apply --recommended`.
 *
 *   - every value is validated with WSL's own grammar before anything is
 *     changed (wsl_edit_parse_set);
 *   - set: the value of the line WSL uses (the first occurrence) is replaced
 *     in place - indentation, spacing, trailing comment and line ending
 *     stay; a new key goes after the last key of its section; a missing
 *     section is added at the end;
 *   - unset: every line that sets the key is removed (the misplaced and
 *     duplicated ones too, as WSL's own writer does);
 *   - the document keeps its encoding (UTF-16LE stays UTF-16LE) and its
 *     line endings; untouched lines keep every byte;
 *   - afterwards the result is evaluated again and the edit is refused
 *     unless each set key now has exactly the requested value, each unset
 *     key is gone, and every other setting is what it was.
 * Writing the bytes (backup, temp, fsync, rename) is the caller's job
 * (atomic_write()). */
#ifndef HEADROOM_WSLCONFIG_EDIT_H
#define HEADROOM_WSLCONFIG_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "wslconfig/doc.h"
#include "wslconfig/schema.h"

enum wsl_edit_kind { WSL_EDIT_SET, WSL_EDIT_UNSET };

struct wsl_edit {
    enum wsl_edit_kind kind;
    const struct wsl_key *key; /* NULL for unsetting a name WSL does not know (pageReporting) */
    char name[64];             /* the key name */
    char value[512];           /* SET: as it will be written (escaped, quoted if needed) */
    char plain[512];           /* SET: the value WSL will read */
};

/* "memory=6GB", "wsl2.memory=6GB", "experimental.autoMemoryReclaim=dropcache":
 * resolves the key in the .wslconfig schema and validates the value.
 * Returns 0, or -EINVAL with a one-line reason in `err`. */
int wsl_edit_parse_set(const char *arg, struct wsl_edit *ret, char *err, size_t errn);
/* "pageReporting", "wsl2.swap": any key name (letters and digits). */
int wsl_edit_parse_unset(const char *arg, struct wsl_edit *ret, char *err, size_t errn);

/* Applies the edits to `doc` (which must be wsldoc_editable()). Returns the
 * number of lines changed, added or removed (0: nothing to do), or -EINVAL
 * with `err` set when an edit cannot be made safely (then `doc` may be
 * partly changed: work on a copy, as wsl_edit_bytes() does). */
int wsl_edit_doc(struct wsldoc *doc, const struct wsl_edit *edits, size_t n, char *err,
                 size_t errn);

/* The whole job on bytes: parse, edit, verify, serialize into `out`.
 * Returns the number of lines touched, or -EINVAL (err set), or -EMEDIUMTYPE
 * when the encoding cannot be edited. */
int wsl_edit_bytes(const char *buf, size_t len, const struct wsl_edit *edits, size_t n,
                   struct strbuf *out, char *err, size_t errn);

#endif

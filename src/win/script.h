/* PowerShell scripts that change the Windows host, and undo the change.
 *
 * The apply script (win_script_apply), for each catalogue item:
 *   1. before anything changes, records the current state of everything it
 *      will touch (registry Start and DelayedAutostart values and whether
 *      they existed, the service status and the dependents running with it,
 *      the policy value) in headroom-state.json beside itself. An item that
 *      file already records keeps its record: the file holds the state
 *      before headroom's first change, however often the script runs. If
 *      the file cannot be read or written, it stops with nothing changed;
 *   2. applies the item (Set-Service, falling back to the registry Start
 *      value where Windows refuses; a policy value);
 *   3. reads each value back and prints per item "ok" (read back),
 *      "boot" (read back in the registry, which the service manager reads
 *      only at the next boot) or "FAILED"; the summary counts each.
 * `headroom windows script --undo STATE.json` (win_state_parse +
 * win_script_undo) writes the script that restores exactly what that file
 * recorded: delayed-auto start through `sc.exe config NAME start=
 * delayed-auto`, the service and its dependents started if they ran, each
 * read back and counted the same way.
 *
 * Nothing a user types and nothing read from a state file is ever copied
 * into a script: names and paths come from the catalogue (and are quoted
 * with ps_quote all the same); from a state file only validated numbers,
 * booleans and a status from a fixed list are taken, and every name in it
 * must match the catalogue. The one exception is a dependent's name, which
 * Windows decides: it must be letters, digits, '_', '.' or '-' (nothing that
 * can end a quoted string), is quoted, and the undo starts it only if
 * Windows lists it as a dependent of the catalogue's service at that time.
 * Scripts are UTF-8 with a BOM (Windows
 * PowerShell 5.1 reads a file without one in the ANSI code page) and CRLF
 * line ends. They never touch AppXSvc, WaaSMedicSvc, wuauserv or BITS. */
#ifndef HEADROOM_WIN_SCRIPT_H
#define HEADROOM_WIN_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "util/diag.h"
#include "util/strbuf.h"
#include "win/catalog.h"

#define WIN_STATE_FORMAT "headroom-windows-state/1"

/* Appends s as a PowerShell single-quoted literal. Only printable ASCII is
 * accepted (-EINVAL otherwise, nothing appended); ' is doubled. PowerShell
 * also ends a single-quoted string at U+2018..U+201B, which non-ASCII
 * refusal excludes. */
int ps_quote(struct strbuf *sb, const char *s);

/* The apply script for `items` (n of them, each from win_items). Returns 0,
 * or -EPERM if an item names a protected service (never, with the built-in
 * catalogue), or -EINVAL if a catalogue string cannot be quoted. */
int win_script_apply(const struct win_item *const *items, size_t n, time_t now, struct strbuf *out);

enum win_status {
    WIN_STATUS_UNKNOWN = 0, /* null in the file (not a service Get-Service knows) */
    WIN_STATUS_RUNNING,
    WIN_STATUS_STOPPED,
    WIN_STATUS_OTHER, /* StartPending, Paused, ...: nothing to restore */
};

struct win_state_service {
    const char *name; /* the catalogue's string */
    bool exists;
    bool start_exists;
    uint32_t start; /* 0..4 */
    bool delayed_exists;
    uint32_t delayed; /* 0 or 1 */
    enum win_status status;
    /* services depending on it that ran when it was recorded (Stop-Service
     * -Force stops them too): letters, digits, '_', '.', '-' only */
    char dependents[6][64];
    size_t ndependents;
};

/* One PagingFiles entry of a state file: "C:\\pagefile.sys" or
 * "C:\\pagefile.sys 2048 4096" ('?' for "all drives"), nothing else. */
struct win_state_paging {
    char drive; /* 'A'..'Z' or '?' */
    bool sized;
    uint32_t initial_mb, max_mb;
};
/* Writes the entry as PagingFiles holds it (buf of 48 bytes is enough). */
void win_state_paging_format(const struct win_state_paging *p, char *buf, size_t n);

struct win_state_item {
    const struct win_item *item;
    struct win_state_service services[8];
    size_t nservices;
    /* REGVALUE, and APPX (its policy value) */
    bool key_exists, value_exists;
    uint32_t value;
    /* APPX recorded as a package (the removal of an older headroom) rather
     * than as its policy value */
    bool package;
    bool installed;
    /* PAGEFILE: AutomaticManagedPagefile (unknown when CIM did not answer)
     * and the PagingFiles value, each entry as System Properties writes it */
    bool pf_auto_known, pf_auto;
    bool pf_exists;
    struct win_state_paging pf_files[8];
    size_t pf_nfiles;
};

struct win_state {
    char created[24]; /* "2025-11-24T16:00:00Z" when valid, else "" */
    struct win_state_item items[16];
    size_t nitems;
};

/* 0, or -EPERM when the item names a protected service. */
int win_item_check(const struct win_item *it);

/* Reads a state file written by an apply script. Every name must match the
 * catalogue, every value must be in range; anything else is -EBADMSG with d
 * (line and column). Unknown keys are ignored. */
int win_state_parse(const char *buf, size_t len, struct win_state *ret, struct diag *d);
/* The undo script for a parsed state. */
int win_script_undo(const struct win_state *st, time_t now, struct strbuf *out);

#endif

/* The compaction script: `headroom windows script --compact`. It shuts WSL
 * down, compacts each chosen distribution's virtual disk (Optimize-VHD -Mode
 * Full where the Hyper-V module is installed, else diskpart's compact vdisk
 * on the disk attached read-only), reads each file's size before and after,
 * records the result under "compactions" in headroom-state.json beside
 * itself (the tuning script's state file; a compaction has nothing to undo)
 * and restarts nothing: WSL starts again when a distribution is next opened.
 *
 * Nothing from the host document is copied into the script but each
 * distribution's registry key name, a GUID that must be exactly
 * "{8-4-4-4-12 hex}": the script reads BasePath and VhdFileName from
 * HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss\{GUID} itself when it
 * runs, so a path (untrusted, and possibly not ASCII) never passes through
 * headroom. */
#ifndef HEADROOM_WIN_SCRIPT_COMPACT_H
#define HEADROOM_WIN_SCRIPT_COMPACT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "util/strbuf.h"

#define WIN_COMPACT_MAX 16

/* True when s is "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" (hex digits). */
bool win_guid_ok(const char *s);
/* The script for the registry keys `guids` (n of them, at most
 * WIN_COMPACT_MAX). 0, or -EINVAL when a key is not a GUID or n is out of
 * range (nothing written). */
int win_script_compact(const char *const *guids, size_t n, time_t now, struct strbuf *out);

/* script.c's shared parts */
void win_script_header(struct strbuf *sb, const char *kind, time_t now);
void win_script_comment(struct strbuf *sb, const char *first, const char *text);
void win_script_finish(struct strbuf *body, struct strbuf *out);

#endif

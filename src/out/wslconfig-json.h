/* JSON for `config lint/show/recommend` and `budget`.
 *
 * "effective" is an object keyed by WSL's own key names ("wsl2.memory",
 * "experimental.autoMemoryReclaim": the names users grep their files for);
 * each value is an object with snake_case members:
 *   value    what WSL uses: a number (bytes for sizes, ms for timeouts), a
 *            boolean, an enum's canonical name, a string, or null when it
 *            depends on the host and the host is unknown;
 *   text     the value as WSL read it from the file, or null;
 *   origin   "file" or "default";
 *   line     the line WSL took it from (null for a default);
 *   ignored_line  a line whose invalid value WSL ignored (then origin is
 *            "default"), else null;
 *   default  the default in words; unit ("bytes", "ms", "CPUs" or null);
 *   note     how WSL got there ("clamped to the host's RAM"...), an older
 *            WSL release's default ("Disabled: the default before WSL
 *            2.1.3"), or null;
 *   override null, or {"written", "reason", "source"} when a rule WSL applies
 *            after reading changed the value written (`written`: the file's
 *            text) or the default (`written` null); `source` is the
 *            microsoft/WSL file and line (wslconfig/rules.h).
 * experimental.ignoredPorts' value is the array of ports WSL keeps. */
#ifndef HEADROOM_OUT_WSLCONFIG_JSON_H
#define HEADROOM_OUT_WSLCONFIG_JSON_H

#include "budget.h"
#include "finding.h"
#include "out/json.h"
#include "wslconfig/eval.h"

/* Writes "effective": {...}. `vm` may be NULL (wsl.conf). */
void wsl_effective_json(struct json *j, const struct wsl_eval *ev, const struct wsl_vm *vm);
/* A lint finding: finding_json's members plus "message" (= title). */
void wsl_finding_json(struct json *j, const struct finding *f);
/* Writes the budget's members (profile, host_ram, lines, left_for_ai and
 * recommended_memory, or room_for_ai_now and fits_now_memory when the
 * budget is measured now, wsl_memory_limit). */
void budget_json_members(struct json *j, const struct budget *b, const struct host_facts *h);

#endif

/* The object `headroom status --json` prints: one writer, which `snapshot
 * --json` embeds as its "status", so the two can never differ. */
#ifndef HEADROOM_OUT_STATUS_JSON_H
#define HEADROOM_OUT_STATUS_JSON_H

#include "machine.h"
#include "out/json.h"
#include "win/host.h"

/* The members (not the braces): the machine, "disk" with the Windows side
 * of the guest's own distribution from h (h->reason says why when it holds
 * no data), and "python_envs". */
void status_json_members(struct json *j, const struct machine *m, const struct win_host *h,
                         const char *root_path);

#endif

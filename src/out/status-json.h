/* The object `headroom status --json` prints: one writer, which `snapshot
 * --json` embeds as its "status", so the two can never differ. */
#ifndef HEADROOM_OUT_STATUS_JSON_H
#define HEADROOM_OUT_STATUS_JSON_H

#include "loaded-models.h"
#include "machine.h"
#include "out/json.h"
#include "win/host.h"

/* The members (not the braces): the machine, "disk" with the Windows side
 * of the guest's own distribution from h (h->reason says why when it holds
 * no data), "python_envs" and "loaded_models". */
void status_json_members(struct json *j, const struct machine *m, const struct win_host *h,
                         const struct loaded_models *lm, const char *root_path);
/* "loaded_models": {"source": "ollama"|"processes"|"none", "models": [...]} */
void loaded_models_json(struct json *j, const struct loaded_models *lm);

#endif

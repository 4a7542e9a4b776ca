/* WSL's disks on the Windows host as JSON (src/win/disk.h): the members
 * "wsl_distros", "wsl_distros_truncated" and "wsl_swap" of the host object,
 * and the "host" object of `status --json`'s "disk" (the guest's own
 * distribution with the reclaimable estimate). Sizes are bytes; a value that
 * is not known is null with "<key>_error". */
#ifndef HEADROOM_OUT_WIN_DISK_JSON_H
#define HEADROOM_OUT_WIN_DISK_JSON_H

#include "out/json.h"
#include "probe/disk.h"
#include "win/disk.h"

struct win_host;

void win_disk_json_members(struct json *j, const struct win_disk *k);
/* "host": {...} for the guest's distribution `name` (fs: its "/" when read,
 * else NULL), or "host": null + "host_error". */
void win_disk_json_host(struct json *j, const struct win_host *h, const char *name,
                        const struct disk_fs *fs);

#endif

/* The machine picture as JSON: the object `headroom status --json` prints,
 * also embedded by other commands. Keys are stable; sizes are bytes. */
#ifndef HEADROOM_MACHINE_JSON_H
#define HEADROOM_MACHINE_JSON_H

#include "machine.h"
#include "out/json.h"

/* Writes the members (not the enclosing braces) of the status object. */
void machine_json_members(struct json *j, const struct machine *m, const char *root_path);

/* One file system's figures as an object (fs_type, fs_magic, size, used,
 * free, available, block_size), as in "disk"."root_fs"; also `disk trim`. */
void machine_json_disk_fs(struct json *j, const struct disk_fs *fs);
/* The "disk" member of `status --json`, left open for "host"
 * (src/out/status-json.c): the file system at "/" (size, used, free,
 * available, in bytes, or null with root_fs_error). Close it with
 * json_obj_end(). */
void machine_json_disk_open(struct json *j, const struct machine *m);

#endif

/* The Windows host as JSON: the "host" object of `headroom windows status
 * --json` (and of any command that embeds host data). Its keys follow the
 * host document (src/win/host.h) with derived ones added: os.family,
 * os.release, adapters[].killer/msi. Every value may be null; then
 * "<key>_error" says why. Sizes are bytes. */
#ifndef HEADROOM_WIN_HOST_JSON_H
#define HEADROOM_WIN_HOST_JSON_H

#include "out/json.h"
#include "win/host.h"

/* Writes the members (not the enclosing braces) of the host object. */
void win_host_json_members(struct json *j, const struct win_host *h);

/* key: value, or key: null + key_error: why */
void json_kv_win_u64(struct json *j, const char *key, const struct win_u64 *v);
void json_kv_win_bool(struct json *j, const char *key, const struct win_bool *v);
void json_kv_win_str(struct json *j, const char *key, const struct win_str *v);

#endif

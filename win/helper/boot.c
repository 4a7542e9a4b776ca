/* How long Windows has been up: GetTickCount64 (milliseconds since boot,
 * sleep included). Set beside the WSL VM's own uptime it tells a VM that
 * started, or restarted, long after Windows did.
 *
 *   "uptime_ms": N */
#include <windows.h>

#include "helper.h"

void emit_uptime(struct json *w)
{
    json_kv_u64(w, "uptime_ms", (uint64_t)GetTickCount64());
}

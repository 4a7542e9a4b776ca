#!/usr/bin/env bash
# headroom-win.exe under Wine (Debian's wine64), run through headroom's own
# live path: HEADROOM_WIN_HELPER names a two-line wrapper that starts the
# helper with wine64, so the spawn, the time limit and the JSON reader are
# the ones WSL uses. Checks:
#   1. the JSON parses: `windows status --json` exits 0 with the helper's data,
#      from one process;
#   2. total memory equals what Wine itself reports for this machine
#      (`wmic computersystem get TotalPhysicalMemory`, UTF-16 output);
#   3. the services list holds Wine's own services with their states;
#   4. `snapshot` records .headroom/host.json and `--root` reads the same host;
#   5. the GPU memory per process is "not available" with PDH's reason (Wine
#      has no WDDM GPU counters), in the JSON and in `windows status`.
# The Wine prefix lives in build/wine-prefix (created on the first run).
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
. tests/cli/lib/wine.sh
wine_setup wine-prefix

t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
wine_helper "$t/helper"

# 2. what Wine reports, by its own tool
"$wine" wmic computersystem get TotalPhysicalMemory > "$t/wmic" 2> /dev/null
wine_total=$(iconv -f UTF-16 -t UTF-8 < "$t/wmic" | tr -d '\r' | awk 'NR == 2 { print $1 }')
[[ $wine_total =~ ^[0-9]+$ ]] || { echo "wmic printed no total"; od -c "$t/wmic" | head; exit 1; }

# 1. the helper through headroom
HEADROOM_WIN_HELPER=$t/helper "$HEADROOM" windows status --json > "$t/live.json"
jq -e '.host.source == "helper" and .from_snapshot == false and .spawned == 1' "$t/live.json" > /dev/null ||
  { echo "not the helper's data:"; jq 'del(.host.services, .items)' "$t/live.json"; exit 1; }
total=$(jq .host.memory.total "$t/live.json")
[[ $total == "$wine_total" ]] || { echo "helper total $total, Wine says $wine_total"; exit 1; }

# 3. Wine's own services, each with a state and a start type
jq -e '
  (.host.services | length) >= 10
  and all(.host.services[]; (.state | type == "string") and (.start_type | type == "string"))
  and any(.host.services[]; .name == "PlugPlay" and .state == "running" and .start_type == "automatic")
  and any(.host.services[]; (.name | ascii_downcase) == "eventlog" and .state == "running" and (.working_set | . > 0))
  and any(.host.services[]; .name == "MSIServer" and .state == "stopped" and .pid == null
                            and .pid_error == "not running")
' "$t/live.json" > /dev/null || { echo "services:"; jq -c '.host.services[] | [.name, .state, .start_type]' "$t/live.json"; exit 1; }

# 5. GPU memory per process: Wine has no WDDM, so PDH has no GPU counter
#    sets and the helper says so (null with the reason), as windows status does
jq -e '.host.gpu_processes == null
       and (.host.gpu_processes_error | test("no such counter set"))
       and .host.gpu_dedicated_used == null and (.host.gpu_dedicated_used_error | type == "string")' \
  "$t/live.json" > /dev/null || { echo "gpu fields:"; jq -c '.host | with_entries(select(.key | startswith("gpu")))' "$t/live.json"; exit 1; }
# Windows' uptime, which Wine gives too
jq -e '.host.uptime_ms | type == "number" and . > 0' "$t/live.json" > /dev/null ||
  { echo "uptime_ms: $(jq -c '.host.uptime_ms, .host.uptime_ms_error' "$t/live.json")"; exit 1; }
# the page file settings: Wine keeps PagingFiles too (as REG_SZ)
jq -e '.host.pagefile.paging_files | length >= 1 and all(.[]; (.path | test("pagefile.sys$")))' \
  "$t/live.json" > /dev/null || { echo "pagefile:"; jq -c '.host.pagefile, .host.pagefile_error' "$t/live.json"; exit 1; }
HEADROOM_WIN_HELPER=$t/helper "$HEADROOM" windows status > "$t/live.txt"
grep -q "GPU memory by process: not available (PdhAddEnglishCounter" "$t/live.txt" ||
  { echo "windows status does not say the GPU memory is not available"; grep -i gpu "$t/live.txt"; exit 1; }

# 4. snapshot keeps it; --root reads it without running anything
HEADROOM_WIN_HELPER=$t/helper "$HEADROOM" snapshot -o "$t/snap" > "$t/snap.out"
grep -q 'Windows host data: recorded' "$t/snap.out"
HEADROOM_WIN_HELPER=/nonexistent "$HEADROOM" --root "$t/snap" windows status --json > "$t/back.json"
stable='.host | {os, total: .memory.total, services: [.services[] | {name, start_type}], adapters, profile}'
diff <(jq -S "$stable" "$t/live.json") <(jq -S "$stable" "$t/back.json")
jq -e '.from_snapshot == true and .spawned == 0' "$t/back.json" > /dev/null
echo "helper under Wine: total $total = Wine's, $(jq '.host.services | length' "$t/live.json") services"

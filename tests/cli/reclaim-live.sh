#!/usr/bin/env bash
# The real thing, as root: cache a 512 MiB file, run `headroom reclaim --cache
# --json` (drop_caches=1) and check what the kernel guarantees for it: every
# clean page cache page that no process maps is dropped, so the file, synced
# and unmapped, leaves the cache (mincore, before and after). And headroom's
# own figures, against bounds that hold whatever else runs (lib/cache.sh):
# before-Cached holds the file, after-Cached holds what stays of it and is
# not above Cached once the command ended; gained/dropped are differences.
# One attempt: nothing here depends on what else is cached.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
[[ $(id -u) -eq 0 ]] || { echo "skip: needs root to write /proc/sys/vm/drop_caches"; exit 77; }
[[ -w /proc/sys/vm/drop_caches ]] || { echo "skip: /proc/sys/vm/drop_caches is not writable here (container?)"; exit 77; }
. "$(dirname "$0")/lib/cache.sh"
cache_setup
cache_fill

"$HEADROOM" reclaim --cache --json > "$t/out.json"
post_readings
resident_after=$(file_resident)

j() { jq -r "$1" "$t/out.json"; }
echo "file resident $(mib "$resident_before") -> $(mib "$resident_after");" \
     "headroom: Cached $(mib "$(j .before.cached)") -> $(mib "$(j .after.cached)")," \
     "MemFree $(mib "$(j .before.mem_free)") -> $(mib "$(j .after.mem_free)");" \
     "Cached once it ended $(mib "$post_cached_max") at most"
fail=0
[[ $(j '.steps[1].step') == drop_caches && $(j '.steps[1].value') == 1 ]] ||
  { echo "  step 2 is not drop_caches=1"; fail=1; }
# the kernel's guarantee, on the file's own pages: at most 5 % stays (pages
# still held in a CPU's LRU batch when the drop ran)
(( resident_after * 20 <= resident_before )) ||
  { echo "  $(mib "$resident_after") of the file is still cached after drop_caches"; fail=1; }
check_cache_figures "$t/out.json" || fail=1
[[ $fail -eq 0 ]] && echo "reclaim --cache: ok"
exit $fail

#!/usr/bin/env bash
# The real thing, as root: cache a 512 MiB file, run `headroom reclaim --cache
# --json` (drop_caches=1) and check what the kernel guarantees for it: every
# clean page cache page that no process maps is dropped, so the file, synced
# and unmapped, leaves the cache (mincore, before and after). And headroom's
# own figures: its before/after MemFree and Cached lie within what
# /proc/meminfo showed while it ran, its after-Cached is not above what it
# showed once the command had ended, and mem_free_gained / cached_dropped are
# their differences. One attempt: nothing here depends on what else is cached.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
[[ $(id -u) -eq 0 ]] || { echo "skip: needs root to write /proc/sys/vm/drop_caches"; exit 77; }
[[ -w /proc/sys/vm/drop_caches ]] || { echo "skip: /proc/sys/vm/drop_caches is not writable here (container?)"; exit 77; }
. "$(dirname "$0")/lib/cache.sh"
cache_setup
cache_fill

envelope_start
"$HEADROOM" reclaim --cache --json > "$t/out.json"
envelope_stop
resident_after=$(file_resident)

j() { jq -r "$1" "$t/out.json"; }
echo "file resident $(mib "$resident_before") -> $(mib "$resident_after");" \
     "headroom: Cached $(mib "$(j .before.cached)") -> $(mib "$(j .after.cached)")," \
     "MemFree $(mib "$(j .before.mem_free)") -> $(mib "$(j .after.mem_free)");" \
     "$(wc -l < "$t/envelope") /proc/meminfo readings meanwhile"
fail=0
[[ $(j '.steps[1].step') == drop_caches && $(j '.steps[1].value') == 1 ]] ||
  { echo "  step 2 is not drop_caches=1"; fail=1; }
# the kernel's guarantee, on the file's own pages: at most 5 % stays (pages
# still held in a CPU's LRU batch when the drop ran)
(( resident_after * 20 <= resident_before )) ||
  { echo "  $(mib "$resident_after") of the file is still cached after drop_caches"; fail=1; }
inside "before MemFree" "$(j .before.mem_free)" 1 || fail=1
inside "before Cached" "$(j .before.cached)" 2 || fail=1
inside "after MemFree" "$(j .after.mem_free)" 1 || fail=1
inside "after Cached" "$(j .after.cached)" 2 || fail=1
not_above_post "after Cached" "$(j .after.cached)" 2 || fail=1
(( $(j .mem_free_gained) == $(j .after.mem_free) - $(j .before.mem_free) )) ||
  { echo "  mem_free_gained is not after - before"; fail=1; }
(( $(j .cached_dropped) == $(j .before.cached) - $(j .after.cached) )) ||
  { echo "  cached_dropped is not before - after"; fail=1; }
[[ $fail -eq 0 ]] && echo "reclaim --cache: ok"
exit $fail

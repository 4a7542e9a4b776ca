#!/usr/bin/env bash
# The real thing, as root: fill the page cache with a 512 MiB file, run
# `headroom reclaim --cache --json` (drop_caches=1), and check against
# /proc/meminfo that Cached fell by at least 90 % of what the file added, that
# the MemFree gain the command reports is what /proc/meminfo shows, and that
# the file's pages really left the cache (fincore).
# Other builds share this machine, so one attempt can be spoilt by their page
# cache or allocations landing between two reads: an attempt that fails is
# repeated, up to 3; a reclaim that does not work fails all three.
set -euo pipefail
: "${HEADROOM:?}"
[[ $(id -u) -eq 0 ]] || { echo "skip: needs root to write /proc/sys/vm/drop_caches"; exit 77; }
[[ -w /proc/sys/vm/drop_caches ]] || { echo "skip: /proc/sys/vm/drop_caches is not writable here (container?)"; exit 77; }
. "$(dirname "$0")/lib/cache.sh"
cache_setup

attempt() {
  cache_fill || return 1
  "$HEADROOM" reclaim --cache --json > "$t/out.json"
  local now_free; now_free=$(meminfo MemFree)
  local b_cached a_cached b_free a_free gained resident
  b_cached=$(jq .before.cached "$t/out.json"); a_cached=$(jq .after.cached "$t/out.json")
  b_free=$(jq .before.mem_free "$t/out.json"); a_free=$(jq .after.mem_free "$t/out.json")
  gained=$(jq .mem_free_gained "$t/out.json")
  resident=$(file_resident)
  local fell=$((b_cached - a_cached))
  echo "added $((added >> 20)) MiB; reported Cached $((b_cached >> 20)) -> $((a_cached >> 20)) MiB (fell $((fell >> 20)) MiB);" \
       "MemFree gained $((gained >> 20)) MiB; reported after $((a_free >> 20)) MiB, /proc/meminfo now $((now_free >> 20)) MiB;" \
       "file resident after: $((resident >> 20)) MiB"
  [[ $(jq -r '.steps[1].step' "$t/out.json") == drop_caches && $(jq -r '.steps[1].value' "$t/out.json") == 1 ]] || return 1
  (( fell * 10 >= added * 9 )) || { echo "  Cached fell by less than 90% of what was added"; return 1; }
  (( gained == a_free - b_free )) || { echo "  mem_free_gained is not after - before"; return 1; }
  local d=$((now_free - a_free)); (( d < 0 )) && d=$((-d))
  (( d <= 64 << 20 )) || { echo "  reported MemFree after differs from /proc/meminfo by $((d >> 20)) MiB"; return 1; }
  (( gained * 10 >= added * 8 )) || { echo "  MemFree gained less than 80% of what the file added"; return 1; }
  (( resident * 20 <= file_size )) || { echo "  more than 5% of the file is still cached"; return 1; }
}

for i in 1 2 3; do
  if attempt; then echo "reclaim --cache: ok (attempt $i)"; exit 0; fi
done
echo "reclaim --cache failed 3 attempts"
exit 1

#!/usr/bin/env bash
# The same as reclaim-live.sh through the kernel's proactive reclaim:
# `headroom reclaim --gradual SIZE --json` writes "SIZE swappiness=0" to the
# root cgroup's memory.reclaim (cgroup v2 with the memory controller), or,
# where the memory controller is bound to cgroup v1 (hybrid mode, as on this
# project's development VM), to /sys/devices/system/node/nodeN/reclaim (6.17+),
# which runs the same reclaim over a node. The output says which was used.
# Asking for more than the whole file cache must leave Cached down by at least
# 90 % of what a 512 MiB file added.
set -euo pipefail
: "${HEADROOM:?}"
[[ $(id -u) -eq 0 ]] || { echo "skip: needs root to write memory.reclaim"; exit 77; }
. "$(dirname "$0")/lib/cache.sh"
cache_setup

attempt() {
  cache_fill || return 1
  set +e
  "$HEADROOM" reclaim --gradual 1T --json > "$t/out.json" 2> "$t/err"
  local rc=$?
  set -e
  if [[ $rc -eq 3 ]] && grep -q "cannot reclaim gradually" "$t/err"; then
    echo "skip: $(cat "$t/err")"; exit 77
  fi
  [[ $rc -eq 0 ]] || { cat "$t/err"; return 1; }
  local now_free; now_free=$(meminfo MemFree)
  local target value b_cached a_cached b_free a_free gained resident
  target=$(jq -r .memory_reclaim.target "$t/out.json")
  value=$(jq -r '.steps[0].value' "$t/out.json")
  b_cached=$(jq .before.cached "$t/out.json"); a_cached=$(jq .after.cached "$t/out.json")
  b_free=$(jq .before.mem_free "$t/out.json"); a_free=$(jq .after.mem_free "$t/out.json")
  gained=$(jq .mem_free_gained "$t/out.json")
  resident=$(file_resident)
  local fell=$((b_cached - a_cached))
  echo "through $target ($(jq -r '.steps[0].path' "$t/out.json"), last write \"$value\"," \
       "$(jq .memory_reclaim.writes "$t/out.json") writes, $(jq .memory_reclaim.eagain "$t/out.json") EAGAIN):" \
       "added $((added >> 20)) MiB; Cached $((b_cached >> 20)) -> $((a_cached >> 20)) MiB (fell $((fell >> 20)) MiB);" \
       "MemFree gained $((gained >> 20)) MiB; file resident after: $((resident >> 20)) MiB"
  if [[ $target != memory.reclaim ]]; then
    echo "  (no memory.reclaim in the root cgroup here: $(grep -c . /sys/fs/cgroup/unified/cgroup.controllers 2>/dev/null || echo 0) v2 controllers, memory bound to v1)"
  fi
  [[ $target == memory.reclaim || $target == "node reclaim" ]] || return 1
  # memory.reclaim must take >= 90 % (the issue's bar). The per-node file,
  # used only where memory.reclaim is missing, runs the kernel's node reclaim,
  # which stops once the unmapped page cache is down to vm.min_unmapped_ratio
  # of memory (1 %: 241 MiB on a 24 GB machine; with 0 % it took all of the
  # file here). It must take 90 % too, or have brought the unmapped cache
  # (Active(file) + Inactive(file) - Mapped) down to that floor; the output
  # must name the floor.
  local at_floor=0
  if (( fell * 100 < added * 90 )); then
    local floor unmapped
    floor=$(jq '.memory_reclaim.node_min_unmapped // 0' "$t/out.json")
    unmapped=$(( $(meminfo 'Active(file)') + $(meminfo 'Inactive(file)') - $(meminfo Mapped) ))
    if [[ $target == "node reclaim" ]] && (( floor > 0 && unmapped <= floor + (64 << 20) )); then
      echo "  node reclaim stopped at its floor: unmapped page cache $((unmapped >> 20)) MiB," \
           "vm.min_unmapped_ratio $((floor >> 20)) MiB"
      "$HEADROOM" reclaim --gradual 1T > "$t/out.txt" 2>&1 || true
      grep -q 'node reclaim keeps vm.min_unmapped_ratio' "$t/out.txt" ||
        { echo "  the text output does not name the floor"; cat "$t/out.txt"; return 1; }
      at_floor=1
    else
      echo "  Cached fell by less than 90% of what was added"; return 1
    fi
  fi
  (( gained == a_free - b_free )) || { echo "  mem_free_gained is not after - before"; return 1; }
  local d=$((now_free - a_free)); (( d < 0 )) && d=$((-d))
  (( d <= 64 << 20 )) || { echo "  reported MemFree after differs from /proc/meminfo by $((d >> 20)) MiB"; return 1; }
  # With nothing protected the request covered the whole file cache, so the
  # file itself must have gone; when running inference processes' file pages
  # are protected, the request is smaller and the kernel picks which pages go.
  local protected; protected=$(jq .memory_reclaim.protected "$t/out.json")
  if (( at_floor )); then
    : # the kernel kept the floor's worth, some of it this file
  elif (( protected == 0 )); then
    (( resident * 100 <= file_size * 10 )) ||
      { echo "  more than 10% of the file is still cached"; return 1; }
  else
    echo "  $((protected >> 20)) MiB protected for running inference processes: the request was limited"
  fi
  [[ $(jq .memory_reclaim.file_only "$t/out.json") == true ]] || echo "  note: this kernel refused swappiness=0 (before 6.8); bare bytes were written"
}

for i in 1 2 3; do
  if attempt; then echo "reclaim --gradual: ok (attempt $i)"; exit 0; fi
done
echo "reclaim --gradual failed 3 attempts"
exit 1

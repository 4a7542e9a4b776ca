#!/usr/bin/env bash
# The same as reclaim-live.sh through the kernel's proactive reclaim:
# `headroom reclaim --gradual 1T --json` writes "SIZE swappiness=0" to the
# root cgroup's memory.reclaim (cgroup v2 with the memory controller), or,
# where the memory controller is bound to cgroup v1 (as on this project's
# development VM and CI), to /sys/devices/system/node/nodeN/reclaim (6.17+).
# What the kernel guarantees, checked on the file's own pages (mincore):
# - memory.reclaim, asked for more than all the file cache, reclaims every
#   clean unmapped file page it can: the file goes.
# - node reclaim (mm/vmscan.c, __node_reclaim) reclaims only while the node's
#   unmapped page cache (file LRU less mapped and dirty pages) is above
#   vm.min_unmapped_ratio of its memory, and returns EAGAIN once it is not.
#   Which pages stay below that floor is the kernel's choice, so part of the
#   file may stay: then headroom must say so (node_at_floor, and the text
#   names the floor and the unmapped cache), and the test checks that the
#   unmapped cache really is at or below the floor. Above the floor the file
#   must have gone, as with memory.reclaim.
# And headroom's own figures against /proc/meminfo, as in reclaim-live.sh.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
[[ $(id -u) -eq 0 ]] || { echo "skip: needs root to write memory.reclaim"; exit 77; }
. "$(dirname "$0")/lib/cache.sh"
cache_setup
cache_fill

set +e
"$HEADROOM" reclaim --gradual 1T --json > "$t/out.json" 2> "$t/err"
rc=$?
set -e
post_readings
resident_after=$(file_resident)
if [[ $rc -eq 3 ]] && grep -q "cannot reclaim gradually" "$t/err"; then
  echo "skip: $(cat "$t/err")"; exit 77
fi
[[ $rc -eq 0 ]] || { cat "$t/err"; exit 1; }

j() { jq -r "$1" "$t/out.json"; }
target=$(j .memory_reclaim.target)
echo "through $target ($(j '.steps[0].path'), last write \"$(j '.steps[0].value')\"," \
     "$(j .memory_reclaim.writes) writes, $(j .memory_reclaim.eagain) EAGAIN):" \
     "file resident $(mib "$resident_before") -> $(mib "$resident_after");" \
     "headroom: Cached $(mib "$(j .before.cached)") -> $(mib "$(j .after.cached)");" \
     "Cached once it ended $(mib "$post_cached_max") at most;" \
     "unmapped cache after: headroom $(mib "$(j .memory_reclaim.node_unmapped_after)"), once it ended $(mib "$post_unmapped_max") at most"
fail=0
check_cache_figures "$t/out.json" || fail=1
[[ $(j .memory_reclaim.timed_out) == false ]] || { echo "  stopped at the time limit"; fail=1; }

# With inference processes running, their file pages are kept out of the
# request, and the kernel picks which pages go: nothing to say of the file.
protected=$(j .memory_reclaim.protected)
file_must_go=1
if (( protected > 0 )); then
  echo "  $(mib "$protected") protected for running inference processes: the request was limited"
  file_must_go=0
elif [[ $target == "node reclaim" ]]; then
  floor=$(j .memory_reclaim.node_min_unmapped)
  ratio=$(cat /proc/sys/vm/min_unmapped_ratio)
  total=$(meminfo MemTotal)
  # the floor headroom names is vm.min_unmapped_ratio of memory (the kernel
  # rounds per zone, down: within a page a zone)
  want=$((total / 100 * ratio))
  (( floor <= want && want - floor <= 16 << 20 )) ||
    { echo "  node_min_unmapped $(mib "$floor"), expected $ratio % of $(mib "$total")"; fail=1; }
  # headroom's unmapped cache holds the file's remaining pages (unmapped,
  # clean) and is not above what it was once the command ended
  unmapped_after=$(j .memory_reclaim.node_unmapped_after)
  (( unmapped_after + (16 << 20) >= resident_after && unmapped_after <= post_unmapped_max + (16 << 20) )) ||
    { echo "  unmapped cache after $(mib "$unmapped_after"): not between the file's $(mib "$resident_after") and the $(mib "$post_unmapped_max") once it ended"; fail=1; }
  eagain=$(j .memory_reclaim.eagain)
  if [[ $(j .memory_reclaim.node_at_floor) == true ]]; then
    # the kernel stopped at its floor: true only if the cache headroom read
    # is there, and the file's pages are part of that cache
    (( eagain > 0 && unmapped_after <= floor )) ||
      { echo "  headroom says the floor was reached, with $(mib "$unmapped_after") of unmapped cache and $eagain EAGAIN"; fail=1; }
    "$HEADROOM" reclaim --gradual 1T > "$t/out.txt" 2>&1 || true
    grep -q 'node reclaim keeps vm.min_unmapped_ratio' "$t/out.txt" &&
      grep -q 'at or below that floor, so the kernel stopped there' "$t/out.txt" ||
      { echo "  the text output does not name the floor"; cat "$t/out.txt"; fail=1; }
    echo "  node reclaim stopped at its floor ($(mib "$floor"), vm.min_unmapped_ratio $ratio %):" \
         "$(mib "$resident_after") of the file stays, as the output says"
    file_must_go=0
  elif (( eagain > 0 && post_unmapped_max + (16 << 20) <= floor )); then
    echo "  headroom does not say the floor was reached, yet the unmapped cache ($(mib "$post_unmapped_max") at most) is below it"; fail=1
  fi
fi
if (( file_must_go )); then
  (( resident_after * 10 <= resident_before )) ||
    { echo "  $(mib "$resident_after") of the file is still cached, with the reclaim not at any floor"; fail=1; }
fi
[[ $(j .memory_reclaim.file_only) == true ]] || echo "  note: this kernel refused swappiness=0 (before 6.8); bare bytes were written"
[[ $fail -eq 0 ]] && echo "reclaim --gradual: ok"
exit $fail

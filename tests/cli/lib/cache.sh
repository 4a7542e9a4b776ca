# Sourced by the live reclaim tests (tests/cli/reclaim-*.sh). They assert what
# the kernel guarantees, measured in the same run, never a share of the page
# cache that depends on what else this machine holds:
# - the test file's own residency, by mincore(2) (tests/tools/resident),
#   right after reading it and right after the reclaim;
# - headroom's figures against bounds that hold whatever else the machine
#   does (builds, other readers), as long as nothing else reclaims meanwhile:
#   its before-Cached holds the file it had not yet dropped; its after-Cached
#   holds what is still resident of the file and is not above Cached read
#   once the command ended (a stale "after" would be). A two-sided match with
#   readings of /proc/meminfo around the command is no such bound: the moment
#   headroom read cannot be hit by sampling (a reader loop every 4 ms missed
#   a dip of 20 MiB while two builds ran), and on kernels since 6.7 the
#   per-CPU free lists hand freed pages back to MemFree over seconds.
# cache_setup makes a 512 MiB file on a disk file system (tmpfs pages are
# shared memory, which no reclaim can drop); cache_fill evicts just that file
# (dd iflag=nocache), reads it back and measures how much of it is resident.
file_size=$((512 << 20))
meminfo() { awk -v k="$1:" '$1 == k { printf "%.0f\n", $2 * 1024 }' /proc/meminfo; }
file_resident() { "$BUILD_DIR/tools/resident" "$t/fill" | cut -d' ' -f1; }
mib() { echo "$(($1 >> 20)) MiB"; }
cache_setup() {
  [[ -x $BUILD_DIR/tools/resident ]] || { echo "no $BUILD_DIR/tools/resident (make tests)"; exit 1; }
  t=$(mktemp -d /var/tmp/headroom-cache.XXXXXX)
  trap 'rm -rf "$t"' EXIT
  if [[ $(stat -f -c %T "$t") == tmpfs ]]; then echo "skip: /var/tmp is tmpfs; its pages cannot be dropped"; exit 77; fi
  local avail; avail=$(meminfo MemAvailable)
  if (( avail < 4 * file_size )); then
    echo "skip: $(mib "$avail") available; caching a $(mib $file_size) file needs 2 GiB"; exit 77
  fi
  head -c "$file_size" /dev/zero > "$t/fill"
  sync "$t/fill"
}
# Sets resident_before. With 2 GiB available the kernel keeps what it has
# just read: a file that is not resident after a read is a fault of the test.
cache_fill() {
  dd if="$t/fill" iflag=nocache count=0 status=none
  cat "$t/fill" > /dev/null
  resident_before=$(file_resident)
  if (( resident_before * 10 < file_size * 9 )); then
    echo "the file is only $(mib "$resident_before") resident right after reading it"; exit 1
  fi
}
# post_readings: sets post_cached_max and post_unmapped_max, the highest
# Cached and unmapped page cache (what node reclaim counts: file LRU pages less
# mapped and dirty ones, as src/cmd/reclaim.c computes it) in 10 readings of
# /proc/meminfo taken right after the command
post_readings() {
  read -r post_cached_max post_unmapped_max < <(for _ in 1 2 3 4 5 6 7 8 9 10; do
      awk '{ v[$1] = $2 * 1024 } END { u = v["Active(file):"] + v["Inactive(file):"] - v["Mapped:"] - v["Dirty:"]
                                       printf "%.0f %.0f\n", v["Cached:"], (u < 0 ? 0 : u) }' /proc/meminfo
    done | awk '$1 > c { c = $1 } $2 > u { u = $2 } END { print c + 0, u + 0 }')
}
# check_cache_figures JSON: headroom's before/after against the bounds above
# (16 MiB for the kernel's per-CPU counter deltas)
check_cache_figures() {
  local b a sh ok=0
  b=$(jq .before.cached "$1"); a=$(jq .after.cached "$1"); sh=$(jq .after.shmem "$1")
  (( b + (16 << 20) >= resident_before )) ||
    { echo "  before Cached $(mib "$b") does not hold the $(mib "$resident_before") of the file not yet dropped"; ok=1; }
  (( a + (16 << 20) >= resident_after && a >= sh )) ||
    { echo "  after Cached $(mib "$a") does not hold the file's $(mib "$resident_after") still resident, or its $(mib "$sh") of shmem"; ok=1; }
  (( a <= post_cached_max + (16 << 20) )) ||
    { echo "  after Cached $(mib "$a") is above the $(mib "$post_cached_max") of Cached once it had ended: not read after the reclaim"; ok=1; }
  (( $(jq .mem_free_gained "$1") == $(jq .after.mem_free "$1") - $(jq .before.mem_free "$1") )) ||
    { echo "  mem_free_gained is not after - before"; ok=1; }
  (( $(jq .cached_dropped "$1") == b - a )) || { echo "  cached_dropped is not before - after"; ok=1; }
  return $ok
}

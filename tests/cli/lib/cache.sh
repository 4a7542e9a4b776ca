# Sourced by the live reclaim tests (tests/cli/reclaim-*.sh). They assert what
# the kernel guarantees, measured in the same run, never a share of the page
# cache that depends on what else this machine holds:
# - the test file's own residency, by mincore(2) (tests/tools/resident),
#   right after reading it and right after the reclaim;
# - headroom's before/after figures against /proc/meminfo read by the test
#   just before and just after the command, within the drift measured across
#   a command of the same kind a moment earlier (others share the machine).
# cache_setup makes a 512 MiB file on a disk file system (tmpfs pages are
# shared memory, which no reclaim can drop); cache_fill evicts just that file
# (dd iflag=nocache), reads it back and measures how much of it is resident.
file_size=$((512 << 20))
meminfo() { awk -v k="$1:" '$1 == k { printf "%.0f\n", $2 * 1024 }' /proc/meminfo; }
file_resident() { "$BUILD_DIR/tools/resident" "$t/fill" | cut -d' ' -f1; }
mib() { echo "$(($1 >> 20)) MiB"; }
absdiff() { local d=$(($1 - $2)); echo $((d < 0 ? -d : d)); }
# What node reclaim counts as reclaimable page cache, from /proc/meminfo now:
# file LRU pages less mapped and dirty ones (as src/cmd/reclaim.c does).
unmapped_cache() {
  local u=$(($(meminfo 'Active(file)') + $(meminfo 'Inactive(file)') - $(meminfo Mapped)))
  u=$((u - $(meminfo Dirty)))
  echo $((u < 0 ? 0 : u))
}
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
# Sets drift: how far MemFree and Cached moved across one run of CMD... (a
# command of the kind under test, that changes nothing), plus 16 MiB for the
# kernel's per-CPU counter deltas. It bounds how far a figure headroom read
# can be from the test's own reading taken just before or after it.
measure_drift() {
  local f0 c0 f1 c1
  f0=$(meminfo MemFree); c0=$(meminfo Cached)
  "$@" > /dev/null
  f1=$(meminfo MemFree); c1=$(meminfo Cached)
  local df dc; df=$(absdiff "$f0" "$f1"); dc=$(absdiff "$c0" "$c1")
  drift=$(( (df > dc ? df : dc) + (16 << 20) ))
}
# near NAME HEADROOM_FIGURE TEST_FIGURE: fails when they differ by more than $drift
near() {
  local d; d=$(absdiff "$2" "$3")
  (( d <= drift )) || { echo "  $1: headroom read $(mib "$2"), /proc/meminfo $(mib "$3"): $(mib "$d") apart, more than the $(mib "$drift") measured drift"; return 1; }
}

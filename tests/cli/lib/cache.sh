# Sourced by the live reclaim tests (tests/cli/reclaim-*.sh). They assert what
# the kernel guarantees, measured in the same run, never a share of the page
# cache that depends on what else this machine holds:
# - the test file's own residency, by mincore(2) (tests/tools/resident),
#   right after reading it and right after the reclaim;
# - headroom's before/after figures within what a reader loop saw in
#   /proc/meminfo while the command ran (envelope_*): the moments headroom
#   read lie inside that window, whatever else the machine did meanwhile. A
#   single reading after the command would not do: on kernels since 6.7 the
#   per-CPU free lists give freed pages back to MemFree over the following
#   seconds (128 MiB after headroom's read was seen here);
# - headroom's after-Cached no higher than Cached read once the command has
#   ended (the page cache, unlike MemFree, does not lag; a stale "after"
#   would be far above it). Measured bounds, never a share of the cache:
#   others building or reading meanwhile only widen what the loop saw.
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
# envelope_start: a loop records MemFree, Cached and the unmapped page cache
# (what node reclaim counts: file LRU pages less mapped and dirty ones, as
# src/cmd/reclaim.c computes it) from /proc/meminfo until envelope_stop; lines
# read after the command ended (envelope_stop) have a 4th column, "post".
envelope_start() {
  rm -f "$t/envelope.done" "$t/envelope.post"
  ( while [[ ! -e $t/envelope.done ]]; do
      [[ -e $t/envelope.post ]] && post=post || post=during
      awk -v post="$post" '{ v[$1] = $2 * 1024 }
           END { u = v["Active(file):"] + v["Inactive(file):"] - v["Mapped:"] - v["Dirty:"]
                 printf "%.0f %.0f %.0f %s\n", v["MemFree:"], v["Cached:"], (u < 0 ? 0 : u), post }' /proc/meminfo
    done > "$t/envelope" ) &
  envelope_pid=$!
  until [[ -s $t/envelope ]]; do sleep 0.01; done
}
envelope_stop() {
  touch "$t/envelope.post"
  until grep -q ' post$' "$t/envelope"; do sleep 0.01; done
  touch "$t/envelope.done"; wait "$envelope_pid"
}
# not_above_post NAME VALUE COLUMN: fails when VALUE is above every reading
# taken after the command ended by more than 16 MiB
not_above_post() {
  local hi
  hi=$(awk -v c="$3" '$4 == "post" && $c > hi { hi = $c } END { print hi + 0 }' "$t/envelope")
  (( $2 <= hi + (16 << 20) )) ||
    { echo "  $1: headroom read $(mib "$2"), above the $(mib "$hi") /proc/meminfo showed once it had ended"; return 1; }
}
# inside NAME VALUE COLUMN (1 MemFree, 2 Cached, 3 unmapped): fails when
# VALUE is outside the envelope by more than 16 MiB (the kernel's per-CPU
# counter deltas)
inside() {
  local lo hi
  read -r lo hi < <(awk -v c="$3" 'NR == 1 || $c < lo { lo = $c } $c > hi { hi = $c } END { print lo, hi }' "$t/envelope")
  (( $2 + (16 << 20) >= lo && $2 <= hi + (16 << 20) )) ||
    { echo "  $1: headroom read $(mib "$2"), /proc/meminfo meanwhile $(mib "$lo")-$(mib "$hi")"; return 1; }
}

# Sourced by the live reclaim tests (tests/cli/reclaim-*.sh).
# cache_setup makes a 512 MiB file on a disk file system (tmpfs pages are
# shared memory, which no reclaim can drop); cache_fill evicts just that file
# (dd iflag=nocache), reads it back and sets $added to what Cached grew by.
file_size=$((512 << 20))
meminfo() { awk -v k="$1:" '$1 == k { printf "%.0f\n", $2 * 1024 }' /proc/meminfo; }
file_resident() { fincore -b -n -o RES "$t/fill" | tr -d ' '; }
cache_setup() {
  t=$(mktemp -d /var/tmp/headroom-cache.XXXXXX)
  trap 'rm -rf "$t"' EXIT
  if [[ $(stat -f -c %T "$t") == tmpfs ]]; then echo "skip: /var/tmp is tmpfs; its pages cannot be dropped"; exit 77; fi
  head -c "$file_size" /dev/zero > "$t/fill"
  sync "$t/fill"
}
cache_fill() {
  dd if="$t/fill" iflag=nocache count=0 status=none
  local c0; c0=$(meminfo Cached)
  cat "$t/fill" > /dev/null
  local c1; c1=$(meminfo Cached)
  added=$((c1 - c0))
  if (( added < file_size * 3 / 4 )); then
    echo "  the file added only $((added >> 20)) MiB to Cached (someone else dropped caches?)"; return 1
  fi
}

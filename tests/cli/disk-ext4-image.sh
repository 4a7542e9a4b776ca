#!/usr/bin/env bash
# The disk picture on a real ext4 file system: a sparse image made with
# mkfs.ext4, loop-mounted here, given to headroom as --root (a mount point,
# so statfs is read from it, as from a mounted distro image). 1 GiB is
# written and deleted; at each step `status --json` .disk.root_fs must say
# what df says of the same mount at the same moment, to the byte.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
[[ $(id -u) -eq 0 ]] || { echo "skip: needs root to loop-mount an ext4 image"; exit 77; }
for tool in mkfs.ext4 losetup mount umount df; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed (tools/deps.sh check)"; exit 77; }
done
[[ -e /dev/loop-control ]] || { echo "skip: no /dev/loop-control (container without loop devices?)"; exit 77; }

t=$(mktemp -d /tmp/headroom-disk-image-XXXXXX)
loop=
cleanup() {
  mountpoint -q "$t/mnt" 2>/dev/null && umount "$t/mnt"
  [[ -n $loop ]] && losetup -d "$loop"
  rm -rf "$t"
}
trap cleanup EXIT

truncate -s 3G "$t/img"
mkfs.ext4 -q -F -E nodiscard,lazy_itable_init=0,lazy_journal_init=0 "$t/img"
loop=$(losetup -f --show "$t/img")
mkdir "$t/mnt"
mount "$loop" "$t/mnt"
# status needs a meminfo to start; this machine's own, copied in
mkdir "$t/mnt/proc"
cp /proc/meminfo "$t/mnt/proc/meminfo"
sync -f "$t/mnt"

fail=0
# compare headroom's reading with df's, same moment, same mount
check() {
  local what=$1
  "$HEADROOM" status --json --root "$t/mnt" > "$t/status.json"
  read -r df_size df_used df_avail < <(df -B1 --output=size,used,avail "$t/mnt" | tail -1)
  local size used avail type
  size=$(jq -r .disk.root_fs.size "$t/status.json")
  used=$(jq -r .disk.root_fs.used "$t/status.json")
  avail=$(jq -r .disk.root_fs.available "$t/status.json")
  type=$(jq -r .disk.root_fs.fs_type "$t/status.json")
  echo "$what: headroom used $used of $size ($avail available, $type); df used $df_used of $df_size ($df_avail available)"
  [[ $type == ext4 ]] || { echo "  fs_type is '$type', not ext4"; fail=1; }
  [[ $size == "$df_size" && $used == "$df_used" && $avail == "$df_avail" ]] ||
    { echo "  headroom and df disagree"; fail=1; }
  last_used=$used
}

check "empty"
used0=$last_used
dd if=/dev/urandom of="$t/mnt/model.bin" bs=1M count=1024 conv=fsync status=none
check "1 GiB written"
used1=$last_used
(( used1 - used0 >= 1073741824 )) || { echo "  used grew by $((used1 - used0)) bytes, not 1 GiB"; fail=1; }
rm "$t/mnt/model.bin"
sync -f "$t/mnt"
check "deleted"
used2=$last_used
(( used2 < used0 + 16777216 )) || { echo "  used did not come back down ($used2 against $used0)"; fail=1; }

# the text view says the same figure
"$HEADROOM" status --root "$t/mnt" > "$t/status.txt"
grep -q "^Disk .*/ (ext4): .* used of " "$t/status.txt" || { echo "  status shows no Disk line"; cat "$t/status.txt"; fail=1; }

[[ $fail -eq 0 ]] && echo "disk picture on an ext4 image: ok"
exit $fail

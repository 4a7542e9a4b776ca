#!/usr/bin/env bash
# `headroom disk trim` on real ext4: two identical sparse images made with
# mkfs.ext4 and loop-mounted here, each trimmed once (mkfs left them
# untrimmed), then 1 GiB written and deleted on both. headroom trims image A,
# a plain `fstrim -v` image B: the discarded bytes must agree (same layout,
# same history) and be at least the deleted GiB. The loop device turns
# discards into holes in the image file, so A's file must shrink on this
# machine (st_blocks, as du counts) by about what headroom reported, and a
# second fstrim of A must find (almost) nothing left. `status --json --root A`
# must say what df says of A's used space. --dry-run must trim nothing.
# Refusals, each with nothing trimmed: not root, --root, a tmpfs (no
# discard), no fstrim on the machine (hidden in a private mount namespace).
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
[[ $(id -u) -eq 0 ]] || { echo "skip: needs root to loop-mount ext4 images"; exit 77; }
for tool in mkfs.ext4 losetup mount umount fstrim setpriv unshare df jq; do
  command -v "$tool" >/dev/null || { echo "skip: $tool is not installed (tools/deps.sh check)"; exit 77; }
done
[[ -e /dev/loop-control ]] || { echo "skip: no /dev/loop-control (container without loop devices?)"; exit 77; }

t=$(mktemp -d /tmp/headroom-disk-trim-XXXXXX)
loops=()
cleanup() {
  for m in "$t"/mnt-*; do mountpoint -q "$m" 2>/dev/null && umount "$m"; done
  for l in "${loops[@]}"; do losetup -d "$l"; done
  rm -rf "$t"
}
trap cleanup EXIT
chmod 755 "$t" # the unprivileged run below must reach the mount point

allocated() { echo $(( $(stat -c %b "$1") * $(stat -c %B "$1") )); }
trimmed() { sed -n 's/.*(\([0-9]*\) bytes) trimmed.*/\1/p'; }
for n in a b; do
  truncate -s 3G "$t/img-$n"
  mkfs.ext4 -q -F -E nodiscard,lazy_itable_init=0,lazy_journal_init=0 "$t/img-$n"
  l=$(losetup -f --show "$t/img-$n")
  loops+=("$l")
  mkdir "$t/mnt-$n"
  mount "$l" "$t/mnt-$n"
  # status --root needs a meminfo to start: this machine's, copied in (on
  # both, so the two file systems keep the same history)
  mkdir "$t/mnt-$n/proc"
  cp /proc/meminfo "$t/mnt-$n/proc/meminfo"
  fstrim "$t/mnt-$n"
done
for n in a b; do
  dd if=/dev/urandom of="$t/mnt-$n/model.gguf" bs=1M count=1024 conv=fsync status=none
done
for n in a b; do
  rm "$t/mnt-$n/model.gguf"
  sync -f "$t/mnt-$n"
done

fail=0
# refusals first: nothing may be trimmed by them
out=$(setpriv --reuid 65534 --regid 65534 --clear-groups "$HEADROOM" disk trim "$t/mnt-a" 2>&1) && st=0 || st=$?
[[ $st -eq 3 && $out == *"needs root"* && $out == *"sudo headroom disk trim $t/mnt-a"* ]] || { echo "  not root: exit $st, '$out'"; fail=1; }
out=$("$HEADROOM" --root tests/roots/empty disk trim "$t/mnt-a" 2>&1) && st=0 || st=$?
[[ $st -eq 2 ]] || { echo "  --root: exit $st, '$out'"; fail=1; }
out=$("$HEADROOM" disk trim "$t/no-such-dir" 2>&1) && st=0 || st=$?
[[ $st -eq 2 && $out == *"No such file"* ]] || { echo "  missing path: exit $st, '$out'"; fail=1; }
out=$("$HEADROOM" disk trim "$t/img-a" 2>&1) && st=0 || st=$?
[[ $st -eq 2 && $out == *"not a directory"* ]] || { echo "  a file: exit $st, '$out'"; fail=1; }
out=$("$HEADROOM" disk frob 2>&1) && st=0 || st=$?
[[ $st -eq 2 ]] || { echo "  unknown subcommand: exit $st, '$out'"; fail=1; }
mkdir "$t/mnt-tmpfs"
mount -t tmpfs -o size=1M tmpfs "$t/mnt-tmpfs"
out=$("$HEADROOM" disk trim "$t/mnt-tmpfs" 2>&1) && st=0 || st=$?
[[ $st -eq 3 && $out == *"(tmpfs): the file system cannot discard"* ]] || { echo "  tmpfs: exit $st, '$out'"; fail=1; }
fstrim_bin=$(command -v fstrim)
out=$(unshare -m bash -c 'mount --bind /dev/null "$1" && PATH=/usr/bin:/bin "$2" disk trim "$3"' _ \
  "$(readlink -f "$fstrim_bin")" "$HEADROOM" "$t/mnt-a" 2>&1) && st=0 || st=$?
[[ $st -eq 3 && $out == *"fstrim is not installed"* ]] || { echo "  no fstrim: exit $st, '$out'"; fail=1; }
before_alloc=$(allocated "$t/img-a")
"$HEADROOM" disk trim --dry-run --json "$t/mnt-a" > "$t/dry.json"
[[ $(jq -r '.dry_run, .discarded, .after' "$t/dry.json" | tr '\n' ' ') == "true null null " ]] ||
  { echo "  --dry-run json:"; cat "$t/dry.json"; fail=1; }
[[ $(allocated "$t/img-a") == "$before_alloc" ]] || { echo "  --dry-run or a refusal changed the image"; fail=1; }

# status --root A against df, the same moment
"$HEADROOM" status --json --root "$t/mnt-a" > "$t/status.json"
read -r df_used df_avail < <(df -B1 --output=used,avail "$t/mnt-a" | tail -1)
status_used=$(jq -r .disk.root_fs.used "$t/status.json")
[[ $status_used == "$df_used" ]] || { echo "  status --root used $status_used, df $df_used"; fail=1; }

"$HEADROOM" disk trim --json "$t/mnt-a" > "$t/trim.json"
after_alloc=$(allocated "$t/img-a")
ours=$(jq -r .discarded "$t/trim.json")
theirs=$(fstrim -v "$t/mnt-b" | trimmed)
again=$(fstrim -v "$t/mnt-a" | trimmed)
read -r df_used df_avail < <(df -B1 --output=used,avail "$t/mnt-a" | tail -1)
shrunk=$(( before_alloc - after_alloc ))
echo "headroom disk trim on A: $ours bytes discarded; fstrim -v on the identical B: $theirs;" \
     "fstrim -v on A again: $again; A's image file $before_alloc -> $after_alloc bytes allocated" \
     "(shrank $shrunk); status --root used $status_used, df used $df_used"
(( ours >= 1073741824 )) || { echo "  discarded less than the deleted GiB"; fail=1; }
diff=$(( ours > theirs ? ours - theirs : theirs - ours ))
(( diff <= 16777216 + ours / 100 )) || { echo "  headroom and fstrim differ by $diff bytes"; fail=1; }
(( again <= 16777216 )) || { echo "  fstrim found $again bytes left to trim after headroom's trim"; fail=1; }
(( shrunk + 16777216 >= ours * 9 / 10 && shrunk <= ours + 16777216 )) ||
  { echo "  the image shrank by $shrunk bytes, not about $ours"; fail=1; }
# before/after: trimming changes neither used nor available, and both are df's
[[ $(jq -r .after.used "$t/trim.json") == "$df_used" && $(jq -r .after.available "$t/trim.json") == "$df_avail" ]] ||
  { echo "  after: used/available differ from df ($df_used / $df_avail)"; fail=1; }
[[ $(jq -r .before.used "$t/trim.json") == "$(jq -r .after.used "$t/trim.json")" ]] ||
  { echo "  used changed across the trim"; fail=1; }
[[ $(jq -r .before.used "$t/trim.json") == "$status_used" ]] ||
  { echo "  disk trim's before.used differs from status's"; fail=1; }
# the text form names the same figure as fstrim's own line
"$HEADROOM" disk trim "$t/mnt-b" > "$t/trim.txt"
grep -Eq "^$t/mnt-b \(ext4\): .* \([0-9]+ bytes\) discarded, as fstrim -v reports$" "$t/trim.txt" &&
  grep -q "^  before  used " "$t/trim.txt" || { echo "  text result:"; cat "$t/trim.txt"; fail=1; }

[[ $fail -eq 0 ]] && echo "disk trim on ext4 images: ok"
exit $fail

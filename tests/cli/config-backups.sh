#!/usr/bin/env bash
# config set keeps the newest 10 backups of a file and removes older ones
# (issue D9 of the adversarial run: backups piled up, and the 101st edit in
# one second failed because every backup name of that second was taken).
# With the clock fixed (HEADROOM_NOW) all 120 edits share one second: every
# one succeeds, 10 backups are left, the newest holds the file as it was
# before the last edit, and files that only look like backups (another
# name, another suffix, a symlink) are never touched.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${HEADROOM:=build/headroom}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export HEADROOM_NOW=1767225600
f=$t/c.cfg
printf '[wsl2]\nmemory=4GB\n' > "$f"
touch "$t/c.cfg.bak-mine" "$t/c.cfg.bak-20200101T000000Z.x" "$t/other.cfg.bak-20200101T000000Z"
ln -s /etc/hostname "$t/c.cfg.bak-20000101T000000Z"
for i in $(seq 1 120); do
  "$HEADROOM" config set "memory=${i}GB" --file "$f" > "$t/out" 2>&1 ||
    { echo "edit $i failed: $(cat "$t/out")"; exit 1; }
done
grep -qx 'memory=120GB' "$f" || { echo "the last edit is not in the file"; exit 1; }
mapfile -t left < <(cd "$t" && ls c.cfg.bak-20260101T000000Z* | sort -t. -k4 -n)
[[ ${#left[@]} -eq 10 ]] || { echo "expected 10 backups, found ${#left[@]}: ${left[*]}"; exit 1; }
newest=$(cd "$t" && ls c.cfg.bak-20260101T000000Z* | sort -t. -k4 -n | tail -1)
[[ $newest == c.cfg.bak-20260101T000000Z.119 ]] || { echo "newest backup is $newest"; exit 1; }
grep -qx 'memory=119GB' "$t/$newest" || { echo "the newest backup is not the file before the last edit"; exit 1; }
for keep in c.cfg.bak-mine c.cfg.bak-20200101T000000Z.x other.cfg.bak-20200101T000000Z; do
  [[ -f $t/$keep ]] || { echo "$keep was removed"; exit 1; }
done
[[ -L $t/c.cfg.bak-20000101T000000Z ]] || { echo "the symlink was removed"; exit 1; }
grep -q 'removed 1 older backup (the newest 10 are kept)' "$t/out" || { echo "no word of the removal: $(cat "$t/out")"; exit 1; }
"$HEADROOM" config set memory=7GB --file "$f" --json > "$t/j" || exit 1
jq -e '.backup | endswith(".bak-20260101T000000Z.120")' "$t/j" > /dev/null &&
  jq -e '.backups_removed == ["c.cfg.bak-20260101T000000Z.110"]' "$t/j" > /dev/null ||
  { echo "JSON does not name the backup and what was removed: $(cat "$t/j")"; exit 1; }
echo "121 edits in one second: 10 backups kept, the newest is the state before the last edit"

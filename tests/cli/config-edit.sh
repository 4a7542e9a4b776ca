#!/usr/bin/env bash
# config set/unset/apply/recommend end to end, on copies:
#   - a bad value exits 2 and leaves the file as it was (bytes, time, no backup);
#   - --dry-run prints a unified diff and writes nothing;
#   - a write keeps a backup and ends with the `wsl.exe --shutdown` reminder;
#   - `config recommend --host-ram 16GB` on the seed's machine says memory=6GB and
#     lints clean; `config apply --recommended` writes it and the file lints clean;
#   - several Windows profiles: the command lists them and asks for --file.
set -uo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }
seed=tests/roots/wsl2-tuned-6g/mnt/c/Users/alex/.wslconfig
export HEADROOM_NOW=1764000000

# a bad value: exit 2, nothing touched
cp "$seed" "$t/a"; touch -d '2020-01-01 00:00' "$t/a"
for bad in memory=6gb memory=1.5GB 'memory=6 GB' processors=six pageReporting=false memroy=6GB; do
  "$HEADROOM" config set --file "$t/a" "$bad" > "$t/out" 2> "$t/err"
  rc=$?
  [[ $rc -eq 2 ]] || no "set $bad: exit $rc"
  [[ $(wc -l < "$t/err") -eq 1 && -s $t/err ]] || no "set $bad: not one line on stderr"
  grep -q 'nothing changed' "$t/err" || no "set $bad: message does not say nothing changed"
done
cmp -s "$seed" "$t/a" || no "a refused set changed the file"
[[ $(stat -c %Y "$t/a") -eq $(date -d '2020-01-01 00:00' +%s) ]] || no "a refused set touched the file"
ls "$t"/a.bak-* > /dev/null 2>&1 && no "a refused set made a backup"

# --dry-run: a unified diff, no write
"$HEADROOM" config set --file "$t/a" memory=5GB swap=2GB --dry-run > "$t/out" || no "dry-run exit $?"
head -1 "$t/out" | grep -q "^--- $t/a\$" || no "dry-run: no diff header"
grep -q '^-memory=6GB' "$t/out" && grep -q '^+memory=5GB' "$t/out" || no "dry-run: no -/+ lines"
grep -q '^@@ -2,9 +2,9 @@$' "$t/out" || no "dry-run: hunk header (as diff -u)"
cmp -s "$seed" "$t/a" || no "dry-run wrote"
ls "$t"/a.bak-* > /dev/null 2>&1 && no "dry-run made a backup"
grep -q 'wsl.exe --shutdown' "$t/out" && no "dry-run printed the reminder"

# a write: backup, the reminder
"$HEADROOM" config set --file "$t/a" memory=5GB > "$t/out" || no "set exit $?"
grep -qF 'run `wsl.exe --shutdown` from Windows or PowerShell to apply; this closes every WSL window' \
  "$t/out" || no "no reminder after a write"
cmp -s "$t/a.bak-20251124T160000Z" "$seed" || no "backup is not the old file"
grep -q $'^memory=5GB\r$' "$t/a" || no "CRLF lost on the changed line"
# unset removes every instance
"$HEADROOM" config unset --file "$t/a" pageReporting sparseVhd > /dev/null || no "unset exit $?"
grep -qi pagereporting "$t/a" && no "pageReporting still there"
[[ -f $t/a.bak-20251124T160000Z.1 ]] || no "second backup not made beside the first"
# nothing to change
"$HEADROOM" config unset --file "$t/a" pageReporting > "$t/out"; grep -q 'nothing to change' "$t/out" || no "nothing to change"
# --json
"$HEADROOM" config set --json --file "$t/a" memory=6GB --dry-run | jq -e \
  '.changed == true and .dry_run == true and .backup == null and (.diff | startswith("--- "))' > /dev/null \
  || no "set --json"

# a symbolic link (dotfiles) stays a link; its target is written
mkdir "$t/dots"; cp "$seed" "$t/dots/wslconfig"; ln -s dots/wslconfig "$t/link"
"$HEADROOM" config set --file "$t/link" memory=7GB > /dev/null || no "set through a link"
[[ -L $t/link ]] || no "the link was replaced"
grep -q $'^memory=7GB\r$' "$t/dots/wslconfig" || no "the link's target was not written"
[[ -f $t/dots/wslconfig.bak-20251124T160000Z ]] || no "no backup beside the link's target"

# recommend: 6 GB for the seed's 16 GB typical profile, and it lints clean
"$HEADROOM" --root tests/roots/wsl2-tuned-6g config recommend --host-ram 16GB > "$t/rec.wslconfig" \
  || no "recommend exit $?"
grep -q '^memory=6GB$' "$t/rec.wslconfig" || no "recommend: not memory=6GB"
grep -qi '^pageReporting\|^sparseVhd' "$t/rec.wslconfig" && no "recommend: dead keys"
grep -q '^autoMemoryReclaim=dropcache$' "$t/rec.wslconfig" || no "recommend: autoMemoryReclaim"
"$HEADROOM" --root tests/roots/wsl2-tuned-6g config lint --file "$t/rec.wslconfig" --host-ram 16GB > "$t/out" \
  || { no "recommended file does not lint clean"; cat "$t/out"; }
grep -q '^no findings' "$t/out" || no "recommended file: findings"
# every key line has a comment line above it
awk '/^[A-Za-z]/ && prev !~ /^#/ {bad=1} {prev=$0} END {exit bad}' "$t/rec.wslconfig" \
  || no "recommend: a line without its reason"
"$HEADROOM" config recommend --file "$t/a" > /dev/null 2> "$t/err"
[[ $? -eq 2 ]] && grep -q -- '--host-ram' "$t/err" || no "recommend without host RAM"

# apply --recommended on a copy of the seed's machine
mkdir -p "$t/root/mnt/c/Users/alex" "$t/root/proc"
cp "$seed" "$t/root/mnt/c/Users/alex/.wslconfig"
"$HEADROOM" --root "$t/root" config apply --recommended --host-ram 16GB --host-cpus 8 > "$t/out" \
  || no "apply exit $?"
grep -q 'wsl.exe --shutdown' "$t/out" || no "apply: no reminder"
"$HEADROOM" --root "$t/root" config lint --host-ram 16GB --host-cpus 8 > "$t/out" \
  || { no "applied file does not lint clean"; cat "$t/out"; }
grep -q $'^memory=6GB\r$' "$t/root/mnt/c/Users/alex/.wslconfig" || no "apply: memory"
grep -qi 'pagereporting\|sparsevhd' "$t/root/mnt/c/Users/alex/.wslconfig" && no "apply: dead keys left"
grep -q '^# guiApplications=false' "$t/root/mnt/c/Users/alex/.wslconfig" || no "apply: comment lost"

# several profiles: list them, ask for --file
"$HEADROOM" --root tests/roots/wsl2-two-profiles config lint > "$t/out" 2> "$t/err"
[[ $? -eq 2 ]] || no "two profiles: exit"
grep -q 'alex/.wslconfig' "$t/err" && grep -q 'sam/.wslconfig' "$t/err" && grep -q -- '--file' "$t/err" \
  || no "two profiles: message"
grep -q 'Public' "$t/err" && no "two profiles: Public was listed"
[[ $fail -eq 0 ]] && echo ok
exit $fail

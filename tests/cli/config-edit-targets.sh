#!/usr/bin/env bash
# What config set does to files an atomic replace would mistreat: a
# read-only file and a file with other hard links are refused with the
# reason (exit 2, not a byte changed); a device or FIFO given with --file is
# refused as not a regular file; a symbolic link is followed, so its target
# is edited and the link stays a link.
set -uo pipefail
: "${HEADROOM:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fails=0
base=$'[wsl2]\nmemory=4GB\n'
refused() { # WHAT PATTERN FILE
  "$HEADROOM" config set --file "$3" memory=6GB > "$t/out" 2> "$t/err"
  local rc=$?
  if [[ $rc -ne 2 ]] || ! grep -q "$2" "$t/err" || [[ $(cat "$3") != "${base%$'\n'}" ]]; then
    echo "FAIL $1: exit $rc, stderr: $(cat "$t/err"), file: $(cat "$3")"
    fails=$((fails + 1))
  else
    echo "ok $1: $(cat "$t/err")"
  fi
}
printf '%s' "$base" > "$t/ro"
chmod 0444 "$t/ro"
refused "read-only file" 'read-only (mode 0444)' "$t/ro"
printf '%s' "$base" > "$t/linked"
ln "$t/linked" "$t/other-name"
refused "hard-linked file" 'has 2 hard links' "$t/linked"
"$HEADROOM" config set --file /dev/null memory=6GB > /dev/null 2> "$t/err"
rc=$?
[[ $rc -eq 2 ]] && grep -q 'not a regular file' "$t/err" && [[ -c /dev/null ]] ||
  { echo "FAIL /dev/null: exit $rc: $(cat "$t/err")"; fails=$((fails + 1)); }
printf '%s' "$base" > "$t/target"
ln -s target "$t/.wslconfig"
"$HEADROOM" config set --file "$t/.wslconfig" memory=6GB > /dev/null 2> "$t/err" &&
  [[ -L $t/.wslconfig ]] && grep -qx 'memory=6GB' "$t/target" ||
  { echo "FAIL symbolic link: $(cat "$t/err"); $(ls -l "$t")"; fails=$((fails + 1)); }
[[ $fails -eq 0 ]] && echo ok

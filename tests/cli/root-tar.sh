#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# A tar snapshot given to --root: exit 2 and one line that says how to
# extract it; the commands in that line, pasted into bash, extract it, and
# the --root it names then reads the same machine as the directory did.
set -euo pipefail
: "${HEADROOM:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
root=$PWD/tests/roots/wsl2-broken
"$HEADROOM" --root "$root" snapshot -o "$t/my laptop.tar" > "$t/wrote"
grep -qF "tar -xf '$t/my laptop.tar' -C snap && headroom status --root snap/'my laptop'" "$t/wrote"

check() { # FILE: refused with the extraction commands, which work
  local file=$1 rc=0
  (cd "$t" && "$HEADROOM" --root "$file" status > out 2> err) || rc=$?
  [[ $rc -eq 2 ]] || { echo "$file: exit $rc, expected 2"; exit 1; }
  [[ ! -s $t/out && $(wc -l < "$t/err") -eq 1 ]] || { echo "$file: output"; cat "$t/err"; exit 1; }
  local msg cmds dir
  msg=$(cat "$t/err")
  [[ $msg == *"not a directory; extract it first: mkdir "* ]] || { echo "$msg"; exit 1; }
  cmds=${msg#*extract it first: }
  cmds=${cmds%%, then give --root *}
  dir=${msg##*, then give --root }
  rm -rf "$t/x" && mkdir "$t/x"
  (cd "$t/x" && cp "../$file" . && bash -c "$cmds")
  if [[ $dir == "the directory tar made inside "* ]]; then
    # gzip: headroom cannot see the name inside; the one directory there
    eval "into=(${dir#the directory tar made inside })"
    dir=$(cd "$t/x" && printf '%q' "$(find "${into[0]}" -mindepth 1 -maxdepth 1 -type d)")
  fi
  eval "dir=($dir)"
  (cd "$t/x" && "$HEADROOM" --root "${dir[0]}" status --json) | jq -S 'walk(if type == "object" then del(.root) else . end)' > "$t/a.json"
  "$HEADROOM" --root "$root" status --json | jq -S 'walk(if type == "object" then del(.root) else . end)' > "$t/b.json"
  diff "$t/a.json" "$t/b.json" > /dev/null || { echo "$file: --root ${dir[0]} differs"; exit 1; }
}
check "my laptop.tar"
gzip -c "$t/my laptop.tar" > "$t/snap.tar.gz"
check snap.tar.gz

# not a tar: the plain error
echo hello > "$t/notes.txt"
rc=0
"$HEADROOM" --root "$t/notes.txt" status 2> "$t/err" || rc=$?
[[ $rc -eq 2 ]] && grep -qF -- "--root '$t/notes.txt': not a directory" "$t/err"
echo "ok: a tar or .tar.gz snapshot as --root says how to extract it, and that works"

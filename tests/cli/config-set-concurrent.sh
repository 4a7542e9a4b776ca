#!/usr/bin/env bash
# Two `config set` on the same file at once take turns (PATH.lock, as git
# does): over 200 overlapping pairs, no edit is lost, no file is corrupt,
# and no lock is left behind. Before the lock, the second writer's
# read-modify-write overwrote the first's edit most of the time.
set -uo pipefail
: "${HEADROOM:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
f=$t/.wslconfig
lost=0 corrupt=0 pairs=${PAIRS:-200}
for i in $(seq "$pairs"); do
  printf '[wsl2]\nmemory=4GB\n' > "$f"
  HEADROOM_NOW=$i "$HEADROOM" config set --file "$f" swap=2GB > /dev/null 2> "$t/e1" &
  a=$!
  HEADROOM_NOW=$i "$HEADROOM" config set --file "$f" processors=2 > /dev/null 2> "$t/e2" &
  b=$!
  wait "$a" || { echo "pair $i: the first set failed: $(cat "$t/e1")"; lost=$((lost + 1)); }
  wait "$b" || { echo "pair $i: the second set failed: $(cat "$t/e2")"; lost=$((lost + 1)); }
  grep -qx 'swap=2GB' "$f" && grep -qx 'processors=2' "$f" || { lost=$((lost + 1)); echo "pair $i lost an edit:"; cat "$f"; }
  "$HEADROOM" config lint --file "$f" > /dev/null 2>&1
  [[ $? -le 1 ]] || { corrupt=$((corrupt + 1)); echo "pair $i: the file does not lint"; }
  rm -f "$t"/.wslconfig.bak-*
done
left=$(find "$t" -name '*.lock' -o -name '.*.tmp-*' | wc -l)
echo "$pairs overlapping pairs: $lost lost edits, $corrupt corrupt files, $left locks or temporary files left"
[[ $lost -eq 0 && $corrupt -eq 0 && $left -eq 0 ]]

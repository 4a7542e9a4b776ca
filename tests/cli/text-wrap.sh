#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# Prose wraps to the terminal's width (COLUMNS here, as a terminal gives
# it) in status, fit, budget and windows status, on every fixture root:
# the same words in the same order as without wrapping (none lost, none
# broken), and no line wider than the terminal except a command to paste
# or a table row (kept whole so it can be copied and read).
set -euo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
strip() { sed 's/\x1b\[[0-9;]*[A-Za-z]//g'; }
words() { strip | tr -s ' \n' '\n\n' | grep -v '^$'; }
n=0
bad=0
for root in tests/roots/*/; do
  root=${root%/}
  for cmd in "status" "budget" "windows status" "fit tests/models/tiny-llama-q4_0.gguf"; do
    # shellcheck disable=SC2086
    "$HEADROOM" --root "$root" $cmd > "$t/plain" 2> /dev/null || true
    for cols in 60; do
      # shellcheck disable=SC2086
      COLUMNS=$cols "$HEADROOM" --root "$root" $cmd > "$t/wrapped" 2> /dev/null || true
      n=$((n + 1))
      if ! diff -q <(words < "$t/plain") <(words < "$t/wrapped") > /dev/null; then
        echo "$root $cmd at $cols: the words differ"; bad=1
      fi
      while IFS= read -r line; do
        vis=$(printf '%s' "$line" | strip)
        ((${#vis} <= cols)) && continue
        [[ $vis =~ ^\ *(\$\ |PS\>\ |cmd\>\ |llama-server\ |whisper-cli\ |headroom\ |sudo\ ) ]] && continue
        gaps=$(sed -E 's/^ +//; s/ {2,}/\t/g' <<< "$vis" | tr -cd '\t' | wc -c)
        ((gaps >= 3)) && continue
        # one word wider than the line, after its indent
        [[ $(sed 's/^ *//' <<< "$vis") != *" "* ]] && continue
        echo "$root $cmd at $cols: a prose line of ${#vis} columns: $vis"; bad=1
      done < "$t/wrapped"
    done
  done
done
((bad == 0)) || exit 1
echo "ok: $n outputs wrap at 60 columns, no word lost, commands and tables whole"

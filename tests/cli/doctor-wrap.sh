#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# doctor's text wraps to $COLUMNS under its label column and never breaks a
# command: on every fixture root, at 60 and 120 columns, (1) a line wider
# than that is a command line (after "run" or its prompt) or holds a single
# word that cannot be split (a URL, a path); (2) the words are exactly those
# of the unwrapped output, in order (nothing lost, nothing split); (3) with
# no COLUMNS and not a terminal, nothing wraps (the golden files).
set -euo pipefail
: "${HEADROOM:?}"
export LC_ALL=C.UTF-8 NO_COLOR=1 HEADROOM_NOW=1764000000
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
words() { tr -s ' \n' '  ' < "$1" | sed -E 's/next step: (\$|PS>|cmd>) /next step: /'; }
n=0
for root in tests/roots/*/; do
  [[ -d $root/proc ]] || continue
  env -u COLUMNS "$HEADROOM" --root "$root" doctor > "$t/plain" 2> /dev/null || true
  for w in 60 120; do
    COLUMNS=$w "$HEADROOM" --root "$root" doctor > "$t/wrapped" 2> /dev/null || true
    while IFS= read -r line; do
      (( ${#line} > w )) || continue
      rest=$(sed -E 's/^ +((evidence|fix|run|source) +)?//' <<<"$line")
      [[ $rest == '$ '* || $rest == 'PS> '* || $rest == 'cmd> '* || $rest != *' '* ]] ||
        { echo "$root at $w: a line of ${#line} columns that could wrap: $line"; exit 1; }
    done < "$t/wrapped"
    [[ $(words "$t/wrapped") == "$(words "$t/plain")" ]] ||
      { echo "$root at $w: the words differ from the unwrapped output"; diff <(words "$t/plain" | tr ' ' '\n') <(words "$t/wrapped" | tr ' ' '\n') | head; exit 1; }
    n=$((n + 1))
  done
done
(( n > 10 )) || { echo "only $n outputs checked"; exit 1; }
# wrapping happened at all: the 60-column output has more lines than the plain one
COLUMNS=60 "$HEADROOM" --root tests/roots/wsl2-broken doctor > "$t/w" || true
"$HEADROOM" --root tests/roots/wsl2-broken doctor > "$t/p" || true
(( $(wc -l < "$t/w") > $(wc -l < "$t/p") + 20 )) || { echo "no wrapping at 60 columns"; exit 1; }
# no COLUMNS, a terminal of 70 columns (script(1) gives a pty): its width
if command -v script > /dev/null; then
  q=$(printf '%q ' "$HEADROOM" --root tests/roots/wsl2-broken doctor)
  env -u COLUMNS script -qec "stty cols 70; $q" /dev/null | tr -d '\r' > "$t/tty" || true
  grep -q 'mem.pressure' "$t/tty" || { echo "terminal: no output"; exit 1; }
  (( $(wc -l < "$t/tty") > $(wc -l < "$t/p") + 10 )) || { echo "terminal: not wrapped"; exit 1; }
  grep -qE '^ {15}[^ ]' "$t/tty" || { echo "terminal: no line under the label column"; exit 1; }
fi
echo "ok: $n doctor outputs wrap at 60 and 120 columns, commands and long words whole"

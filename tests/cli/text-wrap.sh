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
      # one perl per output, not a few processes per line; lengths in
      # characters (the output is UTF-8: "·", "•")
      perl -CSD -ne '
        BEGIN { ($cols, $where) = splice(@ARGV, 0, 2) }
        chomp; s/\e\[[0-9;]*[A-Za-z]//g; my $vis = $_;
        next if length($vis) <= $cols;
        next if $vis =~ /^ *(\$ |PS> |cmd> |llama-server |whisper-cli |headroom |sudo )/;
        (my $cells = $vis) =~ s/^ +//;
        my $gaps = () = $cells =~ / {2,}/g;
        next if $gaps >= 3;
        next if $cells !~ / /;    # one word wider than the line, after its indent
        printf "%s: a prose line of %d columns: %s\n", $where, length($vis), $vis;
        $bad = 1;
        END { exit($bad ? 1 : 0) }
      ' "$cols" "$root $cmd at $cols" "$t/wrapped" || bad=1
    done
  done
done
((bad == 0)) || exit 1
echo "ok: $n outputs wrap at 60 columns, no word lost, commands and tables whole"

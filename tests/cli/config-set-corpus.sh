#!/usr/bin/env bash
# `config set memory=6GB` through the binary on real .wslconfig files of
# ../shared/corpus (as stored, with CRLF endings, and as UTF-16LE with a
# BOM), checked with diff(1): exactly one line changes, or one line is added
# (a file without a [wsl2] section gets the header too, after a blank line);
# WSL then reads memory=6GB from the file; the encoding and the line endings
# stay. tests/unit/test-wslconfig-edit.c does the same in-process on all 67
# files x 3 encodings; here a sample keeps `make check` fast: the first file
# of every ten, and the ones with odd shapes (no [wsl2], [WSL2], templates,
# no final newline, tabs, a bad escape, the Settings app's file).
set -uo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
corpus=../shared/corpus/wslconfig
# the corpus may not be redistributed: a clone alone skips this test
[[ -d $corpus ]] || { echo "skip: ../shared/corpus not present"; exit 77; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0 n=0
# text with a final newline, so that giving the last line one does not count
norm() { cat "$1"; [[ -s $1 && $(tail -c1 "$1" | od -An -c | tr -d ' ') != '\n' ]] && echo; }
one() { # label file encoding(utf8|utf16)
  local label=$1 f=$2 enc=$3 before=$t/before after=$t/after
  cp "$f" "$t/x.wslconfig"
  chmod u+w "$t/x.wslconfig" # the corpus is read-only; a user's own file is not
  if ! "$HEADROOM" config set --file "$t/x.wslconfig" memory=6GB > "$t/out" 2>&1; then
    echo "$label: set failed: $(cat "$t/out")"; fail=1; return
  fi
  if [[ $enc == utf16 ]]; then
    [[ $(head -c2 "$t/x.wslconfig" | od -An -tx1 | tr -d ' ') == fffe ]] \
      || { echo "$label: no longer UTF-16LE"; fail=1; }
    iconv -f UTF-16 -t UTF-8 "$f" > "$t/b8"; iconv -f UTF-16 -t UTF-8 "$t/x.wslconfig" > "$t/a8"
    norm "$t/b8" | tr -d '\r' > "$before"; norm "$t/a8" | tr -d '\r' > "$after"
  else
    norm "$f" | tr -d '\r' > "$before"; norm "$t/x.wslconfig" | tr -d '\r' > "$after"
  fi
  local del add
  del=$(diff "$before" "$after" | grep -c '^<')
  add=$(diff "$before" "$after" | grep -c '^>')
  local added
  added=$(diff "$before" "$after" | grep '^>' | sed 's/^> //' | tr '\n' '|')
  if grep -qiE '^[[:space:]]*\[wsl2\][[:space:]]*(#.*)?$' "$before"; then
    if ! { [[ $del -eq 1 && $add -eq 1 ]] || [[ $del -eq 0 && $add -eq 1 && $added == 'memory=6GB|' ]] \
           || [[ $del -eq 0 && $add -eq 0 ]]; }; then
      echo "$label: $del line(s) removed, $add added: $added"; fail=1
    fi
  elif ! [[ $del -eq 0 && ( $added == '|[wsl2]|memory=6GB|' || $added == '[wsl2]|memory=6GB|' ) ]]; then
    echo "$label (no [wsl2]): $del removed, added: $added"; fail=1
  fi
  local show
  show=$("$HEADROOM" config show --file "$t/x.wslconfig")
  grep -qE '^wsl2\.memory +6\.0 GiB +x\.wslconfig:[0-9]+ ' <<< "$show" \
    || { echo "$label: WSL would not read memory=6GB"; fail=1; }
  local want="UTF-8,"; [[ $enc == utf16 ]] && want="UTF-16LE with BOM,"
  grep -qF "x.wslconfig: $want" <<< "$show" || { echo "$label: encoding changed"; fail=1; }
  if [[ $label == *crlf* ]]; then
    # every line that has an ending still has CRLF
    local lf crlf
    lf=$(grep -c '' "$t/x.wslconfig"); crlf=$(grep -c $'\r$' "$t/x.wslconfig")
    [[ $(tail -c1 "$t/x.wslconfig" | od -An -c | tr -d ' ') == '\n' ]] || lf=$((lf - 1))
    [[ $crlf -ge $lf ]] || { echo "$label: $((lf - crlf)) line(s) lost CRLF"; fail=1; }
  fi
  n=$((n + 1))
}
sample=("$corpus"/0[0-6]1-*.wslconfig "$corpus"/{004,007,018,045,047,055,057,059}-*.wslconfig
  "$corpus"/from-issues/microsoft-WSL-{12671,6890}.wslconfig)
for f in "${sample[@]}"; do
  b=$(basename "$f" .wslconfig)
  one "$b" "$f" utf8
  sed 's/$/\r/' "$f" > "$t/crlf-src"
  # keep "no newline at the end" as it was
  [[ $(tail -c1 "$f" | od -An -c | tr -d ' ') == '\n' ]] || truncate -s -1 "$t/crlf-src"
  one "$b-crlf" "$t/crlf-src" utf8
  { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE "$t/crlf-src"; } > "$t/u16-src"
  one "$b-utf16" "$t/u16-src" utf16
done
echo "$n files edited"
[[ $n -eq $((3 * ${#sample[@]})) && $fail -eq 0 ]]

#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# Nothing headroom prints points at something the user does not have: every
# read command (text, --json, the HTML report) on every fixture root under
# tests/roots/, config lint on every tests/wslconfig file, every --help and
# `help X`, the man pages and the README are searched for research/,
# ../shared, "seed guide" and "the guide". Any hit fails the test, listed.
# It also prints how many distinct `source` strings the JSON outputs carry
# and how many of them are links (a URL or an owner/repo#N issue).
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${HEADROOM:=build/headroom}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HEADROOM_NOW=1767225600 NO_COLOR=1
n=0
run() { # name args...
  local name=$1
  shift
  n=$((n + 1))
  timeout 30 "$HEADROOM" "$@" > "$tmp/$n.$name.out" 2>&1 < /dev/null || true
}
cmds=$("$HEADROOM" help | awk '/^Commands:/{p=1; next} p && /^  [a-z]/{print $1}')
[[ -n $cmds ]] || { echo "no command list from headroom help"; exit 1; }
run help help
for c in $cmds; do
  run "help-$c" help "$c"
  run "$c-help" "$c" --help
done
for root in tests/roots/*/; do
  r=$(basename "$root")
  for j in "" --json; do
    run "$r-doctor$j" --root "$root" doctor $j
    run "$r-status$j" --root "$root" status $j
    run "$r-budget$j" --root "$root" budget $j
    run "$r-budget-min$j" --root "$root" budget --profile minimal $j
    run "$r-lint$j" --root "$root" config lint $j
    run "$r-lintconf$j" --root "$root" config lint --wsl-conf $j
    run "$r-show$j" --root "$root" config show $j
    run "$r-recommend$j" --root "$root" config recommend $j
    run "$r-recommend-min$j" --root "$root" config recommend --profile minimal $j
    run "$r-windows$j" --root "$root" windows status $j
    run "$r-fitlist$j" --root "$root" fit --list $j
  done
  run "$r-script" --root "$root" windows script --recommended --dry-run
  run "$r-report" --root "$root" report -o "$tmp/$r.report.html"
done
# `explain` (where this build has it): the list, and every id doctor and
# lint printed above
if [[ " $(echo $cmds) " == *" explain "* ]]; then
  run explain explain
  run explain-json explain --json
  for id in $(cat "$tmp"/*json.out 2> /dev/null | grep -oE '"id": "[a-z]+\.[a-z0-9-]+"' | cut -d'"' -f4 | sort -u); do
    run "explain-$id" explain "$id"
    run "explain-$id-json" explain "$id" --json
  done
fi
for file in tests/wslconfig/*.wslconfig tests/wslconfig/*.conf; do
  b=$(basename "$file")
  for j in "" --json; do
    flag=()
    [[ $b == *.conf ]] && flag=(--wsl-conf)
    run "lint-$b$j" config lint "${flag[@]}" --file "$file" --host-ram 16GB --host-cpus 8 $j
  done
done
for h in 8GB 16GB 32GB 64GB; do
  run "recommend-$h" config recommend --host-ram "$h" --host-cpus 8
  run "recommend-min-$h" config recommend --host-ram "$h" --host-cpus 8 --profile minimal
done
reports=$(ls "$tmp"/*.report.html 2> /dev/null | wc -l)
[[ $reports -ge 5 ]] || { echo "only $reports reports were written"; exit 1; }
files=("$tmp"/* man/* README.md)
hits=$(grep -n -e 'research/' -e '\.\./shared' -e 'seed guide' -e 'the guide' "${files[@]}" 2> /dev/null)
count=$(printf '%s' "$hits" | grep -c . || true)
echo "searched ${#files[@]} outputs and files ($n commands, $reports reports): $count hits"
if [[ $count -ne 0 ]]; then
  printf '%s\n' "$hits" | sed "s|$tmp/||" | head -100
  exit 1
fi
# the distinct sources the JSON outputs carry, and how many are links
# (findings, Windows items and checked claims: objects with a severity, a
# verdict or a risk beside their source)
for out in "$tmp"/*json.out; do
  jq -r '.. | objects | select(has("severity") or has("verdict") or has("risk"))
         | .source // empty | strings' "$out" 2> /dev/null
done | sort -u > "$tmp/sources.txt"
total=$(grep -c . "$tmp/sources.txt" || true)
link='https?://|[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+#[0-9]+'
at_commit='[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+ [A-Za-z0-9_./-]+(:[0-9]+)? @[0-9a-f]{7,40}'
links=$(grep -cE "$link" "$tmp/sources.txt" || true)
files=$(grep -vE "$link" "$tmp/sources.txt" | grep -cE "$at_commit" || true)
[[ $total -ge 20 ]] || { echo "only $total distinct sources were collected"; exit 1; }
echo "sources: $total distinct: $links with a link (URL or owner/repo#N, a link in the report)," \
  "$files naming a file at a commit of a public repository (a link in the report)," \
  "$((total - links - files)) other"
if [[ -n ${SHOW_SOURCES:-} ]]; then grep -vE "$link" "$tmp/sources.txt" | grep -vE "$at_commit"; fi
echo ok

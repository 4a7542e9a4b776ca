#!/usr/bin/env bash
# `make bench-win`: the Windows helper's wall time under Wine against the
# cheapest Wine spawn there is (`wine64 cmd /c exit`), medians of 40 runs
# each, with the wineserver kept up (as WSL keeps its VM up), plus how many
# processes headroom itself starts for a full host picture (strace, counting
# the clone/fork calls of the headroom process only).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh bench win
exe=$PWD/build/headroom-win.exe
bin=$PWD/build/headroom
wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
make --no-print-directory -s "$bin" "$exe"
export WINEPREFIX=$PWD/build/wine-prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
"$wine" cmd /c exit > /dev/null 2>&1 # creates the prefix on the first run
server=$(dirname "$(readlink -f "$wine")")/wineserver
[[ -x $server ]] || server=$(command -v wineserver)
"$server" -k 2> /dev/null || true
"$server" -p 60 # stay up between runs
out=$(mktemp -d)
trap 'rm -rf "$out"; "$server" -k 2> /dev/null || true' EXIT
hyperfine -N --warmup 5 --runs 40 --export-json "$out/h.json" \
  "$wine cmd /c exit" "$wine $exe" > /dev/null
jq -r '
  .results[0].median as $base
  | ["command", "median ms", "min ms", "max ms", "vs cmd /c exit"],
    (.results[] | [(.command | sub("^[^ ]*/wine64"; "wine64") | sub(" /[^ ]*/"; " ")), (.median * 1000 | round | tostring),
                   (.min * 1000 | round | tostring), (.max * 1000 | round | tostring),
                   ((.median / $base) | . * 100 | round / 100 | tostring) + "x"])
  | @tsv' "$out/h.json" | column -t -s $'\t'
echo "helper's own collection time (elapsed_ms in its JSON): $("$wine" "$exe" | jq .elapsed_ms) ms"

if command -v strace > /dev/null; then
  printf '#!/bin/sh\nexec "%s" "%s"\n' "$wine" "$exe" > "$out/helper"
  chmod +x "$out/helper"
  HEADROOM_WIN_HELPER=$out/helper strace -qq -o "$out/trace" -e trace=clone,clone3,fork,vfork \
    "$bin" windows status --json > /dev/null
  echo "processes headroom started for a full host picture: $(grep -cE '^(clone|clone3|fork|vfork)\(' "$out/trace")"
  HEADROOM_WIN_HELPER=$out/helper strace -f -qq -o "$out/tree" -e trace=execve \
    "$bin" windows status --json > /dev/null
  echo "execve calls in the whole tree under Wine (wrapper, wine64, its loader): $(grep -c 'execve(' "$out/tree")"
else
  echo "install strace to count the processes started"
fi

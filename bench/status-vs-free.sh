#!/usr/bin/env bash
# `make bench`: headroom status against procps' free on this machine, in the
# same run, median of 30 runs each (hyperfine, no shell in between); then the
# same with one process holding a 4 GiB file mapping resident (a loaded
# model, as llama-server holds it), where status must cost what it cost
# without it, and status --pss shows what the page-table walk of
# /proc/PID/smaps_rollup adds. BENCH_MAP_GIB (4; 0 skips that part).
set -euo pipefail
bin=${1:-build/headroom}
cd "$(dirname "$0")/.."
tools/deps.sh bench
build=$(dirname "$bin")
out=$(mktemp)
map=
pid=
trap 'rm -f "$out"; [[ -n $pid ]] && kill "$pid" 2> /dev/null; [[ -n $map ]] && rm -f "$map"' EXIT
table() {
  jq -r '
    (.results | map({(.command): .median}) | add) as $m
    | ["command", "median ms", "vs free -b"],
      (.results[] | [.command, (.median * 1000 | . * 1000 | round / 1000 | tostring),
                     ((.median / $m["free -b"]) | . * 100 | round / 100 | tostring) + "x"])
    | @tsv' "$out" | column -t -s $'\t'
}
hyperfine -N --warmup 5 --runs 30 --export-json "$out" \
  "$bin status --json" "$bin status" "$bin status --json --pss" "free -b" > /dev/null
table
echo "processes on this machine: $(ls -d /proc/[0-9]* | wc -l)"

gib=${BENCH_MAP_GIB:-4}
(( gib > 0 )) || exit 0
make --no-print-directory -s "$build/tools/map-hold" > /dev/null
map=$(mktemp /var/tmp/headroom-bench-map.XXXXXX)
head -c $((gib << 30)) /dev/zero > "$map"
"$build/tools/map-hold" "$map" > "$out.ready" &
pid=$!
until grep -q ready "$out.ready" 2> /dev/null; do sleep 0.2; done
rm -f "$out.ready"
echo
echo "with one process holding a $gib GiB mapping resident (RssFile $(awk '/^RssFile/ { print int($2 / 1024) " MiB" }' /proc/$pid/status)):"
hyperfine -N --warmup 5 --runs 30 --export-json "$out" \
  "$bin status --json" "$bin status" "$bin status --json --pss" "free -b" > /dev/null
table

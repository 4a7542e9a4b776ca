#!/usr/bin/env bash
# `make bench`: headroom status against procps' free on this machine, in the
# same run, median of 30 runs each (hyperfine, no shell in between).
set -euo pipefail
bin=${1:-build/headroom}
cd "$(dirname "$0")/.."
tools/deps.sh bench
out=$(mktemp)
trap 'rm -f "$out"' EXIT
hyperfine -N --warmup 5 --runs 30 --export-json "$out" \
  "$bin status --json" "$bin status" "free -b" > /dev/null
jq -r '
  (.results | map({(.command): .median}) | add) as $m
  | ["command", "median ms", "vs free -b"],
    (.results[] | [.command, (.median * 1000 | . * 1000 | round / 1000 | tostring),
                   ((.median / $m["free -b"]) | . * 100 | round / 100 | tostring) + "x"])
  | @tsv' "$out" | column -t -s $'\t'
echo "processes on this machine: $(ls -d /proc/[0-9]* | wc -l)"

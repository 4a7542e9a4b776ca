#!/usr/bin/env bash
# `make bench-watch`: headroom watch against earlyoom (Debian's package), both
# started together and left running for BENCH_SECONDS (default 600) on this
# machine, each polling once a second: headroom at --interval 1s, earlyoom at
# its own adaptive 100-1000 ms (1 s with plenty of memory free) and the
# package's report interval (-r 3600). Then each one's RSS (VmRSS, VmHWM, and
# RssAnon, its private part: most of VmRSS is libc's pages, shared with every
# process) and CPU time (utime + stime from /proc/PID/stat) side by side.
# headroom runs with --dry-run: it samples and decides exactly as it would,
# but does not drop the page cache of a machine that others are using.
set -euo pipefail
bin=$(realpath "${1:-build/headroom}")
secs=${BENCH_SECONDS:-600}
cd "$(dirname "$0")/.."
tools/deps.sh bench-watch
[[ $(id -u) -eq 0 ]] || { echo "bench-watch: run as root (earlyoom locks its memory)"; exit 1; }
t=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$t"; }
trap cleanup EXIT

"$bin" watch --dry-run --interval 1s --log "$t/watch.log" &
pids+=($!); hw=$!
earlyoom -r 3600 > "$t/earlyoom.log" 2>&1 &
pids+=($!); eo=$!
echo "running headroom watch (pid $hw) and earlyoom $(earlyoom -v 2>&1 | head -n1 | awk '{print $2}') (pid $eo) for ${secs}s ..."
sleep "$secs"

tick=$(getconf CLK_TCK)
row() { # NAME PID
  local st cpu
  st=$(awk '$1 == "VmRSS:" || $1 == "VmHWM:" || $1 == "RssAnon:" { printf "%s ", $2 }' "/proc/$2/status")
  cpu=$(sed 's/^.*) //' "/proc/$2/stat" | awk -v t="$tick" '{ printf "%.0f", ($12 + $13) * 1000 / t }')
  # status lists VmHWM, VmRSS, RssAnon in that order
  read -r hwm rss anon <<< "$st"
  printf '%-16s %10s %10s %12s %10s\n' "$1" "$rss" "$hwm" "$anon" "$cpu"
}
printf '%-16s %10s %10s %12s %10s\n' "after ${secs}s" "VmRSS kB" "VmHWM kB" "RssAnon kB" "CPU ms"
row "headroom watch" "$hw"
row "earlyoom" "$eo"
samples=$(grep -c . "$t/watch.log" || true)
echo "(headroom log lines: $samples; earlyoom: $(grep -c . "$t/earlyoom.log" || true))"

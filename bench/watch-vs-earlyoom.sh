#!/usr/bin/env bash
# `make bench-watch`: headroom watch against earlyoom (Debian's package), both
# started together and left running for BENCH_SECONDS (default 600) on this
# machine, each polling once a second: headroom at --interval 1s, earlyoom at
# its own adaptive 100-1000 ms (1 s with plenty of memory free) and the
# package's report interval (-r 3600). `headroom watch` runs headroom-watch
# in its place (same pid). Then, side by side:
#   VmRSS, VmHWM   resident memory (earlyoom locks all of its pages: mlockall)
#   RssAnon        the anonymous part, which no reclaim can take back
#   Pss            resident memory with shared pages divided among their users
#   CPU ms         utime + stime from /proc/PID/stat (10 ms ticks: coarse)
#   run ms, runs   from /proc/PID/schedstat: time on the CPU in ns, and how many
#                  times it ran; "us/run" is the cost of one wake-up
# headroom runs with --dry-run: it samples and decides exactly as it would,
# but does not drop the page cache of a machine that others are using.
# BENCH_WATCH_ARGS adds options to watch's command line: with
# "--cap 64MiB" it decides a step every 30 s whatever the machine does (in a
# dry run the cache never shrinks), the cost of deciding included.
# BENCH_FILL_CACHE=1 first fills the page cache (a sparse file read once)
# until free memory is 1/32 of RAM, as in a guest whose cache has grown: watch
# then reads /proc/meminfo on every sample, as earlyoom does. The file goes at
# the end, and its cache with it.
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

if [[ ${BENCH_FILL_CACHE:-} == 1 ]]; then
  # the kernel keeps some free memory back as the cache grows: a few rounds
  for i in 1 2 3 4 5; do
    read -r total free < <(awk '$1 == "MemTotal:" { t = $2 } $1 == "MemFree:" { f = $2 }
      END { print t, f }' /proc/meminfo)
    fill=$((free - total / 40))
    (( free > total / 32 && fill > 0 )) || break
    truncate -s "${fill}K" "$t/fill$i"
    cat "$t/fill$i" > /dev/null
  done
  echo "page cache filled: MemFree $(awk '$1 == "MemFree:" { print $2 }' /proc/meminfo) of $total kB"
fi
# shellcheck disable=SC2086 # BENCH_WATCH_ARGS is a list of options
"$bin" watch --dry-run --interval 1s --log "$t/watch.log" ${BENCH_WATCH_ARGS:-} &
pids+=($!); hw=$!
earlyoom -r 3600 > "$t/earlyoom.log" 2>&1 &
pids+=($!); eo=$!
echo "running headroom watch${BENCH_WATCH_ARGS:+ $BENCH_WATCH_ARGS} (pid $hw) and earlyoom $(earlyoom -v 2>&1 | head -n1 | awk '{print $2}') (pid $eo) for ${secs}s ..."
sleep "$secs"

tick=$(getconf CLK_TCK)
row() { # NAME PID
  local st cpu pss run runs
  st=$(awk '$1 == "VmRSS:" || $1 == "VmHWM:" || $1 == "RssAnon:" { printf "%s ", $2 }' "/proc/$2/status")
  cpu=$(sed 's/^.*) //' "/proc/$2/stat" | awk -v t="$tick" '{ printf "%.0f", ($12 + $13) * 1000 / t }')
  pss=$(awk '$1 == "Pss:" { print $2 }' "/proc/$2/smaps_rollup")
  read -r run _ runs < "/proc/$2/schedstat"
  # status lists VmHWM, VmRSS, RssAnon in that order
  read -r hwm rss anon <<< "$st"
  printf '%-16s %8s %8s %8s %8s %7s %8s %6s %7s\n' "$1" "$rss" "$hwm" "$anon" "$pss" "$cpu" \
    "$(awk -v n="$run" 'BEGIN { printf "%.1f", n / 1e6 }')" "$runs" \
    "$(awk -v n="$run" -v r="$runs" 'BEGIN { printf "%.1f", r ? n / 1e3 / r : 0 }')"
}
printf '%-16s %8s %8s %8s %8s %7s %8s %6s %7s\n' "after ${secs}s" "VmRSS kB" "VmHWM kB" \
  "Anon kB" "Pss kB" "CPU ms" "run ms" "runs" "us/run"
row "headroom watch" "$hw"
row "earlyoom" "$eo"
echo "(headroom runs as $(basename "$(readlink "/proc/$hw/exe")"); its log: $(grep -c . "$t/watch.log" || true) lines," \
  "$(grep -c '"event":"reclaim"' "$t/watch.log" || true) of them reclaims it decided (dry run))"

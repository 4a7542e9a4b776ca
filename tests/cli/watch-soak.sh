#!/usr/bin/env bash
# Soak: `watch --dry-run --interval 100ms` over a test root whose /proc files
# vanish, come back, get replaced and turn to garbage under it, for
# SOAK_SECONDS (10 in `make check`, 120 in `make soak`). Checks: no crash, RSS
# flat (the same after warm-up and at the end, within 128 KiB), samples taken
# all along, and a clean exit (status 0, a final "stop" line) on SIGTERM.
set -euo pipefail
: "${HEADROOM:?}"
secs=${SOAK_SECONDS:-10}
t=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$t"; }
trap cleanup EXIT
# the real files of this machine, as the good versions
mkdir -p "$t/good" "$t/root/proc/pressure"
cp /proc/meminfo /proc/vmstat /proc/uptime /sys/devices/system/cpu/online "$t/good/"
head -c 4096 /proc/stat > "$t/good/stat"
if ! cat /proc/pressure/memory > "$t/good/psi" 2>/dev/null; then
  printf 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n' > "$t/good/psi"
fi
restore() {
  mkdir -p "$t/root/proc/pressure"
  cp "$t/good/meminfo" "$t/root/proc/meminfo"; cp "$t/good/vmstat" "$t/root/proc/vmstat"
  cp "$t/good/stat" "$t/root/proc/stat"; cp "$t/good/psi" "$t/root/proc/pressure/memory"
  cp "$t/good/uptime" "$t/root/proc/uptime"
}
mkdir -p "$t/root/sys/devices/system/cpu"
cp "$t/good/online" "$t/root/sys/devices/system/cpu/online"
restore
# under ASan, freed memory sits in a quarantine that grows RSS by design
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"

"$HEADROOM" --root "$t/root" watch --dry-run --interval 100ms --mode gradual \
  --log "$t/log" --metrics-file "$t/out.prom" &
w=$!
pids+=("$w")

churn() {
  local i=0
  while :; do
    i=$((i + 1))
    rm -f "$t/root/proc/pressure/memory"; sleep 0.13
    cp "$t/good/psi" "$t/root/proc/pressure/memory"
    # replaced by rename, with other figures
    awk -v k="$i" '$1 == "MemFree:" { $2 = $2 - k * 1024 } { print }' "$t/good/meminfo" > "$t/root/proc/.m"
    mv "$t/root/proc/.m" "$t/root/proc/meminfo"; sleep 0.11
    rm -f "$t/root/proc/stat" "$t/root/proc/uptime"; sleep 0.17
    cp "$t/good/stat" "$t/root/proc/stat"; cp "$t/good/uptime" "$t/root/proc/uptime"
    printf 'garbage\x00\xff\n' > "$t/root/proc/.v"; mv "$t/root/proc/.v" "$t/root/proc/vmstat"; sleep 0.12
    cp "$t/good/vmstat" "$t/root/proc/.v"; mv "$t/root/proc/.v" "$t/root/proc/vmstat"
    if (( i % 5 == 0 )); then rm -rf "$t/root/proc"; sleep 0.25; restore; fi
  done
}
churn &
pids+=($!)

rss() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$w/status"; }
warm=$(( secs < 20 ? 2 : 10 ))
sleep "$warm"
kill -0 "$w"
rss_start=$(rss)
sleep $((secs - warm))
kill -0 "$w" || { echo "watch died"; exit 1; }
rss_end=$(rss)
samples_mid=$(awk '$1 == "headroom_watch_samples_total" { print $2 }' "$t/out.prom")
kill -TERM "$w"
set +e
wait "$w"; rc=$?
set -e
pids=("${pids[@]:1}")
echo "watch over a churning root for ${secs}s: RSS ${rss_start} kB after ${warm}s, ${rss_end} kB at the end; exit $rc"
[[ $rc -eq 0 ]] || { echo "exit status $rc after SIGTERM"; tail -n 5 "$t/log"; exit 1; }
tail -n 1 "$t/log" | jq -e '.event == "stop" and .detail == "signal"' > /dev/null
head -n 1 "$t/log" | jq -e '.event == "start"' > /dev/null
(( rss_end - rss_start <= 128 )) || { echo "RSS grew by $((rss_end - rss_start)) kB"; exit 1; }
# ~10 samples a second; the metrics file is rewritten at least every 10 s and on exit
samples=$(awk '$1 == "headroom_watch_samples_total" { print $2 }' "$t/out.prom")
echo "samples: $samples (metrics file mid-run: ${samples_mid:-none})"
(( samples >= secs * 10 * 6 / 10 )) || { echo "only $samples samples in ${secs}s"; exit 1; }
grep -q '^headroom_watch_mode{mode="gradual",dry_run="true"} 1$' "$t/out.prom"
# every line of the log is JSON
jq -e . "$t/log" > /dev/null
echo "soak: ok"

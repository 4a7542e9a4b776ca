#!/usr/bin/env bash
# watch protects a running model: before it asks for a reclaim it walks /proc
# for inference processes (only then, not every sample) and keeps their
# resident file pages. The fixture wsl2-tuned-6g has llama-server (pid 2210)
# with 3376128 kB of RssFile; its PSI is set calm here so that the cap, not
# pressure, decides. With --cap 1GiB the cache (3.7 GiB) is over the cap, and
# the floor is 128 MiB + the model's pages.
set -euo pipefail
: "${HEADROOM:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cp -a tests/roots/wsl2-tuned-6g "$t/root"
printf 'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n' \
  > "$t/root/proc/pressure/memory"
"$HEADROOM" --root "$t/root" watch --dry-run --cap 1GiB --interval 100ms --duration 2s \
  --config "$t/none.conf" --log "$t/log" 2> "$t/err" || true
# --config names a missing file: a usage error, nothing started
grep -q "none.conf" "$t/err"
[[ ! -s "$t/log" ]]
"$HEADROOM" --root "$t/root" watch --dry-run --cap 1GiB --interval 100ms --duration 2s \
  --log "$t/log"
jq -s -e 'any(.[]; .event == "reclaim")' "$t/log" > /dev/null || { echo "no reclaim decided"; cat "$t/log"; exit 1; }
line=$(jq -c 'select(.event == "reclaim")' "$t/log" | head -n 1)
want=$((3376128 * 1024))
got=$(jq '.protected' <<< "$line")
[[ $got -eq $want ]] || { echo "protected $got, want $want (llama-server's RssFile)"; exit 1; }
# the floor held: what was asked leaves at least the model's pages cached
cache=$(( (3036220 + 731532 + 96532) * 1024 ))
asked=$(jq '.bytes_asked' <<< "$line")
(( cache - asked >= want + 128 * 1048576 )) || { echo "asked $asked of $cache: below the floor"; exit 1; }
echo "watch floor: llama-server's $((want >> 20)) MiB protected, $((asked >> 20)) MiB asked: ok"

# What decides an action is read fresh right before it: PSI is otherwise read
# only every 10 s. With min_gap = 1s the cap asks for a step every second;
# pressure that appears after the first step must stop the next one.
printf 'min_gap = 1s\n' > "$t/fast.conf"
run() { # LOG [PSI-LATER]
  "$HEADROOM" --root "$t/root" watch --dry-run --cap 1GiB --interval 100ms --duration 3s \
    --config "$t/fast.conf" --log "$1" &
  local w=$!
  if [[ -n ${2:-} ]]; then
    sleep 0.5
    # in place, as /proc changes: the file watch holds open shows it
    cat tests/roots/wsl2-tuned-6g/proc/pressure/memory > "$t/root/proc/pressure/memory"
  fi
  wait "$w"
}
run "$t/calm.log"
run "$t/pressure.log" later
calm=$(grep -c '"event":"reclaim"' "$t/calm.log")
pressed=$(grep -c '"event":"reclaim"' "$t/pressure.log")
(( calm >= 2 )) || { echo "calm: $calm steps in 3 s with min_gap 1s"; exit 1; }
(( pressed == 1 )) || { echo "pressure after the first step: $pressed steps, want 1"; exit 1; }
echo "fresh PSI before a step: $calm steps when calm, $pressed once PSI showed 3.12 %: ok"

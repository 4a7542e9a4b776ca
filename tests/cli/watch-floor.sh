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
calm_psi=$'some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0'
printf '%s\n' "$calm_psi" > "$t/root/proc/pressure/memory"
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

# The walk is redone before a step only when the floor may have grown: when
# meminfo's Mapped (every mapped file page) grew by 16 MiB since the last walk.
# A second llama-server (pid 2299, a copy of 2210 with 100 MiB of RssFile)
# appears after the first step. Alone it is not seen until the 5-minute walk;
# with Mapped grown by its pages it is protected at the next step.
second() { # LOG [GROW-MAPPED]
  rm -rf "$t/root/proc/2299"
  cp tests/roots/wsl2-tuned-6g/proc/meminfo "$t/root/proc/meminfo"
  printf '%s\n' "$calm_psi" > "$t/root/proc/pressure/memory"
  "$HEADROOM" --root "$t/root" watch --dry-run --cap 1GiB --interval 100ms --duration 3s \
    --config "$t/fast.conf" --log "$1" &
  local w=$!
  sleep 0.5
  mkdir "$t/new"
  cp -a "$t/root/proc/2210" "$t/new/2299"
  sed -i 's/^RssFile:.*/RssFile:\t  102400 kB/' "$t/new/2299/status"
  mv "$t/new/2299" "$t/root/proc/2299"
  rmdir "$t/new"
  if [[ -n ${2:-} ]]; then
    local m=$(( 3453568 + 102400 ))
    # in place, as /proc changes (sed -i would replace the file)
    sed "s/^Mapped: .*/Mapped:         $m kB/" tests/roots/wsl2-tuned-6g/proc/meminfo > "$t/m"
    cat "$t/m" > "$t/root/proc/meminfo"
  fi
  wait "$w"
}
second "$t/same.log"
second "$t/grown.log" grow
one=$want two=$((want + 102400 * 1024))
jq -s -e --argjson one "$one" '[.[] | select(.event == "reclaim") | .protected] as $p
  | ($p | length) >= 2 and all($p[]; . == $one)' "$t/same.log" > /dev/null ||
  { echo "Mapped unchanged: the floor should stay at one model"; cat "$t/same.log"; exit 1; }
jq -s -e --argjson one "$one" --argjson two "$two" '[.[] | select(.event == "reclaim") | .protected] as $p
  | ($p | length) >= 2 and $p[0] == $one and $p[-1] == $two' "$t/grown.log" > /dev/null ||
  { echo "Mapped grew: the second server's pages should be protected"; cat "$t/grown.log"; exit 1; }
echo "walk on Mapped growth: floor $((one >> 20)) MiB while Mapped stood still, $((two >> 20)) MiB once it grew: ok"

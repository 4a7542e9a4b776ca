#!/usr/bin/env bash
# `headroom audio test` against real PulseAudio servers this test starts as
# user daemons on private sockets (no D-Bus, no autospawn):
#   1. a null sink, whose monitor is the default source: the tone headroom
#      plays comes back, and its measured level is within 1 dB of what was
#      played (peak -20 dBFS; a sine's RMS is 3.01 dB lower), at -20 and -40;
#   2. the same source muted: digital silence, exit 1, the fix;
#   3. a server with no sink and no source: one line saying so, exit 1;
#   4. a null source only, recording without a tone: silence, exit 1;
#   5. no server at all: one line, exit 1; a bad --tone-db: exit 2.
set -euo pipefail
: "${HEADROOM:?}"
command -v pulseaudio > /dev/null && command -v pactl > /dev/null ||
  { echo "skip: no pulseaudio/pactl (make check installs them)"; exit 77; }
t=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; rm -rf "$t"; }
trap cleanup EXIT

# start NAME MODULE...: a server on $t/NAME.sock with those modules
start() {
  local name=$1
  shift
  local loads=(--load="module-native-protocol-unix socket=$t/$name.sock auth-anonymous=1")
  for m in "$@"; do loads+=(--load="$m"); done
  mkdir -p "$t/$name"
  HOME=$t/$name XDG_RUNTIME_DIR=$t/$name pulseaudio -n --daemonize=no --exit-idle-time=-1 \
    --use-pid-file=no --system=no -F /dev/null "${loads[@]}" > "$t/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do
    PULSE_SERVER=unix:$t/$name.sock pactl info > /dev/null 2>&1 && return 0
    sleep 0.05
  done
  echo "the test's PulseAudio server '$name' did not start:"; cat "$t/$name.log"; exit 1
}
# within A B TOL: |A - B| <= TOL
within() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }'; }

start sink module-null-sink\ sink_name=hrsink
for db in -20 -40; do
  "$HEADROOM" audio test --server "unix:$t/sink.sock" --tone-db "$db" --json > "$t/a.json"
  [[ $(jq -r .verdict "$t/a.json") == sound ]] || { cat "$t/a.json"; exit 1; }
  peak=$(jq .level.peak_dbfs "$t/a.json") rms=$(jq .level.rms_dbfs "$t/a.json")
  within "$peak" "$db" 1 || { echo "tone $db dBFS: recorded peak $peak dBFS"; exit 1; }
  within "$rms" "$(awk -v d="$db" 'BEGIN { print d - 3.0103 }')" 1 ||
    { echo "tone $db dBFS: recorded RMS $rms dBFS"; exit 1; }
  [[ $(jq -r '.default_sink, .default_source, .sink_count, .source_count, .tone.played' "$t/a.json" |
    tr '\n' ' ') == "hrsink hrsink.monitor 1 1 true " ]] || { cat "$t/a.json"; exit 1; }
  jq -e '.level.clipped_samples == 0 and .level.silent == false and .fix == null' "$t/a.json" > /dev/null
  echo "tone $db dBFS: recorded peak $peak dBFS, RMS $rms dBFS, record latency $(jq .latency_us.record "$t/a.json") us"
done
# the text form says the same
"$HEADROOM" audio test --server "unix:$t/sink.sock" > "$t/a.txt"
grep -q '^  Level     peak -2[01]\.[0-9] dBFS' "$t/a.txt" || { cat "$t/a.txt"; exit 1; }
grep -q '^The source delivers sound' "$t/a.txt"

PULSE_SERVER=unix:$t/sink.sock pactl set-source-mute hrsink.monitor 1
rc=0
"$HEADROOM" audio test --server "unix:$t/sink.sock" --json > "$t/m.json" || rc=$?
[[ $rc == 1 && $(jq -r .verdict "$t/m.json") == silence ]] || { echo "muted: rc $rc"; cat "$t/m.json"; exit 1; }
jq -e '.level.silent and (.fix.commands[0].command | test("set-source-mute"))' "$t/m.json" > /dev/null
echo "muted source: silence, exit 1"

start empty
rc=0
"$HEADROOM" audio test --server "unix:$t/empty.sock" > "$t/e.txt" || rc=$?
[[ $rc == 1 ]] && grep -qx 'play failed: the server has no sink to play to' "$t/e.txt" ||
  { echo "no devices: rc $rc"; cat "$t/e.txt"; exit 1; }
echo "no sink or source: $(grep failed "$t/e.txt"), exit 1"

start source module-null-source\ source_name=hrsrc
rc=0
"$HEADROOM" audio test --server "unix:$t/source.sock" --no-tone --duration 600ms --json > "$t/s.json" || rc=$?
[[ $rc == 1 ]] && jq -e '.verdict == "silence" and .tone.played == false and .level.samples >= 28800' "$t/s.json" > /dev/null ||
  { echo "null source: rc $rc"; cat "$t/s.json"; exit 1; }
echo "null source, no tone: silence over $(jq .level.samples "$t/s.json") samples, exit 1"

rc=0
"$HEADROOM" audio test --server "unix:$t/none.sock" > "$t/n.txt" || rc=$?
[[ $rc == 1 ]] && grep -q "^connect failed: no PulseAudio server at unix:$t/none.sock: " "$t/n.txt" ||
  { echo "no server: rc $rc"; cat "$t/n.txt"; exit 1; }
echo "no server: $(grep failed "$t/n.txt"), exit 1"
rc=0
"$HEADROOM" audio test --tone-db 5 2> "$t/err" || rc=$?
[[ $rc == 2 ]] && grep -q "tone-db" "$t/err"
rc=0
"$HEADROOM" audio test --root "$(dirname "$0")/../roots/empty" 2> "$t/err" || rc=$?
[[ $rc == 2 ]]
echo "audio test: ok"

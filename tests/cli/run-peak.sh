#!/usr/bin/env bash
# `headroom run -- sh -c '…allocate 300 MiB…'` reports a peak within 5 % of
# the known allocation; the command's exit status comes back; a SIGTERM sent
# to headroom reaches the command.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
alloc=$BUILD_DIR/tools/alloc
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
want=$((300 << 20))
for hold in 500 0; do
  "$HEADROOM" run --json -- sh -c "$alloc 300 $hold" 2> "$t/sum.json"
  peak=$(jq .peak_rss "$t/sum.json")
  d=$((peak - want)); (( d < 0 )) && d=$((-d))
  echo "hold ${hold} ms: peak_rss $peak bytes ($((peak >> 20)) MiB), off by $((d * 1000 / want))/1000; tracked by $(jq -r .tracking "$t/sum.json")"
  (( d * 20 <= want )) || { echo "peak is not within 5% of 300 MiB"; exit 1; }
done
# the text summary names the figures; the status passes through
set +e
"$HEADROOM" run --report "$t/r.json" -- sh -c "$alloc 10 0; exit 7" 2> "$t/line"
rc=$?
set -e
[[ $rc -eq 7 ]] || { echo "exit status $rc, expected 7"; exit 1; }
grep -q '^headroom run: exit 7 · .* · peak RSS .* · peak file-backed .* · guest used peak .* · swap .*' "$t/line"
[[ $(wc -l < "$t/line") -eq 1 ]]
[[ $(jq .exit_status "$t/r.json") -eq 7 ]]
# a missing command: 127, as a shell says
set +e
"$HEADROOM" run -- /nonexistent/cmd 2> /dev/null; rc=$?
set -e
[[ $rc -eq 127 ]]
# SIGTERM to headroom is passed on: the command dies of it, 128 + 15
"$HEADROOM" run -- sleep 30 2> "$t/sig" &
pid=$!
sleep 0.5
kill -TERM "$pid"
set +e
wait "$pid"; rc=$?
set -e
[[ $rc -eq 143 ]] || { echo "after SIGTERM: exit $rc, expected 143"; cat "$t/sig"; exit 1; }
grep -q '^headroom run: signal 15 ' "$t/sig"
# under --root it refuses: a snapshot cannot run anything
set +e
"$HEADROOM" --root "$t" run -- true 2> "$t/err"; rc=$?
set -e
[[ $rc -eq 2 && $(wc -l < "$t/err") -eq 1 ]]
echo "run: ok"

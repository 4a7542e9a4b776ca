#!/usr/bin/env bash
# watch's outside: GET /metrics on the loopback address it binds by default,
# the metrics file (written atomically: always whole), SIGHUP re-reading the
# settings file (a bad one is logged and the old settings kept), SIGINT ending
# it cleanly. --dry-run: nothing is written to /proc or /sys.
set -euo pipefail
: "${HEADROOM:?}"
t=$(mktemp -d)
w=
trap '[[ -n $w ]] && kill "$w" 2>/dev/null; rm -rf "$t"' EXIT
printf 'mode = dropcache\n' > "$t/watch.conf"
port=$((20000 + RANDOM % 20000))
"$HEADROOM" watch --dry-run --interval 100ms --config "$t/watch.conf" \
  --listen "$port" --metrics-file "$t/m.prom" --log "$t/log" &
w=$!
for _ in $(seq 50); do [[ -s $t/m.prom ]] && break; sleep 0.1; done
get() { # PATH -> the whole HTTP response
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET %s HTTP/1.0\r\nHost: x\r\n\r\n' "$1" >&3
  cat <&3
  exec 3>&-
}
r=$(get /metrics)
grep -q '^HTTP/1.0 200 OK' <<< "$r"
grep -q '^Content-Type: text/plain; version=0.0.4' <<< "$r"
grep -q '^headroom_memory_total_bytes [0-9][0-9]*' <<< "$r"
grep -q '^headroom_watch_mode{mode="dropcache",dry_run="true"} 1' <<< "$r"
total=$(awk '$1 == "MemTotal:" { printf "%.0f", $2 * 1024 }' /proc/meminfo)
grep -q "^headroom_memory_total_bytes $total\$" <<< "$r"
get /nope | grep -q '^HTTP/1.0 404'
# bound to loopback only: the listening socket in /proc/net/tcp is 127.0.0.1
hexport=$(printf '%04X' "$port")
local_addr=$(awk -v p=":$hexport" '$4 == "0A" && substr($2, length($2) - 4) == p { print $2 }' /proc/net/tcp)
[[ $local_addr == "0100007F:$hexport" ]] || { echo "listening on '$local_addr', not 127.0.0.1"; exit 1; }
grep -q '^# TYPE headroom_host_view_used_bytes gauge$' "$t/m.prom"
# SIGHUP: a new mode is taken; a broken file is refused and the mode kept
printf 'mode = off\n' > "$t/watch.conf"
kill -HUP "$w"
sleep 0.5
get /metrics | grep -q '^headroom_watch_mode{mode="off",dry_run="true"} 1'
printf 'mode = sideways\n' > "$t/watch.conf"
kill -HUP "$w"
sleep 0.5
get /metrics | grep -q '^headroom_watch_mode{mode="off",dry_run="true"} 1'
kill -INT "$w"
set +e
wait "$w"; rc=$?
set -e
w=
[[ $rc -eq 0 ]]
jq -e -s '[.[].event] == ["start", "reload", "error", "stop"]' "$t/log" > /dev/null || { cat "$t/log"; exit 1; }
jq -e -s '.[2].detail | test("watch.conf:1:8: mode: expected")' "$t/log" > /dev/null
echo "metrics over HTTP and file, SIGHUP and SIGINT: ok"

# Without --listen it waits for the signals alone (sigtimedwait): a signal
# ends the wait at once, not at the end of a 60 s interval.
printf 'mode = dropcache\n' > "$t/watch.conf"
"$HEADROOM" watch --dry-run --interval 60s --config "$t/watch.conf" --log "$t/quiet.log" &
w=$!
for _ in $(seq 100); do grep -q '"start"' "$t/quiet.log" 2>/dev/null && break; sleep 0.1; done
printf 'mode = off\n' > "$t/watch.conf"
kill -HUP "$w"
for _ in $(seq 100); do grep -q '"reload"' "$t/quiet.log" && break; sleep 0.1; done
grep -q '"reload"' "$t/quiet.log" || { echo "SIGHUP not taken within 10 s"; cat "$t/quiet.log"; exit 1; }
kill -TERM "$w"
for _ in $(seq 100); do kill -0 "$w" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$w" 2>/dev/null; then echo "SIGTERM did not end the wait within 10 s"; exit 1; fi
set +e
wait "$w"; rc=$?
set -e
w=
[[ $rc -eq 0 ]]
jq -e -s '[.[].event] == ["start", "reload", "stop"] and .[1].mode == "off"' "$t/quiet.log" > /dev/null ||
  { cat "$t/quiet.log"; exit 1; }
echo "no listener: SIGHUP and SIGTERM end a 60 s wait at once: ok"

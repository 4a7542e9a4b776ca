#!/usr/bin/env bash
# `watch --listen` never delays a sample (issue D7 of the adversarial run:
# idle connections cut 100 samples in 10 s to 13). For 10 s a client keeps
# 50 idle connections open and 50 slow-loris ones that send a byte of a
# request every 200 ms, opening new ones as old ones are closed; meanwhile
# /metrics is scraped every second. The test counts the samples watch logged
# in those 10 s at a 100 ms interval (a run without the attack, measured in
# the same test, gives the baseline), and asserts the attack costs under
# 10 % of it and that every scrape was answered.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${HEADROOM:=build/headroom}"
t=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill "$pid" 2> /dev/null; wait 2> /dev/null; rm -rf "$t"' EXIT
port=$((20000 + RANDOM % 20000))

run_watch() { # log file: starts watch on the fixture root, listening
  "$HEADROOM" --root tests/roots/wsl2-16g-default watch --mode off --dry-run \
    --interval 100ms --sample-every 100ms --listen "127.0.0.1:$port" --log "$1" \
    > /dev/null 2> "$1.err" &
  pid=$!
  for _ in $(seq 100); do
    (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && return 0
    sleep 0.05
  done
  echo "watch did not listen: $(cat "$1.err")"
  exit 1
}
samples_in() { # log, seconds: samples logged from now on for that long
  local before after
  before=$(grep -c '"sample"' "$1")
  sleep "$2"
  after=$(grep -c '"sample"' "$1")
  echo $((after - before))
}

run_watch "$t/quiet.log"
sleep 0.5
quiet=$(samples_in "$t/quiet.log" 10)
kill "$pid"
wait "$pid" 2> /dev/null
pid=

run_watch "$t/attack.log"
sleep 0.5
python3 - "$port" 10 > "$t/attack.out" 2>&1 << 'PY' &
import socket, sys, time
port, secs = int(sys.argv[1]), float(sys.argv[2])
end = time.time() + secs
idle, loris = [], []
def conn():
    s = socket.socket()
    s.settimeout(0.5)
    s.connect(('127.0.0.1', port))
    return s
scrapes = answered = 0
next_scrape = time.time()
while time.time() < end:
    try:
        while len(idle) < 50:
            idle.append(conn())
        while len(loris) < 50:
            loris.append([conn(), b'GET /metrics HTTP/1.0\r\n' + b'X' * 4000, 0])
    except OSError:
        pass
    for l in list(loris):
        try:
            l[0].send(l[1][l[2]:l[2] + 1])
            l[2] += 1
        except OSError:  # closed by the server: open another
            loris.remove(l)
    # the server closes what overstays; drop those so new ones replace them
    for s in list(idle):
        s.setblocking(False)
        try:
            if s.recv(1) == b'':
                idle.remove(s)
        except BlockingIOError:
            pass
        except OSError:
            idle.remove(s)
    if time.time() >= next_scrape:
        next_scrape += 1
        scrapes += 1
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=2) as s:
                s.sendall(b'GET /metrics HTTP/1.0\r\n\r\n')
                data = b''
                while True:
                    d = s.recv(65536)
                    if not d:
                        break
                    data += d
                if b'200 OK' in data and b'headroom_' in data:
                    answered += 1
        except OSError as e:
            print('scrape failed:', e)
    time.sleep(0.2)
print(f'scrapes {scrapes} answered {answered}')
PY
attacker=$!
attacked=$(samples_in "$t/attack.log" 10)
wait "$attacker"
echo "samples in 10 s at 100 ms: ${quiet} quiet, ${attacked} under 50 idle + 50 slow-loris connections; $(tail -1 "$t/attack.out")"
fail=0
((attacked * 10 >= quiet * 9)) || { echo "the connections cost more than 10 % of the samples"; fail=1; }
read -r _ s _ a < <(tail -1 "$t/attack.out")
[[ $s -ge 8 && $a == "$s" ]] || { echo "not every scrape was answered: $(cat "$t/attack.out")"; fail=1; }
exit $fail

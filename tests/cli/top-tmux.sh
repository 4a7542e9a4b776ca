#!/usr/bin/env bash
# `headroom top` driven in a real terminal (tmux): the bars and the figures
# of the fixture appear, `s` re-sorts, `q` quits. Without a terminal it
# prints one line per refresh.
set -euo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
sock=$(mktemp -u /tmp/headroom-tmux-XXXXXX)
t() { tmux -S "$sock" "$@"; }
trap 'tmux -S "$sock" kill-server 2> /dev/null || true; tmux -S "$sock.live" kill-server 2> /dev/null || true
      rm -f "$sock" "$sock.live"' EXIT
root=tests/roots/wsl2-tuned-6g
t new-session -d -x 120 -y 40 "LANG=C.UTF-8 TERM=xterm-256color $HEADROOM --root $root top; sleep 30"
screen=""
for _ in $(seq 50); do
  screen=$(t capture-pane -p)
  [[ $screen == *"Windows sees"* ]] && break
  sleep 0.1
done
grep -q 'Guest  \[█*▒*·*\] 5.8 GiB' <<< "$screen" || { echo "no memory bar:"; echo "$screen"; exit 1; }
grep -q 'used 889 MiB  cache 3.7 GiB  free 1.2 GiB' <<< "$screen"
grep -q '▲ Windows sees 4.6 GiB' <<< "$screen"
# the .wslconfig's memory=6GB: MemTotal 5.8 GiB is just below it, so the
# limit sits at the bar's end
grep -q '┆ limit memory=6.0 GiB (.wslconfig:5)$' <<< "$screen" || { echo "no limit line:"; echo "$screen"; exit 1; }
grep -q 'Swap   \[█*·*\] 312 MiB of 4.0 GiB' <<< "$screen"
grep -q 'PSI    some avg10 3.12%' <<< "$screen"
grep -q '2210  llama-server' <<< "$screen"
t send-keys s
for _ in $(seq 30); do
  screen=$(t capture-pane -p)
  [[ $screen == *"sorted by PSS"* ]] && break
  sleep 0.1
done
grep -q 'sorted by PSS' <<< "$screen"
# r on a snapshot says it cannot act there
t send-keys r
for _ in $(seq 30); do
  screen=$(t capture-pane -p)
  [[ $screen == *"this is a snapshot"* ]] && break
  sleep 0.1
done
grep -q 'reclaim acts on the live machine; this is a snapshot' <<< "$screen"
t send-keys q
# after q, top has exited and the pane shows the shell's "sleep" with an empty screen
for _ in $(seq 30); do
  screen=$(t capture-pane -p)
  [[ $screen != *"Windows sees"* ]] && break
  sleep 0.1
done
[[ $screen != *"Windows sees"* ]] || { echo "q did not quit"; exit 1; }

# live, as root: r asks, y drops the page cache for real and says what it gained
if [[ $(id -u) -eq 0 ]]; then
  # a server of its own: restarting one on the same socket can race its exit
  t() { tmux -S "$sock.live" "$@"; }
  t new-session -d -x 120 -y 40 "LANG=C.UTF-8 TERM=xterm-256color $HEADROOM top; sleep 30"
  for _ in $(seq 50); do
    [[ $(t capture-pane -p) == *"Last reclaim: none"* ]] && break
    sleep 0.1
  done
  t send-keys r
  for _ in $(seq 30); do
    [[ $(t capture-pane -p) == *"[y/N]"* ]] && break
    sleep 0.1
  done
  t send-keys y
  for _ in $(seq 100); do
    screen=$(t capture-pane -p)
    [[ $screen == *"dropped the page cache"* ]] && break
    sleep 0.1
  done
  grep -Eq 'Last reclaim: [0-9:]{8} dropped the page cache: MemFree \+[0-9.]+ [KMG]?i?B' <<< "$screen" ||
    { echo "no reclaim line:"; echo "$screen"; exit 1; }
  t send-keys q
fi

# not a terminal: one line per refresh
out=$("$HEADROOM" --root "$root" top --count 2 --interval 1)
[[ $(wc -l <<< "$out") -eq 2 ]]
grep -q 'used 889 MiB cache 3.7 GiB free 1.2 GiB host_view 4.6 GiB swap 312 MiB psi_some10 3.12%' <<< "$out"
echo ok

#!/usr/bin/env bash
# `headroom top` driven in a real terminal (tmux): the bars and the figures
# of the fixture appear, `s` re-sorts, `q` quits. Without a terminal it
# prints one line per refresh.
set -euo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
sock=$(mktemp -u /tmp/headroom-tmux-XXXXXX)
t() { tmux -S "$sock" "$@"; }
# polls the pane every 0.1 s, TRIES times at most, until it shows TEXT (with
# "!": until it no longer does); leaves the last capture in $screen, and the
# caller asserts on it
wait_screen() { # TRIES [!] TEXT
  local tries=$1 absent=0
  shift
  if [[ $1 == '!' ]]; then absent=1; shift; fi
  for _ in $(seq "$tries"); do
    screen=$(t capture-pane -p)
    if [[ $screen == *"$1"* ]]; then
      [[ $absent -eq 0 ]] && return 0
    elif [[ $absent -eq 1 ]]; then
      return 0
    fi
    sleep 0.1
  done
  return 0
}
trap 'tmux -S "$sock" kill-server 2> /dev/null || true; tmux -S "$sock.live" kill-server 2> /dev/null || true
      rm -f "$sock" "$sock.live"' EXIT
# fails with what was expected and the whole screen, so a failure in CI
# says which line of the screen was wrong
expect() { # [-E|-F] PATTERN: the last capture matches PATTERN (grep's kinds)
  local mode=-G
  if [[ $1 == -E || $1 == -F ]]; then mode=$1; shift; fi
  grep -q "$mode" -- "$1" <<< "$screen" && return 0
  echo "expected on the screen: $1"
  echo "the screen:"
  echo "$screen"
  exit 1
}
root=tests/roots/wsl2-tuned-6g
t new-session -d -x 120 -y 40 "LANG=C.UTF-8 TERM=xterm-256color $HEADROOM --root $root top; sleep 30"
screen=""
# waits are long (each returns as soon as the text shows): a loaded CI
# machine can take seconds to start tmux and the first refresh
wait_screen 200 "Windows sees"
expect 'Guest  \[█*▒*·*\] 5.8 GiB'
expect 'held by programs 889 MiB  reclaimable cache 3.7 GiB  free 1.2 GiB'
expect '▲ Windows sees 4.6 GiB'
# the .wslconfig's memory=6GB: MemTotal 5.8 GiB is just below it, so the
# limit sits at the bar's end
expect '┆ limit memory=6.0 GiB (.wslconfig:5)$'
expect 'Swap   \[█*·*\] 312 MiB of 4.0 GiB'
expect 'PSI    some avg10 3.12%'
expect '2210  llama-server'
t send-keys s
wait_screen 100 "sorted by PSS"
expect 'sorted by PSS'
# r on a snapshot says it cannot act there
t send-keys r
wait_screen 100 "this is a snapshot"
expect 'reclaim acts on the live machine; this is a snapshot'
t send-keys q
# after q, top has exited and the pane shows the shell's "sleep" with an empty screen
wait_screen 100 ! "Windows sees"
[[ $screen != *"Windows sees"* ]] || { echo "q did not quit:"; echo "$screen"; exit 1; }

# live, as root: r asks, y drops the page cache for real and says what it gained
if [[ $(id -u) -eq 0 ]]; then
  # a server of its own: restarting one on the same socket can race its exit
  t() { tmux -S "$sock.live" "$@"; }
  t new-session -d -x 120 -y 40 "LANG=C.UTF-8 TERM=xterm-256color $HEADROOM top; sleep 30"
  wait_screen 200 "Last reclaim: none"
  expect 'Last reclaim: none'
  t send-keys r
  wait_screen 100 "[y/N]"
  expect -F '[y/N]'
  t send-keys y
  # sync and drop_caches on a machine with a large page cache take seconds
  wait_screen 300 "dropped the page cache"
  expect -E 'Last reclaim: [0-9:]{8} dropped the page cache: MemFree \+[0-9.]+ [KMG]?i?B'
  t send-keys q
fi

# not a terminal: one line per refresh
out=$("$HEADROOM" --root "$root" top --count 2 --interval 1s)
[[ $(wc -l <<< "$out") -eq 2 ]]
grep -q 'held_by_programs 889 MiB reclaimable_cache 3.7 GiB free 1.2 GiB host_view 4.6 GiB swap 312 MiB psi_some10 3.12%' <<< "$out"
echo ok

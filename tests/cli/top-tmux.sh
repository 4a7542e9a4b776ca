#!/usr/bin/env bash
# `headroom top` driven in a real terminal (tmux) at 80x24 and 200x50, with
# colour and with NO_COLOR: the bars and the figures of the fixture appear,
# the bar's segments and the critical figures in colour (escape sequences in
# `capture-pane -e`) or in none, the limit marker at its place, ? shows the
# keys, `s` re-sorts, r is neither offered nor done on a snapshot, "swap
# none" without swap, nothing wrapped at 50 columns, `q` quits. Without a
# terminal it prints one line per refresh.
set -euo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
sock=$(mktemp -u /tmp/headroom-tmux-XXXXXX)
# each session gets a server of its own ($sock.1, $sock.2 ...): restarting
# one on the same socket can race its exit
cur=$sock.0 nsessions=0
t() { tmux -S "$cur" "$@"; }
# polls the pane every 0.1 s, TRIES times at most, until it shows TEXT (with
# "!": until it no longer does); leaves the last capture in $screen, and the
# caller asserts on it
wait_screen() { # TRIES [!] TEXT
  local tries=$1 absent=0
  shift
  if [[ $1 == '!' ]]; then absent=1; shift; fi
  for _ in $(seq "$tries"); do
    screen=$(t capture-pane -p)
    escaped=$(t capture-pane -p -e)
    if [[ $screen == *"$1"* ]]; then
      [[ $absent -eq 0 ]] && return 0
    elif [[ $absent -eq 1 ]]; then
      return 0
    fi
    sleep 0.1
  done
  return 0
}
cleanup() {
  local s
  for s in "$sock".*; do
    [[ -e $s ]] || continue
    tmux -S "$s" kill-server 2> /dev/null || true
    rm -f "$s"
  done
}
trap cleanup EXIT
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
# starts top on ROOT in a fresh session COLSxROWS, with extra environment
# (NO_COLOR=1, TERM=...) and $options before --root, and waits for its first
# screen
start() { # COLS ROWS ROOT [VAR=VALUE...]
  local cols=$1 rows=$2 r=$3
  shift 3
  t kill-server 2> /dev/null || true
  nsessions=$((nsessions + 1))
  cur=$sock.$nsessions
  # colour is on unless the test turns it off (a NO_COLOR of the caller's
  # would otherwise turn it off for every case)
  t new-session -d -x "$cols" -y "$rows" \
    "env -u NO_COLOR LANG=C.UTF-8 TERM=xterm-256color $* $HEADROOM $options --root $r top; sleep 30"
  # waits are long (each returns as soon as the text shows): a loaded CI
  # machine can take seconds to start tmux and the first refresh
  wait_screen 200 "Windows sees"
}
# the lines of the escaped capture that contain TEXT
escaped_line() { grep -F -- "$1" <<< "$escaped" || true; }
# an SGR sequence that sets a colour (30-38, 40-48, 90-97, 100-107; 39 and
# 49, the terminal's default colours, tmux writes with every reset)
colour_sgr='\x1b\[([0-9]*;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;[0-9]*)*m'
has_colour() { grep -qP -- "$colour_sgr" <<< "$1"; }
# holds when the escaped line with TEXT sets colour CODE (32 green ...)
expect_colour() { # TEXT CODE
  local l
  l=$(escaped_line "$1")
  grep -qP -- "\x1b\[([0-9]*;)*$2(;[0-9]*)*m" <<< "$l" && return 0
  echo "expected colour $2 on the line with: $1"
  cat -v <<< "$l"
  exit 1
}
screen="" escaped="" options=""
root=tests/roots/wsl2-tuned-6g

for geometry in 80x24 200x50; do
  cols=${geometry%x*} rows=${geometry#*x}
  # bar cells: the width less "Guest  [", "] 5.8 GiB" and a spare column
  bar=$((cols - 7 - 1 - 2 - 7 - 1))

  start "$cols" "$rows" "$root"
  expect 'held by programs 889 MiB  ▒ reclaimable cache 3.7 GiB  · free 1.2 GiB'
  # the bar takes the width: the memory limit (6.0 GiB) is its scale, so
  # MemTotal (5.8 GiB, 97 %) ends a few cells before it
  expect "^Guest  \[█\+▒\+·\+ \{1,6\}\] 5.8 GiB\$"
  line=$(grep '^Guest  \[' <<< "$screen")
  [[ ${#line} -eq $((8 + bar + 9)) ]] || { echo "bar line of ${#line} at $cols columns: $line"; exit 1; }
  # the markers' row: ▲ (what Windows sees, 4.6 of 6.0 GiB) and ┆ (the limit,
  # the bar's last cell), each at its cell
  marks=$(grep -n '▲.*┆' <<< "$screen" | head -1)
  [[ -n $marks ]] || { echo "no marker row:"; echo "$screen"; exit 1; }
  lim_at=$(sed 's/^[0-9]*://; s/┆.*//' <<< "$marks" | wc -m)
  [[ $lim_at -eq $((8 + bar)) ]] || { echo "limit marker at column $lim_at, bar ends at $((8 + bar))"; exit 1; }
  host_at=$(sed 's/^[0-9]*://; s/▲.*//' <<< "$marks" | wc -m)
  # MemTotal - MemFree = 4796360 kB of 6 GiB (6291456 kB): 1-based column
  # 8 + round(bar * 4796360 / 6291456)
  want=$(( 8 + (bar * 4796360 * 2 + 6291456) / (2 * 6291456) ))
  [[ $host_at -eq $want ]] || { echo "▲ at column $host_at, expected $want"; exit 1; }
  expect '^       ▲ Windows sees 4.6 GiB  ┆ limit memory=6.0 GiB (.wslconfig:5)$'
  expect 'Swap   \[█*·*\] 312 MiB of 4.0 GiB'
  expect 'PSI    some avg10 3.12%  full avg10 0.91%'
  expect '2210  llama-server'
  # no r on a snapshot
  expect '^q quit  s sort by PSS  ? help$'
  if [[ $cols -ge 200 ]]; then
    expect 'SWAP      SHMEM       PEAK       PPID  COMMAND$'
    # the command line (proc/2210/cmdline), cut at the edge
    expect '208 MiB        0 B    3.7 GiB        421  /home/alex/llama.cpp/build/bin/llama-server -m /home/alex/models/Meta-Llama-3.1-8B-In$'
    expect '421  python3 client.py --url http://127.0.0.1:8080$'
  else
    expect '  FILE       SWAP$'
  fi
  # colour: used green, cache cyan on the bar; figures within thresholds green
  expect_colour 'Guest  [' 32
  expect_colour 'Guest  [' 36
  expect_colour 'available 4.8 GiB' 32

  start "$cols" "$rows" "$root" NO_COLOR=1
  expect "^Guest  \[█\+▒\+·\+ \{1,6\}\] 5.8 GiB\$"
  ! has_colour "$escaped" || { echo "colour with NO_COLOR=1:"; cat -v <<< "$escaped"; exit 1; }
done

# critical figures: 294 MiB available of 7.8 GiB (under 5 %) and PSI some
# 31.40 % in red; no swap at all is "none"
start 80 24 tests/roots/wsl2-broken
expect 'available 294 MiB'
expect_colour 'available 294 MiB' 31
expect_colour 'some avg10 31.40%' 31
expect '^Swap   none (no swap area is active)$'
[[ $screen != *"0 B of 0 B"* ]] || { echo "an empty swap bar:"; echo "$screen"; exit 1; }
# an empty NO_COLOR is not set (no-color.org)
start 80 24 tests/roots/wsl2-broken NO_COLOR=
expect_colour 'available 294 MiB' 31
# --no-color as NO_COLOR
options=--no-color
start 80 24 tests/roots/wsl2-broken
options=""
expect 'available 294 MiB'
! has_colour "$escaped" || { echo "colour with --no-color:"; cat -v <<< "$escaped"; exit 1; }
# a terminal without colours gets none, even without NO_COLOR
start 80 24 tests/roots/wsl2-broken TERM=vt100
expect 'available 294 MiB'
! has_colour "$escaped" || { echo "colour on a vt100:"; cat -v <<< "$escaped"; exit 1; }

# 50 columns: whole columns and items, no fragment wrapped onto a line
start 50 24 "$root"
expect '^    PID  NAME                    RSS        PSS$'
expect '^   1780  python3             243 MiB    217 MiB$'
if grep -qE '^ +[0-9.]+ [KMG]?i?B( |$)' <<< "$screen"; then
  echo "a wrapped fragment at 50 columns:"
  echo "$screen"
  exit 1
fi

# the keys: ? shows them (no r on a snapshot), ? again hides them
start 80 24 "$root"
t send-keys '?'
wait_screen 100 "│ Keys"
expect '│ q    quit'
expect '│ s    sort the processes by RSS or by PSS'
expect '│ ?    show or hide this help (Esc hides it too)'
[[ $screen != *"drop the page cache"* ]] || { echo "r offered on a snapshot:"; echo "$screen"; exit 1; }
t send-keys '?'
wait_screen 100 ! "│ Keys"
[[ $screen != *"│ Keys"* ]] || { echo "? did not hide the help:"; echo "$screen"; exit 1; }
t send-keys s
wait_screen 100 "sorted by PSS"
expect 'sorted by PSS'
# r on a snapshot, pressed anyway, is refused
t send-keys r
wait_screen 100 "this is a snapshot"
expect 'reclaim acts on the live machine; this is a snapshot'
t send-keys q
# after q, top has exited and the pane shows the shell's "sleep" with an empty screen
wait_screen 100 ! "Windows sees"
[[ $screen != *"Windows sees"* ]] || { echo "q did not quit:"; echo "$screen"; exit 1; }

# live, as root: r asks, y drops the page cache for real and says what it gained
if [[ $(id -u) -eq 0 ]]; then
  t kill-server 2> /dev/null || true
  cur=$sock.live
  t new-session -d -x 120 -y 40 "LANG=C.UTF-8 TERM=xterm-256color $HEADROOM top; sleep 30"
  wait_screen 200 "Last reclaim: none"
  expect 'Last reclaim: none'
  expect 'r reclaim  ? help'
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

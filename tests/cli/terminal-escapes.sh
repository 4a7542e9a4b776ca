#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# No escape sequence or line break from untrusted bytes reaches a terminal
# (issue D4 of the adversarial run): ESC/CSI/OSC/BEL and newlines put into
# process names, a model store's file and directory names, a GGUF key and
# architecture string, a .wslconfig key and the Windows helper's process,
# service and adapter names. Every command that shows them runs in text mode
# (and the report as HTML); the test fails on any ESC (0x1b) or BEL (0x07)
# byte in stdout or stderr, and on any line the hostile bytes started.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${HEADROOM:=build/headroom}"
H=$(realpath "$HEADROOM")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HEADROOM_NOW=1767225600 NO_COLOR=1
fail=0
E=$'\e]0;OWNED\a\e[2J\e[31m'
NL=$'\nFORGED LINE'

root=$tmp/root
cp -r tests/roots/wsl2-16g-default "$root"
# a process whose comm and status Name hold escapes and a newline
printf '%s\n' "py${E}x${NL}" > "$root/proc/402/comm"
sed -i "s/^Name:.*/Name:\tpy${E//\\/\\\\}x/" "$root/proc/402/status"
# the Windows helper's names
jq --arg e "$E" --arg nl "$NL" '.top_processes[0].name = ("svc" + $e + $nl)
  | .services[0].display_name = ("AppX" + $e + $nl)
  | .adapters[0].description = ("Killer" + $e + $nl)' \
  tests/roots/wsl2-16g-default/.headroom/host.json > "$root/.headroom/host.json"
# a model store: a directory and a file named with escapes, a bad GGUF key,
# and a header whose architecture string is ESC ] 0 ; BEL (same length as
# "llama", so the data offsets stay valid)
store=$root/home/alice/.lmstudio/models/org
mkdir -p "$store/Evil${E}dir" "$root/home/alice"
python3 - "$store" "$E" << 'PY'
import struct, sys
store, esc = sys.argv[1], sys.argv[2].encode()
k = esc
kv = struct.pack('<Q', len(k)) + k + struct.pack('<II', 4, 1)
open(store + '/Evil' + sys.argv[2] + 'dir/dup' + sys.argv[2] + '.gguf', 'wb').write(
    b'GGUF' + struct.pack('<IQQ', 3, 0, 2) + kv + kv)
src = open('tests/roots/model-stores/home/alice/.lmstudio/models/lmstudio-community/Tiny-GGUF/tiny-lms-q8_0.gguf', 'rb').read()
i = src.find(b'general.architecture') + len(b'general.architecture') + 12
assert src[i:i + 5] == b'llama'
open(store + '/arch.gguf', 'wb').write(src[:i] + b'\x1b]0;\x07' + src[i + 5:])
PY
mkdir -p "$root/mnt/c/Users/Alice"
printf '[wsl2]\nmemory=4GB\nk%s=1\n[%s]\nx=1\n' "$E" "$E" > "$root/mnt/c/Users/Alice/.wslconfig"
cp "$root/mnt/c/Users/Alice/.wslconfig" "$tmp/esc.wslconfig"

n=0
check() { # [-s] label, then the command: its output must carry no ESC, BEL or
  # forged line; with -s it must also show the hostile name (as '?'s), so the
  # check is not passed by a command that never printed it
  local shows=0
  [[ $1 == -s ]] && { shows=1; shift; }
  local label=$1
  shift
  n=$((n + 1))
  timeout 20 "$@" > "$tmp/out" 2>&1 < /dev/null
  if LC_ALL=C grep -q $'[\x1b\x07]' "$tmp/out"; then
    echo "$label: an ESC or BEL byte reached the output:"
    LC_ALL=C grep -n $'[\x1b\x07]' "$tmp/out" | cat -v | head -5
    fail=1
  fi
  if [[ $shows == 1 ]] && ! grep -q 'OWNED' "$tmp/out"; then
    echo "$label: the hostile name is not in the output, so nothing was checked"
    fail=1
  fi
  if grep -q '^FORGED LINE' "$tmp/out"; then
    echo "$label: a newline from a name started a line of its own"
    fail=1
  fi
}
check -s "status" "$H" --root "$root" status
check -s "doctor" "$H" --root "$root" doctor
check "budget" "$H" --root "$root" budget
check -s "windows status" "$H" --root "$root" windows status
check "windows script" "$H" --root "$root" windows script --recommended
check -s "fit --list" "$H" --root "$root" fit --list
check -s "fit FILE (bad key)" "$H" fit "$store/Evil${E}dir/dup${E}.gguf"
check "fit FILE (architecture)" "$H" fit "$store/arch.gguf"
check -s "config lint" "$H" config lint --file "$tmp/esc.wslconfig"
check "config show" "$H" config show --file "$tmp/esc.wslconfig"
check "config set" "$H" config set memory=6GB --file "$tmp/esc.wslconfig" --dry-run
check "report" "$H" --root "$root" report -o "$tmp/report.html"
check -s "report (the file)" cat "$tmp/report.html"
check "top (lines)" "$H" --root "$root" top --count 1
echo "$n outputs checked"
exit $fail

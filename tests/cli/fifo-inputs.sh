#!/usr/bin/env bash
# A FIFO or a device where headroom expects a file (--file, --log, the
# doctor's ignore file, a file inside a --root snapshot) is refused at once
# with exit 2 and "not a regular file": opening a FIFO that has no writer
# would otherwise block for ever.
set -uo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkfifo "$t/fifo"
fails=0
check() { # WHAT CMD...: exits 2 within 5 s, saying "not a regular file"
  local what=$1
  shift
  timeout 5 "$@" > "$t/out" 2> "$t/err"
  local rc=$?
  if [[ $rc -eq 124 ]]; then
    echo "FAIL $what: still blocked after 5 s"
    fails=$((fails + 1))
  elif [[ $rc -ne 2 ]] || ! grep -q 'not a regular file' "$t/err"; then
    echo "FAIL $what: exit $rc, stderr: $(cat "$t/err")"
    fails=$((fails + 1))
  else
    echo "ok $what: $(cat "$t/err")"
  fi
}
check "config lint --file FIFO" "$HEADROOM" config lint --file "$t/fifo"
check "config show --file /dev/zero" "$HEADROOM" config show --file /dev/zero
check "report --log FIFO" "$HEADROOM" --root tests/roots/wsl2-tuned-6g report --log "$t/fifo"
mkdir -p "$t/home/.config/headroom"
mkfifo "$t/home/.config/headroom/doctor.ignore"
check "doctor with a FIFO as doctor.ignore" env HOME="$t/home" "$HEADROOM" --root tests/roots/wsl2-tuned-6g doctor
check "windows script --undo FIFO" "$HEADROOM" windows script --undo "$t/fifo"
check "fit on a FIFO" "$HEADROOM" --root tests/roots/wsl2-tuned-6g fit "$t/fifo"
check "watch --log FIFO" "$HEADROOM" --root tests/roots/wsl2-tuned-6g watch --dry-run --duration 200ms --log "$t/fifo"
# watch --log never follows a symlink (one planted in a shared directory)
ln -s "$t/elsewhere.log" "$t/link.log"
timeout 5 "$HEADROOM" --root tests/roots/wsl2-tuned-6g watch --dry-run --duration 200ms \
  --log "$t/link.log" > /dev/null 2> "$t/err"
rc=$?
if [[ $rc -ne 2 || -e $t/elsewhere.log ]] || ! grep -q 'a symbolic link' "$t/err"; then
  echo "FAIL watch --log SYMLINK: exit $rc, target written: $([[ -e $t/elsewhere.log ]] && echo yes || echo no), stderr: $(cat "$t/err")"
  fails=$((fails + 1))
else
  echo "ok watch --log SYMLINK: $(cat "$t/err")"
fi
# a snapshot whose /proc/meminfo is a FIFO
mkdir -p "$t/root/proc"
mkfifo "$t/root/proc/meminfo"
check "status on a root whose meminfo is a FIFO" "$HEADROOM" --root "$t/root" status
# watch on that root: it must not block, and it logs one error line
timeout 5 "$HEADROOM" --root "$t/root" watch --dry-run --duration 1s --interval 200ms > "$t/log" 2>&1
rc=$?
n=$(grep -c '"event":"error".*cannot read /proc/meminfo: malformed: proc/meminfo: not a regular file' "$t/log")
if [[ $rc -ne 0 || $n -ne 1 ]]; then
  echo "FAIL watch on a FIFO meminfo: exit $rc, $n error lines:"
  cat "$t/log"
  fails=$((fails + 1))
else
  echo "ok watch on a FIFO meminfo: ended on time, one error line"
fi
[[ $fails -eq 0 ]]

#!/usr/bin/env bash
# config apply on a live WSL machine offers to run wsl.exe --shutdown: with
# --yes it runs it, on a terminal it asks (y runs it, anything else does
# not), with stdin not a terminal it never asks and prints the command.
# Off WSL, build/headroom-faults takes HEADROOM_TEST_WSL_EXE as wsl.exe (a
# script that records how it was called); the installed headroom has no such
# hook and, off WSL, only says what to run on Windows.
set -euo pipefail
: "${HEADROOM:?}"
FAULTS=$(dirname "$HEADROOM")/headroom-faults
[[ -x $FAULTS ]] || { echo "skip: $FAULTS not built"; exit 77; }
command -v script > /dev/null || { echo "skip: no script(1) for a terminal"; exit 77; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cat > "$t/wsl.exe" <<EOS
#!/bin/sh
echo "\$*" >> "$t/calls"
EOS
chmod +x "$t/wsl.exe"
export HEADROOM_TEST_WSL_EXE=$t/wsl.exe
apply() { # BINARY [OPTION...]: on a fresh copy, so every run has something to write
  local bin=$1
  shift
  printf '[wsl2]\nmemory=4GB\n' > "$t/.wslconfig"
  "$bin" config apply --recommended --file "$t/.wslconfig" --host-ram 16GB --host-cpus 8 "$@"
}

# --yes: runs it once, says so first
rm -f "$t/calls"
apply "$FAULTS" --yes < /dev/null > "$t/out"
[[ $(cat "$t/calls") == "--shutdown" ]] || { echo "--yes: calls: $(cat "$t/calls" 2>&1)"; exit 1; }
grep -q '^running wsl.exe --shutdown: WSL stops now' "$t/out"
grep -q '^memory=6GB' "$t/.wslconfig"

# stdin not a terminal: never asks, never runs, prints the command
rm -f "$t/calls"
apply "$FAULTS" < /dev/null > "$t/out" 2> "$t/err"
[[ ! -e $t/calls ]] || { echo "not a terminal: it ran"; exit 1; }
[[ ! -s $t/err ]] || { echo "not a terminal: it asked: $(cat "$t/err")"; exit 1; }
grep -qx '\$ wsl.exe --shutdown' "$t/out"

# a terminal (script(1) gives it a pty): asks; "y" runs it, "n" does not
q="$(printf '%q ' "$FAULTS" config apply --recommended --file "$t/.wslconfig" --host-ram 16GB --host-cpus 8)"
for answer in y n; do
  rm -f "$t/calls"
  printf '[wsl2]\nmemory=4GB\n' > "$t/.wslconfig"
  printf '%s\n' "$answer" | script -qec "$q" /dev/null > "$t/tty" 2>&1
  grep -q 'Run wsl.exe --shutdown now? It stops every WSL window, this shell too \[y/N\]' "$t/tty" ||
    { echo "terminal: no question"; cat "$t/tty"; exit 1; }
  if [[ $answer == y ]]; then
    [[ $(cat "$t/calls") == "--shutdown" ]] || { echo "answer y: not run"; exit 1; }
  else
    [[ ! -e $t/calls ]] || { echo "answer n: it ran"; exit 1; }
    grep -q 'not run; to apply it later:' "$t/tty"
  fi
done

# --dry-run writes nothing and offers nothing
rm -f "$t/calls"
apply "$FAULTS" --yes --dry-run < /dev/null > "$t/out"
[[ ! -e $t/calls ]] || { echo "--dry-run: it ran"; exit 1; }
# --yes is apply's alone
rc=0
"$FAULTS" config set memory=6GB --file "$t/.wslconfig" --yes 2> "$t/err" || rc=$?
[[ $rc -eq 2 ]] && grep -q -- '--yes goes with apply only' "$t/err"

# the installed binary: no hook; off WSL it runs nothing and says what to run
if ! grep -qE 'microsoft' /proc/sys/kernel/osrelease 2>/dev/null; then
  rm -f "$t/calls"
  apply "$HEADROOM" --yes < /dev/null > "$t/out"
  [[ ! -e $t/calls ]] || { echo "$HEADROOM ran the stand-in"; exit 1; }
  grep -qF 'run `wsl.exe --shutdown` from Windows or PowerShell to apply' "$t/out"
fi
echo "ok: config apply offers wsl.exe --shutdown: --yes runs it, a terminal is asked, a pipe is told"

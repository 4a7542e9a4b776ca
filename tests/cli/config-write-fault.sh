#!/usr/bin/env bash
# `config set` killed at each step of its write (HEADROOM_FAULT_AT, see
# src/util/atomic-write.h) never leaves .wslconfig truncated or missing: it
# is the old file or the new one, byte for byte; the backup, once made, is
# the old file and restores it. The hook exists only in the test build
# ($BUILD_DIR/headroom-faults): the headroom that is installed ignores it
# and does not even hold its name.
set -uo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
FAULTS=$(dirname "$HEADROOM")/headroom-faults
[[ -x $FAULTS ]] || { echo "no $FAULTS (make tests builds it)"; exit 1; }
if grep -q HEADROOM_FAULT_AT "$HEADROOM"; then
  echo "$HEADROOM holds the fault hook: it must exist only in headroom-faults"
  exit 1
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
orig=tests/roots/wsl2-tuned-6g/mnt/c/Users/alex/.wslconfig
# the new bytes, from a run that is not killed
cp "$orig" "$t/want-old"
cp "$orig" "$t/x"
"$HEADROOM" config set --file "$t/x" memory=5GB > /dev/null || { echo "plain set failed"; exit 1; }
cp "$t/x" "$t/want-new"
cmp -s "$t/want-old" "$t/want-new" && { echo "the edit changed nothing"; exit 1; }
for step in backup temp-created temp-half-written temp-synced renamed; do
  d=$t/$step
  mkdir "$d"
  cp "$orig" "$d/.wslconfig"
  HEADROOM_FAULT_AT=$step HEADROOM_NOW=1764000000 "$FAULTS" config set --file "$d/.wslconfig" \
    memory=5GB > /dev/null 2>&1
  rc=$?
  [[ $rc -eq 137 ]] || { echo "$step: exit $rc, expected to be killed (137)"; fail=1; }
  if [[ ! -f $d/.wslconfig ]]; then
    echo "$step: .wslconfig is missing"; fail=1; continue
  fi
  if cmp -s "$d/.wslconfig" "$t/want-old"; then state=old
  elif cmp -s "$d/.wslconfig" "$t/want-new"; then state=new
  else echo "$step: .wslconfig is neither the old nor the new file ($(wc -c < "$d/.wslconfig") bytes)"; fail=1; continue
  fi
  bak=$d/.wslconfig.bak-20251124T160000Z
  if [[ $step != backup* && $step != temp-created ]] || [[ -e $bak ]]; then
    [[ -f $bak ]] || { echo "$step: no backup"; fail=1; continue; }
    cmp -s "$bak" "$t/want-old" || { echo "$step: the backup is not the old file"; fail=1; }
    cp "$bak" "$d/restored" && cmp -s "$d/restored" "$t/want-old" || { echo "$step: restore failed"; fail=1; }
  fi
  echo "$step: file is the $state one, backup $( [[ -e $bak ]] && echo ok || echo 'not made yet')"
done
# the killed runs left temporary files and locks; the next edit, once they
# are a second old and their writers provably gone, removes them
left=$(find "$t" -name '.*.tmp-*' -o -name '*.lock' | wc -l)
echo "after the kills: $left temporary files and locks"
[[ $left -gt 0 ]] || { echo "the kills left nothing: the cleanup below tests nothing"; fail=1; }
sleep 1.2
for step in backup temp-created temp-half-written temp-synced renamed; do
  HEADROOM_NOW=1764000100 "$HEADROOM" config set --file "$t/$step/.wslconfig" memory=7GB > /dev/null 2>&1 ||
    { echo "$step: the next edit failed"; fail=1; }
done
left=$(find "$t" -name '.*.tmp-*' -o -name '*.lock')
[[ -z $left ]] || { echo "left behind after the next edit: $left"; fail=1; }
echo "after the next edit: $(printf '%s' "$left" | grep -c .) left"
# the installed binary: the variable does nothing
cp "$orig" "$t/release.cfg"
HEADROOM_FAULT_AT=temp-synced "$HEADROOM" config set --file "$t/release.cfg" memory=5GB > /dev/null 2>&1 ||
  { echo "headroom with HEADROOM_FAULT_AT set: exit $?, expected 0"; fail=1; }
cmp -s "$t/release.cfg" "$t/want-new" || { echo "headroom with HEADROOM_FAULT_AT set did not make the edit"; fail=1; }
[[ $fail -eq 0 ]]

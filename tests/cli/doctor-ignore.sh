#!/usr/bin/env bash
# The per-user ignore list (~/.config/headroom/doctor.ignore) is read from
# $HOME, never from --root; a bad id in it is a one-line error naming the
# file and line, exit 2; --no-ignore bypasses it. Exit statuses: 1 with a
# warning, 0 without.
set -euo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
run() { HOME=$home NO_COLOR=1 "$HEADROOM" "$@"; }

set +e
run --root tests/roots/wsl2-tuned-6g doctor --json > "$home/out"; rc=$?
set -e
[[ $rc -eq 1 ]] || { echo "tuned-6g: exit $rc, expected 1 (two config lint warnings)"; exit 1; }
jq -e '[.findings[] | select(.severity == "warning") | .id] == ["wslconfig.unknown-key", "wslconfig.sparse-disabled"]' \
  "$home/out" > /dev/null || { echo "tuned-6g: unexpected warnings"; jq -c '[.findings[].id]' "$home/out"; exit 1; }

# config lint's ids can be ignored one by one: then only information is left
mkdir -p "$home/.config/headroom"
printf 'wslconfig.unknown-key\nwslconfig.sparse-disabled\n' > "$home/.config/headroom/doctor.ignore"
set +e
run --root tests/roots/wsl2-tuned-6g doctor --json > "$home/out"; rc=$?
set -e
[[ $rc -eq 0 ]] || { echo "tuned-6g with lint ids ignored: exit $rc, expected 0"; exit 1; }
jq -e '.findings | map(.id) | map(startswith("wslconfig.")) | any | not' "$home/out" > /dev/null
rm "$home/.config/headroom/doctor.ignore"
set +e
run --root tests/roots/wsl2-broken doctor --json > "$home/out"; rc=$?
set -e
[[ $rc -eq 1 ]] || { echo "broken: exit $rc, expected 1"; exit 1; }
jq -e '.findings | map(.id) | index("gpu.no-dxg") != null' "$home/out" > /dev/null

mkdir -p "$home/.config/headroom"
printf '# things I know about\ngpu.no-dxg\n  mem.low-available   # my big job\n\n' \
  > "$home/.config/headroom/doctor.ignore"
set +e
run --root tests/roots/wsl2-broken doctor --json > "$home/out"; rc=$?
set -e
[[ $rc -eq 1 ]]
jq -e '(.findings | map(.id) | index("gpu.no-dxg") == null)
       and (.findings | map(.id) | index("mem.low-available") == null)
       and (.skipped | map(select(.why | test("doctor.ignore"))) | length == 2)' "$home/out" > /dev/null

# --no-ignore brings them back
run --root tests/roots/wsl2-broken doctor --no-ignore --json > "$home/out" || true
jq -e '.findings | map(.id) | index("gpu.no-dxg") != null' "$home/out" > /dev/null

# a typo in the list: one line naming file:line, exit 2, nothing printed on stdout
echo 'gpu.no-dgx' >> "$home/.config/headroom/doctor.ignore"
set +e
run --root tests/roots/wsl2-broken doctor > "$home/out" 2> "$home/err"; rc=$?
set -e
[[ $rc -eq 2 ]] || { echo "typo: exit $rc"; exit 1; }
[[ ! -s $home/out ]]
[[ $(wc -l < "$home/err") -eq 1 ]]
grep -q "doctor.ignore:5: 'gpu.no-dgx' is not a doctor rule id; did you mean 'gpu.no-dxg'?" "$home/err"

# on this machine: off WSL2 doctor says so and still checks the Linux side
run doctor --no-ignore --json > "$home/out" || true
if ! grep -qE 'WSL2|microsoft-standard' /proc/sys/kernel/osrelease; then
  jq -e '(.findings | map(.id) | index("wsl.not-wsl") != null)
         and (.checked | index("mem.low-available") != null)' "$home/out" > /dev/null
else
  jq -e '.findings | map(.id) | index("wsl.not-wsl") == null' "$home/out" > /dev/null
fi
echo ok

#!/usr/bin/env bash
# Builds the .deb (tools/build-deb.sh: dpkg-buildpackage in a clean copy of the tree),
# checks it with lintian (no errors allowed), installs it, runs the
# installed headroom, reads its man page, and removes it again.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tools/build-deb.sh "$work" > /dev/null || { echo "0 passed, 1 failed"; exit 1; }
deb=$(ls "$work"/headroom_*.deb)
pass=0 fail=0
check() { if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $*" >&2; fi; }
lintian --no-tag-display-limit "$deb" > "$work/lintian.log" 2>&1 || true
check test "$(grep -c '^E:' "$work/lintian.log")" -eq 0
grep '^[EW]:' "$work/lintian.log" >&2 || true
dpkg -i "$deb" > /dev/null
check test "$(/usr/bin/headroom --version)" = "headroom $(sed -n 's/^headroom (\(.*\)).*/\1/p;q' debian/changelog)"
check sh -c 'MANWIDTH=80 man headroom-doctor 2>/dev/null | grep -q "EXIT STATUS"'
check test -f /usr/share/bash-completion/completions/headroom
check sh -c '/usr/bin/headroom --root tests/roots/wsl2-16g-default status > /dev/null'
# the unit starts the installed binary
check grep -q '^ExecStart=/usr/bin/headroom watch' /usr/lib/systemd/system/headroom-watch.service
# the installed `headroom watch` runs the daemon alone, from /usr/lib/headroom
check sh -c '/usr/bin/headroom watch --dry-run --interval 100ms --duration 200ms 2>&1 |
  grep -q "program headroom-watch"'
dpkg -r headroom > /dev/null
check test ! -e /usr/bin/headroom
echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]

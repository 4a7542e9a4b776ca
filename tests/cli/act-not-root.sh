#!/usr/bin/env bash
# Not root: reclaim, watch and run --reclaim refuse with one line naming sudo,
# exit 3, and nothing is done (the kernel's drop_pagecache counter in
# /proc/vmstat does not move). Run as the user "nobody".
set -euo pipefail
: "${HEADROOM:?}"
[[ $(id -u) -eq 0 ]] || { echo "skip: needs root to switch to the user nobody"; exit 77; }
id nobody > /dev/null 2>&1 || { echo "skip: no user 'nobody' on this machine"; exit 77; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
chmod 755 "$t"
as_nobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"; }
as_nobody true 2> /dev/null || { echo "skip: cannot run as nobody here (setpriv)"; exit 77; }
as_nobody test -x "$HEADROOM" || { echo "skip: $HEADROOM is not reachable for nobody"; exit 77; }
drops() { awk '$1 == "drop_pagecache" { print $2 }' /proc/vmstat; }
before=$(drops)
for args in "reclaim" "reclaim --all --compact" "reclaim --gradual 1G" "watch" "run --reclaim -- true"; do
  set +e
  # shellcheck disable=SC2086
  as_nobody "$HEADROOM" $args > "$t/out" 2> "$t/err"
  rc=$?
  set -e
  echo "headroom $args -> exit $rc: $(cat "$t/err")"
  [[ $rc -eq 3 ]] || { echo "expected exit 3"; exit 1; }
  [[ $(wc -l < "$t/err") -eq 1 ]] && grep -q "needs root: run 'sudo headroom" "$t/err"
  [[ ! -s $t/out ]]
done
after=$(drops)
[[ $before == "$after" ]] || { echo "drop_pagecache moved: $before -> $after (another process may have dropped caches)"; exit 1; }
# --dry-run needs no root
as_nobody "$HEADROOM" reclaim --dry-run > "$t/out"
grep -q '^Would do' "$t/out"
echo "not root: refused, nothing done"

#!/usr/bin/env bash
# doctor's windows.dosvc finding and `windows script --recommended` give the
# same Delivery Optimization items (one list: win_dosvc_recommended), on
# every fixture root that has Windows host data.
set -euo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
export HEADROOM_NOW=1764000000
n=0
for host in tests/roots/*/.headroom/host.json; do
  root=${host%/.headroom/host.json}
  rec=$("$HEADROOM" --root "$root" windows script --recommended --dry-run --json 2> /dev/null |
    jq -r '[.items[]? | select(.recommended and (.id == "dosvc" or .id == "do-peering")) | .id] | join(",")' || true)
  fix=$("$HEADROOM" --root "$root" doctor --json 2> /dev/null |
    jq -r '.findings[] | select(.id == "windows.dosvc") | .fix.commands[]?.command' || true)
  [[ -z $fix ]] && ! "$HEADROOM" --root "$root" doctor --json 2> /dev/null |
    jq -e '.findings[] | select(.id == "windows.dosvc")' > /dev/null && continue
  n=$((n + 1))
  doc=$(sed -n 's/^headroom windows script --apply \([^ ]*\) .*/\1/p' <<< "$fix" | head -n 1)
  if [[ $doc != "$rec" ]]; then
    echo "$root: doctor recommends '$doc', --recommended picks '$rec'"
    exit 1
  fi
done
[[ $n -gt 0 ]] || { echo "no fixture root raised windows.dosvc"; exit 1; }
echo "windows.dosvc and --recommended agree on $n roots"

#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# `status --json` carries every key scripts rely on (issue 2's list), with
# byte values as integers, on every fixture machine and on this machine.
set -euo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
check() { # label json-file
  jq -e '
    def int: type == "number" and . == floor and . >= 0;
    (.guest | (.mem_total, .mem_free, .mem_available, .cached, .swap_total, .swap_free,
               .host_view_used) | int)
    and (.cpus == null or (.cpus | int))
    and (.wsl.detected | type == "boolean")
    and (.wsl | has("kernel") and has("version"))
    and (.wsl.version == null or (.wsl.version | type == "string"))
    and (.psi == null or (.psi.some | (.avg10, .avg60, .avg300 | type == "number")))
    and (.processes | type == "array")
    and all(.processes[]; (.pid | int) and (.name | type == "string") and (.rss | int)
                          and (.pss == null or (.pss | int)))
    and (.guest.host_view_used == .guest.mem_total - .guest.mem_free)
  ' "$2" > /dev/null || { echo "$1: missing or mistyped keys"; jq . "$2" | head -40; exit 1; }
}
t=$(mktemp)
trap 'rm -f "$t"' EXIT
for root in tests/roots/*/; do
  [[ -f $root/proc/meminfo ]] || continue
  "$HEADROOM" --root "$root" status --json > "$t" || true
  if jq -e .guest "$t" > /dev/null 2>&1; then check "$root" "$t"; fi
done
"$HEADROOM" status --json > "$t"
check live "$t"
# the 16 GB default fixture: exact figures
"$HEADROOM" --root tests/roots/wsl2-16g-default status --json > "$t"
[[ $(jq .guest.mem_total "$t") == $((8058524 * 1024)) ]]
[[ $(jq .guest.swap_total "$t") == $((2097152 * 1024)) ]]
[[ $(jq .wsl.detected "$t") == true && $(jq -r .wsl.version "$t") == 2.4.11 ]]
[[ $(jq .psi "$t") == null ]]
# and `help X` says exactly what `X --help` says, for every command
for c in $("$HEADROOM" help | awk '/^Commands:/ {on=1; next} on && NF {print $1} !NF && on {exit}'); do
  diff <("$HEADROOM" help "$c") <("$HEADROOM" "$c" --help)
done
echo ok

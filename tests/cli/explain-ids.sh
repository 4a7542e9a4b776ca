#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# Every id the sources can emit has an explain page: the lint names at
# add(L, "NAME", ...) call sites, the literal ids at findings_add() call
# sites, and the doctor rule table; and `headroom explain ID` prints each.
set -euo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
known=$("$HEADROOM" explain --json | grep -oE '^    "id": "[^"]+"' | sed -E 's/.*"([^"]+)"$/\1/' | sort -u)
[[ $(wc -l <<< "$known") -gt 50 ]] || { echo "explain --json lists too few ids"; exit 1; }
emitted=$( {
  grep -ohE '(add\(|^ +)L, *"[a-z0-9-]+"' src/wslconfig/*.c | sed -E 's/.*"([^"]+)"/wslconfig.\1/'
  grep -ohzE 'findings_add\([^,]+, *"[a-z0-9-]+\.[a-z0-9-]+"' src/rules/*.c src/wslconfig/*.c |
    tr '\0' '\n' | grep -oE '"[a-z0-9.-]+"$' | tr -d '"'
  grep -ohE '^    \{"[a-z0-9-]+\.[a-z0-9-]+", "[a-z]+",' src/rules/table.c | cut -d'"' -f2
} | sort -u)
missing=$(comm -23 <(echo "$emitted") <(echo "$known"))
[[ -z $missing ]] || { echo "ids without an explain page:"; echo "$missing"; exit 1; }
for id in $emitted; do
  "$HEADROOM" explain "$id" > /dev/null || { echo "headroom explain $id failed"; exit 1; }
done
# a page whose id nothing emits
extra=$(comm -13 <(echo "$emitted") <(echo "$known"))
[[ -z $extra ]] || { echo "explain pages without an id in the sources:"; echo "$extra"; exit 1; }
echo ok

#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# debian/control's Description lists every command of the command table
# (as `headroom help` prints it), each on its own line "  NAME  what it does",
# and no command the table lacks.
set -euo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
table=$("$HEADROOM" help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\)  .*/\1/p' | sort)
[[ $(wc -l <<< "$table") -ge 10 ]] || { echo "FAIL: could not read the command list from headroom help"; exit 1; }
described=$(sed -n '/^Description:/,/^[A-Z]/s/^  \([a-z][a-z-]*\)  .*/\1/p' debian/control | sort)
if [[ $table != "$described" ]]; then
  echo "FAIL: debian/control's Description does not list the commands of headroom help:"
  diff <(echo "$table") <(echo "$described") --label "headroom help" --label debian/control || true
  exit 1
fi
echo "ok: debian/control describes the $(wc -l <<< "$table") commands"

#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# Every command's --help lists exactly the options it parses: each option it
# lists is accepted (parsing happens before --help is acted on), an option it
# does not list is refused with "unknown option" and exit 2; and
# `headroom help CMD` prints the same text as `headroom CMD --help`.
set -euo pipefail
: "${HEADROOM:?}"
cmds=$("$HEADROOM" help | awk '/^Commands:/ {on=1; next} on && NF {print $1} on && !NF {exit}')
[[ -n $cmds ]]
for c in $cmds; do
  help=$("$HEADROOM" "$c" --help)
  diff <(echo "$help") <("$HEADROOM" help "$c")
  # option lines: "  -x, --name META  text" or "      --name META  text"
  while read -r name meta; do
    if [[ -n $meta && $meta == [A-Z]* ]]; then
      # a value of the kind the metavar names (sizes and durations take a unit)
      # (options of a known set of values take one of them)
      case $name:$meta in
      *:SIZE) v=1GB ;; *:DURATION) v=1s ;; --only:*) v=mem ;; --skip:*) v=mem.pressure ;;
      --profile:*) v=typical ;; *) v=1 ;;
      esac
      "$HEADROOM" "$c" "$name" "$v" --help > /dev/null || { echo "$c: $name $v refused"; exit 1; }
    else
      "$HEADROOM" "$c" "$name" --help > /dev/null || { echo "$c: $name refused"; exit 1; }
    fi
  done < <(echo "$help" | sed -n 's/^  \(-., \)\{0,1\} *\(--[a-z0-9-]*\)\( [A-Z][A-Za-z.|]*\)\{0,1\}  .*/\2\3/p')
  set +e
  err=$("$HEADROOM" "$c" --definitely-not-an-option --help 2>&1 > /dev/null); rc=$?
  set -e
  [[ $rc -eq 2 && $err == *"unknown option '--definitely-not-an-option'"* ]] ||
    { echo "$c accepted an unlisted option"; exit 1; }
done
echo ok

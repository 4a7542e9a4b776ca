#!/usr/bin/env bash
# Every lint rule id has a golden case that fires it (tests/golden/lint-<rule>)
# and one that does not (lint-<rule>-ok), and the goldens say so: the id is
# in the first case's expected output and absent from the second's. The
# ids are the ones issue 3 lists, plus the extra ones headroom has.
set -euo pipefail
cd "$(dirname "$0")/../.."
rules=(unknown-key wrong-section key-before-section bad-section semicolon-comment
  bad-memory-size bad-bool bad-int bad-enum bad-escape unclosed-quote duplicate-key
  encoding memory-over-host processors-over-host memory-too-small sparse-disabled
  gradual-hazard no-swap-small-host overridden
  invalid-line bad-value path-env-var graduated-key no-effect suspicious-size line-ending)
conf_rules=(stops-parsing bom)
fail=0
check() { # golden-name id
  local fire=tests/golden/lint-$1 calm=tests/golden/lint-$1-ok
  if [[ ! -f $fire/cmd || ! -f $calm/cmd ]]; then echo "missing golden case for $2"; fail=1; return; fi
  grep -qF "[$2]" "$fire/stdout" || { echo "lint-$1 does not fire $2"; fail=1; }
  if grep -qF "[$2]" "$calm/stdout"; then echo "lint-$1-ok fires $2"; fail=1; fi
  # and the binary agrees with the golden right now
  eval "args=($(cat "$fire/cmd"))"
  { "$HEADROOM" "${args[@]}" || true; } | grep -qF "[$2]" || { echo "$2 does not fire now"; fail=1; }
}
for r in "${rules[@]}"; do check "$r" "wslconfig.$r"; done
for r in "${conf_rules[@]}"; do check "wslconf-$r" "wslconf.$r"; done
# the JSON shape the issue asks for
out=$("$HEADROOM" --root tests/roots/wsl2-tuned-6g config lint --json || true)
jq -e '(.file | type == "string") and (.encoding == "utf-8")
  and (.findings | length == 2)
  and all(.findings[]; has("id") and has("severity") and (.line | type == "number")
                      and (.column | type == "number") and (.message | type == "string")
                      and has("fix") and has("source"))
  and (.effective["wsl2.memory"].value == 6442450944)
  and (.effective["wsl2.memory"].origin == "file") and (.effective["wsl2.memory"].line == 5)
  and (.effective["wsl2.swap"].value == 4294967296)
  and (.effective["experimental.autoMemoryReclaim"].value == "DropCache")
  and (.effective["wsl2.guiApplications"].origin == "default")' <<< "$out" > /dev/null \
  || { echo "lint --json shape"; fail=1; }
[[ $fail -eq 0 ]] && echo ok
exit $fail

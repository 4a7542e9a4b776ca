#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# One figure, one value: on every fixture root, every command that shows a
# figure shows the same bytes for it. status --json is the reference for the
# guest's figures; top --json, the report's memory bar and table must match
# it. The VM's memory limit must be the same in budget, top, config show,
# the report and doctor; Windows' default limit in `windows status` is half
# of the host RAM budget resolved. A root status refuses (no or malformed
# /proc/meminfo) must be refused by top with the same exit status.
set -uo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
export NO_COLOR=1 LC_ALL=C TZ=UTC HEADROOM_NOW=1764000000
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fails=0 compared=0 roots=0
fail() {
  echo "FAIL $root: $*"
  fails=$((fails + 1))
}
same() { # WHAT EXPECTED GOT: equal, and a figure, not two blanks
  compared=$((compared + 1))
  if [[ -z $2 || -z $3 ]]; then
    fail "$1: a figure is missing ('$2' in status/budget, '$3' here)"
  elif [[ $2 != "$3" ]]; then
    fail "$1: $2 in status/budget, $3 here"
  fi
}
# A number as headroom wrote it: jq reads numbers as doubles and would round
# the hostile roots' 64-bit values. headroom's JSON is indented two spaces a
# level, so an object's members are the lines up to its closing brace.
num() { # FILE OBJECT KEY: the integer OBJECT.KEY (OBJECT "" for the top level)
  if [[ -z $2 ]]; then
    sed -n "s/^  \"$3\": \(-\{0,1\}[0-9]*\|null\),\{0,1\}$/\1/p" "$1" | head -n1
  else
    sed -n "/^\( *\)\"$2\": {\$/,/^ *}/p" "$1" | sed -n "s/^ *\"$3\": \(-\{0,1\}[0-9]*\|null\),\{0,1\}$/\1/p" | head -n1
  fi
}
# data-bytes of the first element matching a pattern in the report
report_bytes() { # PATTERN
  grep -o "$1[^>]*data-bytes=\"[0-9]*\"" "$t/report.html" | head -n1 | sed 's/.*data-bytes="\([0-9]*\)"/\1/'
}
# the bytes cell of a row of the report's memory table
report_row() { # NAME: the exact figure the row carries (its size is shown rounded)
  grep -o "<tr data-bytes=\"[0-9]*\"><td>$1</td>" "$t/report.html" | head -n1 | sed 's/.*data-bytes="\([0-9]*\)".*/\1/'
}

for dir in tests/roots/*/; do
  root=${dir%/}
  roots=$((roots + 1))
  h() { "$HEADROOM" --root "$root" "$@"; }
  h status --json > "$t/status.json" 2> /dev/null
  st=$?
  h top --count 1 --json > "$t/top.json" 2> /dev/null
  tp=$?
  if [[ $st -ne 0 ]]; then
    compared=$((compared + 1))
    [[ $tp -eq $st ]] || fail "status exits $st, top exits $tp"
    continue
  fi
  [[ $tp -eq 0 ]] || { fail "status reads the root, top exits $tp"; continue; }

  # the guest's figures: status against top
  for k in mem_total mem_free used buff_cache reclaimable_cache held_by_programs swap_total \
    swap_used host_view_used; do
    same "guest.$k (top --json)" "$(num "$t/status.json" guest "$k")" "$(num "$t/top.json" guest "$k")"
  done

  # the report's memory bar and table
  if h report > "$t/report.html" 2> /dev/null; then
    g() { num "$t/status.json" guest "$1"; }
    same "report bar: held by programs" "$(g held_by_programs)" "$(report_bytes '<rect class="used" x="0"')"
    same "report bar: reclaimable cache" "$(g reclaimable_cache)" "$(report_bytes '<rect class="cache" x="[0-9.]*" y="8" width="[0-9.]*" height="40"')"
    same "report bar: free" "$(g mem_free)" "$(report_bytes '<rect class="free" x="[0-9.]*" y="8" width="[0-9.]*" height="40"')"
    same "report bar: what Windows sees" "$(g host_view_used)" "$(report_bytes '<line class="marker"')"
    same "report table: used" "$(g used)" "$(report_row used)"
    same "report table: buff/cache" "$(g buff_cache)" "$(report_row buff/cache)"
    same "report table: held by programs" "$(g held_by_programs)" "$(report_row 'held by programs')"
  else
    fail "status reads the root, report does not"
  fi

  # the VM's memory limit
  h budget --json > "$t/budget.json" 2> /dev/null
  h budget > "$t/budget.txt" 2> /dev/null
  limit=$(num "$t/budget.json" wsl_memory_limit bytes)
  got=$(num "$t/top.json" wsl_memory_limit bytes)
  same "memory limit (top --json)" "${limit:-none}" "${got:-none}"
  if [[ -n $limit ]]; then
    if h config show --json > "$t/show.json" 2> /dev/null; then
      same "memory limit (config show: wsl2.memory)" "$limit" "$(num "$t/show.json" wsl2.memory value)"
    fi
    got=$(report_bytes '<line class="limit"')
    [[ -z $got ]] || same "memory limit (report's host bar)" "$limit" "$got"
    # doctor says the default limit in words: the same words as budget
    h doctor --json > "$t/doctor.json" 2> /dev/null
    title=$(jq -r '.findings[]? | select(.id == "wsl.no-wslconfig") | .title' "$t/doctor.json")
    if [[ -n $title ]]; then
      words=$(sed -n "s/^WSL's memory limit now: \([0-9.]* [KMGT]\{0,1\}i\{0,1\}B\).*/\1/p" "$t/budget.txt")
      compared=$((compared + 1))
      [[ -n $words && $title == *"($words here)"* ]] ||
        fail "doctor's wsl.no-wslconfig says '$title'; budget says the limit is '$words'"
    fi
  fi

  # "not in effect yet" is said by doctor, config lint, config show and the
  # report, or by none of them
  h doctor --json > "$t/doctor.json" 2> /dev/null
  d=$(jq -r '[.findings[]? | select(.id == "wsl.limits-not-applied")] | length' "$t/doctor.json")
  l=$(h config lint --json 2> /dev/null | jq -r 'if .not_applied == null then 0 else 1 end')
  sh=$(h config show --json 2> /dev/null | jq -r 'if .not_applied == null then 0 else 1 end')
  r=$(grep -c 'not in effect yet</h2>' "$t/report.html")
  same "not applied yet (doctor / config lint / config show / report)" "$d/$d/$d/$d" "$d/${l:-0}/${sh:-0}/$r"

  # the memory= budget recommends is the one config recommend writes
  if h config recommend --json > "$t/rec.json" 2> /dev/null; then
    same "recommended memory (config recommend)" "$(num "$t/budget.json" "" recommended_memory)" \
      "$(num "$t/rec.json" "" recommended_memory)"
    same "left for AI (config recommend)" "$(num "$t/budget.json" "" left_for_ai)" \
      "$(num "$t/rec.json" "" left_for_ai)"
  fi

  # Windows' view: the host RAM and WSL's default limit for it
  if h windows status --json > "$t/win.json" 2> /dev/null; then
    if [[ $(jq -r '.host_ram.source' "$t/budget.json") == measured ]]; then
      same "host RAM (windows status)" "$(num "$t/budget.json" host_ram bytes)" "$(num "$t/win.json" budget total)"
    fi
    origin=$(jq -r '.effective["wsl2.memory"].origin // "none"' "$t/show.json" 2> /dev/null)
    if [[ $origin == default && -n $limit ]]; then
      same "default limit (windows status)" "$limit" "$(num "$t/win.json" budget wsl_default_limit)"
    fi
  fi
done

# the same inputs given on the command line, host sizes from 4 to 128 GB
root=tests/roots/native-linux
for x in 4 6 8 12 16 24 32 64 128; do
  "$HEADROOM" --root "$root" budget --host-ram "${x}GB" --json > "$t/budget.json" 2> /dev/null
  "$HEADROOM" --root "$root" config recommend --host-ram "${x}GB" --json > "$t/rec.json" 2> /dev/null
  same "recommended memory for --host-ram ${x}GB" "$(num "$t/budget.json" "" recommended_memory)" \
    "$(num "$t/rec.json" "" recommended_memory)"
  # and what it writes lints clean (no warning) with the same host
  "$HEADROOM" --root "$root" config recommend --host-ram "${x}GB" > "$t/rec.wslconfig" 2> /dev/null
  "$HEADROOM" config lint --file "$t/rec.wslconfig" --host-ram "${x}GB" > "$t/rec.lint" 2>&1
  rc=$?
  compared=$((compared + 1))
  [[ $rc -eq 0 ]] || fail "config recommend --host-ram ${x}GB does not lint clean: $(grep -o '\[wsl[a-z.-]*\]' "$t/rec.lint" | tr '\n' ' ')"
done

echo "$roots roots, $compared figures compared, $fails disagreements"
[[ $roots -gt 10 && $compared -gt 100 ]] || { echo "too little compared: the test lost its inputs"; exit 1; }
[[ $fails -eq 0 ]]

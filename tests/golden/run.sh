#!/usr/bin/env bash
# Golden CLI tests. Each case is a directory tests/golden/<case>/ holding
#   cmd      the arguments, as shell words (e.g. --root tests/roots/x status --json)
#   stdout   the expected standard output
#   stderr   the expected standard error (absent = must be empty)
#   status   the expected exit status (absent = 0)
#   env      optional: VAR=VALUE lines added to that environment (COLUMNS=60)
# Cases run from the repository root in a clean environment (LC_ALL=C, TZ=UTC,
# NO_COLOR=1, HEADROOM_NOW fixed, no HEADROOM_ROOT, no WSL_*).
# UPDATE_GOLDEN=1 rewrites the expected files from what the binary prints.
#   run.sh BINARY LABEL RESULTS LOGDIR
set -u
bin=$1 label=$2 results=$3 logdir=$4
cd "$(dirname "$0")/../.."
fails=0
for dir in tests/golden/*/; do
  case=$(basename "$dir")
  [[ -f $dir/cmd ]] || continue
  eval "args=($(cat "$dir/cmd"))"
  out=$logdir/golden-$label-$case.out err=$logdir/golden-$label-$case.err
  home=$(mktemp -d)
  extra=()
  [[ -f $dir/env ]] && mapfile -t extra < "$dir/env"
  env -i PATH="$PATH" HOME="$home" LC_ALL=C TZ=UTC NO_COLOR=1 HEADROOM_NOW=1764000000 "${extra[@]}" \
    ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} ${UBSAN_OPTIONS:+UBSAN_OPTIONS=$UBSAN_OPTIONS} \
    "$bin" "${args[@]}" > "$out" 2> "$err"
  status=$?
  rm -rf "$home"
  if [[ ${UPDATE_GOLDEN:-} == 1 && $label == plain ]]; then
    cp "$out" "$dir/stdout"
    if [[ -s $err ]]; then cp "$err" "$dir/stderr"; else rm -f "$dir/stderr"; fi
    if [[ $status -ne 0 ]]; then echo "$status" > "$dir/status"; else rm -f "$dir/status"; fi
  fi
  want_status=0
  [[ -f $dir/status ]] && want_status=$(cat "$dir/status")
  log=$logdir/golden-$label-$case.log
  : > "$log"
  ok=1
  if [[ $status -ne $want_status ]]; then
    echo "exit status $status, expected $want_status" >> "$log"; ok=0
  fi
  if ! diff -u "$dir/stdout" "$out" >> "$log" 2>&1; then ok=0; fi
  if [[ -f $dir/stderr ]]; then
    diff -u "$dir/stderr" "$err" >> "$log" 2>&1 || ok=0
  elif [[ -s $err ]]; then
    { echo "unexpected stderr:"; cat "$err"; } >> "$log"; ok=0
  fi
  if [[ $ok -eq 1 ]]; then
    echo "ok $label/golden/$case" >> "$results"
  else
    echo "not ok $label/golden/$case" >> "$results"
    echo "FAIL $label/golden/$case" >&2
    sed 's/^/    /' "$log" | head -n 60 >&2
    fails=$((fails + 1))
  fi
done
exit 0

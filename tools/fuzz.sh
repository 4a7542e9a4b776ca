#!/usr/bin/env bash
# libFuzzer runs of every fuzz target, built with clang, ASan and UBSan.
#   tools/fuzz.sh smoke SECONDS        each target for SECONDS (make fuzz-smoke)
#   tools/fuzz.sh long SECONDS [NAME]  one or all targets, printing the execution count
# FUZZ_MAX_LEN (default 65536) caps the input size libFuzzer tries; FUZZ_RUNS
# stops a run after that many executions (SECONDS still bounds it).
# New inputs go to build/fuzz-work/<target>/, never into fuzz/corpus/ (which is
# replayed by `make check`); a crash is saved under build/fuzz-work/ and fails
# the run. Prints "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
mode=$1 secs=$2 only=${3:-}
B=build/fuzz-clang
make --no-print-directory fuzz-build >&2 || { echo "0 passed, 1 failed"; exit 1; }
pass=0 fail=0
for src in fuzz/fuzz-*.c; do
  name=$(basename "$src" .c)
  [[ -n $only && $name != "$only" ]] && continue
  bin=$B/fuzz/$name
  mkdir -p "$B/fuzz" build/fuzz-work/"$name"
  if ! clang -fsanitize=fuzzer,address,undefined -o "$bin" "$B/obj/fuzz/$name.o" "$B/libheadroom.a" >&2; then
    fail=$((fail + 1)); continue
  fi
  log=build/fuzz-work/$name.log
  "$bin" -max_total_time="$secs" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -print_final_stats=1 -artifact_prefix=build/fuzz-work/"$name"- \
    -max_len="${FUZZ_MAX_LEN:-65536}" build/fuzz-work/"$name" fuzz/corpus/"$name" > "$log" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  if [[ $rc -eq 0 ]]; then
    pass=$((pass + 1))
    echo "ok $name: ${execs:-?} executions in ${secs}s" >&2
  else
    fail=$((fail + 1))
    echo "FAIL $name (exit $rc)" >&2
    tail -n 40 "$log" >&2
  fi
done
echo "$pass passed, $fail failed"
[[ $fail -eq 0 ]]

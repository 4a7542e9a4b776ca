#!/usr/bin/env bash
# The test driver behind `make check`: builds, runs every layer with the
# normal build and again with the ASan+UBSan build, and prints one summary
# line "N passed, N failed", followed by ", K skipped (REASONS)" when a test
# could not run here (no ../shared/corpus beside the clone, no root, ...).
# Each result is one line in build/check/results ("ok NAME", "not ok NAME",
# "skip NAME: REASON"); logs of failures are printed in full.
set -u
cd "$(dirname "$0")/.."
R=build/check
rm -rf "$R"
mkdir -p "$R"
results=$R/results
: > "$results"
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}

record() { # record STATUS NAME [LOG or, for skip, REASON]
  if [[ $1 == ok ]]; then
    echo "ok $2" >> "$results"
  elif [[ $1 == skip ]]; then
    echo "skip $2: ${3:-no reason given}" >> "$results"
  else
    echo "not ok $2" >> "$results"
    echo "FAIL $2" >&2
    [[ -n ${3:-} && -s ${3:-} ]] && sed 's/^/    /' "$3" | tail -n 60 >&2
  fi
}

summary() {
  local p f k why
  p=$(grep -c '^ok ' "$results")
  f=$(grep -c '^not ok ' "$results")
  k=$(grep -c '^skip ' "$results")
  if [[ $k -gt 0 ]]; then
    echo "skipped:" >&2
    grep '^skip ' "$results" | sed 's/^skip /  /' >&2
    why=$(grep '^skip ' "$results" | sed 's/^[^:]*: //' | sort | uniq -c | sort -rn |
      awk '{ n[NR] = $1; $1 = ""; sub(/^ /, ""); r[NR] = $0 }
           END { if (NR == 1) printf "%s", r[1]; else for (i = 1; i <= NR; i++) printf "%s%s: %d", (i > 1 ? "; " : ""), r[i], n[i] }')
    echo "$p passed, $f failed, $k skipped ($why)"
  else
    echo "$p passed, $f failed"
  fi
  [[ $f -eq 0 ]]
}

# unit tests: cmocka's TAP output, one result per test case. A skipped case
# is "not ok N # SKIP NAME" (cmocka 1.1), after the "# skip reason: ..." line
# the test printed (unit.h).
run_unit() { # BUILD LABEL
  local t name log why
  for t in "$1"/tests/test-*; do
    [[ -x $t ]] || continue
    name=$(basename "$t")
    log=$R/$2-$name.log
    CMOCKA_MESSAGE_OUTPUT=TAP "$t" > "$log" 2>&1
    local rc=$? cases=0
    why=
    while IFS= read -r line; do
      case $line in
        "# skip reason: "*) why=${line#\# skip reason: } ;;
        "not ok "*" # SKIP "*) record skip "$2/unit/$name/${line##* # SKIP }" "$why"; cases=$((cases + 1)); why= ;;
        "ok "*) record ok "$2/unit/$name/${line#ok * - }"; cases=$((cases + 1)) ;;
        "not ok "*) record fail "$2/unit/$name/${line#not ok * - }" "$log"; cases=$((cases + 1)) ;;
      esac
    done < "$log"
    if [[ $cases -eq 0 || ( $rc -ne 0 && ! $(grep -v ' # SKIP ' "$log" | grep -c '^not ok ') -gt 0 ) ]]; then
      record fail "$2/unit/$name (exit $rc)" "$log"
    fi
  done
}

run_fuzz_replay() { # BUILD LABEL
  local f name log
  for f in "$1"/fuzz/fuzz-*; do
    [[ -x $f ]] || continue
    name=$(basename "$f")
    log=$R/$2-$name.log
    if [[ ! -d fuzz/corpus/$name ]]; then
      echo "no corpus fuzz/corpus/$name" > "$log"
      record fail "$2/fuzz-replay/$name" "$log"
      continue
    fi
    if "$f" "fuzz/corpus/$name" > "$log" 2>&1; then
      record ok "$2/fuzz-replay/$name"
    else
      record fail "$2/fuzz-replay/$name" "$log"
    fi
  done
}

# One CLI test: its log, exit status and duration under $R (it may run in
# the background; run_cli records the results in name order).
run_cli_one() { # BUILD LABEL TEST
  local name t0=$SECONDS
  name=$(basename "$3" .sh)
  HEADROOM="$PWD/$1/headroom" BUILD_DIR="$PWD/$1" bash "$3" > "$R/$2-cli-$name.log" 2>&1
  echo $? > "$R/$2-cli-$name.rc"
  echo "$((SECONDS - t0)) $2/cli/$name" >> "$R/durations"
}

# A test that says `# check: parallel` (no fixed port, no kernel-wide state,
# no timing bound a busy CPU could break) runs beside others, $JOBS at a
# time; the rest run alone after them. The CLI tests are most of
# make check's time, and most of them only run headroom on fixtures.
run_cli() { # BUILD LABEL
  local t name rc log running=0 alone=()
  for t in tests/cli/*.sh; do
    [[ -f $t ]] || continue
    if grep -q '^# check: parallel' "$t"; then
      run_cli_one "$1" "$2" "$t" &
      running=$((running + 1))
      if ((running >= JOBS)); then
        wait -n
        running=$((running - 1))
      fi
    else
      alone+=("$t")
    fi
  done
  wait
  for t in "${alone[@]}"; do run_cli_one "$1" "$2" "$t"; done
  for t in tests/cli/*.sh; do
    [[ -f $t ]] || continue
    name=$(basename "$t" .sh)
    log=$R/$2-cli-$name.log
    rc=$(cat "$R/$2-cli-$name.rc" 2> /dev/null || echo 1)
    case $rc in
      0) record ok "$2/cli/$name" ;;
      77) record skip "$2/cli/$name" "$(tail -n1 "$log" | sed 's/^skip: //')" ;;
      *) record fail "$2/cli/$name" "$log" ;;
    esac
  done
}

run_layers() { # BUILD LABEL
  run_unit "$1" "$2"
  tests/golden/run.sh "$1/headroom" "$2" "$results" "$R"
  run_fuzz_replay "$1" "$2"
  run_cli "$1" "$2"
}

echo "== build (gcc, -Werror)" >&2
if make --no-print-directory -j"$JOBS" tests > "$R/build.log" 2>&1; then
  record ok build
  echo "== tests" >&2
  run_layers build plain
else
  record fail build "$R/build.log"
fi

echo "== build (ASan+UBSan)" >&2
if make --no-print-directory -j"$JOBS" asan > "$R/build-asan.log" 2>&1; then
  record ok build-asan
  echo "== tests under ASan+UBSan" >&2
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_layers build/asan asan
else
  record fail build-asan "$R/build-asan.log"
fi

# the slowest CLI tests, so a test that makes `make check` long shows
sort -rn "$R/durations" 2> /dev/null | head -n 8 | awk '{ printf "  %4d s  %s\n", $1, $2 }' |
  sed '1i slowest:' >&2
summary

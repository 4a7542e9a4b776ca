#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# config recommend --for: the VM sized to a workload, on three model sets
# (gguf-gen models of real shapes, their weights holes) on the 16 GB
# fixture, whose typical profile leaves 6.4 GiB for AI and minimal 9.9:
#   1. a 3B-shaped model: fits as is; memory= is what it needs;
#   2. two of them run together: not in the typical profile's room, in the
#      minimal one's (a trimmed Windows, the browser closed);
#   3. two 8B-shaped models at 16k: nowhere; the largest contexts that fit.
# Each model's RAM is the figure `fit` gives for the same models and
# context, and the room is the budget's own left_for_ai; memory= is the sum
# plus the guest's programs and the margin, rounded up to a whole GB.
# The text each set prints is also compared byte for byte with its golden
# file, tests/cli/expected/recommend-for-*.txt (the models' folder written
# MODELS); UPDATE_GOLDEN=1 rewrites them.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
gen=$BUILD_DIR/tools/gguf-gen
"$gen" -o "$t/three-b.gguf" --embd 3072 --layers 28 --heads 32 --kv-heads 8 --ff 8192 --vocab 32000 \
  --type Q4_0 --name three-b > /dev/null
cp "$t/three-b.gguf" "$t/three-b-2.gguf"
"$gen" -o "$t/eight-b.gguf" --embd 4096 --layers 32 --heads 32 --kv-heads 8 --ff 14336 --vocab 32000 \
  --type Q4_0 --name eight-b > /dev/null
cp "$t/eight-b.gguf" "$t/eight-b-2.gguf"
R=(--root tests/roots/wsl2-16g-default)
GIB=1073741824
fail() { echo "FAIL: $*"; exit 1; }
expected=tests/cli/expected
golden() { # name: compares $t/r.txt, the models' folder written MODELS
  sed "s|$t/|MODELS/|g" "$t/r.txt" > "$t/golden.txt"
  if [[ ${UPDATE_GOLDEN:-} == 1 ]]; then
    mkdir -p "$expected"
    cp "$t/golden.txt" "$expected/recommend-for-$1.txt"
  fi
  diff -u "$expected/recommend-for-$1.txt" "$t/golden.txt" || fail "$1: the output differs from its golden file"
}

check() { # name expected-fits ctx models...
  local name=$1 want=$2 ctx=$3
  shift 3
  local fors=() m
  for m in "$@"; do fors+=(--for "$m"); done
  rc=0
  "$HEADROOM" "${R[@]}" config recommend "${fors[@]}" --ctx "$ctx" --json > "$t/r.json" || rc=$?
  "$HEADROOM" "${R[@]}" fit "$@" --ctx "$ctx" --json > "$t/f.json" || true
  jq -e ".workload.fits == $want" "$t/r.json" > /dev/null || fail "$name: fits is not $want"
  [[ $want == true && $rc == 0 || $want == false && $rc == 1 ]] || fail "$name: exit $rc"
  # each model's RAM as fit gives it, models run together
  if (($# == 1)); then
    want_ram=$(jq '[.ram_bytes]' "$t/f.json")
  else
    want_ram=$(jq '[.models[].ram_bytes]' "$t/f.json")
  fi
  [[ $(jq -c '[.workload.models[].ram_bytes]' "$t/r.json") == "$(jq -c . <<< "$want_ram")" ]] ||
    fail "$name: RAM $(jq -c '[.workload.models[].ram_bytes]' "$t/r.json") where fit says $want_ram"
  # the room is the budget's left_for_ai line; memory= the sum rounded up
  jq -e '.workload.room_for_ai == ([.lines[] | select(.name == "left_for_ai")][0].bytes)' "$t/r.json" > /dev/null ||
    fail "$name: room is not the budget's left_for_ai"
  jq -e --argjson g "$GIB" '.workload.need_bytes == .workload.models_ram_bytes + .workload.baseline_bytes + .workload.margin_bytes
    and .workload.memory_bytes == ([((.workload.need_bytes + $g - 1) / $g | floor) * $g, 2 * $g] | max)' "$t/r.json" > /dev/null ||
    fail "$name: need or memory do not add up"
  mem=$(jq -r '.settings[] | select(.key == "memory") | .value' "$t/r.json")
  if [[ $want == true ]]; then
    [[ $mem == "$(jq '.workload.memory_bytes / 1073741824' "$t/r.json")GB" ]] || fail "$name: memory=$mem"
  else
    [[ $mem == "$(jq '.recommended_memory / 1073741824' "$t/r.json")GB" ]] || fail "$name: memory=$mem is not the most the host gives"
  fi
  echo "$name: need $(jq '.workload.need_bytes' "$t/r.json") B, room $(jq '.workload.room_for_ai' "$t/r.json") B, memory=$mem, fits $want"
}

check "3B" true 4096 "$t/three-b.gguf"
"$HEADROOM" "${R[@]}" config recommend --for "$t/three-b.gguf" > "$t/r.txt"
golden 3b
check "two 3B" false 4096 "$t/three-b.gguf" "$t/three-b-2.gguf"
jq -e '.workload.room_for_ai_minimal_profile >= .workload.memory_bytes' "$t/r.json" > /dev/null ||
  fail "two 3B: the minimal profile should take them"
"$HEADROOM" "${R[@]}" config recommend --for "$t/three-b.gguf" --for "$t/three-b-2.gguf" > "$t/r.txt" || true
grep -q '^#   with the minimal profile (a trimmed Windows, the browser closed): .* for AI, enough (--profile minimal)$' "$t/r.txt" ||
  { cat "$t/r.txt"; fail "two 3B: no minimal-profile line"; }
golden two-3b
grep -q "^# Apply: headroom config apply --recommended --for $t/three-b.gguf --for $t/three-b-2.gguf;" "$t/r.txt" ||
  fail "two 3B: the Apply line does not repeat --for"
check "two 8B at 16k" false 16384 "$t/eight-b.gguf" "$t/eight-b-2.gguf"
jq -e '.workload.room_for_ai_minimal_profile < .workload.memory_bytes
  and ([.workload.models[].max_ctx_that_fits] | all(. < 16384))' "$t/r.json" > /dev/null ||
  fail "two 8B: should not fit even minimal, with smaller contexts named"
"$HEADROOM" "${R[@]}" config recommend --for "$t/eight-b.gguf" --for "$t/eight-b-2.gguf" --ctx 16384 > "$t/r.txt" || true
grep -q '^#   with the minimal profile .*still not enough$' "$t/r.txt" || fail "two 8B: minimal line"
grep -Eq '^#   .*eight-b.gguf (with a context of [0-9]+ \(instead of 16384\) fits beside the others|does not fit beside the others at any context)' "$t/r.txt" ||
  { cat "$t/r.txt"; fail "two 8B: no context line"; }
golden two-8b-16k
# the file it prints lints clean where it fits
"$HEADROOM" "${R[@]}" config recommend --for "$t/three-b.gguf" > "$t/one.wslconfig"
"$HEADROOM" "${R[@]}" config lint --file "$t/one.wslconfig" > "$t/lint.txt" || { cat "$t/lint.txt"; fail "3B: the file does not lint clean"; }
echo "recommend --for: ok"

#!/usr/bin/env bash
# check: parallel
# whisper-gen writes legacy-ggml whisper.cpp models of every real size that
# headroom reads as that size: the size class, the layer count, the
# vocabulary, every tensor stored (not computed from the hyperparameters),
# and nothing but the header besides the weights. tiny F16's weights are the
# 77111040 bytes whisper.cpp 1.9.3 itself reports for this file ("CPU total
# size = 77.11 MB", measured with bench/fit-whisper-run.c).
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
gen=$BUILD_DIR/tools/whisper-gen
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
R=(--root tests/roots/wsl2-16g-default)
check() { # size en(0|1) type layers vocab
  local size=$1 en=$2 type=$3 layers=$4 vocab=$5 f="$t/$1-$2-$3.bin" want=$1
  local args=(-o "$f" --size "$size" --type "$type")
  [ "$en" = 1 ] && args+=(--en) && want=$size.en
  "$gen" "${args[@]}"
  "$HEADROOM" fit "${R[@]}" --json "$f" > "$t/out.json"
  jq -e --arg want "$want" --argjson layers "$layers" --argjson vocab "$vocab" '
    .model.format == "whisper" and .model.whisper_size == $want
    and .model.n_layer == $layers and .model.n_vocab == $vocab
    and .model.weights_computed == false
    and .weights_bytes < .model.file_bytes
    and .model.file_bytes - .weights_bytes < 1048576
  ' "$t/out.json" > /dev/null || {
    echo "whisper-gen $size en=$en $type:"; jq '{model, weights_bytes}' "$t/out.json"; exit 1; }
  rm -f "$f"
}
check tiny 0 F16 8 51865
check tiny 1 Q8_0 8 51864
check base 0 Q5_0 12 51865
check small 1 Q4_1 24 51864
check medium 0 Q8_0 48 51865
check large 0 Q5_1 64 51865
check large-v3 0 F16 64 51866
check large-v3-turbo 0 Q4_0 36 51866
"$gen" -o "$t/tiny.bin" --size tiny --type F16
"$HEADROOM" fit "${R[@]}" --json "$t/tiny.bin" | jq -e '.weights_bytes == 77111040' > /dev/null ||
  { echo "tiny F16: weights are not whisper.cpp's 77111040 bytes"; exit 1; }
# bad arguments: exit 2, no file
if "$gen" -o "$t/x.bin" --size huge 2> "$t/err"; then echo "--size huge accepted"; exit 1; fi
if "$gen" -o "$t/x.bin" --type Q4_K 2> "$t/err"; then echo "--type Q4_K accepted"; exit 1; fi
grep -q "not a type whisper.cpp stores" "$t/err"
echo ok

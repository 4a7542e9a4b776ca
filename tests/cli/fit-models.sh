#!/usr/bin/env bash
# fit on models written by gguf-gen (llama, qwen2, gemma3; big-endian, refused; a
# split set) and on every real GGUF in tests/data/gguf: exit 0, and the --json
# keys issue 8 promises, with sizes as integers and figures that add up.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
gen=$BUILD_DIR/tools/gguf-gen
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
R=(--root tests/roots/wsl2-16g-default)
keys() { # file.json
  jq -e '
    def int: type == "number" and . == floor and . >= 0;
    (.model.path | type == "string") and (.model.architecture | type == "string")
    and (.model.n_layer | int) and (.model.n_params | int)
    and (.model.file_type == null or (.model.file_type | type == "string"))
    and (.weights_bytes | int) and (.kv_bytes | int) and (.compute_bytes | int)
    and (.output_bytes | int) and (.ram_bytes | int) and (.vram_bytes | int)
    and (.ngl | int) and (.ctx | int) and (.max_ctx | int)
    and (.verdict | IN("fits_in_ram", "fits_with_gpu", "does_not_fit"))
    and (.ram_bytes >= .kv_bytes + .output_bytes)
  ' "$1" > /dev/null || { echo "bad keys in $1"; jq . "$1" | head -30; exit 1; }
}
"$gen" -o "$t/llama.gguf" --embd 128 --layers 3 --heads 4 --kv-heads 2 --ff 256 --vocab 600 --type Q8_0
"$gen" -o "$t/qwen2.gguf" --arch qwen2 --embd 128 --layers 2 --heads 4 --kv-heads 1 --ff 256 --vocab 600 --type F16
"$gen" -o "$t/gemma3.gguf" --arch gemma3 --embd 256 --layers 12 --heads 4 --kv-heads 1 --ff 512 --vocab 600 --type Q4_K --swa 256
"$gen" -o "$t/be.gguf" --embd 128 --layers 3 --heads 4 --kv-heads 2 --ff 256 --vocab 600 --type Q8_0 --big-endian
"$gen" -o "$t/split.gguf" --embd 128 --layers 3 --heads 4 --kv-heads 2 --ff 256 --vocab 600 --type Q8_0 --split 4
for f in "$t"/llama.gguf "$t"/qwen2.gguf "$t"/gemma3.gguf; do
  "$HEADROOM" "${R[@]}" fit "$f" --json > "$t/out.json"
  keys "$t/out.json"
done
# the weights are the tensor table's exact sum: 3 layers of q, k, v, o, gate,
# up, down in Q8_0 (34 bytes per 32) plus f32 norms, token_embd and output
w=$(jq .weights_bytes "$t/out.json")
[[ $w -gt 0 ]]
"$HEADROOM" "${R[@]}" fit "$t/llama.gguf" --json > "$t/le.json"
# a big-endian file is refused, as ggml refuses it: exit 2, the byte order named
rc=0
"$HEADROOM" "${R[@]}" fit "$t/be.gguf" --json > "$t/be.out" 2> "$t/be.err" || rc=$?
[[ $rc -eq 2 && ! -s $t/be.out && $(cat "$t/be.err") == *"be.gguf: offset 4: a big-endian GGUF"* ]]
# the sliding-window model: 10 of 12 layers keep pad256(256 + 512) = 768 cells
"$HEADROOM" "${R[@]}" fit "$t/gemma3.gguf" --ctx 8192 --json > "$t/g.json"
cell=$((2 * 64 * 1 * 2)) # K and V, head dim 64, one KV head, f16
[[ $(jq .kv_bytes "$t/g.json") -eq $((2 * cell * 8192 + 10 * cell * 768)) ]]
# a split set is one model, whichever shard is named
a=$("$HEADROOM" "${R[@]}" fit "$t/split-00001-of-00004.gguf" --json | jq -c 'del(.model.path, .command)')
b=$("$HEADROOM" "${R[@]}" fit "$t/split-00003-of-00004.gguf" --json | jq -c 'del(.model.path, .command)')
[[ $a == "$b" ]]
[[ $(jq .model.splits <<< "$a") -eq 4 ]]
[[ $(jq .weights_bytes <<< "$a") -eq $(jq .weights_bytes "$t/le.json") ]]
# a missing shard is an error naming it
rm "$t/split-00004-of-00004.gguf"
if "$HEADROOM" "${R[@]}" fit "$t/split-00001-of-00004.gguf" 2> "$t/err"; then exit 1; fi
grep -q 'split-00004-of-00004.gguf: no such file' "$t/err"
# every real GGUF header: read, exit 0 (vocab-only: no weights)
for f in tests/data/gguf/*.gguf; do
  "$HEADROOM" "${R[@]}" fit "$f" --json > "$t/v.json"
  keys "$t/v.json"
  [[ $(jq .weights_bytes "$t/v.json") -eq 0 ]]
done
# --ngl N puts N layers on the GPU; --ram too small says does not fit (exit 1)
"$HEADROOM" "${R[@]}" fit "$t/llama.gguf" --json --vram 8GiB --ngl 2 > "$t/n.json"
[[ $(jq .ngl "$t/n.json") -eq 2 && $(jq .vram_bytes "$t/n.json") -gt 0 ]]
rc=0
"$HEADROOM" "${R[@]}" fit "$t/llama.gguf" --ram 1MiB > /dev/null || rc=$?
[[ $rc -eq 1 ]]
# a MoE model whose experts do not fit the GPU: all layers there, the experts
# on the CPU (--cpu-moe), as llama.cpp's --fit does; with room, all of it
"$gen" -o "$t/moe.gguf" --embd 256 --layers 4 --heads 4 --kv-heads 2 --ff 2048 --vocab 1000 \
  --type Q8_0 --experts 16
"$HEADROOM" "${R[@]}" fit "$t/moe.gguf" --vram 1324MiB --json > "$t/m.json"
[[ $(jq .cpu_moe "$t/m.json") == true && $(jq .ngl "$t/m.json") -eq 5 ]]
[[ $(jq -r .command "$t/m.json") == *" --cpu-moe"* ]]
[[ $(jq '.weights_ram_bytes + .weights_vram_bytes == .weights_bytes' "$t/m.json") == true ]]
"$HEADROOM" "${R[@]}" fit "$t/moe.gguf" --vram 2GiB --json > "$t/m.json"
[[ $(jq .cpu_moe "$t/m.json") == false && $(jq .ngl "$t/m.json") -eq 5 ]]
echo ok

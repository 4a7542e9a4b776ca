#!/usr/bin/env bash
# inference.ollama-verdict computes headroom's own fit of the model Ollama
# loaded when its blob is in the store, at Ollama's settings, beside
# Ollama's figures. The log is tests/roots/ollama-ctx-refused's (an 8B-class
# llama refused at OLLAMA_CONTEXT_LENGTH=32768: KV cache 4.0 GiB, weights
# 4.3 GiB); the blob is an 8B-shaped llama written by gguf-gen (32 layers,
# 8 KV heads of 128, Q4_0; the weights a hole), the memory
# wsl2-16g-default's. headroom's KV cache for it at 32768 cells in f16 is
# 32 x 2 x 8 x 128 x 2 B x 32768 = 4.0 GiB: the same as Ollama's.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
gen=$BUILD_DIR/tools/gguf-gen
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
blob=$t/root/usr/share/ollama/.ollama/models/blobs/sha256-00000000000000000000000000000000000000000000000000000000000000aa
mkdir -p "$t/root/.headroom" "$t/root/proc" "$(dirname "$blob")"
cp tests/roots/ollama-ctx-refused/.headroom/ollama-server.log "$t/root/.headroom/"
cp tests/roots/wsl2-16g-default/proc/meminfo "$t/root/proc/"
"$gen" -o "$blob" --embd 4096 --layers 32 --heads 32 --kv-heads 8 --ff 14336 --vocab 32000 \
  --ctx-train 131072 --type Q4_0 --name big-llama
ev=$("$HEADROOM" --root "$t/root" doctor --only inference --json |
  jq -r '.findings[] | select(.id == "inference.ollama-verdict") | .evidence') || true
grep -qF "headroom's fit of the same file (/usr/share/ollama/.ollama/models/blobs/sha256-00000000000000000000000000000000000000000000000000000000000000aa, the model of Ollama's last load, at a 32768 context per slot from OLLAMA_CONTEXT_LENGTH, 1 slot, KV F16, flash attention off)" <<< "$ev" ||
  fail "no fit beside Ollama's: $ev"
grep -qF "KV cache 4.0 GiB" <<< "${ev#*headroom\'s fit}" || fail "KV cache not 4.0 GiB: $ev"
grep -qF "Ollama's estimate 8.9 GiB, headroom's " <<< "$ev" || fail "estimates not side by side: $ev"
# Ollama's own count says it would load now; headroom's fit says otherwise, and the fix says so
fix=$("$HEADROOM" --root "$t/root" doctor --only inference --json |
  jq -r '.findings[] | select(.id == "inference.ollama-verdict") | .fix.advice') || true
grep -qF "but headroom's own fit of the file needs 13.6 GiB where 7.0 GiB is there" <<< "$fix" ||
  fail "the fix ignores headroom's fit: $fix"
# the same figures as headroom fit at those settings
fit=$("$HEADROOM" --root "$t/root" fit "$blob" --ctx 32768 --json) || true
[[ $(jq -r .kv_bytes <<< "$fit") == 4294967296 ]] || fail "fit's KV $(jq -r .kv_bytes <<< "$fit")"
ram=$(jq -r .ram_bytes <<< "$fit")

# a load with a runner command line (ollama-partial-offload's log, ollama/ollama#11819) made
# into 4 slots of 2048: Ollama passes num_ctx x slots as --ctx-size; headroom counts 4
# sequences of 2048 cells: 4 x 2048 x 128 KiB = 1.0 GiB of KV cache
rm -rf "$t/root"
blob=$t/root/usr/share/ollama/.ollama/models/blobs/sha256-e8ad13eff07a78d89926e9e8b882317d082ef5bf9768ad7b50fcdbbcd63748de
mkdir -p "$t/root/.headroom" "$t/root/proc" "$(dirname "$blob")"
sed 's/--ctx-size 2048/--ctx-size 8192/; s/--parallel 1/--parallel 4/' \
  tests/roots/ollama-partial-offload/.headroom/ollama-server.log > "$t/root/.headroom/ollama-server.log"
cp tests/roots/wsl2-16g-default/proc/meminfo "$t/root/proc/"
"$gen" -o "$blob" --embd 4096 --layers 32 --heads 32 --kv-heads 8 --ff 14336 --vocab 32000 \
  --ctx-train 131072 --type Q4_0 --name big-llama
ev=$("$HEADROOM" --root "$t/root" doctor --only inference --json |
  jq -r '.findings[] | select(.id == "inference.ollama-verdict") | .evidence') || true
grep -qF "at a 2048 context per slot from the runner's --ctx-size, 4 slots, KV F16" <<< "$ev" ||
  fail "slots: $ev"
grep -qF "KV cache 1.0 GiB" <<< "${ev#*headroom\'s fit}" || fail "KV of 4 slots: $ev"
echo "ok: headroom's fit beside Ollama's (KV 4.0 GiB both; fit --ctx 32768 RAM $ram B, flash attention on)"

#!/usr/bin/env bash
# gpu.vram-held-by-windows weighs what closing the Windows apps frees in
# layers of a model, with fit's own estimate and the margin fit keeps for
# what Windows holds. The root is tests/roots/wsl2-vram-held (NVML 5.5 GiB
# free of 8 GiB; Windows holds 1.9 GiB, of it Edge + Teams 1.5 GiB) with an
# 8B-shaped llama (32 layers, Q4_0, 3.8 GiB: gguf-gen writes the weights as
# a hole) in an Ollama store, and then with Ollama's log naming the model.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
gen=$BUILD_DIR/tools/gguf-gen
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cp -r tests/roots/wsl2-vram-held "$t/root"
digest=1111111111111111111111111111111111111111111111111111111111111111
models=$t/root/home/alice/.ollama/models
mkdir -p "$models/blobs" "$models/manifests/registry.ollama.ai/library/llama3.1"
"$gen" -o "$models/blobs/sha256-$digest" --embd 4096 --layers 32 --heads 32 --kv-heads 8 \
  --ff 14336 --vocab 32000 --type Q4_0 --name big-llama
printf '{"schemaVersion":2,"layers":[{"mediaType":"application/vnd.ollama.image.model","digest":"sha256:%s","size":1}]}' \
  "$digest" > "$models/manifests/registry.ollama.ai/library/llama3.1/8b"

fail() { echo "FAIL: $*"; exit 1; }
# fit itself: 25 layers with the 1.9 GiB margin; the budget says where it comes from
fit=$("$HEADROOM" --root "$t/root" fit llama3.1:8b --json) || true
ngl=$(jq -r .ngl <<< "$fit")
[[ $ngl == 25 ]] || fail "fit: ngl $ngl, expected 25"
jq -e '.budget.vram_margin_bytes == .budget.windows_vram_held_bytes
       and .budget.windows_vram_held_bytes == 2029413990
       and (.budget.vram_margin_source | test("GPU Process Memory"))' <<< "$fit" > /dev/null ||
  fail "fit --json budget: $(jq -c .budget <<< "$fit")"
# with 1.5 GiB more free and a 1 GiB margin (what fit keeps once the apps are closed): 33
closed=$("$HEADROOM" --root "$t/root" fit llama3.1:8b --vram $((5905580032 + 1635778560))B --json) || true
[[ $(jq -r .ngl <<< "$closed") == 33 ]] || fail "fit --vram: ngl $(jq -r .ngl <<< "$closed")"

out=$("$HEADROOM" --root "$t/root" doctor --only gpu) || true
grep -qF 'closing them fits 8 more layers of llama3.1:8b (33 of 33 on the GPU)' <<< "$out" ||
  fail "doctor: $out"
grep -qF 'fit --ngl auto for llama3.1:8b (the largest model in the local stores, a 4096 context): 25 layers on the GPU with 5.5 GiB free and a 1.9 GiB margin for what Windows holds, 33 with 7.0 GiB free and a 1.0 GiB margin once they are closed' <<< "$out" ||
  fail "doctor evidence: $out"

# Ollama's last load names the blob: that model is the one weighed, and said so
mkdir -p "$t/root/.headroom"
echo "time=2025-11-20T21:02:10.312Z level=INFO source=server.go:438 msg=\"starting llama server\" cmd=\"/usr/local/bin/ollama runner --model /home/alice/.ollama/models/blobs/sha256-$digest --ctx-size 4096 --batch-size 512 --n-gpu-layers 25 --threads 6 --parallel 1 --port 39041\"" \
  > "$t/root/.headroom/ollama-server.log"
out=$("$HEADROOM" --root "$t/root" doctor --only gpu) || true
grep -qF "(the model of Ollama's last load, a 4096 context): 25 layers" <<< "$out" || fail "doctor (ollama): $out"
# a running llama-server maps a model: that one is weighed first (the
# process files are wsl2-tuned-6g's llama-server, with a maps line naming it)
mkdir -p "$t/root/home/alice/models"
"$gen" -o "$t/root/home/alice/models/small.gguf" --embd 2048 --layers 16 --heads 16 --kv-heads 8 \
  --ff 8192 --vocab 32000 --type Q4_0 --name small-llama
cp -r tests/roots/wsl2-tuned-6g/proc/2210 "$t/root/proc/2210"
echo '7f2a1c000000-7f2a9c000000 r--s 00000000 08:20 1234                       /home/alice/models/small.gguf' \
  > "$t/root/proc/2210/maps"
out=$("$HEADROOM" --root "$t/root" doctor --only gpu) || true
grep -qF "fit --ngl auto for /home/alice/models/small.gguf (the model llama-server (PID 2210) maps, a 4096 context)" <<< "$out" ||
  fail "doctor (running): $out"
echo "ok: 25 -> 33 layers, fit and doctor agree; a running server's model comes first"

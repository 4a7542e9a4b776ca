#!/usr/bin/env bash
# model.duplicates on this machine, end to end: a $HOME made here holds one
# model three times (WSL's Ollama store, LM Studio, the Hugging Face cache
# with its snapshot link) and two 2 MiB .gguf files that share their first
# MiB but not their last byte. `doctor --only model --json` must group each
# set, the plan's commands (run here, as a user would paste them) must turn
# the three copies into one file with three names (one inode, du counts it
# once) and must leave the two different files alone (cmp refuses), and a
# second doctor must find nothing left to link.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
command -v jq >/dev/null || { echo "skip: jq is not installed (tools/deps.sh check)"; exit 77; }
t=$(mktemp -d /tmp/headroom-dups-XXXXXX)
trap 'rm -rf "$t"' EXIT
src=tests/roots/model-stores/home/alice/.ollama/models
blob=sha256-beebb146c2fa6a209f39d9058569c288b7c039083963fd63af6a41bec9a03efe
mkdir -p "$t/.ollama/models/blobs" "$t/.ollama/models/manifests/registry.ollama.ai/library/tinyllama"
cp --sparse=never "$src/blobs/$blob" "$t/.ollama/models/blobs/"
cp "$src/manifests/registry.ollama.ai/library/tinyllama/latest" \
   "$t/.ollama/models/manifests/registry.ollama.ai/library/tinyllama/"
lms=$t/.lmstudio/models/TheBloke/TinyLlama-GGUF
mkdir -p "$lms"
cp --sparse=never "$src/blobs/$blob" "$lms/tinyllama-q4_0.gguf"
hf=$t/.cache/huggingface/hub/models--TheBloke--TinyLlama-GGUF
mkdir -p "$hf/blobs" "$hf/snapshots/5a1b2c3d"
cp --sparse=never "$src/blobs/$blob" "$hf/blobs/${blob#sha256-}"
ln -s "../../blobs/${blob#sha256-}" "$hf/snapshots/5a1b2c3d/tinyllama-q4_0.gguf"
# same size, same first MiB, different last byte
head -c 2097152 /dev/zero > "$lms/zeros-a.gguf"
{ head -c 2097151 /dev/zero; printf '\001'; } > "$lms/zeros-b.gguf"

doctor() { HOME=$t "$HEADROOM" doctor --only model --json > "$1" || true; }
mine() { # the findings about files under $t
  jq --arg t "$t" '[.findings[] | select(.id == "model.duplicates" and (.evidence | contains($t)))]' "$1"
}
fail=0
doctor "$t/before.json"
mine "$t/before.json" > "$t/mine.json"
n=$(jq length "$t/mine.json")
[[ $n == 2 ]] || { echo "  $n duplicate sets found, not 2"; jq . "$t/mine.json"; fail=1; }
jq -e '.[] | select(.title | startswith("tinyllama:latest is stored 3 times"))' "$t/mine.json" > /dev/null ||
  { echo "  no 'tinyllama:latest is stored 3 times'"; fail=1; }
du_before=$(du -s -B1 "$t" | cut -f1)
# the plan, run as printed
jq -r '.[].fix.commands[] | select(.shell == "bash") | .command' "$t/mine.json" > "$t/plan.sh"
ran=0 refused=0
while IFS= read -r c; do
  if bash -c "$c"; then ran=$((ran + 1)); else refused=$((refused + 1)); fi
done < "$t/plan.sh"
du_after=$(du -s -B1 "$t" | cut -f1)
ino() { stat -c %i "$1"; }
links=$(stat -c %h "$t/.ollama/models/blobs/$blob")
echo "plan: $ran linked, $refused refused by cmp; $t: $du_before -> $du_after bytes allocated (du);" \
     "the Ollama blob now has $links names"
[[ $ran == 2 && $refused == 1 ]] || { echo "  expected 2 links and 1 refusal"; cat "$t/plan.sh"; fail=1; }
[[ $links == 3 && $(ino "$lms/tinyllama-q4_0.gguf") == $(ino "$t/.ollama/models/blobs/$blob") &&
   $(ino "$hf/blobs/${blob#sha256-}") == $(ino "$t/.ollama/models/blobs/$blob") ]] ||
  { echo "  the three copies are not one file"; fail=1; }
[[ -L $hf/snapshots/5a1b2c3d/tinyllama-q4_0.gguf ]] || { echo "  the HF snapshot link was replaced"; fail=1; }
(( du_before - du_after >= 2 * 82592 )) || { echo "  du shrank by $((du_before - du_after)), not 2 copies"; fail=1; }
[[ $(ino "$lms/zeros-a.gguf") != $(ino "$lms/zeros-b.gguf") ]] || { echo "  different files were linked"; fail=1; }
doctor "$t/after.json"
left=$(mine "$t/after.json" | jq '[.[] | select(.title | startswith("tinyllama"))] | length')
[[ $left == 0 ]] || { echo "  doctor still reports tinyllama after linking"; fail=1; }
[[ $fail -eq 0 ]] && echo "model duplicates on this machine: ok"
exit $fail

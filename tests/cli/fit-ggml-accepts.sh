#!/usr/bin/env bash
# Files ggml's reader and llama.cpp's loader accept although they are odd
# (tests/gguf-odd, written by tests/gguf-bad/make-bad.py, one per class where
# headroom used to refuse): `fit` accepts each, exit 0, and notes what is odd
# by the id its file name starts with. Then a header over 512 MiB (a sparse
# file), which headroom refused before: accepted, within 2 s, with its note.
# `make gguf-parity` checks the same verdicts against ggml's own code.
set -euo pipefail
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
R=(--root tests/roots/wsl2-16g-default)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
n=0
for f in tests/gguf-odd/*.gguf; do
  id=$(basename "$f" .gguf)
  id=${id%%--*}
  "$HEADROOM" "${R[@]}" fit "$f" --json > "$t/out.json" ||
    { echo "FAIL $f: refused"; exit 1; }
  [[ $(jq -r '[.model.file_notes[].id] | join(" ")' "$t/out.json") == "$id" ]] ||
    { echo "FAIL $f: notes $(jq -c .model.file_notes "$t/out.json"), want $id"; exit 1; }
  "$HEADROOM" "${R[@]}" fit "$f" > "$t/out.txt"
  grep -q "Note: .*(offset [0-9]*)\.$" "$t/out.txt" || { echo "FAIL $f: no note in text"; exit 1; }
  n=$((n + 1))
done
[[ $n -ge 10 ]]
# the key llama.cpp finds for general.architecture is the one before the NUL
[[ $("$HEADROOM" "${R[@]}" fit tests/gguf-odd/key-nul--architecture.gguf --json |
  jq -r .model.architecture) == llama ]]
# a normal file has no notes
[[ $("$HEADROOM" "${R[@]}" fit tests/gguf-bad/ok-minimal.gguf --json |
  jq -c .model.file_notes) == "[]" ]]

# A header of 600 MiB: the llama keys, then a 600 MiB string value (a hole).
le32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) \
  $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"; }
le64() { le32 $(($1 & 0xffffffff)); le32 $(($1 >> 32)); }
str() { le64 ${#1}; printf '%s' "$1"; }
pad=$((600 << 20))
{
  printf GGUF; le32 3; le64 0; le64 6
  str general.architecture; le32 8; str llama
  for kv in llama.block_count=1 llama.embedding_length=32 llama.attention.head_count=4 \
    llama.context_length=256; do
    str "${kv%=*}"; le32 4; le32 "${kv#*=}"
  done
  str x.padding; le32 8; le64 $pad
} > "$t/big.gguf"
truncate -s +$pad "$t/big.gguf"
start=$(date +%s%N)
"$HEADROOM" "${R[@]}" fit "$t/big.gguf" --json > "$t/big.json" ||
  { echo "FAIL: a 600 MiB header refused"; exit 1; }
ms=$((($(date +%s%N) - start) / 1000000))
[[ $(jq -r '[.model.file_notes[].id] | join(" ")' "$t/big.json") == big-header ]]
[[ $ms -lt 2000 ]] || { echo "FAIL: the 600 MiB header took $ms ms"; exit 1; }
echo "ok: $n odd files accepted with their note; a 600 MiB header in $ms ms"

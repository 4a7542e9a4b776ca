#!/usr/bin/env bash
# Header-reading speed: `headroom fit --json FILE` against @huggingface/gguf
# and node-llama-cpp's readGgufFileInfo on the same real files, medians of
# hyperfine runs (no shell in between). The files: llama.cpp's vocab GGUFs
# whole (some megabytes of header each) from GGUF_DIR when given, else
# tests/data/gguf (one whole, the others cut to kilobytes: README there).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/deps.sh bench
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '| file | size | headroom fit --json | @huggingface/gguf | node-llama-cpp | vs hf | vs nlc |\n|---|---:|---:|---:|---:|---:|---:|\n'
for f in "${GGUF_DIR:-tests/data/gguf}"/*.gguf; do
  b=$(basename "$f" .gguf)
  hyperfine -N --warmup 3 --runs 30 --export-json "$out/h.json" "build/headroom fit --json $f" > /dev/null 2>&1
  hyperfine -N --warmup 1 --runs 10 --export-json "$out/p.json" \
    "node bench/fit-read-peer.mjs hf $f" "node bench/fit-read-peer.mjs nlc $f" > /dev/null 2>&1
  h=$(jq '.results[0].median * 1000' "$out/h.json")
  hf=$(jq '.results[0].median * 1000' "$out/p.json")
  nl=$(jq '.results[1].median * 1000' "$out/p.json")
  awk -v b="$b" -v s="$(stat -c %s "$f")" -v h="$h" -v hf="$hf" -v nl="$nl" 'BEGIN {
    printf "| %s | %.1f MiB | %.1f ms | %.0f ms | %.0f ms | %.0fx | %.0fx |\n", b, s / 1048576, h, hf, nl, hf / h, nl / h }'
done

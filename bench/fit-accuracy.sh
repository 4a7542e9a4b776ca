#!/usr/bin/env bash
# `make bench-fit`: headroom fit's RAM estimate against real llama.cpp.
#   1. installs node-llama-cpp@3.22.1 (prebuilt llama.cpp, CPU) and
#      @huggingface/gguf@0.4.6 under build/bench-node (npm; never committed);
#   2. generates the models of bench/fit-models.txt with gguf-gen;
#   3. for each model x ctx 512/4096 x mmap on/off, in a fresh process: loads
#      it, creates the context, evaluates a prompt batch and 4 tokens, and
#      reads the peak RSS (bench/fit-measure.mjs); asks node-llama-cpp for its
#      own estimate, and headroom fit --json for ours, with the same settings;
#   4. prints one table (MiB): measured, headroom, node-llama-cpp, both errors;
#   5. runs the differential test and the header-reading speed comparison on
#      ../shared/gguf (bench/fit-diff.mjs, bench/fit-speed.sh).
# Results: build/bench-fit/results.tsv. FIT_BENCH_ONLY=regex limits the models.
set -euo pipefail
cd "$(dirname "$0")/.."
B=build/bench-fit
N=build/bench-node
mkdir -p "$B/models"
command -v node > /dev/null && command -v npm > /dev/null ||
  { echo "bench-fit needs node (>= 20) and npm" >&2; exit 1; }
tools/deps.sh bench
if [[ ! -f $N/node_modules/node-llama-cpp/package.json || ! -d $N/node_modules/@huggingface/gguf ]]; then
  mkdir -p "$N"
  [[ -f $N/package.json ]] || echo '{"name":"headroom-bench-fit","private":true}' > "$N/package.json"
  (cd "$N" && NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm install --no-audit --no-fund \
    node-llama-cpp@3.22.1 @huggingface/gguf@0.4.6 >&2)
fi
make --no-print-directory build/headroom build/tools/gguf-gen build/tools/gguf-dump >&2

res=$B/results.tsv
: > "$res"
while read -r name opts; do
  [[ -z $name || $name == \#* ]] && continue
  [[ -n ${FIT_BENCH_ONLY:-} && ! $name =~ $FIT_BENCH_ONLY ]] && continue
  f=$B/models/$name.gguf
  # shellcheck disable=SC2086
  [[ -f $f ]] || build/tools/gguf-gen -o "$f" --name "$name" $opts
  for ctx in 512 4096; do
    for mmap in 1 0; do
      m=$(node bench/fit-measure.mjs "$f" "$ctx" "$mmap" 2> "$B/$name-$ctx-$mmap.log" | tail -n 1)
      e=$(node bench/fit-measure.mjs --estimate "$f" "$ctx" "$mmap" 2>> "$B/$name-$ctx-$mmap.log" | tail -n 1)
      flags=(--ctx "$ctx" --batch "$((ctx < 512 ? ctx : 512))" --ubatch 512 --ngl 0 --ram 1TiB)
      [[ $mmap == 0 ]] && flags+=(--no-mmap)
      h=$(build/headroom fit "$f" "${flags[@]}" --json | jq .ram_bytes)
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(stat -c %s "$f")" "$ctx" "$mmap" \
        "$(jq .peak <<< "$m")" "$h" "$(jq .estimate <<< "$e")" >> "$res"
      echo "done $name ctx=$ctx mmap=$mmap" >&2
    done
  done
done < bench/fit-models.txt

echo
echo "Peak RSS of llama.cpp (node-llama-cpp 3.22.1, CPU) over the process baseline, MiB"
node bench/fit-table.mjs "$res"

echo
node bench/fit-diff.mjs ../shared/gguf/*.gguf
echo
bench/fit-speed.sh

#!/usr/bin/env bash
# `make bench-fit`: headroom fit's RAM estimate against real llama.cpp.
#   1. installs node-llama-cpp@3.22.1 (prebuilt llama.cpp, CPU) and
#      @huggingface/gguf@0.4.6 under build/bench-node (npm; never committed);
#      (without the AMX build of ggml's CPU backend, see below);
#   2. generates the models of bench/fit-models.txt with gguf-gen;
#   3. for each model x ctx 4096/32768 (FIT_BENCH_CTX="..." for others) x
#      mmap on/off, in a fresh process (the median of 3 for models under
#      1 GiB; under nice -n 10, the machine is shared): loads
#      it, creates the context, evaluates a prompt batch and 4 tokens, and
#      reads the peak RSS (bench/fit-measure.mjs); asks node-llama-cpp for its
#      own estimate, and headroom fit --json for ours, with the same settings;
#   4. prints one table (MiB): measured, headroom, node-llama-cpp, both errors;
#   5. runs the differential test and the header-reading speed comparison on
#      llama.cpp's vocab GGUFs: GGUF_DIR, else tests/data/gguf (bench/fit-diff.mjs,
#      bench/fit-speed.sh).
# Results: build/bench-fit/results.tsv (and each run's JSON in runs.jsonl).
# FIT_BENCH_ONLY=regex limits the models; FIT_BENCH_REUSE=1 keeps the
# measurements and node-llama-cpp's estimates of an earlier run and only asks
# headroom again (after a change to the estimator); FIT_BENCH_REPS=N measures
# each row N times (the median), FIT_BENCH_CTX="..." sets the contexts.
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
# llama.cpp loads the ggml-cpu variant that best fits the CPU; on one with
# AMX (Xeon Sapphire Rapids and later: some bench machines) that variant's
# AMX buffer holds a copy of every Q8_0/Q4 matrix, mmap or not. A laptop's
# CPU has no AMX, and fit counts none, so the bench hides that variant
# (llama.cpp then takes the best AVX-512 one); FIT_BENCH_AMX=1 keeps it.
bins=$N/node_modules/@node-llama-cpp/linux-x64/bins/linux-x64
if [[ ${FIT_BENCH_AMX:-} == 1 && -f $bins/libggml-cpu-sapphirerapids.so.no-amx ]]; then
  mv "$bins/libggml-cpu-sapphirerapids.so.no-amx" "$bins/libggml-cpu-sapphirerapids.so"
elif [[ ${FIT_BENCH_AMX:-} != 1 && -f $bins/libggml-cpu-sapphirerapids.so ]]; then
  mv "$bins/libggml-cpu-sapphirerapids.so" "$bins/libggml-cpu-sapphirerapids.so.no-amx"
fi
make --no-print-directory build/headroom build/tools/gguf-gen build/tools/gguf-dump >&2

res=$B/results.tsv
# the batch node-llama-cpp gives llama.cpp: min(ctx, 512), plus one for a
# sliding-window model ("to handle edge cases with SWA KV cache",
# LlamaContext.js); llama.cpp's ubatch is then the same. node-llama-cpp
# decides that from the file's {arch}.attention.sliding_window alone (a
# window below the trained context), not from llama.cpp's default windows.
batch_flags() { # model ctx
  local b=$(($2 < 512 ? $2 : 512))
  build/tools/gguf-dump "$1" | jq -e '.metadata as $m | ($m["general.architecture"]) as $a
    | ($m[$a + ".attention.sliding_window"] // 0) as $w
    | $w > 0 and $w < ($m[$a + ".context_length"] // 1e12)' > /dev/null && b=$((b + 1))
  echo --batch "$b" --ubatch "$b"
}
if [[ ${FIT_BENCH_REUSE:-} == 1 ]]; then
  [[ -s $res ]] || { echo "no earlier results in $res" >&2; exit 1; }
  while IFS=$'\t' read -r name size ctx mmap peak _ nlc; do
    flags=(--ctx "$ctx" $(batch_flags "$B/models/$name.gguf" "$ctx") --ngl 0 --ram 1TiB)
    [[ $mmap == 0 ]] && flags+=(--no-mmap)
    h=$(build/headroom fit "$B/models/$name.gguf" "${flags[@]}" --json | jq .ram_bytes)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$size" "$ctx" "$mmap" "$peak" "$h" "$nlc"
  done < "$res" > "$res.new"
  mv "$res.new" "$res"
  echo "Peak RSS of llama.cpp (node-llama-cpp 3.22.1, CPU) over the process baseline, MiB (measurements of the earlier run)"
  node bench/fit-table.mjs "$res"
  exit 0
fi
if [[ -n ${FIT_BENCH_ONLY:-} && -f $res ]]; then
  # measure only these models again; keep the other rows
  awk -F'\t' -v re="$FIT_BENCH_ONLY" '$1 !~ re' "$res" > "$res.keep"
  mv "$res.keep" "$res"
else
  : > "$res"
  : > "$B/runs.jsonl"
fi
while read -r name opts; do
  [[ -z $name || $name == \#* ]] && continue
  [[ -n ${FIT_BENCH_ONLY:-} && ! $name =~ $FIT_BENCH_ONLY ]] && continue
  f=$B/models/$name.gguf
  # shellcheck disable=SC2086
  [[ -f $f ]] || build/tools/gguf-gen -o "$f" --name "$name" $opts
  for ctx in ${FIT_BENCH_CTX:-4096 32768}; do
    for mmap in 1 0; do
      # models under 1 GiB: the median of 3 runs (JS heap, allocator and
      # load-peak noise is up to 15 MiB: one run of j_qwen2_q4k at 4096 with
      # mmap peaked at 517 MiB, three more at 531)
      # (FIT_BENCH_REPS=N sets it for every model)
      reps=1
      [[ $(stat -c %s "$f") -lt $((1 << 30)) ]] && reps=3
      reps=${FIT_BENCH_REPS:-$reps}
      m=$(for ((i = 0; i < reps; i++)); do
            nice -n 10 node bench/fit-measure.mjs "$f" "$ctx" "$mmap" 2>> "$B/$name-$ctx-$mmap.log" | tail -n 1
          done | jq -s -c 'sort_by(.peak) | .[length / 2 | floor]')
      e=$(nice -n 10 node bench/fit-measure.mjs --estimate "$f" "$ctx" "$mmap" 2>> "$B/$name-$ctx-$mmap.log" | tail -n 1)
      flags=(--ctx "$ctx" $(batch_flags "$f" "$ctx") --ngl 0 --ram 1TiB)
      if [[ $mmap == 0 ]]; then flags+=(--no-mmap); fi
      h=$(build/headroom fit "$f" "${flags[@]}" --json | jq .ram_bytes)
      jq -c --arg n "$name" --argjson c "$ctx" --argjson mm "$mmap" --argjson e "$e" \
        '. + {model: $n, ctx: $c, mmap: $mm, nlc: $e}' <<< "$m" >> "$B/runs.jsonl"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(stat -c %s "$f")" "$ctx" "$mmap" \
        "$(jq .peak <<< "$m")" "$h" "$(jq .estimate <<< "$e")" >> "$res"
      echo "done $name ctx=$ctx mmap=$mmap" >&2
    done
  done
done < bench/fit-models.txt
# rows in the order of bench/fit-models.txt (a partial run appends its own)
awk -F'\t' 'NR == FNR { if ($1 !~ /^#/ && NF) o[$1] = ++n; next } { print o[$1] "\t" $0 }' \
  bench/fit-models.txt "$res" | sort -t$'\t' -k1,1n -s | cut -f2- > "$res.sorted"
mv "$res.sorted" "$res"

echo
echo "Peak RSS of llama.cpp (node-llama-cpp 3.22.1, CPU) over the process baseline, MiB"
node bench/fit-table.mjs "$res"

echo
node bench/fit-diff.mjs "${GGUF_DIR:-tests/data/gguf}"/*.gguf
echo
bench/fit-speed.sh

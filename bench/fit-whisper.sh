#!/usr/bin/env bash
# `make bench-fit-whisper`: headroom fit's RAM estimate for whisper.cpp
# models against real whisper.cpp.
#   1. installs @fugood/whisper.node@1.1.3 (whisper.cpp 1.9.3, prebuilt CPU
#      library) under build/bench-whisper/node (npm; never committed) and
#      builds bench/fit-whisper-run.c against the binding's whisper.h;
#   2. writes the models with tests/tools/whisper-gen: tiny, base, small,
#      medium (FIT_WHISPER_SIZES="...") in F16 and Q8_0 (FIT_WHISPER_TYPES);
#   3. for each model x flash attention on/off x beam 1/5 x earlier text in
#      the prompt (223 tokens, what whisper-cli gives back from the second
#      window of a long recording on, and none, as for a recording under
#      30 s; FIT_WHISPER_CONTEXTS="223 0"), in a fresh process: loads it and
#      transcribes 5 s of noise as whisper-cli would (-fa / -nfa, -bs N,
#      best_of 5, 2 threads; beam 1 with -nf, beam 5 with the temperature
#      fallback, which these models always take) and reads the peak RSS over
#      the RSS before loading; asks headroom fit --json with the same
#      --flash-attn, --beam-size, --no-fallback and --max-context;
#   4. prints one table (MiB): measured, headroom, whisper.cpp README's
#      "Mem" figure for the size (the peer), both errors.
# The prebuilt library has no SIMD (whisper_print_system_info: "CPU :
# OPENMP = 1 | REPACK = 1"): a tiny encode takes 15 s on 2 cores (0.7 s
# natively), and the 64 rows would take hours. FIT_WHISPER_SRC=DIR (a
# whisper.cpp checkout of the same version) builds DIR with -DGGML_NATIVE=ON,
# without AMX, and measures with it instead (97 minutes for the 64 rows on
# 2 shared cores, most of it the 16 medium rows); FIT_WHISPER_LIB=FILE
# measures with any library that exports whisper.cpp's C API with the same
# whisper.h. The library used is printed above the table.
# Results: build/bench-whisper/results.tsv; FIT_WHISPER_REUSE=1 keeps its
# measurements and asks headroom again (after a change to the estimator);
# FIT_WHISPER_REPS=N measures each row N times (the median).
set -euo pipefail
cd "$(dirname "$0")/.."
B=build/bench-whisper
N=$B/node
PKG=$N/node_modules/@fugood/whisper.node
mkdir -p "$B/models"
res=$B/results.tsv

headroom_row() { # model fa beam context
  local flags=(--flash-attn "$([[ $2 == 1 ]] && echo on || echo off)" --beam-size "$3")
  [[ $3 == 1 ]] && flags+=(--no-fallback)
  [[ $4 == 0 ]] && flags+=(--max-context 0)
  build/headroom fit "$1" "${flags[@]}" --ram 1TiB --json |
    jq -r '[.ram_bytes, .model.readme_ram_bytes] | @tsv'
}

table() {
  awk -F'\t' '
    function pct(x, m) { return (x - m) / m * 100 }
    function abs(x) { return x < 0 ? -x : x }
    BEGIN {
      print "| model | flash attn | beam | context | fallbacks | measured MiB | headroom MiB | headroom error | README MiB | README error |"
      print "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    }
    {
      a = pct($7, $6); b = pct($8, $6); e[NR] = abs(a); n = NR
      if (abs(a) > 5) over++
      if (abs(a) < abs(b)) better++
      if (abs(a) > max) max = abs(a)
      printf "| %s | %s | %d | %d | %d | %.1f | %.1f | %+.1f%% | %.1f | %+.1f%% |\n", $1,
        $2 == 1 ? "on" : "off", $3, $4, $5, $6 / 1048576, $7 / 1048576, a, $8 / 1048576, b
    }
    END {
      for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (e[j] < e[i]) { t = e[i]; e[i] = e[j]; e[j] = t }
      med = n % 2 ? e[(n + 1) / 2] : (e[n / 2] + e[n / 2 + 1]) / 2
      printf "\n%d runs. median |error|: headroom %.1f%%; max %.1f%%; rows above 5%%: %d; headroom closer than the README on %d of %d\n",
        n, med, max, over + 0, better + 0, n
    }' "$1"
}

make --no-print-directory build/headroom build/tools/whisper-gen >&2
if [[ ${FIT_WHISPER_REUSE:-} == 1 ]]; then
  [[ -s $res ]] || { echo "no earlier results in $res" >&2; exit 1; }
  while IFS=$'\t' read -r name fa beam context fallbacks peak _ _; do
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$fa" "$beam" "$context" "$fallbacks" "$peak" \
      "$(headroom_row "$B/models/$name.bin" "$fa" "$beam" "$context")"
  done < "$res" > "$res.new"
  mv "$res.new" "$res"
  echo "Peak RSS of whisper.cpp over the process baseline, MiB (measurements of the earlier run: $(cat "$B/library"))"
  table "$res"
  exit 0
fi

command -v node > /dev/null && command -v npm > /dev/null ||
  { echo "bench-fit-whisper needs node (>= 20) and npm" >&2; exit 1; }
if [[ ! -f $PKG/package.json ]]; then
  mkdir -p "$N"
  [[ -f $N/package.json ]] || echo '{"name":"headroom-bench-whisper","private":true}' > "$N/package.json"
  (cd "$N" && npm install --no-audit --no-fund @fugood/whisper.node@1.1.3 >&2)
fi
lib=$N/node_modules/@fugood/node-whisper-linux-x64/index.node
what="the prebuilt CPU library of @fugood/whisper.node 1.1.3"
if [[ -n ${FIT_WHISPER_SRC:-} ]]; then
  command -v cmake > /dev/null || { echo "FIT_WHISPER_SRC needs cmake" >&2; exit 1; }
  # without AMX: a laptop's CPU has none, and ggml's AMX buffer repacks the
  # weights of a quantized model (its tile loads also fault on a VM whose
  # hypervisor does not hand the tile state over)
  noamx="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
  cmake -S "$FIT_WHISPER_SRC" -B "$B/native" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON \
    -DCMAKE_C_FLAGS="$noamx" -DCMAKE_CXX_FLAGS="$noamx" \
    -DBUILD_SHARED_LIBS=ON -DWHISPER_BUILD_EXAMPLES=OFF -DWHISPER_BUILD_TESTS=OFF \
    -DWHISPER_BUILD_SERVER=OFF > "$B/native.log" 2>&1 &&
    cmake --build "$B/native" -j "$(nproc)" --target whisper >> "$B/native.log" 2>&1 ||
    { echo "building $FIT_WHISPER_SRC failed; see $B/native.log" >&2; exit 1; }
  lib=$B/native/bin/libwhisper.so
  what="$FIT_WHISPER_SRC ($(git -C "$FIT_WHISPER_SRC" describe --tags --always 2>/dev/null || echo 'no git')), built with GGML_NATIVE"
elif [[ -n ${FIT_WHISPER_LIB:-} ]]; then
  lib=$FIT_WHISPER_LIB
  what=$lib
fi
[[ -f $lib ]] || { echo "no whisper.cpp library at $lib" >&2; exit 1; }
echo "$what" > "$B/library"
gcc -O1 -o "$B/fit-whisper-run" bench/fit-whisper-run.c -I"$PKG/whisper.cpp/include" \
  -I"$PKG/whisper.cpp/ggml/include" -ldl

: > "$res"
: > "$B/runs.jsonl"
for size in ${FIT_WHISPER_SIZES:-tiny base small medium}; do
  for type in ${FIT_WHISPER_TYPES:-F16 Q8_0}; do
    name=$size-$type
    f=$B/models/$name.bin
    [[ -f $f ]] || build/tools/whisper-gen -o "$f" --size "$size" --type "$type"
    for context in ${FIT_WHISPER_CONTEXTS:-223 0}; do
      for fa in 1 0; do
        for beam in 1 5; do
          fallback=$([[ $beam == 1 ]] && echo 0 || echo 1)
          m=$(for ((i = 0; i < ${FIT_WHISPER_REPS:-1}; i++)); do
                nice -n 10 "$B/fit-whisper-run" "$lib" "$f" "$fa" "$beam" "$context" "$fallback" \
                  2>> "$B/$name.log"
              done | jq -s -c 'sort_by(.peak) | .[length / 2 | floor]')
          jq -c --arg n "$name" --argjson fa "$fa" --argjson b "$beam" --argjson c "$context" \
            '. + {model: $n, fa: $fa, beam: $b, context: $c}' <<< "$m" >> "$B/runs.jsonl"
          printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$fa" "$beam" "$context" \
            "$(jq .fallbacks <<< "$m")" "$(jq .peak <<< "$m")" \
            "$(headroom_row "$f" "$fa" "$beam" "$context")" >> "$res"
          echo "done $name context=$context fa=$fa beam=$beam" >&2
        done
      done
    done
  done
done
echo
echo "Peak RSS of whisper.cpp over the process baseline, MiB ($what; 2 threads)"
table "$res"

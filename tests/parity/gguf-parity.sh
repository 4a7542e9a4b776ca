#!/usr/bin/env bash
# `make gguf-parity`: headroom's GGUF reader against ggml's own, file by file.
#   1. installs node-llama-cpp@3.22.1 under build/parity/node (npm, without
#      its install scripts and prebuilt binaries: only its files are needed,
#      56 MB; never committed) for the llama.cpp source it ships
#      (llama/gitRelease.bundle), and clones it. npm warns that the package
#      wants node 20 (Debian 12 has 18); nothing of it runs here;
#   2. builds tests/parity/ggml-oracle.cpp against ggml's gguf.cpp and ggml.c
#      from it (a test tool: nothing of it is linked into headroom);
#   3. writes the corpus (tests/parity/gguf-corpus.py, fixed seed) and adds
#      the real headers of tests/data/gguf and the files of tests/gguf-bad
#      and tests/gguf-odd;
#   4. gives every file to both readers and compares the verdict (accept or
#      refuse) and, where both accept, every value (the canonical form of
#      tests/tools/gguf-canon.c).
# One disagreement is expected and counted apart: a tensor whose element count
# wraps in 64 bits, which ggml multiplies out before its check and so lets
# through (gguf.cpp, "total number of elements"), and headroom refuses.
# Anything else fails the run. Results: build/parity/results.tsv.
#   GGUF_PARITY_SEED (default 20261203) picks another corpus.
set -euo pipefail
cd "$(dirname "$0")/../.."
B=build/parity
N=$B/node
seed=${GGUF_PARITY_SEED:-20261203}
tools/deps.sh parity
# node and npm: Debian's where none is installed (a node from elsewhere, such
# as nodesource's, conflicts with Debian's npm package, so it is left alone)
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y --no-install-recommends nodejs npm >&2 ||
      { apt-get update >&2 && apt-get install -y --no-install-recommends nodejs npm >&2; }
  fi
fi
command -v node > /dev/null && command -v npm > /dev/null ||
  { echo "gguf-parity needs node (>= 20) and npm: sudo apt-get install nodejs npm" >&2; exit 1; }
mkdir -p "$B"
if [[ ! -f $N/node_modules/node-llama-cpp/llama/gitRelease.bundle ]]; then
  mkdir -p "$N"
  [[ -f $N/package.json ]] || echo '{"name":"headroom-gguf-parity","private":true}' > "$N/package.json"
  (cd "$N" && NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm install --no-audit --no-fund \
    --ignore-scripts --omit=optional node-llama-cpp@3.22.1 >&2)
fi
src=$B/llama.cpp
if [[ ! -d $src/ggml/src ]]; then
  rm -rf "$src"
  git clone -q "$N/node_modules/node-llama-cpp/llama/gitRelease.bundle" "$src" 2> /dev/null
fi
commit=$(git -C "$src" rev-parse HEAD)
G=$src/ggml
oracle=$B/ggml-oracle
if [[ ! -x $oracle || tests/parity/ggml-oracle.cpp -nt $oracle ]]; then
  echo "building ggml's reader from llama.cpp $commit" >&2
  mkdir -p "$B/obj"
  # ggml.c includes the version header CMake would write
  printf '#pragma once\n#define GGML_VERSION "%s"\n#define GGML_COMMIT "%s"\n' "$commit" "$commit" \
    > "$B/obj/ggml-version.h"
  cc -O1 -w -std=gnu11 -I"$B/obj" -I"$G/include" -I"$G/src" -c "$G/src/ggml.c" -o "$B/obj/ggml.o"
  cc -O1 -w -std=gnu11 -I"$G/include" -I"$G/src" -c "$G/src/ggml-quants.c" -o "$B/obj/ggml-quants.o"
  for f in gguf ggml-threading; do
    c++ -O1 -w -std=c++17 -I"$G/include" -I"$G/src" -c "$G/src/$f.cpp" -o "$B/obj/$f.o"
  done
  c++ -O1 -std=c++17 -Wall -I"$G/include" tests/parity/ggml-oracle.cpp "$B"/obj/*.o \
    -o "$oracle" -lm -lpthread
fi
make --no-print-directory build/tools/gguf-canon >&2
canon=build/tools/gguf-canon

corpus=$B/corpus
rm -rf "$corpus"
python3 tests/parity/gguf-corpus.py --seed "$seed" --out "$corpus" >&2
index=$B/index.tsv
cp "$corpus/index.tsv" "$index"
sed -i "s|^|$corpus/|" "$index"
for f in tests/data/gguf/*.gguf; do printf '%s\treal-header\t%s\n' "$f" "${f##*/}"; done >> "$index"
for f in tests/gguf-bad/*.gguf; do printf '%s\tgguf-bad\t%s\n' "$f" "${f##*/}"; done >> "$index"
for f in tests/gguf-odd/*.gguf; do printf '%s\tgguf-odd\t%s\n' "$f" "${f##*/}"; done >> "$index"

res=$B/results.tsv
: > "$res"
total=$(wc -l < "$index")
n=0
while IFS=$'\t' read -r path class _; do
  n=$((n + 1))
  ((n % 500 == 0)) && echo "  $n of $total files" >&2
  ours=$("$canon" "$path" 2> /dev/null) || ours="crash $?"
  theirs=$(timeout 20 "$oracle" "$path" 2> /dev/null) || theirs="crash $?"
  o=${ours%% *} t=${theirs%% *}
  if [[ $o == ok && $t == ok ]]; then
    [[ $ours == "$theirs" ]] && r=same || r=values-differ
  elif [[ $o == refused && $t == refused ]]; then
    r=both-refuse
  elif [[ $o == refused && $t == ok && $ours == *"2^63 elements or more"* ]]; then
    r=ggml-wraps # the expected one, see the top of this file
  else
    r="headroom-$o/ggml-$t"
  fi
  printf '%s\t%s\t%s\t%s\n' "$class" "$r" "$path" "${ours:0:160}" >> "$res"
done < "$index"

echo "GGUF reader parity: headroom against ggml's gguf.cpp (llama.cpp $commit, node-llama-cpp 3.22.1), corpus seed $seed"
echo
awk -F'\t' '
  { c[$1]++; k[$1 "\t" $2]++; if (!($1 in seen)) { seen[$1] = 1; order[++m] = $1 } }
  END {
    printf "%-30s %6s %9s %11s %11s %6s\n", "class", "files", "same", "both refuse", "ggml wraps", "other"
    for (i = 1; i <= m; i++) {
      x = order[i]; s = k[x "\tsame"] + 0; b = k[x "\tboth-refuse"] + 0; w = k[x "\tggml-wraps"] + 0
      printf "%-30s %6d %9d %11d %11d %6d\n", x, c[x], s, b, w, c[x] - s - b - w
      S += s; Bo += b; W += w; T += c[x]
    }
    printf "%-30s %6d %9d %11d %11d %6d\n", "all", T, S, Bo, W, T - S - Bo - W
    printf "\nsame verdict on %d of %d files (%.1f %%); every value equal on the %d both accept;\n", S + Bo, T, 100 * (S + Bo) / T, S
    printf "%d files ggml lets through by a wrapped element count, headroom refuses (expected).\n", W
  }' "$res"
bad=$(awk -F'\t' '$2 != "same" && $2 != "both-refuse" && $2 != "ggml-wraps"' "$res")
if [[ -n $bad ]]; then
  echo
  echo "unexpected disagreements:"
  printf '%s\n' "$bad" | head -40
  exit 1
fi

#!/usr/bin/env bash
# check: parallel
# fit for a whisper.cpp model takes whisper-cli's memory levers: --flash-attn,
# --beam-size, --best-of, --no-fallback, --max-context. Each moves the figure
# it should (and only that one), the total is the sum of its rows, the
# command line carries the flags that differ from whisper-cli's defaults,
# the advice names whisper-cli's own options with the figure each saves
# (never llama.cpp's --mlock), and bad values are refused with status 2.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
R=(--root tests/roots/wsl2-16g-default --ram 8GiB)
f=$t/tiny.bin
"$BUILD_DIR/tools/whisper-gen" -o "$f" --size tiny --type F16
fit() { "$HEADROOM" fit "${R[@]}" "$f" "$@"; }

fit --json > "$t/default.json"
# whisper-cli's defaults: beam 5 (5 decoders: the self cache 7 x 512 cells),
# up to 224 tokens of earlier text + sot, language, task
jq -e '.whisper_decoders == 5 and .whisper_batch_tokens == 227
  and .ram_bytes == .weights_bytes + .kv_bytes + .compute_bytes + .output_bytes + .overhead_bytes
  and .kv_bytes == 2*2*384*4*512*7 + 2*2*384*4*1536 + 2*2*384*1536
  and .output_bytes == 227 * 51865 * 4
  and .command == "whisper-cli -m '"'$f'"'"
  and .settings.beam_size == 5 and .settings.best_of == 5 and .settings.fallback
  and .settings.max_context == -1 and .settings.flash_attn' "$t/default.json" > /dev/null ||
  { echo "defaults:"; cat "$t/default.json"; exit 1; }

fit --json --beam-size 1 --no-fallback --max-context 0 --flash-attn off > "$t/small.json"
jq -e --slurpfile d "$t/default.json" '.whisper_decoders == 1 and .whisper_batch_tokens == 3
  and .kv_bytes == $d[0].kv_bytes - 2*2*384*4*512*6
  and .compute_bytes > $d[0].compute_bytes
  and .weights_bytes == $d[0].weights_bytes
  and .command == "whisper-cli -m '"'$f'"' -nfa -bs 1 -nf -mc 0"' "$t/small.json" > /dev/null ||
  { echo "-nfa -bs 1 -nf -mc 0:"; cat "$t/small.json"; exit 1; }
# greedy still runs best_of decoders on a fallback; -bo 1 does not
jq -e '.whisper_decoders == 5' <(fit --json --beam-size 1) > /dev/null
jq -e '.whisper_decoders == 1 and (.command | endswith("-bs 1 -bo 1"))' \
  <(fit --json --beam-size 1 --best-of 1) > /dev/null
jq -e '.whisper_batch_tokens == 13 and (.command | endswith("-mc 10"))' \
  <(fit --json --max-context 10) > /dev/null

# the advice: whisper-cli's options, each with what it saves here
fit --flash-attn off > "$t/text"
for want in "-fa (flash attention, whisper-cli's default) saves " "-bs 1 -nf (greedy" \
  "-mc 0 saves " "whisper-quantize '$f' '$t/tiny-q5_0.bin' q5_0"; do
  grep -qF -- "$want" "$t/text" || { echo "no '$want' in:"; cat "$t/text"; exit 1; }
done
if grep -q -- "--mlock\|--no-mmap" "$t/text"; then
  echo "llama.cpp's advice for a whisper model:"; cat "$t/text"; exit 1
fi
grep -q "self-attention 512 cells x 7 (5 decoders)" "$t/text"
grep -q "logits of a 227-token decoder batch (earlier text as prompt)" "$t/text"
# the levers already pulled are not offered again
fit --beam-size 1 --no-fallback --max-context 0 > "$t/text2"
if grep -q -- "-bs 1 -nf (greedy\|-mc 0 saves\|-fa (flash" "$t/text2"; then
  echo "advice for what is already set:"; cat "$t/text2"; exit 1
fi

for bad in "--flash-attn maybe" "--beam-size 0" "--beam-size 9" "--best-of 9" \
  "--max-context -2" "--max-context 16385" "--max-context ten"; do
  set +e
  # shellcheck disable=SC2086
  err=$(fit $bad 2>&1 > /dev/null)
  rc=$?
  set -e
  [ "$rc" = 2 ] && [ "$(printf '%s\n' "$err" | wc -l)" = 1 ] ||
    { echo "$bad: status $rc, '$err'"; exit 1; }
done
echo "whisper fit: ok"

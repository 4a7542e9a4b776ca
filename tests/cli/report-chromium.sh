#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# `headroom report` rendered in headless Chromium (Debian's chromium package,
# driven by playwright-core from npm): no console errors, no network
# requests, SVG bars sized from the fixture's figures, working copy buttons,
# dark and print styles; at 412 px nothing runs off the edge
# (check-narrow.mjs); printed to PDF (Chromium's --print-to-pdf), no page
# holds only the footer. The screenshots (1280 px, 412 px, dark, and each
# printed page through pdftoppm) are left in $BUILD_DIR/report-shots/.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
node_dir=build/node
if [[ ! -d $node_dir/node_modules/playwright-core ]]; then
  mkdir -p "$node_dir"
  (cd "$node_dir" && npm install --no-save --no-audit --no-fund playwright-core@1.64.1 > npm.log 2>&1) ||
    { tail -n 20 "$node_dir/npm.log"; exit 1; }
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
root=tests/roots/wsl2-tuned-6g
# two generated models (tensor data is a hole: no disk, no time): a 7B
# Q4_K_M shape that does not fit this 6 GB machine, and a 1B Q8_0 one
"$BUILD_DIR/tools/gguf-gen" -o "$t/qwen7b.gguf" --arch qwen2 --embd 3584 --layers 28 --heads 28 \
  --kv-heads 4 --ff 18944 --vocab 152064 --type Q4_K --name "Qwen2.5 7B (generated)"
"$BUILD_DIR/tools/gguf-gen" -o "$t/llama1b.gguf" --arch llama --embd 2048 --layers 16 --heads 16 \
  --kv-heads 8 --ff 8192 --vocab 32000 --type Q8_0 --name "Llama 1B (generated)"
"$HEADROOM" --root "$root" report --model "$t/llama1b.gguf" --model "$t/qwen7b.gguf" \
  --log tests/report/watch-live.log -o "$t/report.html" 2> /dev/null
# nothing external: no URL the page could fetch
# (an <a href> to a source is a link the reader may follow, not a fetch)
if grep -Eq '(src|<link[^>]*href|<base[^>]*href)="(https?:)?//|url\((https?:)?//' "$t/report.html"; then
  echo "external reference"; exit 1
fi
grep -q '<a href="https://' "$t/report.html" || { echo "no source link in the report"; exit 1; }
"$HEADROOM" --root "$root" status --json | jq '{total: .guest.mem_total,
  cache: .guest.reclaimable_cache, free: .guest.mem_free, host: .guest.host_view_used,
  used: (.guest.mem_total - .guest.mem_free - .guest.reclaimable_cache)}' > "$t/expect.json"
# the timeline: as many points as sample lines, a marker per action
samples=$(grep -c '"event":"sample"' tests/report/watch-live.log)
actions=$(grep -Ec '"event":"(drop|reclaim)"' tests/report/watch-live.log)
jq --argjson s "$samples" --argjson a "$actions" '. + {samples: $s, actions: $a}' "$t/expect.json" \
  > "$t/e2" && mv "$t/e2" "$t/expect.json"
# what fit says each model needs, loaded together in the same order
"$HEADROOM" --root "$root" fit --json "$t/llama1b.gguf" "$t/qwen7b.gguf" > "$t/fit.json" || true
jq -s '.[0] + {room: .[1].budget.ram_bytes,
               models: [.[1].models[] | .ram_bytes]}' "$t/expect.json" "$t/fit.json" > "$t/e3" ||
  { jq . "$t/fit.json" | head -30; exit 1; }
mv "$t/e3" "$t/expect.json"
# the whole laptop: budget's lines (measured from the snapshot's host.json)
# and the guest's figures; the lint findings the .wslconfig listing marks
"$HEADROOM" --root "$root" budget --json > "$t/budget.json" || true
"$HEADROOM" --root "$root" config lint --json > "$t/lint.json" || true
jq -s '.[0] + {hostbar: {host: .[1].host_ram.bytes,
    win: (.[1].lines[] | select(.name == "windows") | .bytes),
    browser: (.[1].lines[] | select(.name == "browser") | .bytes),
    overhead: (.[1].lines[] | select(.name == "wsl_overhead") | .bytes),
    limit: .[1].wsl_memory_limit.bytes},
  lint: [.[2].findings[] | {id, line, severity}]}' \
  "$t/expect.json" "$t/budget.json" "$t/lint.json" > "$t/e4" || { cat "$t/budget.json"; exit 1; }
mv "$t/e4" "$t/expect.json"
jq -e '.lint | length >= 2' "$t/expect.json" > /dev/null || { echo "the fixture's .wslconfig lost its findings"; exit 1; }
cp tests/report/check-report.mjs "$node_dir/"
node "$node_dir/check-report.mjs" "$t/report.html" "$BUILD_DIR/report.png" "$t/expect.json"

# a second report where the limit and an 8B model go past the host's RAM
# (wsl2-16g-default, measured host data), with the timeline
"$BUILD_DIR/tools/gguf-gen" -o "$t/llama8b.gguf" --arch llama --embd 4096 --layers 32 --heads 32 \
  --kv-heads 8 --ff 14336 --vocab 128256 --type Q4_K --name "Llama 3.1 8B (generated)"
"$HEADROOM" --root tests/roots/wsl2-16g-default report --model "$t/llama8b.gguf" \
  --log tests/report/watch-live.log -o "$t/over.html" 2> /dev/null
grep -q 'id="over"' "$t/over.html" || { echo "no 'over the host's RAM' label on wsl2-16g-default"; exit 1; }
# the verdict comes first; its figures are budget's room and windows
# status's measured savings, and the estimate after the fixes is their sum
first=$(tr '\n' ' ' < "$t/over.html" | grep -o '<main> <section id="[a-z]*"' | grep -o 'id="[a-z]*"')
[[ $first == 'id="verdict"' ]] || { echo "the first section is '$first', not the verdict"; exit 1; }
room=$("$HEADROOM" --root tests/roots/wsl2-16g-default budget --json | jq .room_for_ai_now) || true
fig() { grep -o "id=\"$1\" data-bytes=\"[-0-9]*\"" "$t/over.html" | grep -o '[-0-9]*"$' | tr -d '"'; }
[[ $(fig room-now) == "$room" ]] || { echo "verdict: room now $(fig room-now), budget says $room"; exit 1; }
"$HEADROOM" --root tests/roots/wsl2-16g-default windows status --json > "$t/win.json" 2> /dev/null || true
sum=0
while read -r item bytes; do
  want=$(jq --arg i "$item" '[.. | objects | select(.id? == $i and has("measured_saving"))][0].measured_saving' "$t/win.json")
  [[ $bytes == "$want" ]] || { echo "verdict: $item saves $bytes, windows status measures $want"; exit 1; }
  sum=$((sum + bytes))
done < <(grep -o '<li data-item="[a-z-]*" data-bytes="[0-9]*"' "$t/over.html" | sed 's/.*item="\([^"]*\)" data-bytes="\([0-9]*\)"/\1 \2/')
[[ $sum -gt 0 ]] || { echo "verdict: no measured saving on wsl2-16g-default"; exit 1; }
[[ $(fig room-after) == $((room + sum)) ]] || { echo "verdict: after $(fig room-after), expected $((room + sum))"; exit 1; }
echo "ok: the verdict comes first: room now $room, after the fixes $((room + sum)) (an estimate)"
shots=$BUILD_DIR/report-shots
rm -rf "$shots" && mkdir -p "$shots"
cp tests/report/check-narrow.mjs "$node_dir/"
node "$node_dir/check-narrow.mjs" "$t/report.html" "$shots" tuned-6g
node "$node_dir/check-narrow.mjs" "$t/over.html" "$shots" 16g-default
# and the fixtures with the most to lay out: many findings, no WSL, hostile
# names, the Windows side of the disk
for r in wsl2-broken native-linux hostile wsl2-disk-full; do
  "$HEADROOM" --root "tests/roots/$r" report -o "$t/$r.html" 2> /dev/null
  node "$node_dir/check-narrow.mjs" "$t/$r.html" "$t" "$r"
done
# printed: Chromium's own print to PDF (its default paper), one PNG per page;
# the last page must hold more than the footer
command -v pdftoppm > /dev/null || { echo "pdftoppm missing: tools/deps.sh report"; exit 1; }
for name in report over; do
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$t/$name.pdf" "file://$t/$name.html" > /dev/null 2>&1
  pages=$(pdfinfo "$t/$name.pdf" | awk '/^Pages:/ {print $2}')
  [[ $pages -ge 1 ]] || { echo "$name.pdf: no pages"; exit 1; }
  last=$(pdftotext -f "$pages" -l "$pages" "$t/$name.pdf" - | grep -v '^\s*$' | grep -vc 'headroom .* generated')
  [[ $last -ge 3 ]] || { echo "$name.pdf: page $pages of $pages holds only the footer"; exit 1; }
  pdftoppm -png -r 60 "$t/$name.pdf" "$shots/print-$name"
  echo "ok: $name.pdf: $pages pages, the last holds $last lines besides the footer"
done

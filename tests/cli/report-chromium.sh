#!/usr/bin/env bash
# `headroom report` rendered in headless Chromium (Debian's chromium package,
# driven by playwright-core from npm): no console errors, no network
# requests, SVG bars sized from the fixture's figures, working copy buttons,
# dark and print styles. The screenshot is left in $BUILD_DIR/report.png.
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
"$HEADROOM" --root "$root" report --log tests/report/watch-live.log -o "$t/report.html" 2> /dev/null
# nothing external: no URL the page could fetch
if grep -Eq '(src|href)="(https?:)?//' "$t/report.html"; then echo "external reference"; exit 1; fi
"$HEADROOM" --root "$root" status --json | jq '{total: .guest.mem_total,
  cache: .guest.reclaimable_cache, free: .guest.mem_free, host: .guest.host_view_used,
  used: (.guest.mem_total - .guest.mem_free - .guest.reclaimable_cache)}' > "$t/expect.json"
# the timeline: as many points as sample lines, a marker per action
samples=$(grep -c '"event":"sample"' tests/report/watch-live.log)
actions=$(grep -Ec '"event":"(drop|reclaim)"' tests/report/watch-live.log)
jq --argjson s "$samples" --argjson a "$actions" '. + {samples: $s, actions: $a}' "$t/expect.json" \
  > "$t/e2" && mv "$t/e2" "$t/expect.json"
cp tests/report/check-report.mjs "$node_dir/"
node "$node_dir/check-report.mjs" "$t/report.html" "$BUILD_DIR/report.png" "$t/expect.json"

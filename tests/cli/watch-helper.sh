#!/usr/bin/env bash
# `headroom watch` runs headroom-watch (the daemon alone, src/main-watch.c) in
# its own place: same process, same command line, another program. Built
# static against musl (make check installs musl-tools), it maps no ld.so and
# no libc.so. Without the helper beside it, headroom runs watch itself.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
helper="$BUILD_DIR/headroom-watch"
t=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$t"; }
trap cleanup EXIT
[[ -x "$helper" ]] || { echo "no $helper"; exit 1; }

"$HEADROOM" watch --dry-run --interval 1s --duration 3s --log "$t/log" &
w=$!
pids+=("$w")
for _ in $(seq 50); do [[ -s "$t/log" ]] && break; sleep 0.05; done
exe=$(readlink "/proc/$w/exe")
[[ $exe == "$(realpath "$helper")" ]] || { echo "pid $w runs $exe, not $helper"; exit 1; }
# the command line is the one given: ps still shows "headroom watch ..."
tr '\0' ' ' < "/proc/$w/cmdline" | grep -q "^$HEADROOM watch --dry-run --interval 1s" ||
  { echo "command line changed: $(tr '\0' ' ' < "/proc/$w/cmdline")"; exit 1; }
rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$w/status")
wait "$w"
pids=()
head -n 1 "$t/log" | jq -e '.event == "start" and (.detail | endswith("program headroom-watch"))' > /dev/null
# (the ASan layer links it like headroom, with the sanitizers: no musl there)
if command -v musl-gcc > /dev/null && [[ -z ${ASAN_OPTIONS:-} ]]; then
  if readelf -l "$helper" | grep -q INTERP; then echo "$helper is not static"; exit 1; fi
  # static, without ld.so and glibc: a few hundred kB (headroom itself: ~2 MB)
  (( rss < 1024 )) || { echo "headroom-watch resident: $rss kB"; exit 1; }
fi
[[ $("$helper" --version) == $("$HEADROOM" --version) ]]
"$helper" watch --bogus 2> "$t/err" && { echo "bad option accepted"; exit 1; }
grep -q "unknown option '--bogus'" "$t/err"

# headroom alone in a folder: watch runs in headroom itself
mkdir "$t/alone"
cp "$HEADROOM" "$t/alone/headroom"
"$t/alone/headroom" watch --dry-run --interval 100ms --duration 1s --log "$t/log2"
head -n 1 "$t/log2" | jq -e '.detail | endswith("program headroom")' > /dev/null
echo "watch helper: runs as headroom-watch ($rss kB resident), and in headroom without it: ok"

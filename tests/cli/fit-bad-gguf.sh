#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# Every malformed GGUF of tests/gguf-bad (one per CVE class of
# research/gguf.md §3): exit 2, one line on stderr naming the file and a byte
# offset, nothing on stdout, no crash. The plain build runs under a 256 MiB
# address-space limit, so an allocation from an unchecked length fails the
# test (the sanitizer build reserves more address space than that).
set -uo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
limit=""
[[ $BUILD_DIR == */asan ]] || limit="ulimit -v 262144;"
fail=0 n=0
for f in tests/gguf-bad/*.gguf; do
  [[ $f == */ok-minimal.gguf ]] && continue
  n=$((n + 1))
  out=$(bash -c "$limit exec \"\$0\" --root tests/roots/wsl2-16g-default fit \"\$1\" --json" \
    "$HEADROOM" "$f" 2> /tmp/fit-bad-err.$$)
  rc=$?
  err=$(cat /tmp/fit-bad-err.$$)
  lines=$(printf '%s\n' "$err" | wc -l)
  if [[ $rc -ne 2 || -n $out || $lines -ne 1 || $err != *"$f: offset "* ]]; then
    echo "FAIL $f: exit $rc, stdout '${out:0:80}', stderr: $err"
    fail=1
  fi
done
rm -f /tmp/fit-bad-err.$$
# the valid base file of the same set is accepted
bash -c "$limit exec \"\$0\" --root tests/roots/wsl2-16g-default fit tests/gguf-bad/ok-minimal.gguf" \
  "$HEADROOM" > /dev/null || { echo "FAIL ok-minimal.gguf refused"; fail=1; }
[[ $n -ge 40 ]] || { echo "only $n files"; fail=1; }
[[ $fail -eq 0 ]] && echo "ok: $n malformed files refused with exit 2 and an offset"
exit $fail

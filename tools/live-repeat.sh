#!/usr/bin/env bash
# The live kernel tests, N times in a row (default 20), each time after
# putting the page cache in another state, to show they do not depend on it:
#   run 1, 4, 7, ...  a 2 GiB file read into the page cache
#   run 2, 5, 8, ...  `find / -xdev` (dentries and inodes)
#   run 3, 6, 9, ...  4 GiB of anonymous memory touched and released just before
# Prints each test's figures per run, then one line per test with how many
# runs passed. As root (the reclaim tests write /proc and /sys). Not part of
# `make check`: it takes some minutes.
#   tools/live-repeat.sh [N]      (make live-repeat [LIVE_RUNS=N])
set -u
cd "$(dirname "$0")/.."
n=${1:-20}
B=${BUILD_DIR:-$PWD/build}
export HEADROOM=$B/headroom BUILD_DIR=$B
make --no-print-directory -s "BUILD=$B" tests > /dev/null || exit 2
big=$(mktemp /var/tmp/headroom-live-repeat.XXXXXX)
trap 'rm -f "$big"' EXIT
head -c $((2 << 30)) /dev/zero > "$big"
sync "$big"
tests=(cli/reclaim-live cli/reclaim-memcg-live cli/snapshot-live unit/test-sampler)
declare -A passed
for name in "${tests[@]}"; do passed[$name]=0; done
prepare() { # RUN: puts the cache in that run's state (before each test, as
  # a reclaim test empties it for the next)
  case $(($1 % 3)) in
    1) state="2 GiB file read"; cat "$big" > /dev/null ;;
    2) state="find / -xdev"; find / -xdev > /dev/null 2>&1 ;;
    0) state="4 GiB anonymous, released"; "$B/tools/alloc" 4096 0 ;;
  esac
}
for ((i = 1; i <= n; i++)); do
  prepare "$i"
  echo "== run $i: $state before each test"
  for name in "${tests[@]}"; do
    prepare "$i"
    echo "  Cached $(awk '$1 == "Cached:" { print int($2 / 1024) }' /proc/meminfo) MiB," \
         "dentries $(awk '{ print $1 }' /proc/sys/fs/dentry-state)"
    if [[ $name == cli/* ]]; then
      out=$(bash "tests/$name.sh" 2>&1); rc=$?
    else
      out=$("$B/tests/${name#unit/}" 2>&1 | grep -E '^# live|FAIL|Error'); rc=${PIPESTATUS[0]}
    fi
    [[ $rc -eq 0 ]] && passed[$name]=$((passed[$name] + 1))
    echo "  $name: exit $rc"
    sed 's/^/    /' <<< "$out" | grep -v ': ok$\|reproduces the live figures'
  done
done
echo "== $n runs"
fail=0
for name in "${tests[@]}"; do
  echo "  $name: ${passed[$name]}/$n passed"
  [[ ${passed[$name]} -eq $n ]] || fail=1
done
exit $fail

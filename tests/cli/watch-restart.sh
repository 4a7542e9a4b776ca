#!/usr/bin/env bash
# mem.oom-killed and headroom watch's log: a last sample older than this
# boot (tests/roots/wsl2-watch-restarted) says the VM restarted after it;
# the same log with a boot before that sample (the watcher ran in this VM)
# says nothing of the log; a log with a bad line is reported, not trusted.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
j() { "$HEADROOM" --root "$1" doctor --only mem --json || true; }

out=$(j tests/roots/wsl2-watch-restarted)
jq -e '[.findings[] | select(.id == "mem.oom-killed")][0]
       | (.title | test("restarted after headroom watch.s last sample \\(2026-12-03T07:18:54Z, 5 min before this boot\\)"))
         and .severity == "warning"
         and (.evidence | test("MemAvailable 311 MiB of MemTotal 7.7 GiB"))' <<< "$out" > /dev/null ||
  fail "restart not named: $(jq -c '.findings[] | select(.id == "mem.oom-killed")' <<< "$out")"

# a snapshot of it keeps the log's last lines and /proc/stat: the same finding from the snapshot
"$HEADROOM" --root tests/roots/wsl2-watch-restarted snapshot -o "$t/snap" > /dev/null 2>&1 ||
  fail "snapshot"
cmp -s "$t/snap/var/log/headroom-watch.log" tests/roots/wsl2-watch-restarted/var/log/headroom-watch.log ||
  fail "the snapshot lacks the watch log"
[[ $(j "$t/snap" | jq -r '[.findings[] | select(.id == "mem.oom-killed")][0].title') == \
   "$(jq -r '[.findings[] | select(.id == "mem.oom-killed")][0].title' <<< "$out")" ]] ||
  fail "the snapshot's finding differs"

cp -r tests/roots/wsl2-watch-restarted "$t/root"
# booted at 07:18:00, before the log's last sample: the watcher ran in this VM
sed -i 's/^btime .*/btime 1796282280/' "$t/root/proc/stat"
out=$(j "$t/root")
jq -e '[.findings[] | select(.id == "mem.oom-killed")][0].title | test("This WSL VM started 12 min ago")' \
  <<< "$out" > /dev/null || fail "boot before the sample: $(jq -c .findings <<< "$out")"
jq -e '[.findings[] | select(.title | test("headroom watch"))] | length == 0' <<< "$out" > /dev/null ||
  fail "a watcher of this boot taken for a restart"

# a complete line that is not a watch line: no conclusion drawn from the log
sed -i 's/^btime .*/btime 1796282634/' "$t/root/proc/stat"
echo '{"time":"yesterday","event":"sample"}' >> "$t/root/var/log/headroom-watch.log"
out=$(j "$t/root")
jq -e '[.findings[] | select(.title | test("headroom watch"))] | length == 0' <<< "$out" > /dev/null ||
  fail "a malformed log trusted"
jq -e '[.findings[] | select(.id == "mem.oom-killed")][0].evidence
       | test("headroom watch.s log not used: malformed: var/log/headroom-watch.log: offset 753: ")' \
  <<< "$out" > /dev/null || fail "the bad log not named: $(jq -c .findings <<< "$out")"
echo "ok: restart after the last sample named, also from a snapshot; not for a watcher of this boot or a bad log"

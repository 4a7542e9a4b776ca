#!/usr/bin/env bash
# A real OOM kill, and headroom's post-mortem of it: a process in a memory
# cgroup limited to 64 MiB (cgroup v1 or v2, whichever holds the memory
# controller here; a name unique to this run, removed on exit) touches
# 200 MiB and is killed by the kernel. Then `headroom doctor --only mem`
# must name it under mem.oom-killed: its PID and name, its RSS at the kill
# as the kernel's own "Killed process" line gives it (read here from
# /dev/kmsg independently), the cgroup and its 64 MiB limit. The same again
# from a snapshot, which records the kernel log's OOM lines.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
[[ $(id -u) -eq 0 ]] || { echo "skip: needs root to make a memory cgroup and read /dev/kmsg"; exit 77; }
alloc=$BUILD_DIR/tools/alloc
[[ -x $alloc ]] || { echo "missing $alloc (make $BUILD_DIR/tools/alloc)"; exit 1; }
name=headroom-oom-test-$$-$RANDOM
limit_mib=64

if [[ -f /sys/fs/cgroup/memory/memory.limit_in_bytes ]]; then
  cg=/sys/fs/cgroup/memory/$name
  mkdir "$cg"
  version=v1
elif grep -qw memory /sys/fs/cgroup/cgroup.controllers 2> /dev/null; then
  cg=/sys/fs/cgroup/$name
  version=v2
  mkdir "$cg"
else
  echo "skip: no memory cgroup controller (v1 or v2) here"; exit 77
fi
t=$(mktemp -d)
cleanup() {
  # the killed process is gone; anything else left in the group goes too
  if [[ -d $cg ]]; then
    while read -r p; do kill -9 "$p" 2> /dev/null || true; done < "$cg/cgroup.procs"
    rmdir "$cg" 2> /dev/null || true
  fi
  rm -rf "$t"
}
trap cleanup EXIT

if [[ $version == v1 ]]; then
  echo $((limit_mib << 20)) > "$cg/memory.limit_in_bytes"
  # no escape into swap: memory+swap gets the same limit where accounted
  [[ -f $cg/memory.memsw.limit_in_bytes ]] && echo $((limit_mib << 20)) > "$cg/memory.memsw.limit_in_bytes"
else
  echo $((limit_mib << 20)) > "$cg/memory.max"
  [[ -f $cg/memory.swap.max ]] && echo 0 > "$cg/memory.swap.max"
fi

set +e
( echo "$BASHPID" > "$cg/cgroup.procs"; exec "$alloc" 200 100 ) 2> /dev/null &
pid=$!
{ wait "$pid"; } 2> /dev/null
rc=$?
set -e
[[ $rc -eq 137 ]] || { echo "alloc (PID $pid) exited $rc, not killed by SIGKILL"; exit 1; }

# the kernel's own line for this PID
line=$(dd if=/dev/kmsg iflag=nonblock bs=8192 2> /dev/null |
  grep -a "out of memory: Killed process $pid (alloc)" | tail -1 || true)
[[ -n $line ]] || { echo "no 'Killed process $pid' line in /dev/kmsg"; exit 1; }
kb() { sed -E "s/.* $1:([0-9]+)kB.*/\1/" <<< "$line"; }
rss_kb=$(( $(kb anon-rss) + $(kb file-rss) + $(kb shmem-rss) ))

fail=0
check() { # json file, where
  local f
  f=$(jq -c '[.findings[] | select(.id == "mem.oom-killed")][0]' "$1")
  [[ $f != null ]] || { echo "  $2: no mem.oom-killed finding"; return 1; }
  local title evidence
  title=$(jq -r .title <<< "$f")
  evidence=$(jq -r .evidence <<< "$f")
  local ok=0
  grep -qF "killed alloc (PID $pid)" <<< "$title" || { echo "  $2: title does not name alloc, PID $pid: $title"; ok=1; }
  # "holding 64.8 MiB": the kernel's anon+file+shmem, to headroom's one decimal
  local held
  held=$(sed -nE 's/.*holding ([0-9.]+) MiB.*/\1/p' <<< "$title")
  awk -v h="${held:-x}" -v k="$rss_kb" 'BEGIN { exit !(h != "x" && (h - k / 1024) ^ 2 <= 0.0025) }' ||
    { echo "  $2: RSS '$held MiB', the kernel logged ${rss_kb} kB"; ok=1; }
  grep -qF "memory cgroup's, /$name: limit $limit_mib.0 MiB" <<< "$evidence" ||
    { echo "  $2: evidence does not give the cgroup /$name and its limit: $evidence"; ok=1; }
  [[ $ok -eq 0 ]] && echo "  $2: $title"
  return $ok
}

"$HEADROOM" doctor --only mem --json > "$t/live.json" || true
check "$t/live.json" live || fail=1
"$HEADROOM" snapshot -o "$t/snap" > /dev/null
grep -qF "Killed process $pid (alloc)" "$t/snap/.headroom/kernel-oom.log" ||
  { echo "  the snapshot did not record the kill line"; fail=1; }
# only OOM lines are recorded
if grep -avqE 'invoked oom-killer|usage|swap|oom-kill:|Killed process' "$t/snap/.headroom/kernel-oom.log"; then
  echo "  the snapshot recorded other kernel lines:"; grep -avE 'invoked oom-killer|usage|swap|oom-kill:|Killed process' "$t/snap/.headroom/kernel-oom.log" | head -3
  fail=1
fi
"$HEADROOM" --root "$t/snap" doctor --only mem --json > "$t/snap.json" || true
check "$t/snap.json" snapshot || fail=1
[[ $fail -eq 0 ]] && echo "oom post-mortem ($version cgroup $name, limit $limit_mib MiB, kernel RSS ${rss_kb} kB): ok"
exit $fail

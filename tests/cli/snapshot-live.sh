#!/usr/bin/env bash
# `headroom snapshot` then `status --root` reproduces the live figures of this
# machine: exactly (the snapshot's own --json holds the status computed from
# the bytes it saved), and against an independent live `status --json` run
# for the figures that cannot change between two runs.
set -euo pipefail
: "${HEADROOM:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT

# Only WSL_* environment variables may travel. While the snapshot is taken,
# a reader loop records MemFree and MemAvailable from /proc/meminfo: the
# snapshot's figures must lie within what it saw (part 2).
( while [[ ! -e $t/done ]]; do
    awk '$1 == "MemFree:" || $1 == "MemAvailable:" { printf "%s %.0f\n", $1, $2 * 1024 }' /proc/meminfo
  done > "$t/envelope" ) &
reader=$!
until [[ -s $t/envelope ]]; do sleep 0.01; done
WSL_DISTRO_NAME=TestDistro WSL_INTEROP=/run/WSL/1_interop SECRET_TOKEN=hunter2 \
  "$HEADROOM" snapshot -o "$t/snap" --json > "$t/snap.json"
touch "$t/done"
wait "$reader"
"$HEADROOM" status --json > "$t/live.json"
"$HEADROOM" status --json --root "$t/snap" > "$t/back.json"

# 1. exact: what the snapshot computed from the bytes it wrote = what --root reads back
jq -S '.status | del(.source)' "$t/snap.json" > "$t/a"
jq -S 'del(.source)' "$t/back.json" > "$t/b"
diff -u "$t/a" "$t/b"
[[ $(jq -r .source.live "$t/back.json") == false ]]

# 2. against an independent live run: the figures fixed for the boot
for k in .guest.mem_total .guest.swap_total .cpus .wsl.kernel .wsl.kind .disk.root_fs.size .disk.root_fs.fs_type; do
  a=$(jq -c "$k" "$t/live.json")
  b=$(jq -c "$k" "$t/back.json")
  [[ $a == "$b" ]] || { echo "$k: live $a, snapshot $b"; exit 1; }
done
# fit reads the CPU's flags through the machine, so a snapshot carries them:
# the repack widths fit assumes are the live ones, and not "assumed"
model="$(cd "$(dirname "$0")/../models" && pwd)/tiny-llama-q4_0.gguf"
"$HEADROOM" fit --json "$model" > "$t/fit-live.json"
"$HEADROOM" fit --json --root "$t/snap" "$model" > "$t/fit-back.json"
for k in .settings.cpu_repack_avx2 .settings.cpu_repack_avx512; do
  a=$(jq -c "$k" "$t/fit-live.json")
  b=$(jq -c "$k" "$t/fit-back.json")
  [[ $a == "$b" ]] || { echo "fit $k: live $a, snapshot $b"; exit 1; }
done
"$HEADROOM" fit --root "$t/snap" "$model" > "$t/fit-back.txt"
! grep -q "assumed: no /proc/cpuinfo" "$t/fit-back.txt" || { echo "fit on the snapshot assumed the CPU flags"; exit 1; }
# and the moving ones within what /proc/meminfo showed while the snapshot was
# taken (16 MiB for the kernel's per-CPU counter deltas)
total=$(jq .guest.mem_total "$t/live.json")
for k in mem_free:MemFree: mem_available:MemAvailable:; do
  read -r lo hi < <(awk -v k="${k#*:}" '$1 == k { if (n++ == 0 || $2 < lo) lo = $2; if ($2 > hi) hi = $2 }
                     END { print lo, hi }' "$t/envelope")
  v=$(jq ".guest.${k%%:*}" "$t/back.json")
  echo "${k%%:*}: snapshot $((v >> 20)) MiB; /proc/meminfo meanwhile $((lo >> 20))-$((hi >> 20)) MiB ($(grep -c "^${k#*:}" "$t/envelope") readings)"
  (( v + (16 << 20) >= lo && v <= hi + (16 << 20) )) || { echo "${k%%:*} is outside what /proc/meminfo showed"; exit 1; }
done

# 3. what is inside: a MANIFEST, small, only WSL_* variables
grep -q '^headroom_version ' "$t/snap/MANIFEST"
grep -q '^taken_at ' "$t/snap/MANIFEST"
bytes=$(du -sb "$t/snap" | cut -f1)
# dpkg's status file is copied whole, and is as large as the list of
# installed packages: small means everything else
dpkg=0
if [[ -f /var/lib/dpkg/status ]]; then
  cmp -s /var/lib/dpkg/status "$t/snap/var/lib/dpkg/status" ||
    { echo "var/lib/dpkg/status is not a copy of the machine's"; exit 1; }
  dpkg=$(stat -c %s "$t/snap/var/lib/dpkg/status")
fi
(( bytes - dpkg < 1048576 )) || { echo "snapshot is $bytes bytes ($dpkg of them dpkg's status)"; exit 1; }
grep -qx 'WSL_DISTRO_NAME=TestDistro' "$t/snap/.headroom/env"
if grep -rq hunter2 "$t/snap"; then echo "a non-WSL variable leaked"; exit 1; fi
[[ $(grep -c . "$t/snap/.headroom/env") -eq 2 ]]
# every file in the tree is listed in the MANIFEST (nothing extra was copied)
( cd "$t/snap" && find . -type f ! -name MANIFEST | sed 's|^\./||' | sort ) > "$t/files"
awk '$1 == "file" || $1 == "exists" { print $2 }' "$t/snap/MANIFEST" | sort > "$t/listed"
diff -u "$t/listed" "$t/files"

# 4. the tar form holds the same tree
"$HEADROOM" snapshot -o "$t/snap.tar" > /dev/null
mkdir "$t/x"
tar -xf "$t/snap.tar" -C "$t/x"
"$HEADROOM" status --json --root "$t/x/snap" > "$t/tar.json"
[[ $(jq .guest.mem_total "$t/tar.json") == "$total" ]]

# 5. refusals change nothing: a non-empty directory, an existing tar
set +e
"$HEADROOM" snapshot -o "$t/snap" 2> "$t/err"; rc=$?
set -e
[[ $rc -eq 2 ]] && grep -q "exists and is not empty" "$t/err"
[[ $(wc -l < "$t/err") -eq 1 ]]
set +e
"$HEADROOM" snapshot -o "$t/snap.tar" 2> /dev/null; rc=$?
set -e
[[ $rc -eq 2 ]]
echo "snapshot reproduces the live figures; $bytes bytes"

#!/usr/bin/env bash
# headroom-win.exe's disk data under Wine (Debian's wine64), through
# headroom's live path as tests/cli/windows-wine.sh runs it. The test writes
# what WSL would: two distributions under HKCU\...\Lxss (with `wine reg
# add`; one BasePath with the \\?\ prefix, one name with a quote and a
# non-ASCII letter), a sparse ext4.vhdx and a plain one in their BasePath, a
# .wslconfig with swapFile (no extension: WSL adds .vhdx), and swap disks in
# %LOCALAPPDATA%\Temp: two <GUID>\swap.vhdx left over, one held open without
# sharing by a Windows program (tests/win/exe/hold.c, as a running VM holds
# its swap disk), and one in a folder not named by a GUID (not WSL's). Checks
# that the helper reports:
#   1. each distribution's name, BasePath, vhdx size (stat's) and allocated
#      size (GetCompressedFileSizeW: Wine 8 gives the file's size, not its
#      blocks, so this is checked against the size), escaped in the JSON;
#   2. the drive's total (df's, exactly) and available space (df's, within
#      256 MiB: other programs write to that disk meanwhile);
#   3. the swap file of .wslconfig with its size; the temp folder's swap
#      disks with size, age, in_use (false for the orphans, true for the held
#      one), not the one outside a GUID folder;
#   4. `windows status` shows them, and a snapshot's `--root` status shows the
#      reclaimable estimate;
#   5. its bounds: 40 distributions (imported with regedit) and 40 leftover
#      swap disks are listed as 32 each, marked truncated.
# Everything it writes into the Wine prefix is removed again (keys, files).
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
. tests/cli/lib/wine.sh
wine_setup wine-prefix mingw

t=$(mktemp -d)
tag=hr$$
g1=$(printf '{%08X-1111-4222-8333-%012X}' $$ $RANDOM)
g2=$(printf '{%08X-2222-4333-8444-%012X}' $$ $RANDOM)
o1=$(printf '%08X-AAAA-4BBB-8CCC-%012X' $$ 1)
o2=$(printf '%08X-DDDD-4EEE-8FFF-%012X' $$ 2)
lxss='HKCU\Software\Microsoft\Windows\CurrentVersion\Lxss'
pids=()
drive_c=
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  [[ -f $t/unbulk.reg ]] && "$wine" regedit /S "$t/unbulk.reg" > /dev/null 2>&1
  [[ -n ${bulk_dirs:-} ]] && rm -rf $bulk_dirs
  "$wine" reg delete "$lxss\\$g1" /f > /dev/null 2>&1 || true
  "$wine" reg delete "$lxss\\$g2" /f > /dev/null 2>&1 || true
  if [[ -n $drive_c ]]; then
    rm -rf "$drive_c/$tag" "$temp/$o1" "$temp/$o2" "$temp/$tag-notaguid"
    if [[ -f $t/wslconfig.saved ]]; then mv "$t/wslconfig.saved" "$prof/.wslconfig"; else rm -f "$prof/.wslconfig"; fi
  fi
  rm -rf "$t"
}
trap cleanup EXIT
wine_helper "$t/helper"
"$wine" cmd /c exit > /dev/null 2>&1 # the prefix exists from here on
drive_c=$WINEPREFIX/drive_c
user=$("$wine" cmd /c 'echo %USERNAME%' 2> /dev/null | tr -d '\r')
prof=$drive_c/users/$user
temp=$prof/AppData/Local/Temp # %LOCALAPPDATA%\Temp, where WSL puts them
mkdir -p "$temp" "$drive_c/$tag/d1" "$drive_c/$tag/d2"

# the distributions and their disks
"$wine" reg add "$lxss\\$g1" /v DistributionName /t REG_SZ /d "Ubuntu-$tag" /f > /dev/null 2>&1
"$wine" reg add "$lxss\\$g1" /v BasePath /t REG_SZ /d "\\\\?\\C:\\$tag\\d1" /f > /dev/null 2>&1
"$wine" reg add "$lxss\\$g1" /v Flags /t REG_DWORD /d 15 /f > /dev/null 2>&1
"$wine" reg add "$lxss\\$g2" /v DistributionName /t REG_SZ /d "Dé\"bian-$tag" /f > /dev/null 2>&1
"$wine" reg add "$lxss\\$g2" /v BasePath /t REG_SZ /d "C:\\$tag\\d2" /f > /dev/null 2>&1
truncate -s 3G "$drive_c/$tag/d1/ext4.vhdx"
dd if=/dev/urandom of="$drive_c/$tag/d1/ext4.vhdx" bs=1M count=2 conv=notrunc status=none
head -c 12345678 /dev/urandom > "$drive_c/$tag/d2/ext4.vhdx"
# swap: .wslconfig's swapFile, and what WSL leaves in the temp folder
[[ -f $prof/.wslconfig ]] && cp -p "$prof/.wslconfig" "$t/wslconfig.saved"
# as WSL reads it: [wsl2] without regard to case, the first swapFile wins,
# quotes and \\ undone, a comment after the value; not [experimental]'s
printf '[experimental]\r\nswapFile=C:\\\\not-this\r\n[WSL2]\r\nmemory=6GB\r\nswapFile = "C:\\\\%s\\\\wsl-swap" # a comment\r\nswapfile=C:\\\\second\r\n' \
  "$tag" > "$prof/.wslconfig"
head -c 777 /dev/zero > "$drive_c/$tag/wsl-swap.vhdx"
mkdir -p "$temp/$o1" "$temp/$o2" "$temp/$tag-notaguid"
head -c 5000000 /dev/zero > "$temp/$o1/swap.vhdx"
head -c 3000000 /dev/zero > "$temp/$o2/swap.vhdx"
head -c 1000 /dev/zero > "$temp/$tag-notaguid/swap.vhdx"
touch -d '3 days ago' "$temp/$o1/swap.vhdx"
"$cc" -O2 -o "$t/hold.exe" tests/win/exe/hold.c
"$wine" "$t/hold.exe" "C:\\users\\$user\\AppData\\Local\\Temp\\$o2\\swap.vhdx" "C:\\$tag\\ready" 120 > /dev/null 2>&1 &
pids+=($!)
for _ in $(seq 200); do [[ -f $drive_c/$tag/ready ]] && break; sleep 0.05; done
[[ -f $drive_c/$tag/ready ]] || { echo "hold.exe did not open the swap disk"; exit 1; }

df_before=$(df -B1 --output=size,avail "$drive_c" | tail -1)
HEADROOM_WIN_HELPER=$t/helper "$HEADROOM" windows status --json > "$t/live.json"
df_after=$(df -B1 --output=size,avail "$drive_c" | tail -1)
read -r size_b avail_b <<< "$df_before"
read -r _ avail_a <<< "$df_after"

# 1. the distributions
d1=$(jq -c --arg g "$g1" '.host.wsl_distros[] | select(.guid == $g)' "$t/live.json")
d2=$(jq -c --arg g "$g2" '.host.wsl_distros[] | select(.guid == $g)' "$t/live.json")
[[ -n $d1 && -n $d2 ]] || { echo "distributions missing:"; jq -c '.host.wsl_distros' "$t/live.json"; exit 1; }
s1=$(stat -c %s "$drive_c/$tag/d1/ext4.vhdx")
s2=$(stat -c %s "$drive_c/$tag/d2/ext4.vhdx")
jq -e --arg n "Ubuntu-$tag" --arg b "\\\\?\\C:\\$tag\\d1" --argjson s "$s1" '
  .name == $n and .vm_mode == true and .base_path == $b and .vhd_path == ($b + "\\ext4.vhdx")
  and .vhd_size == $s and .vhd_allocated == $s' <<< "$d1" > /dev/null ||
  { echo "distribution 1: $d1 (size $s1)"; exit 1; }
jq -e --arg n "Dé\"bian-$tag" --argjson s "$s2" '
  .name == $n and .vm_mode == null and .vhd_size == $s and .vhd_allocated == $s' <<< "$d2" > /dev/null ||
  { echo "distribution 2: $d2 (size $s2)"; exit 1; }
# the name with the quote is escaped in the bytes, not cut
grep -qF "\"name\": \"Dé\\\"bian-$tag\"" "$t/live.json" || grep -qF "\"name\":\"Dé\\\"bian-$tag\"" "$t/live.json" ||
  { echo "the quoted name is not escaped as JSON"; grep -F "bian-$tag" "$t/live.json"; exit 1; }

# 2. the drive: total exactly, available within 256 MiB of df's
tot=$(jq .volume_total <<< "$d1")
av=$(jq .volume_available <<< "$d1")
[[ $tot == "$size_b" ]] || { echo "volume_total $tot, df says $size_b"; exit 1; }
lo=$(( (avail_a < avail_b ? avail_a : avail_b) - 256 * 1024 * 1024 ))
hi=$(( (avail_a > avail_b ? avail_a : avail_b) + 256 * 1024 * 1024 ))
(( av >= lo && av <= hi )) || { echo "volume_available $av, df says $avail_b .. $avail_a"; exit 1; }

# 3. swap: the .wslconfig file, the orphans, the held one, not the other
jq -e --arg p "C:\\$tag\\wsl-swap.vhdx" '.host.wsl_swap | .swap_file == $p and .swap_file_size == 777' \
  "$t/live.json" > /dev/null || { echo "swap file:"; jq -c '.host.wsl_swap | del(.temp_files)' "$t/live.json"; exit 1; }
jq -e --arg o1 "$o1\\swap.vhdx" --arg o2 "$o2\\swap.vhdx" --arg bad "$tag-notaguid" '
  .host.wsl_swap.temp_files as $f
  | ($f | map(select(.name == $o1))[0] | .size == 5000000 and .in_use == false
                                         and .age_s >= 3 * 86400 - 600 and .age_s < 3 * 86400 + 600)
  and ($f | map(select(.name == $o2))[0] | .size == 3000000 and .in_use == true)
  and ($f | all(.[]; (.path | contains($bad)) | not))' "$t/live.json" > /dev/null ||
  { echo "temp swap disks:"; jq -c '.host.wsl_swap.temp_files[]' "$t/live.json"; exit 1; }

# 4. windows status shows them; the snapshot's status the estimate
HEADROOM_WIN_HELPER=$t/helper "$HEADROOM" windows status > "$t/live.txt"
grep -qF "Ubuntu-$tag" "$t/live.txt" && grep -qF "$o1\\swap.vhdx" "$t/live.txt" &&
  grep -q "left over: no VM has it attached" "$t/live.txt" && grep -q "attached to the running VM" "$t/live.txt" ||
  { echo "windows status:"; sed -n '/WSL disks/,/Catalogued/p' "$t/live.txt"; exit 1; }
HEADROOM_WIN_HELPER=$t/helper "$HEADROOM" snapshot -o "$t/snap" > /dev/null
printf 'WSL_DISTRO_NAME=Ubuntu-%s\n' "$tag" >> "$t/snap/.headroom/env"
"$HEADROOM" --root "$t/snap" status --json > "$t/snap.json"
used=$(jq .disk.root_fs.used "$t/snap.json")
jq -e --argjson s "$s1" --argjson u "$used" '.disk.host | .vhd_on_disk == $s
  and .reclaimable_estimate == (if $s > $u then $s - $u else 0 end) and .swap_orphans >= 1' "$t/snap.json" > /dev/null ||
  { echo "status --json .disk:"; jq -c .disk "$t/snap.json"; exit 1; }
"$HEADROOM" --root "$t/snap" status | grep -q "ext4.vhdx takes .* on C:" ||
  { echo "status does not show the vhdx"; "$HEADROOM" --root "$t/snap" status | sed -n '/^Disk/,/^$/p'; exit 1; }
# 5. the bounds
{ printf 'REGEDIT4\r\n'; for i in $(seq 40); do
    printf '\r\n[HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Lxss\\{%08X-0000-4000-8000-%012d}]\r\n"DistributionName"="bulk-%s-%d"\r\n' $$ "$i" "$tag" "$i"
  done; } > "$t/bulk.reg"
sed -n 's/^\[HKEY/[-HKEY/p' "$t/bulk.reg" | { printf 'REGEDIT4\r\n\r\n'; cat; } > "$t/unbulk.reg"
"$wine" regedit /S "$t/bulk.reg" > /dev/null 2>&1
bulk_dirs=
for i in $(seq 40); do
  d=$temp/$(printf '%08X-BBBB-4CCC-8DDD-%012d' $$ "$i")
  bulk_dirs+=" $d"
  mkdir -p "$d" && : > "$d/swap.vhdx"
done
HEADROOM_WIN_HELPER=$t/helper "$HEADROOM" windows status --json > "$t/bulk.json"
jq -e '.host.wsl_distros | length == 32' "$t/bulk.json" > /dev/null &&
  jq -e '.host.wsl_distros_truncated == true and (.host.wsl_swap.temp_files | length == 32)
         and .host.wsl_swap.temp_files_truncated == true' "$t/bulk.json" > /dev/null ||
  { echo "bounds:"; jq -c '[(.host.wsl_distros | length), .host.wsl_distros_truncated,
                           (.host.wsl_swap.temp_files | length), .host.wsl_swap.temp_files_truncated]' "$t/bulk.json"; exit 1; }
echo "helper under Wine: vhdx $s1 B and $s2 B, C: $tot B total, $av B available (df $avail_b), $(jq '.host.wsl_swap.temp_files | length' "$t/live.json") swap disks in Temp"

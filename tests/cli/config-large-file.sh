#!/usr/bin/env bash
# WSL reads a .wslconfig of any size; headroom reads up to 32 MiB
# (WSL_CONFIG_CAP). `config show --json` on files of 1, 4 and 16 MiB exits
# 0, reads the file to its last line, and takes time linear in the size:
# 16 MiB may take at most 8 times as long as 4 MiB (linear is 4, quadratic
# 16), whatever the build (the sanitizers slow every size alike). Over the
# cap: exit 2 with a message.
set -uo pipefail
: "${HEADROOM:?}"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
make_file() { # MiB PATH
  awk -v want=$(($1 * 1048576)) 'BEGIN {
    print "[wsl2]"; print "memory=6GB"; n = 18
    while (n < want) {
      l = (NR_ % 3 == 0) ? "# a comment line " NR_ : (NR_ % 3 == 1) ? "kernelCommandLine=psi=1 " NR_ : "memory 4GB"
      print l; n += length(l) + 1; NR_++
    }
    print "[experimental]"; print "sparseVhd=true"
  }' > "$2"
}
declare -A ms
for mib in 1 4 16; do
  f=$t/big-$mib.wslconfig
  make_file "$mib" "$f"
  ms[$mib]=
  for try in 1 2; do # CPU time (user + system), the less of two runs: the machine is shared
    TIMEFORMAT='%3U %3S'
    { time "$HEADROOM" config show --json --file "$f" --host-ram 16GB > "$t/out" 2> "$t/err"; } 2> "$t/time"
    rc=$?
    read -r user sys < "$t/time"
    took=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')
    [[ -z ${ms[$mib]} || $took -lt ${ms[$mib]} ]] && ms[$mib]=$took
  done
  echo "$mib MiB ($(stat -c %s "$f") bytes): exit $rc, ${ms[$mib]} ms CPU"
  if [[ $rc -ne 0 ]]; then
    echo "FAIL: $mib MiB: exit $rc: $(head -c 300 "$t/err")"; fail=1; continue
  fi
  grep -q '"experimental.sparseVhd": {' "$t/out" && python3 - "$t/out" <<'PY' || { echo "FAIL: $mib MiB: the last line was not read"; fail=1; }
import json, sys
e = json.load(open(sys.argv[1]))["effective"]
sys.exit(0 if e["experimental.sparseVhd"]["value"] is True and e["wsl2.memory"]["value"] == 6 << 30 else 1)
PY
done
if [[ ${ms[4]:-0} -gt 0 && ${ms[16]:-0} -gt $((8 * ${ms[4]} + 200)) ]]; then
  echo "FAIL: not linear: 4 MiB ${ms[4]} ms, 16 MiB ${ms[16]} ms"; fail=1
fi
# over the cap
head -c $((33 * 1048576)) /dev/zero | tr '\0' '#' > "$t/huge.wslconfig"
"$HEADROOM" config show --json --file "$t/huge.wslconfig" > /dev/null 2> "$t/err"
rc=$?
if [[ $rc -ne 2 ]] || ! grep -q "larger than 32 MiB" "$t/err"; then
  echo "FAIL: a 33 MiB file: exit $rc, $(cat "$t/err")"; fail=1
fi
exit $fail

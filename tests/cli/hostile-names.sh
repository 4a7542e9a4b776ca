#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# Untrusted names never become commands (issue D2 of the adversarial run):
# dpkg list files, libcuda and nvidia-smi paths from a snapshot, and keys and
# values from a .wslconfig, holding ';', '$(...)', backticks and quotes. Every
# bash command of every fix (doctor --json, config lint --json, the doctor's
# "next step" line) is run for real with stub programs that record their
# arguments; any other command it tries to run (the injection) is recorded
# by bash's command_not_found_handle. The test asserts no injection ran and
# each stub got the hostile path as one argument.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${HEADROOM:=build/headroom}"
H=$(realpath "$HEADROOM")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HEADROOM_NOW=1767225600 NO_COLOR=1
fail=0

root=$tmp/root
cp -r tests/roots/wsl2-16g-default "$root"
mkdir -p "$root/var/lib/dpkg/info" "$root/usr/lib/x86_64-linux-gnu" "$root/usr/bin"
touch "$root/var/lib/dpkg/info/nvidia-driver-1;touch PWNED;#.list"
touch "$root/var/lib/dpkg/info/nvidia-driver-535\$(touch PWNED).list"
touch "$root/var/lib/dpkg/info/nvidia-utils-535.list"
lib="/usr/lib/x86_64-linux-gnu/libcuda.so.1;touch PWNED;'\`touch PWNED\`'"
touch "$root$lib"
mkdir -p "$root/usr/lib/wsl/lib"
touch "$root/usr/lib/wsl/lib/nvidia-smi"

cfg=$tmp/ws.cfg
printf '[wsl2]\n[experimental]\nmemory=4GB;touch PWNED\n' > "$cfg"

"$H" --root "$root" doctor --json > "$tmp/doctor.json" 2> "$tmp/doctor.err"
"$H" --root "$root" doctor > "$tmp/doctor.txt" 2>&1
"$H" config lint --file "$cfg" --json > "$tmp/lint.json" 2> "$tmp/lint.err"

# the package names that are not Debian package names are not evidence at all
if grep -q 'PWNED' <(jq -r '.findings[] | select(.id == "gpu.driver-in-guest") | .fix.commands[].command' "$tmp/doctor.json" | grep 'apt-get'); then
  echo "a hostile package name reached the apt-get command"
  fail=1
fi
jq -r '.findings[] | select(.id == "gpu.driver-in-guest") | .fix.commands[].command' \
  "$tmp/doctor.json" | grep -q 'apt-get remove --purge nvidia-utils-535$' ||
  { echo "the valid package is not in the apt-get fix"; fail=1; }

stubs=$tmp/stubs
mkdir -p "$stubs"
# every program a fix may start with (tests/cli/fix-commands.sh), plus wslpath
for p in dpkg sudo apt-get headroom kill wsl.exe powershell.exe cmd.exe systemctl cat iconv tar wslpath; do
  printf '#!/bin/bash\nprintf "%%s\\n" "%s" "$#" "$@" >> %q\n' "$p" "$tmp/calls" > "$stubs/$p"
  chmod +x "$stubs/$p"
done
{
  jq -r '.findings[] | .fix.commands[] | select(.shell == "bash") | .command' "$tmp/doctor.json" "$tmp/lint.json"
  sed -n 's/.*next step: //p' "$tmp/doctor.txt"
} > "$tmp/commands"
n=$(wc -l < "$tmp/commands")
[[ $n -ge 4 ]] || { echo "expected at least 4 commands, got $n"; cat "$tmp/commands"; fail=1; }
mkdir -p "$tmp/run"
while IFS= read -r c; do
  (cd "$tmp/run" && HOME=$tmp/run PATH=$stubs /bin/bash -c \
    "command_not_found_handle() { printf 'INJECTED %s\n' \"\$*\" >> $tmp/injected; return 127; }; $c" \
    > /dev/null 2>&1)
done < "$tmp/commands"
if [[ -s $tmp/injected || -e $tmp/run/PWNED ]]; then
  echo "a fix command ran something it did not name:"
  cat "$tmp/injected" 2> /dev/null
  fail=1
fi
# dpkg -S got the hostile path as its one argument after -S
if ! awk -v want="$lib" '$0 == "dpkg" { getline n; getline a; getline b; if (n == 2 && a == "-S" && b == want) ok = 1 } END { exit !ok }' "$tmp/calls"; then
  echo "dpkg -S did not get the libcuda path as one argument:"
  cat "$tmp/calls"
  fail=1
fi
# config set got the hostile value as one argument
if ! grep -qxF 'wsl2.memory=4GB;touch PWNED' "$tmp/calls"; then
  echo "config set did not get the value as one argument"
  cat "$tmp/calls"
  fail=1
fi
# a name with a control byte gives advice, never a command
root2=$tmp/root2
cp -r tests/roots/wsl2-16g-default "$root2"
mkdir -p "$root2/usr/lib/x86_64-linux-gnu"
touch "$root2/usr/lib/x86_64-linux-gnu/libcuda.so.1"$'\n'"touch PWNED"
"$H" --root "$root2" doctor --json > "$tmp/d2.json" 2> /dev/null
if jq -r '.findings[] | .fix.commands[]?.command' "$tmp/d2.json" | grep -q 'PWNED'; then
  echo "a name with a newline reached a command"
  fail=1
fi
jq -e '.findings[] | select(.id == "gpu.driver-in-guest") | .fix.advice | test("control characters")' \
  "$tmp/d2.json" > /dev/null || { echo "no advice for the name with a newline"; fail=1; }
echo "$n commands run"
exit $fail

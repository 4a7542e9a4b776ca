#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# Every `fix.commands[]` entry of every finding on every fixture (doctor
# --json and config lint --json on tests/roots/*, config lint --json on every
# tests/wslconfig file) pastes and runs in the shell it names:
#   - "bash": `bash -n` accepts it, and it starts with a program we know;
#   - "powershell-admin": quotes, braces, parentheses and brackets balance
#     (PowerShell's rules: '' inside '...', a backtick escapes inside "...");
#   - "cmd": double quotes balance;
# and none is prose: no entry ends with '.' or ':', and none (before a
# trailing "# comment") reads like a sentence ("then", "Open", "Set ... to",
# "make sure", "if any", "or what", ", or"). The checker is first run on
# known-bad entries, which it must refuse. Prints how many were checked.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${HEADROOM:=build/headroom}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HEADROOM_NOW=1767225600 NO_COLOR=1

# programs a bash fix may start with
programs=" headroom sudo wsl.exe powershell.exe cmd.exe systemctl echo printf kill cat dpkg iconv
  apt-get /usr/lib/wsl/lib/nvidia-smi tar export pip mkdir cmp cd python3 nvidia-smi "

ps_balanced() { # text: 0 when PowerShell quoting and brackets balance
  awk -v s="$1" 'BEGIN {
    q = ""; depth = 0; n = length(s)
    for (i = 1; i <= n; i++) {
      c = substr(s, i, 1)
      if (q == "\x27") { if (c == "\x27") { if (substr(s, i + 1, 1) == "\x27") i++; else q = "" } continue }
      if (q == "\"") { if (c == "`") { i++; continue } if (c == "\"") q = ""; continue }
      if (c == "\x27" || c == "\"") { q = c; continue }
      if (c == "`") { i++; continue }
      if (c == "{" || c == "(" || c == "[") { st[++depth] = c; continue }
      if (c == "}" || c == ")" || c == "]") {
        o = (c == "}") ? "{" : (c == ")") ? "(" : "["
        if (depth == 0 || st[depth] != o) exit 1
        depth--
      }
    }
    exit (q != "" || depth != 0)
  }'
}

prose() { # text: 0 (true) when it reads like a sentence
  local t=$1 code
  case $t in *. | *:) return 0 ;; esac
  code=$(sed -E 's/[[:space:]]+#[[:space:]].*$//' <<< "$t")
  grep -qE '(^|[^[:alnum:]_-])(then|Open|make sure|if any|or what|instead)([^[:alnum:]_-]|$)|\bSet\b.*\bto\b|, or\b|^[A-Z][a-z]+ [a-z]+ ' <<< "$code"
}

check() { # shell command: prints why it fails, returns 1
  local shell=$1 c=$2 first
  if prose "$c"; then
    echo "prose in commands ($shell): $c"
    return 1
  fi
  case $shell in
    bash)
      if ! bash -n -c "$c" 2> "$tmp/err"; then
        echo "bash -n refuses: $c: $(head -1 "$tmp/err")"
        return 1
      fi
      first=${c%% *}
      # a virtual environment's own pip (/home/alex/.venv/bin/pip) is pip
      [[ $first == /*/bin/pip ]] && first=pip
      # an environment's interpreter (/home/alex/.venv/bin/python -m pip),
      # a versioned one (python3.11 -m pip, the user site's)
      [[ $first == /*/bin/python || $first =~ ^python3\.[0-9]+$ ]] && first=python3
      if [[ $programs != *" $first "* ]]; then
        echo "not a command we know (starts with '$first'): $c"
        return 1
      fi
      ;;
    powershell-admin)
      ps_balanced "$c" || {
        echo "PowerShell quoting or brackets do not balance: $c"
        return 1
      }
      ;;
    cmd)
      local quotes=${c//[^\"]/}
      ((${#quotes} % 2 == 0)) || {
        echo "cmd quotes do not balance: $c"
        return 1
      }
      ;;
    *)
      echo "unknown shell '$shell': $c"
      return 1
      ;;
  esac
  return 0
}

# the checker refuses what the old fixes said
bad=0
while IFS=$'\t' read -r shell c; do
  if check "$shell" "$c" > /dev/null; then
    echo "the checker accepts a bad entry: $shell: $c"
    bad=1
  fi
done << 'EOF'
bash	delete line 8, or: headroom config unset pageReporting
bash	add kernelCommandLine=psi=1 under [wsl2] in %UserProfile%\.wslconfig, then wsl.exe --shutdown
bash	quit Docker Desktop when you run a model
bash	headroom config set memory=6GB (or what `headroom config recommend` says)
bash	echo 'unclosed
bash	nothing to do now; headroom windows status shows what uses the host's memory
powershell-admin	Start-Process powershell -ArgumentList '-File "x.ps1"
powershell-admin	if ($a) { Stop-Service x
cmd	wsl --shutdown "x
EOF
[[ $bad -eq 0 ]] || exit 1

n=0
runj() { # args...: one JSON output
  n=$((n + 1))
  timeout 30 "$HEADROOM" "$@" > "$tmp/$n.json" 2> /dev/null < /dev/null || true
}
for root in tests/roots/*/; do
  runj --root "$root" doctor --json
  runj --root "$root" config lint --json
  runj --root "$root" config lint --wsl-conf --json
done
for file in tests/wslconfig/*.wslconfig tests/wslconfig/*.conf; do
  flag=()
  [[ $file == *.conf ]] && flag=(--wsl-conf)
  runj config lint "${flag[@]}" --file "$file" --json
  runj config lint "${flag[@]}" --file "$file" --host-ram 16GB --host-cpus 8 --json
done
for f in "$tmp"/*.json; do
  jq -r '.findings[]? | .id as $id | .fix.commands[]? | [$id, .shell, .command] | @tsv' "$f" \
    2> /dev/null
done | sort -u > "$tmp/commands.tsv"
# every finding has the new shape
for f in "$tmp"/*.json; do
  jq -e '[.findings[]?] | all(.fix | type == "object" and (.commands | type == "array")
         and (.advice == null or (.advice | type == "string")))' "$f" > /dev/null 2>&1 ||
    jq -e 'has("findings") | not' "$f" > /dev/null 2>&1 ||
    { echo "fix is not {commands, advice} in $(head -c 200 "$f")"; bad=1; }
done
# the line `windows script -o` prints to run the script elevated
"$HEADROOM" --root tests/roots/wsl2-16g-default windows script --apply sysmain \
  -o "$tmp/it's a test.ps1" > "$tmp/script.out" 2>&1 || { echo "windows script -o failed"; bad=1; }
run_line=$(tail -n 1 "$tmp/script.out" | sed 's/^  //')
printf 'windows-script\tbash\t%s\n' "$run_line" >> "$tmp/commands.tsv"
[[ $run_line == *'wslpath -w '* ]] || { echo "windows script: no wslpath -w in: $run_line"; bad=1; }
checked=0 failed=0
while IFS=$'\t' read -r id shell c; do
  checked=$((checked + 1))
  check "$shell" "$c" > "$tmp/why" || {
    echo "$id: $(cat "$tmp/why")"
    failed=$((failed + 1))
  }
done < "$tmp/commands.tsv"
shells=$(cut -f2 "$tmp/commands.tsv" | sort | uniq -c | awk '{printf "%s %s, ", $1, $2}')
ids=$(cut -f1 "$tmp/commands.tsv" | sort -u | wc -l)
echo "checked $checked distinct commands (${shells%, }) of $ids finding ids from $n JSON outputs: $failed failed"
[[ $checked -ge 20 ]] || { echo "too few commands to check"; exit 1; }
[[ $failed -eq 0 && $bad -eq 0 ]] || exit 1
echo ok

#!/usr/bin/env bash
# The shell completions complete: bash (completions/headroom.bash, its
# function called with COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT as
# bash sets them, and a few lines typed into a real bash in tmux) and zsh
# (completions/_headroom through compinit, Tab pressed in an interactive zsh on
# a pty, the matches caught at compadd) offer the same candidates for the same
# lines: subcommands, option values, rule ids, .wslconfig keys and values,
# catalogue items and the model names of a fixture's stores. Then: what they
# offer is what headroom accepts (every area, rule id, explain id, cache type,
# mode, key, item, model and subcommand), and the checker fails on a
# completion script with one word taken out.
set -Eeuo pipefail
trap 'echo "completions.sh: line $LINENO: $BASH_COMMAND failed" >&2' ERR
: "${HEADROOM:?}"
cd "$(dirname "$0")/../.."
repo=$PWD
t=$(mktemp -d)
sock=$t/tmux.sock
trap 'tmux -S "$sock" kill-server 2> /dev/null || true; rm -rf "$t"' EXIT
for tool in zsh tmux; do
  command -v $tool > /dev/null || { echo "skip: $tool not installed (tools/deps.sh check)"; exit 77; }
done

# `headroom` on PATH is the binary under test (the scripts call it by name)
mkdir "$t/bin" "$t/w" "$t/w/tdir"
ln -s "$(realpath "$HEADROOM")" "$t/bin/headroom"
export PATH=$t/bin:$PATH
: > "$t/w/tiny.gguf"
M=$repo/tests/roots/model-stores
D=$repo/tests/roots/wsl2-16g-default

# LINE | bash's COMPREPLY | zsh's matches ("=" : the same as bash), each
# sorted; the lines are completed in $t/w (tdir/, tiny.gguf). bash's replies
# are what follows the last ':' or '=' (readline replaces only that part).
cases=(
  "headroom d|disk doctor|="
  "headroom --json doctor --only w|windows wsl|="
  "headroom doctor --only g|gpu|="
  "headroom doctor --only=c|config containers|="
  "headroom doctor --skip mem.p|mem.pressure mem.psi-unavailable|="
  "headroom doctor --skip wslconf.bo|wslconf.bom|="
  "headroom doctor --o|--only|="
  "headroom config |apply lint recommend set show unset|="
  "headroom config set mem|memory=|memory"
  "headroom config set autoMemoryReclaim=g|gradual|="
  "headroom config set sparseVhd=|false true|="
  "headroom config unset swa|swap swapFile|="
  "headroom config --profile m|minimal|="
  "headroom top --sort |pss rss|="
  "headroom watch --mode d|dropcache|="
  "headroom fit --cache-type q|q4_0 q4_1 q5_0 q5_1 q8_0|="
  "headroom fit --ctx ||"
  "headroom windows |script status|="
  "headroom windows script --apply s|spooler sysmain|="
  "headroom audio |test|="
  "headroom disk |trim|="
  "headroom disk trim t|tdir/|tdir"
  "headroom explain gpu.v|gpu.vram gpu.vram-held-by-windows|="
  "headroom help co|config|="
  "headroom run -- tmu|tmux|="
  "headroom run --limit 6GB -- tmux -f /et|/etc/|etc"
  "headroom --root $M fit t|tdir/ tiny.gguf tinyllama:latest|tdir tiny.gguf tinyllama:latest"
  "headroom --root $M fit qwen2:|0.5b|qwen2:0.5b"
  "headroom fit --root=$M Th|TheOrg/Tiny-GGUF/tiny-gemma3-f16.gguf|="
  "headroom --root $M report -m l|lmstudio-community/Tiny-GGUF/tiny-lms-q8_0.gguf|="
)

# COMP_WORDS as bash makes them (checked against a real bash below): words at
# blanks, and each run of ':' or '=' a word of its own
bash_complete() { # SCRIPT LINE: prints COMPREPLY, sorted, one line
  bash -c '
    source "$1"
    COMP_LINE=$2 COMP_POINT=${#2} COMP_WORDS=()
    for tok in $2; do
      while [[ -n $tok ]]; do
        if [[ $tok == [:=]* ]]; then w=${tok%%[^:=]*}; else w=${tok%%[:=]*}; fi
        COMP_WORDS+=("$w"); tok=${tok#"$w"}
      done
    done
    [[ $2 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    _headroom
    printf "%s\n" "${COMPREPLY[@]}" | sort -u | tr "\n" " " | sed "s/ $//"
  ' _ "$1" "$2"
}

# zsh: an interactive zsh -f on a pty (zsh/zpty) with compinit and the
# completion directory in $fpath; compadd is wrapped to append the matches it
# adds to a file, and a post-completion hook writes @@END after each Tab
cat > "$t/drive.zsh" << 'EOF'
zmodload zsh/zpty
dir=$1 out=$2
shift 2
: > $out
zpty z zsh -f -i
zpty -w z "PS1=; unsetopt autolist; fpath=(${(q)dir} \$fpath); autoload -Uz compinit; compinit -u -D"
zpty -w z 'compadd() { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi; local -a h; builtin compadd -A h "$@"; (( $#h )) && print -rl -- $h >> '${(q)out}'; builtin compadd "$@"; }'
zpty -w z 'endmark() { print -r -- @@END >> '${(q)out}'; compprefuncs+=(endmark0); }; endmark0() { comppostfuncs+=(endmark); }; compprefuncs=(endmark0)'
zpty -w z "bindkey '^I' complete-word; bindkey '^U' kill-whole-line"
n=0
for line; do
  zpty -w -n z "$line"$'\t'
  (( n++ ))
  for i in {1..200}; do (( $(grep -c '^@@END$' $out) >= n )) && break; sleep 0.05; done
  (( $(grep -c '^@@END$' $out) >= n )) || { print -r -- "zsh: no completion for: $line"; exit 1 }
  zpty -w -n z $'\C-u'
done
zpty -d z
EOF
zsh_complete_all() { # DIR LINE...: prints the sorted matches of each line, one line each
  local dir=$1
  shift
  zsh -f "$t/drive.zsh" "$dir" "$t/zsh.out" "$@"
  # one line per completion: its matches, sorted and unique
  local cur=() w
  while IFS= read -r w; do
    if [[ $w == @@END ]]; then
      printf '%s\n' "${cur[@]}" | sed '/^$/d' | sort -u | tr '\n' ' ' | sed 's/ $//'
      echo
      cur=()
    else
      cur+=("$w")
    fi
  done < "$t/zsh.out"
}

fail=0
check() { # SHELL LINE GOT WANT
  if [[ $3 != "$4" ]]; then
    echo "$1: '$2': got [$3], want [$4]"
    fail=1
  fi
}

run_cases() { # BASH_SCRIPT ZSH_DIR: checks every case; sets fail
  local lines=() c line want_b want_z got i=0
  for c in "${cases[@]}"; do lines+=("${c%%|*}"); done
  for c in "${cases[@]}"; do
    IFS='|' read -r line want_b want_z <<< "$c"
    got=$(cd "$t/w" && bash_complete "$1" "$line")
    check bash "$line" "$got" "$want_b"
  done
  mapfile -t zgot < <(cd "$t/w" && zsh_complete_all "$2" "${lines[@]}")
  for c in "${cases[@]}"; do
    IFS='|' read -r line want_b want_z <<< "$c"
    [[ $want_z == "=" ]] && want_z=$want_b
    check zsh "$line" "${zgot[i]-}" "$want_z"
    i=$((i + 1))
  done
}

run_cases "$repo/completions/headroom.bash" "$repo/completions"
[[ $fail -eq 0 ]] || exit 1

# the self-check: with 'gpu' taken out of doctor --only's values, both shells'
# checks fail on that line
mkdir "$t/bad"
sed 's/ gpu audio / audio /; s/ gpu audio$/ audio/' completions/headroom.bash > "$t/bad/headroom.bash"
sed 's/ gpu audio / audio /' completions/_headroom > "$t/bad/_headroom"
! cmp -s completions/headroom.bash "$t/bad/headroom.bash" || { echo "self-check: sed changed nothing (bash)"; exit 1; }
! cmp -s completions/_headroom "$t/bad/_headroom" || { echo "self-check: sed changed nothing (zsh)"; exit 1; }
out=$(run_cases "$t/bad/headroom.bash" "$t/bad" 2>&1; echo "fail=$fail")
[[ $out == *"bash: 'headroom doctor --only g': got [], want [gpu]"* ]] || { echo "self-check (bash) did not fail: $out"; exit 1; }
[[ $out == *"zsh: 'headroom doctor --only g': got [], want [gpu]"* ]] || { echo "self-check (zsh) did not fail: $out"; exit 1; }
[[ $(grep -c ': got ' <<< "$out") -eq 2 ]] || { echo "self-check: other lines failed too: $out"; exit 1; }

# a real bash in tmux: Tab inserts what the function replies (bash's own word
# splitting at ':' and '=' included)
{
  tmux -S "$sock" new-session -d -x 150 -y 20 -c "$t/w" \
    "env PATH='$PATH' HISTFILE= bash --noprofile --norc -i"
  tmux -S "$sock" send-keys "PS1='$ '; source '$repo/completions/headroom.bash'; clear" Enter
  for _ in $(seq 100); do
    [[ $(tmux -S "$sock" capture-pane -p) == '$'* ]] && break
    sleep 0.1
  done
  real() { # TYPED WANTED-LINE
    tmux -S "$sock" send-keys -l "$1"
    tmux -S "$sock" send-keys Tab
    tmux -S "$sock" send-keys -l "#"  # shows whether Tab added a space
    local screen= _
    for _ in $(seq 100); do
      screen=$(tmux -S "$sock" capture-pane -p | { grep '^\$ ' || true; } | tail -1)
      [[ $screen == "\$ $2" ]] && break
      sleep 0.1
    done
    [[ $screen == "\$ $2" ]] || { echo "bash in tmux: '$1' + Tab gave '$screen', want '\$ $2'"; fail=1; }
    tmux -S "$sock" send-keys C-u
  }
  real "headroom --root $M fit qwen2:" "headroom --root $M fit qwen2:0.5b #"
  real "headroom config set autoMemoryReclaim=dr" "headroom config set autoMemoryReclaim=dropcache #"
  real "headroom config set memo" "headroom config set memory=#"
  real "headroom doctor --only=inf" "headroom doctor --only=inference #"
  real "headroom disk trim td" "headroom disk trim tdir/#"
  real "headroom --root $M fit tinyl" "headroom --root $M fit tinyllama:latest #"
  mkdir "$t/w/my models"
  real "headroom fit my\\ m" "headroom fit my\\ models/#"
  rmdir "$t/w/my models"
  tmux -S "$sock" kill-server 2> /dev/null || true
  [[ $fail -eq 0 ]] || exit 1
}

# what the completions offer is what headroom accepts
words_of() { (cd "$t/w" && bash_complete "$repo/completions/headroom.bash" "$1"); }
for area in $(words_of "headroom doctor --only "); do
  rc=0
  "$HEADROOM" --root "$D" doctor --only "$area" > /dev/null 2>&1 || rc=$?
  [[ $rc -ne 2 ]] || { echo "doctor --only $area: refused"; exit 1; }
done
skips=()
for id in $(words_of "headroom doctor --skip "); do skips+=(--skip "$id"); done
[[ ${#skips[@]} -gt 100 ]] || { echo "doctor --skip: only ${#skips[@]} words"; exit 1; }
rc=0
"$HEADROOM" --root "$D" doctor "${skips[@]}" > /dev/null 2> "$t/err" || rc=$?
[[ $rc -ne 2 ]] || { echo "doctor --skip: an offered id was refused: $(cat "$t/err")"; exit 1; }
n=0
for id in $(words_of "headroom explain "); do
  "$HEADROOM" explain "$id" > /dev/null || { echo "explain $id failed"; exit 1; }
  n=$((n + 1))
done
[[ $n -gt 50 ]] || { echo "explain: only $n ids offered"; exit 1; }
# ... and nothing is left out: explain offers every page, --skip every id of
# them (and wslconf.* beside wslconfig.*), --only every area
pages=$("$HEADROOM" explain --json | jq -r '.[].id' | sort)
[[ $(words_of "headroom explain " | tr ' ' '\n' | sort) == "$pages" ]] ||
  { echo "explain: the completion and 'headroom explain --json' differ"; exit 1; }
[[ $("$HEADROOM" explain | awk '/^  / { print $1 }' | sort) == "$pages" ]] ||
  { echo "explain: its list and 'headroom explain --json' differ"; exit 1; }
missing=$(comm -23 <(echo "$pages") <(words_of "headroom doctor --skip " | tr ' ' '\n' | sort))
[[ -z $missing ]] || { echo "doctor --skip does not offer: $missing"; exit 1; }
areas=$("$HEADROOM" explain --json | jq -r '.[].area' | grep -vx lint | sort -u)
[[ $(words_of "headroom doctor --only " | tr ' ' '\n' | sort) == "$areas" ]] ||
  { echo "doctor --only: offered [$(words_of "headroom doctor --only ")], the areas are [$areas]"; exit 1; }
for ct in $(words_of "headroom fit --cache-type "); do
  rc=0
  "$HEADROOM" --root "$M" fit --cache-type "$ct" tinyllama:latest > /dev/null 2> "$t/err" || rc=$?
  [[ $rc -ne 2 ]] || { echo "fit --cache-type $ct: refused: $(cat "$t/err")"; exit 1; }
done
for mode in $(words_of "headroom watch --mode "); do
  "$HEADROOM" --root "$D" watch --mode "$mode" --dry-run --duration 50ms > /dev/null ||
    { echo "watch --mode $mode: refused"; exit 1; }
done
printf '[wsl2]\nmemory=4GB\n' > "$t/test.wslconfig"
for key in $(words_of "headroom config set " | tr -d =); do
  "$HEADROOM" config set --file "$t/test.wslconfig" --dry-run "$key=1" > /dev/null 2> "$t/err" || true
  ! grep -qi "unknown key\|not a WSL setting" "$t/err" || { echo "config set $key: $(cat "$t/err")"; exit 1; }
  for v in $(words_of "headroom config set $key="); do
    "$HEADROOM" config set --file "$t/test.wslconfig" --dry-run "$key=$v" > /dev/null 2> "$t/err" ||
      { echo "config set $key=$v: $(cat "$t/err")"; exit 1; }
  done
done
for item in $(words_of "headroom windows script --apply "); do
  "$HEADROOM" --root "$D" windows script --apply "$item" -o "$t/x.ps1" --dry-run > /dev/null ||
    { echo "windows script --apply $item: refused"; exit 1; }
done
models=$(words_of "headroom --root $M fit " | tr ' ' '\n' | grep -v -e '^tdir/$' -e '^tiny.gguf$' || true)
[[ $(wc -l <<< "$models") -eq 4 ]] || { echo "models: $models"; exit 1; }
for m in $models; do
  "$HEADROOM" --root "$M" fit "$m" > /dev/null || { echo "fit $m: refused"; exit 1; }
done
# the subcommands are those each command's error lists
for cmd in config windows disk; do
  rc=0
  "$HEADROOM" "$cmd" no-such-sub 2> "$t/err" || rc=$?
  [[ $rc -eq 2 ]]
  listed=$(sed -n 's/.*subcommand (\(one of: \)\{0,1\}\([^)]*\)).*/\2/p' "$t/err" | tr -d , | tr ' ' '\n' | sort | tr '\n' ' ')
  offered=$(words_of "headroom $cmd " | tr ' ' '\n' | sort | tr '\n' ' ')
  [[ -n $listed && $listed == "$offered" ]] || { echo "$cmd: offered [$offered], the error lists [$listed]"; exit 1; }
done
out=$("$HEADROOM" audio no-such-sub 2>&1 || true)
[[ $out == *"expected '$(words_of "headroom audio ")'"* ]] || { echo "audio: $out"; exit 1; }
# a model name that is not one plain shell word is not offered: completion
# must not put it on the line ('a b' passes the store scanner and stops at
# __complete; the quote, $(...) and the escape byte do not pass the scanner)
H=$t/hostile-stores
cp -a "$M" "$H"
lib=$H/home/alice/.ollama/models/manifests/registry.ollama.ai/library
for bad in 'a b' 'x$(touch pwned)' $'esc\e[31m' "q'uote"; do
  mkdir -p "$lib/$bad"
  cp "$lib/tinyllama/latest" "$lib/$bad/latest"
done
listed=$("$HEADROOM" __complete models --root "$H")
[[ $(wc -l <<< "$listed") -eq 4 ]] || { echo "hostile names listed: $(cat -A <<< "$listed")"; exit 1; }
[[ ! -e pwned && ! -e $t/w/pwned ]]
# the model list helper: quiet and status 0 on a root that does not exist
out=$("$HEADROOM" __complete models --root "$t/none" 2>&1)
[[ -z $out ]]
rc=0
"$HEADROOM" __complete no-such-list > /dev/null 2>&1 || rc=$?
[[ $rc -eq 2 ]]
echo ok

#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# Every ```console block in README.md is what its "$ " lines print, byte for
# byte. A block is one or more commands, each a line starting with "$ "
# followed by its output (standard output and standard error together, as a
# terminal shows them) up to the next "$ " line or the closing fence.
#
# The scheme, also said in README.md: each command is typed as a reader types
# it in a clone, from the repository root, and reads a bundled fixture
# machine: it starts with `headroom --root tests/roots/NAME` (or is `headroom
# explain ...` / `headroom help ...`, which read no machine). A command's exit
# status is 0 unless its line ends in a comment "# exit N". Commands that
# need a live machine (sudo, a running workload) go in ```sh blocks, without
# output.
#
# The commands run in the clean environment of the golden tests
# (tests/golden/run.sh): LC_ALL=C, TZ=UTC, NO_COLOR=1, HEADROOM_NOW fixed, an
# empty HOME, no HEADROOM_ROOT or WSL_* variables, stdin from /dev/null. No
# other normalisation: the output is compared as it is printed.
#
# UPDATE_GOLDEN=1 rewrites the output under each "$ " line in README.md
# (look at `git diff README.md` before committing). The exit status comments
# are not rewritten: a wrong one fails in either mode.
#   HEADROOM=build/headroom bash tests/cli/readme-examples.sh
set -uo pipefail
: "${HEADROOM:?set HEADROOM to the headroom binary}"
cd "$(dirname "$0")/../.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir "$t/bin"
ln -s "$(realpath "$HEADROOM")" "$t/bin/headroom"

readme=README.md
new=$t/README.md
: > "$new"
fails=0 commands=0 blocks=0 lineno=0
in_block=0 seen_command=0
fail() {
  echo "FAIL $readme:$lineno: $*" >&2
  fails=$((fails + 1))
}

run_example() { # COMMAND: appends its output to $new
  local cmd=$1 want=0 status=0 home
  commands=$((commands + 1))
  if [[ ! $cmd =~ ^headroom\ --root\ tests/roots/[A-Za-z0-9._-]+\  && ! $cmd =~ ^headroom\ (explain|help)(\ |$) ]]; then
    fail "'$cmd' does not read a bundled fixture (headroom --root tests/roots/NAME ...)"
    return
  fi
  [[ $cmd =~ \#\ exit\ ([0-9]+) ]] && want=${BASH_REMATCH[1]}
  home=$(mktemp -d "$t/home.XXXXXX")
  env -i PATH="$t/bin:$PATH" HOME="$home" LC_ALL=C TZ=UTC NO_COLOR=1 HEADROOM_NOW=1764000000 \
    ${ASAN_OPTIONS:+ASAN_OPTIONS=$ASAN_OPTIONS} ${UBSAN_OPTIONS:+UBSAN_OPTIONS=$UBSAN_OPTIONS} \
    bash -c "$cmd" > "$t/out" 2>&1 < /dev/null || status=$?
  [[ $status -eq $want ]] || fail "'$cmd' exited $status, the example says $want"
  if [[ -s $t/out && $(tail -c1 "$t/out" | od -An -c | tr -d ' ') != '\n' ]]; then
    fail "'$cmd': its output does not end in a newline, which a console block cannot show"
  fi
  if grep -qE '^(\$ |```)' "$t/out"; then
    fail "'$cmd': an output line starts with '\$ ' or a fence, which this scheme would misread"
  fi
  cat "$t/out" >> "$new"
}

while IFS= read -r line || [[ -n $line ]]; do
  lineno=$((lineno + 1))
  if ((in_block)); then
    if [[ $line == '```' ]]; then
      ((seen_command)) || fail "a console block without a '\$ ' command"
      in_block=0
      printf '%s\n' "$line" >> "$new"
    elif [[ $line == '$ '* ]]; then
      seen_command=1
      printf '%s\n' "$line" >> "$new"
      run_example "${line#\$ }"
    elif ! ((seen_command)); then
      fail "a console block line before its first '\$ ' command: $line"
      printf '%s\n' "$line" >> "$new"
    fi
    # else: the output README.md has now, replaced by what the command printed
    continue
  fi
  if [[ $line == '```console' ]]; then
    in_block=1 seen_command=0
    blocks=$((blocks + 1))
  fi
  printf '%s\n' "$line" >> "$new"
done < "$readme"
((in_block)) && fail "a console block is not closed"
[[ $commands -gt 0 ]] || fail "no console examples found"

if [[ ${UPDATE_GOLDEN:-} == 1 ]]; then
  if ! cmp -s "$readme" "$new"; then
    cp "$new" "$readme.tmp" && mv "$readme.tmp" "$readme"
    echo "rewrote the examples in $readme"
  fi
elif ! diff -u "$readme" "$new" --label "$readme" --label "what the commands print"; then
  echo "FAIL: README.md's examples differ from what the commands print (UPDATE_GOLDEN=1 rewrites them)" >&2
  fails=$((fails + 1))
fi
echo "$blocks console blocks, $commands commands, $fails failures"
[[ $fails -eq 0 ]]

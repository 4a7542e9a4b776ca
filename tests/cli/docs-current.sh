#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# The man pages and completions in the tree are what tools/gen-docs.c makes
# from the command table today (run `make docs` after changing a command),
# the man pages render without warnings, and bash and zsh accept the
# completions.
set -euo pipefail
: "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir "$t/man"
"$BUILD_DIR/gen-docs" man "$t/man"
"$BUILD_DIR/gen-docs" bash "$t/headroom.bash"
"$BUILD_DIR/gen-docs" zsh "$t/_headroom"
diff -ru man "$t/man" || { echo "man/ is stale: run make docs"; exit 1; }
diff -u completions/headroom.bash "$t/headroom.bash" || { echo "stale: run make docs"; exit 1; }
diff -u completions/_headroom "$t/_headroom" || { echo "stale: run make docs"; exit 1; }
for page in man/*.1; do
  out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$page" 2>&1 > /dev/null)
  [[ -z $out ]] || { echo "$page: $out"; exit 1; }
  LC_ALL=C.UTF-8 MANWIDTH=80 man -E UTF-8 -l "$page" 2> /dev/null | grep -q "EXIT STATUS"
done
# headroom-rules(7): renders cleanly and has a section per explain id
out=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l man/headroom-rules.7 2>&1 > /dev/null)
[[ -z $out ]] || { echo "man/headroom-rules.7: $out"; exit 1; }
[[ $(grep -c '^\.Ss ' man/headroom-rules.7) -gt 50 ]] || { echo "headroom-rules.7: too few ids"; exit 1; }
bash -n completions/headroom.bash
zsh -n completions/_headroom
# the bash completion offers the commands and a command's own options
source completions/headroom.bash
COMP_WORDS=(headroom d); COMP_CWORD=1; _headroom
[[ " ${COMPREPLY[*]} " == *" doctor "* ]]
COMP_WORDS=(headroom doctor --o); COMP_CWORD=2; _headroom
[[ " ${COMPREPLY[*]} " == *" --only "* ]]
echo ok

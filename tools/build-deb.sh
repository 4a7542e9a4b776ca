#!/usr/bin/env bash
# Builds the Debian package with dpkg-buildpackage in a clean copy of the
# tree (the files git tracks or would track: no build/ leftovers) and puts
# headroom_VERSION_ARCH.deb in DIR. `make deb` (DIR = the clone) and
# tools/check-package.sh use it.
#   tools/build-deb.sh DIR
set -euo pipefail
out=$(realpath "${1:?usage: tools/build-deb.sh DIR}")
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | (mkdir "$work/headroom" && tar -xf - -C "$work/headroom")
if ! (cd "$work/headroom" && dpkg-buildpackage -b -us -uc) > "$work/build.log" 2>&1; then
  tail -n 40 "$work/build.log" >&2
  echo "build-deb: dpkg-buildpackage failed (the last 40 lines of its log are above)" >&2
  exit 1
fi
for deb in "$work"/headroom_*.deb; do
  cp "$deb" "$out/"
  echo "$out/$(basename "$deb")"
done

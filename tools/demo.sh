#!/usr/bin/env bash
# `make demo`: headroom doctor, the main job, on this machine when it is WSL2, otherwise
# on the bundled sample machine (a 16 GB laptop running WSL2 with default
# settings), saying which one it used.
set -eu
bin=$1
cd "$(dirname "$0")/.."
sample=tests/roots/wsl2-16g-default
release=$(cat /proc/sys/kernel/osrelease 2>/dev/null || true)
if [[ $release == *WSL2* || $release == *microsoft-standard* ]]; then
  echo "== headroom on this machine (WSL2, kernel $release)"
  echo
  "$bin" doctor || [ $? -eq 1 ] # 1 = findings, which is what a demo shows
  exit 0
fi
echo "== This machine is not WSL2 (kernel ${release:-unknown}); using the bundled sample machine:"
echo "== $sample — a 16 GB Windows laptop running WSL2 with default settings (see its README.md)"
echo
"$bin" --root "$sample" doctor || [ $? -eq 1 ]

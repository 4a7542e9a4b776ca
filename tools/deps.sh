#!/usr/bin/env bash
# Makes sure the Debian packages a make target needs are installed.
#   tools/deps.sh GROUP...     groups: check win fuzz parity report bench bench-watch deb package
# As root it installs what is missing with apt-get (updating the package
# lists once if a first attempt fails); as another user it prints the exact
# command and exits 1.
set -euo pipefail

declare -A groups=(
  # musl-tools: headroom-watch, the daemon alone, is linked static against musl;
  # pulseaudio: audio-test.sh runs a real server (pactl mutes its source);
  # libcurl4-openssl-dev: curl.h for fit URL (libcurl is loaded at run time,
  # src/net/curl-dl.c); nginx-light: the server
  # tests/cli/fit-remote.sh starts (openssl: its self-signed certificate);
  # prometheus: promtool (Debian ships it only in the server's package) for
  # tests/cli/fleet.sh's check/test rules and check metrics; systemd:
  # systemd-analyze verify on contrib/headroom-watch.service
  [check]="libcmocka-dev libncurses-dev jq man-db zsh tmux musl-tools e2fsprogs mount util-linux pulseaudio pulseaudio-utils libcurl4-openssl-dev nginx-light openssl prometheus systemd"
  # the Windows helper: cross-compiler, and Wine to run it in the tests;
  # python3 serves Ollama's /api/version in duplicate-server-live.sh
  [win]="gcc-mingw-w64-x86-64-win32 wine64 python3"
  [fuzz]="clang libclang-rt-14-dev"
  # make gguf-parity: ggml's reader is C++; the corpus generator is Python; node and npm are checked apart (as bench-fit does: a nodesource node conflicts with Debian's npm)
  [parity]="g++ git python3"
  [report]="chromium nodejs poppler-utils"
  [bench]="hyperfine jq procps"
  # make deb: what dpkg-buildpackage needs for debian/control's Build-Depends
  [deb]="build-essential debhelper fakeroot libncurses-dev musl-tools libcurl4-openssl-dev"
  [package]="build-essential debhelper devscripts lintian fakeroot libncurses-dev man-db musl-tools libcurl4-openssl-dev"
  [bench-watch]="earlyoom procps"
)

want=()
for g in "$@"; do
  [[ -n "${groups[$g]+x}" ]] || { echo "deps.sh: unknown group '$g'" >&2; exit 2; }
  for p in ${groups[$g]}; do want+=("$p"); done
done

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "missing packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Wait for another apt/dpkg run (a parallel build) instead of failing.
apt=(apt-get -o DPkg::Lock::Timeout=600 -y --no-install-recommends)
if ! "${apt[@]}" install "${missing[@]}" >&2; then
  "${apt[@]}" update >&2
  "${apt[@]}" install "${missing[@]}" >&2
fi

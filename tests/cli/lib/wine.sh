# Sourced by the tests that run headroom-win.exe under Wine (Debian's wine64)
# through headroom's live path.
#   wine_setup PREFIX [mingw]
# sets exe (the helper: $BUILD_DIR's, else build/'s) and wine, and with mingw
# cc (the test builds Windows programs of its own); skips (exit 77, with the
# reason) when one is missing; then exports a quiet Wine on the prefix
# build/PREFIX, so a test that writes the registry can keep its own.
#   wine_helper FILE
# writes FILE: a script that runs the helper under wine64, for
# $HEADROOM_WIN_HELPER.
wine_setup() {
  exe=$PWD/build/headroom-win.exe
  [[ -f $BUILD_DIR/headroom-win.exe ]] && exe=$BUILD_DIR/headroom-win.exe
  wine=$(command -v wine64 || echo /usr/lib/wine/wine64)
  if [[ ${2:-} == mingw ]]; then
    cc=$(command -v x86_64-w64-mingw32-gcc || true)
    [[ -f $exe && -n $cc ]] || { echo "skip: no headroom-win.exe or mingw-w64 (make check installs them)"; exit 77; }
  else
    [[ -f $exe ]] || { echo "skip: no headroom-win.exe (mingw-w64 missing; make check installs it)"; exit 77; }
  fi
  [[ -x $wine ]] || { echo "skip: no wine64 (make check installs it)"; exit 77; }
  export WINEPREFIX=$PWD/build/$1 WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
  unset DISPLAY WAYLAND_DISPLAY
}

wine_helper() {
  printf '#!/bin/sh\nexec "%s" "%s" "$@"\n' "$wine" "$exe" > "$1"
  chmod +x "$1"
}

#!/usr/bin/env bash
# check: parallel (fixtures and temporary files only)
# A snapshot whose files are not files (issue 23's hostile-root test): in
# place of each file of tests/roots/wsl2-16g-default in turn, a FIFO with no
# writer, a Unix socket, a character device (as root), a 1 GiB sparse file
# and a link that leaves the root. For each, `status --json` and
# `doctor --json` (and, for /proc/meminfo and the Windows helper's data,
# `top`, `budget`, `windows status` and `report`) must return within 2 s,
# with exit 0, 1 or 2, and at most one line on stderr; exit 2 names the file.
set -uo pipefail
cd "$(dirname "$0")/../.."
: "${HEADROOM:=build/headroom}"
H=$(realpath "$HEADROOM")
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export HEADROOM_NOW=1767225600
src=tests/roots/wsl2-16g-default
kinds="fifo socket sparse link"
[[ $(id -u) -eq 0 ]] && kinds="$kinds device"
mapfile -t files < <(cd "$src" && find . -type f ! -name README.md | sed 's|^\./||' | sort)
root=$t/root
fails=0 runs=0 fatal=0

place() { # kind, relative path: replaces that file in $root
  local p=$root/$2
  rm -f "$p"
  case $1 in
    fifo) mkfifo "$p" ;;
    socket) python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$p" ;;
    device) mknod "$p" c 1 5 ;; # /dev/zero: endless bytes
    sparse) truncate -s 1G "$p" ;;
    link) ln -s /etc/passwd "$p" ;;
  esac
}
run() { # kind, file, command...: bounded, one line at most, exit 0/1/2
  local kind=$1 file=$2 rc start end lines
  shift 2
  runs=$((runs + 1))
  start=$(date +%s%N)
  timeout 10 "$H" --root "$root" "$@" > "$t/out" 2> "$t/err" < /dev/null
  rc=$?
  end=$(date +%s%N)
  lines=$(wc -l < "$t/err")
  local ms=$(((end - start) / 1000000)) why=
  ((ms > 2000)) && why="took $ms ms"
  [[ $rc -le 2 ]] || why="exit $rc"
  ((lines > 1)) && why="$lines lines on stderr"
  if [[ $rc -eq 2 ]]; then
    fatal=$((fatal + 1))
    grep -qF "$file" "$t/err" || why="exit 2 without naming $file"
  fi
  if [[ -n $why ]]; then
    echo "FAIL $kind as $file: $*: $why: $(head -c 300 "$t/err")"
    fails=$((fails + 1))
  fi
}
for kind in $kinds; do
  for f in "${files[@]}"; do
    rm -rf "$root"
    cp -a "$src" "$root"
    place "$kind" "$f"
    run "$kind" "$f" status --json
    run "$kind" "$f" doctor --json
    case $f in
      proc/meminfo | .headroom/host.json)
        run "$kind" "$f" top --count 1
        run "$kind" "$f" budget
        run "$kind" "$f" windows status
        run "$kind" "$f" report -o "$t/r.html"
        ;;
    esac
  done
done
echo "${#files[@]} files x ($kinds): $runs runs, $fatal refused with exit 2, $fails failed"
[[ $fails -eq 0 ]]

#!/usr/bin/env bash
# `make bench-fit-remote`: bytes, requests and wall time of `headroom fit
# --json URL` against @huggingface/gguf@0.4.6 (npm, under build/bench-node)
# reading the same URLs from the same nginx on 127.0.0.1 (started here, in
# the foreground, killed on exit). nginx's access log ($body_bytes_sent per
# request) is the count for both. The files: llama.cpp's own vocab GGUF
# (tests/data/gguf, the whole 32000-token header) and gguf-gen models whose
# vocabularies are the sizes of real ones (32k, 128k, 151k, 256k tokens).
# headroom's cache is off (a fresh XDG_CACHE_HOME per run).
set -euo pipefail
cd "$(dirname "$0")/.."
N=build/bench-node
command -v node > /dev/null && command -v npm > /dev/null || { echo "needs node and npm" >&2; exit 1; }
command -v nginx > /dev/null || { echo "needs nginx (tools/deps.sh check)" >&2; exit 1; }
if [[ ! -d $N/node_modules/@huggingface/gguf ]]; then
  mkdir -p "$N"
  [[ -f $N/package.json ]] || echo '{"name":"headroom-bench-fit","private":true}' > "$N/package.json"
  (cd "$N" && npm install --no-audit --no-fund @huggingface/gguf@0.4.6 >&2)
fi
make --no-print-directory build/headroom build/tools/gguf-gen >&2
t=$(mktemp -d /tmp/headroom-bench-remote.XXXXXX)
chmod 755 "$t"
pid=
trap '[[ -n $pid ]] && kill "$pid" 2> /dev/null; rm -rf "$t"' EXIT
mkdir -p "$t/www" "$t/logs" "$t/tmp"
cp tests/data/gguf/ggml-vocab-llama-spm.gguf "$t/www/llama-spm-vocab.gguf"
for v in 32000 128256 151936 262144; do
  build/tools/gguf-gen -o "$t/www/gen-vocab-$v.gguf" --embd 2048 --layers 16 --heads 16 --kv-heads 8 \
    --ff 5632 --vocab "$v" --type Q4_K > /dev/null
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$t/nginx.conf" <<CONF
daemon off; master_process off; pid $t/nginx.pid; error_log $t/logs/error.log warn;
events { worker_connections 64; }
http {
  log_format b '\$request_uri \$status \$body_bytes_sent';
  access_log $t/logs/access.log b;
  client_body_temp_path $t/tmp/b; proxy_temp_path $t/tmp/p; fastcgi_temp_path $t/tmp/f;
  uwsgi_temp_path $t/tmp/u; scgi_temp_path $t/tmp/s;
  server { listen 127.0.0.1:$port; root $t/www; }
}
CONF
nginx -p "$t" -c "$t/nginx.conf" &
pid=$!
for _ in $(seq 100); do (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break; sleep 0.05; done
lines() { wc -l < "$t/logs/access.log" 2> /dev/null || echo 0; }
# runs "$@" and prints: requests body-bytes milliseconds
measure() {
  local m=$(lines) s e
  s=$(date +%s%N)
  "$@" > /dev/null
  e=$(date +%s%N)
  tail -n +$((m + 1)) "$t/logs/access.log" | awk -v ms=$(((e - s) / 1000000)) '{n++; b += $3} END {print n + 0, b + 0, ms}'
}
header() { # the end of the tensor infos: what a reader must have
  XDG_CACHE_HOME=$t/cache-h build/headroom fit "$1" --json --ram 1TiB > /dev/null
  python3 - "$1" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read(64 << 20); p = 8
nt, nk = struct.unpack_from("<QQ", b, p); p += 16
sz = {0:1,1:1,2:2,3:2,4:4,5:4,6:4,7:1,10:8,11:8,12:8}
def s():
    global p
    n, = struct.unpack_from("<Q", b, p); p += 8 + n
for _ in range(nk):
    s(); t, = struct.unpack_from("<I", b, p); p += 4
    if t == 8: s()
    elif t == 9:
        et, n = struct.unpack_from("<IQ", b, p); p += 12
        if et == 8:
            for _ in range(n): s()
        else: p += sz[et] * n
    else: p += sz[t]
for _ in range(nt):
    s(); nd, = struct.unpack_from("<I", b, p); p += 4 + 8 * nd + 12
print(p)
PY
}
printf '| file | header | headroom: requests, bytes, ms | @huggingface/gguf: requests, bytes, ms |\n|---|---:|---:|---:|\n'
for f in "$t"/www/*.gguf; do
  u=http://127.0.0.1:$port/$(basename "$f")
  h=$(header "$f")
  rm -rf "$t/cache"
  read -r hn hb hms < <(measure env XDG_CACHE_HOME="$t/cache" build/headroom fit "$u" --json --ram 1TiB)
  read -r pn pb pms < <(measure node bench/fit-remote-read.mjs "$u")
  printf '| %s | %s | %s, %s, %s | %s, %s, %s |\n' "$(basename "$f")" "$h" "$hn" "$hb" "$hms" "$pn" "$pb" "$pms"
done

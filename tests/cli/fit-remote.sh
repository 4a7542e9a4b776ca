#!/usr/bin/env bash
# fit URL and fit hf:ORG/REPO/FILE.gguf against a real nginx that this test
# starts on 127.0.0.1 (a free port, its own prefix and config under a temp
# dir, in the foreground, killed on exit), serving models written by
# gguf-gen. nginx's access log ($request, $status, $bytes_sent, the Range
# asked for) is the witness for what headroom read. Checks:
#   1. a small header and one of ~2.4 MB (a 150k-token vocabulary): at most
#      3 requests and at most the header + 1 MiB of body per file, and the
#      same --json as fit on the same file read locally (minus the path, the
#      command line that names it and the "remote" record);
#   2. a split set of 3 parts: every part's header read, the same figures as
#      the local split set;
#   3. the cache: a second run sends one request that nginx answers 304;
#   4. errors, each one line with its exit status: 404 (2), 401 and 403
#      (3, "set HF_TOKEN"), a server that ignores Range (2 past the first
#      MiB, and --download-whole reads on), a redirect loop (3), connection
#      refused (3), TLS against a plain-HTTP port and a self-signed
#      certificate (3), a time limit (3), a
#      malformed header (2, the byte offset);
#   5. hf: names through HF_ENDPOINT, a redirect to the file as the Hub
#      does, HF_TOKEN sent as a bearer token to a gated repo and to no
#      other host; hf:ORG/REPO:QUANT through the Hub's tree listing (nginx
#      serves it as a file in the documented shape): one file, a split set
#      in a folder, none and two that match;
#   6. ollama:NAME:TAG through a registry's manifest and blob (nginx serves
#      them in the shape of registry.ollama.ai);
#   7. http_proxy through a forward proxy (nginx again, its own log),
#      no_proxy, and a proxy that is not there.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
gen=$BUILD_DIR/tools/gguf-gen
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $nginx ]] || { echo "skip: no nginx (make check installs it: tools/deps.sh check)"; exit 77; }
command -v python3 > /dev/null || { echo "skip: no python3 to find a free port"; exit 77; }
command -v tmux > /dev/null || { echo "skip: no tmux for the progress line (make check installs it)"; exit 77; }

t=$(mktemp -d /tmp/headroom-fit-remote.XXXXXX)
chmod 755 "$t"
pids=()
sock=$t/tmux.sock
cleanup() {
  tmux -S "$sock" kill-server 2> /dev/null || true
  for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2> /dev/null || true; done
  rm -rf "$t"
}
trap cleanup EXIT
export XDG_CACHE_HOME=$t/cache
unset HF_TOKEN HF_ENDPOINT https_proxy http_proxy HTTPS_PROXY HTTP_PROXY all_proxy ALL_PROXY
R=(--root tests/roots/wsl2-16g-default)

mkdir -p "$t/www/ok" "$t/www/gated" "$t/logs" "$t/tmp"
"$gen" -o "$t/www/ok/small.gguf" --embd 256 --layers 3 --heads 4 --kv-heads 2 --ff 512 --vocab 600 --type Q8_0
"$gen" -o "$t/www/ok/big-vocab.gguf" --embd 256 --layers 4 --heads 4 --kv-heads 2 --ff 512 --vocab 150000 --type Q4_K
"$gen" -o "$t/www/ok/set.gguf" --embd 128 --layers 6 --heads 4 --kv-heads 2 --ff 256 --vocab 600 --type Q8_0 --split 3
# an 8B-shaped model, 3.8 GiB with its weights a hole: the download that
# does not fit on a drive with 1.1 GiB left
"$gen" -o "$t/www/ok/eight-b.gguf" --embd 4096 --layers 32 --heads 32 --kv-heads 8 --ff 14336 \
  --vocab 32000 --type Q4_0 --name eight-b
cp "$t/www/ok/small.gguf" "$t/www/gated/small.gguf"
# a repository as the Hub lists it (GET /api/models/ORG/REPO/tree/main, the
# entries' documented shape: type, oid, size, path, lfs), files by quant
mkdir -p "$t/www/ok/Q8_0" "$t/www/api"
cp "$t/www/ok/small.gguf" "$t/www/ok/some-model-Q8_0.gguf"
cp "$t/www/ok/big-vocab.gguf" "$t/www/ok/some-model-IQ4_XS.gguf"
cp --sparse=always "$t"/www/ok/set-0000?-of-00003.gguf "$t/www/ok/Q8_0/"
listing() { # file... (relative to www/ok)
  local sep=
  printf '['
  for f in "$@"; do
    printf '%s{"type":"file","oid":"0123abcd","size":%s,"path":"%s","lfs":{"oid":"4567ef","size":%s,"pointerSize":135}}' \
      "$sep" "$(stat -c %s "$t/www/ok/$f" 2> /dev/null || echo 1234)" "$f" "$(stat -c %s "$t/www/ok/$f" 2> /dev/null || echo 1234)"
    sep=,
  done
  printf ',{"type":"directory","oid":"89ab","size":0,"path":"Q8_0"}]\n'
}
listing README.md some-model-Q8_0.gguf some-model-IQ4_XS.gguf mmproj-some-model-Q8_0.gguf > "$t/www/api/some-model.json"
listing Q8_0/set-00001-of-00003.gguf Q8_0/set-00002-of-00003.gguf Q8_0/set-00003-of-00003.gguf > "$t/www/api/split.json"
listing a-Q8_0.gguf b-Q8_0.gguf > "$t/www/api/twice.json"
# an Ollama registry (the OCI distribution API): a manifest in the shape
# registry.ollama.ai serves, its model layer the real digest of small.gguf
digest=sha256:$(sha256sum "$t/www/ok/small.gguf" | cut -c1-64)
manifest() { # model-layer-type
  printf '{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"sha256:%064d","size":485},"layers":[{"mediaType":"%s","digest":"%s","size":%s},{"mediaType":"application/vnd.ollama.image.license","digest":"sha256:%064d","size":11357}]}\n' \
    1 "$1" "$digest" "$(stat -c %s "$t/www/ok/small.gguf")" 2
}
mkdir -p "$t/www/v2/library/tiny/manifests" "$t/www/v2/library/bad/manifests"
manifest application/vnd.ollama.image.model > "$t/www/v2/library/tiny/manifests/q8_0"
manifest application/vnd.ollama.image.projector > "$t/www/v2/library/bad/manifests/latest"
# a malformed header: the tensor count cut to a value that cannot fit
cp "$t/www/ok/small.gguf" "$t/www/ok/bad.gguf"
printf '\xff\xff\xff\xff\xff\xff\xff\x0f' | dd of="$t/www/ok/bad.gguf" bs=1 seek=8 conv=notrunc status=none

# a free port: the kernel picks one, nginx takes it next
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port=$(free_port)
dead_port=$(free_port) # nothing listens there
proxy_port=$(free_port)
tls_port=$(free_port)
# a certificate nobody vouches for: the TLS peer check must refuse it
have_tls=
if command -v openssl > /dev/null &&
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -keyout "$t/key.pem" -out "$t/cert.pem" > /dev/null 2>&1; then
  have_tls=1
  tls_server="server { listen 127.0.0.1:$tls_port ssl; ssl_certificate $t/cert.pem; ssl_certificate_key $t/key.pem; root $t/www; }"
fi
cat > "$t/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $t/nginx.pid;
error_log $t/logs/error.log warn;
events { worker_connections 64; }
http {
  types { application/octet-stream gguf; }
  default_type application/octet-stream;
  log_format witness '\$request_uri \$status \$bytes_sent \$body_bytes_sent "\$http_range" "\$http_authorization" "\$http_accept" \$msec \$request_time';
  access_log $t/logs/access.log witness;
  client_body_temp_path $t/tmp/body;
  proxy_temp_path $t/tmp/proxy;
  fastcgi_temp_path $t/tmp/fastcgi;
  uwsgi_temp_path $t/tmp/uwsgi;
  scgi_temp_path $t/tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $t/www;
    location /ok/ { }
    location /v2/ { default_type application/vnd.docker.distribution.manifest.v2+json; }
    # a blob answers with a redirect to where it is, as the registry's does
    location ~ "^/v2/library/tiny/blobs/sha256:[0-9a-f]{64}\$" { return 307 /ok/small.gguf; }
    # 1 MB/s: a part of the split set takes a third of a second, so parts
    # read one after another would not overlap in time
    location /slow/ { alias $t/www/ok/; limit_rate 1m; }
    # a server that ignores Range: 200 and the whole file
    location /norange/ { alias $t/www/ok/; max_ranges 0; }
    location = /e401 { return 401; }
    location = /e403 { return 403; }
    location = /loop { return 302 /loop; }
    location = /notgguf { return 200 "hello, world\n"; }
    # the Hub's shape: /ORG/REPO/resolve/main/FILE answers with a redirect
    # to where the file is (huggingface.co sends 302 to its CDN)
    location ~ ^/hub/ok-org/[^/]+/resolve/main/(.+)\$ { return 302 /ok/\$1; }
    location = /hub/api/models/ok-org/Some-Model-GGUF/tree/main { alias $t/www/api/some-model.json; }
    location = /hub/api/models/ok-org/Split-GGUF/tree/main { alias $t/www/api/split.json; }
    location = /hub/api/models/ok-org/Twice-GGUF/tree/main { alias $t/www/api/twice.json; }
    location ~ ^/hub/gated-org/[^/]+/resolve/main/(.+)\$ {
      if (\$http_authorization != "Bearer hf_test_token") { return 401; }
      alias $t/www/gated/\$1;
    }
  }
  ${tls_server:-}
  # a forward proxy for http_proxy, with its own log
  server {
    listen 127.0.0.1:$proxy_port;
    access_log $t/logs/proxy.log witness;
    location / { proxy_pass http://127.0.0.1:$port; }
  }
}
EOF
"$nginx" -p "$t" -c "$t/nginx.conf" 2> "$t/logs/stderr" &
pids+=($!)
for _ in $(seq 100); do
  (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
  sleep 0.05
done
(exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null || { echo "nginx did not start"; cat "$t/logs/stderr" "$t/logs/error.log"; exit 1; }
base=http://127.0.0.1:$port
fail=0

# the log lines of the requests since mark
mark() { wc -l < "$t/logs/access.log" 2> /dev/null || echo 0; }
since() { tail -n +$(($1 + 1)) "$t/logs/access.log"; }

# the header's size: the end of the tensor infos, from the local reading
header_bytes() { # file
  python3 - "$1" <<'PY'
import struct, sys
b = open(sys.argv[1], "rb").read(64 << 20)
p = 4 + 4
nt, nk = struct.unpack_from("<QQ", b, p); p += 16
sizes = {0:1,1:1,2:2,3:2,4:4,5:4,6:4,7:1,10:8,11:8,12:8}
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
        else: p += sizes[et] * n
    else: p += sizes[t]
for _ in range(nt):
    s(); nd, = struct.unpack_from("<I", b, p); p += 4 + 8 * nd + 4 + 8
print(p)
PY
}

# JSON of fit minus what names the file
strip() { jq -S 'del(.model.path, .model.name, .model.remote, .command, .alternative.command, .download)' "$1"; }

# 1. single files: bytes and requests from the server's log, same JSON as local
for f in small big-vocab; do
  m=$(mark)
  "$HEADROOM" "${R[@]}" fit "$base/ok/$f.gguf" --json > "$t/r.json" || [[ $? == 1 ]]
  "$HEADROOM" "${R[@]}" fit "$t/www/ok/$f.gguf" --json > "$t/l.json" || [[ $? == 1 ]]
  since "$m" > "$t/req.log"
  n=$(wc -l < "$t/req.log")
  body=$(awk '{s += $4} END {print s + 0}' "$t/req.log")
  hdr=$(header_bytes "$t/www/ok/$f.gguf")
  size=$(stat -c %s "$t/www/ok/$f.gguf")
  echo "fit $f.gguf over HTTP: $n requests, $body body bytes; header $hdr bytes, file $size"
  [[ $n -ge 1 && $n -le 3 ]] || { echo "FAIL: $n requests for $f (at most 3)"; cat "$t/req.log"; fail=1; }
  [[ $body -le $((hdr + 1048576)) ]] || { echo "FAIL: $body bytes read for a $hdr-byte header"; fail=1; }
  [[ $body -ge $hdr ]] || { echo "FAIL: read $body bytes, less than the $hdr-byte header"; fail=1; }
  [[ $(jq .model.remote.requests "$t/r.json") == "$n" ]] ||
    { echo "FAIL: --json says $(jq .model.remote.requests "$t/r.json") requests, nginx $n"; fail=1; }
  [[ $(jq .model.remote.bytes_read "$t/r.json") == "$body" ]] ||
    { echo "FAIL: --json says $(jq .model.remote.bytes_read "$t/r.json") bytes, nginx $body"; fail=1; }
  diff <(strip "$t/l.json") <(strip "$t/r.json") ||
    { echo "FAIL: fit --json differs between $f.gguf read locally and over HTTP"; fail=1; }
  [[ $(jq -r .command "$t/r.json") == "llama-server -mu '$base/ok/$f.gguf' "* ]] ||
    { echo "FAIL: command: $(jq -r .command "$t/r.json")"; fail=1; }
done
[[ $(jq .model.file_bytes "$t/r.json") == "$(stat -c %s "$t/www/ok/big-vocab.gguf")" ]] ||
  { echo "FAIL: file_bytes is not the file's size"; fail=1; }

# 3. the cache: the same URL again sends one request, answered 304
m=$(mark)
"$HEADROOM" "${R[@]}" fit "$base/ok/big-vocab.gguf" --json > "$t/c.json" || [[ $? == 1 ]]
since "$m" > "$t/req.log"
if [[ $(wc -l < "$t/req.log") != 1 ]] || ! grep -q '^/ok/big-vocab.gguf 304 ' "$t/req.log"; then
  echo "FAIL: a cached header is not revalidated with one 304"; cat "$t/req.log"; fail=1
fi
[[ $(jq .model.remote.parts_from_cache "$t/c.json") == 1 ]] || { echo "FAIL: parts_from_cache"; fail=1; }
diff <(strip "$t/l.json") <(strip "$t/c.json") > /dev/null || { echo "FAIL: the cached header gives other figures"; fail=1; }
ls "$XDG_CACHE_HOME"/headroom/gguf-headers/*.gguf-header > /dev/null || { echo "FAIL: no cache file"; fail=1; }
# a cache entry spoilt on disk (the GGUF version made 9) is not believed:
# the server is read again and the entry replaced
python3 - "$XDG_CACHE_HOME"/headroom/gguf-headers/*.gguf-header <<'PY'
import sys
for f in sys.argv[1:]:
    b = bytearray(open(f, "rb").read())
    i = b.index(b"\n\nGGUF") + 6
    b[i] = 9
    open(f, "wb").write(b)
PY
m=$(mark)
"$HEADROOM" "${R[@]}" fit "$base/ok/big-vocab.gguf" --json > "$t/c.json" || [[ $? == 1 ]]
diff <(strip "$t/l.json") <(strip "$t/c.json") > /dev/null || { echo "FAIL: a spoilt cache entry gives other figures"; fail=1; }
[[ $(since "$m" | grep -c ' 206 ') -ge 1 && $(jq .model.remote.parts_from_cache "$t/c.json") == 0 ]] ||
  { echo "FAIL: a spoilt cache entry was not read again"; since "$m"; fail=1; }
m=$(mark)
"$HEADROOM" "${R[@]}" fit "$base/ok/big-vocab.gguf" --json > "$t/c.json" || [[ $? == 1 ]]
[[ $(since "$m" | wc -l) == 1 && $(jq .model.remote.parts_from_cache "$t/c.json") == 1 ]] ||
  { echo "FAIL: the spoilt entry was not replaced"; since "$m"; fail=1; }
# a changed file (another ETag) is read again
touch -d '2001-01-01' "$t/www/ok/big-vocab.gguf"
m=$(mark)
"$HEADROOM" "${R[@]}" fit "$base/ok/big-vocab.gguf" --json > "$t/c.json" || [[ $? == 1 ]]
since "$m" > "$t/req.log"
grep -q ' 206 ' "$t/req.log" && [[ $(jq .model.remote.parts_from_cache "$t/c.json") == 0 ]] ||
  { echo "FAIL: a changed file is not read again"; cat "$t/req.log"; fail=1; }

# 2. a split set: every part's header
m=$(mark)
"$HEADROOM" "${R[@]}" fit "$base/ok/set-00001-of-00003.gguf" --json > "$t/r.json" || [[ $? == 1 ]]
"$HEADROOM" "${R[@]}" fit "$t/www/ok/set-00001-of-00003.gguf" --json > "$t/l.json" || [[ $? == 1 ]]
since "$m" > "$t/req.log"
for k in 1 2 3; do
  grep -q "^/ok/set-0000$k-of-00003.gguf 206 " "$t/req.log" || { echo "FAIL: part $k not read"; cat "$t/req.log"; fail=1; }
done
[[ $(jq .model.splits "$t/r.json") == 3 ]] || { echo "FAIL: splits $(jq .model.splits "$t/r.json")"; fail=1; }
# the parts are read at once: over a 1 MB/s link each takes ~0.4 s, and
# every part's request starts before any one ends
rm -rf "$XDG_CACHE_HOME"
m=$(mark)
"$HEADROOM" "${R[@]}" fit "$base/slow/set-00001-of-00003.gguf" --json > "$t/r.json" || [[ $? == 1 ]]
since "$m" > "$t/req.log"
awk '{ end = $(NF - 1); start = end - $NF; if (start > s) s = start; if (e == "" || end < e) e = end }
     END { printf "split set over 1 MB/s: %d requests, latest start %.3f, earliest end %.3f\n", NR, s, e; exit !(NR == 3 && s < e) }' "$t/req.log" ||
  { echo "FAIL: the parts were not read at once"; cat "$t/req.log"; fail=1; }
diff <(strip "$t/l.json") <(strip "$t/r.json") || { echo "FAIL: the slow split set differs"; fail=1; }
# on a terminal, a read that takes more than a second says how far it is
# (4 MB over 1 MB/s), and clears the line when done
rm -rf "$XDG_CACHE_HOME"
tmux -S "$sock" new-session -d -x 160 -y 10 \
  "XDG_CACHE_HOME=$XDG_CACHE_HOME '$HEADROOM' ${R[*]} fit '$base/slow/big-vocab.gguf' --json > '$t/tty.json'; echo done > '$t/tty.done'; sleep 30"
seen=
for _ in $(seq 300); do
  tmux -S "$sock" capture-pane -p > "$t/pane" 2> /dev/null || true
  grep -q 'reading the header of http://127.0.0.1:.*/slow/big-vocab.gguf: [0-9.]* MiB' "$t/pane" && seen=1
  [[ -e $t/tty.done ]] && break
  sleep 0.1
done
[[ -n $seen ]] || { echo "FAIL: no progress line on the terminal"; cat "$t/pane"; fail=1; }
tmux -S "$sock" capture-pane -p > "$t/pane"
grep -q 'reading the header' "$t/pane" && { echo "FAIL: the progress line stays"; cat "$t/pane"; fail=1; }
[[ -s $t/tty.json ]] || { echo "FAIL: fit on a terminal gave no JSON"; fail=1; }
tmux -S "$sock" kill-server 2> /dev/null || true
# and none when stderr is not a terminal: the runs above wrote nothing there
rm -rf "$XDG_CACHE_HOME"
"$HEADROOM" "${R[@]}" fit "$base/slow/big-vocab.gguf" --json > /dev/null 2> "$t/err" || [[ $? == 1 ]]
[[ ! -s $t/err ]] || { echo "FAIL: progress written to a file"; cat "$t/err"; fail=1; }
diff <(strip "$t/l.json") <(strip "$t/r.json") || { echo "FAIL: the split set differs from the local one"; fail=1; }

# 4. errors: one line on stderr, the exit status, nothing on stdout
expect() { # status pattern args...
  local want=$1 pat=$2 rc=0
  shift 2
  "$HEADROOM" "${R[@]}" fit "$@" > "$t/out" 2> "$t/err" || rc=$?
  if [[ $rc != "$want" ]] || [[ $(wc -l < "$t/err") != 1 ]] || ! grep -q -- "$pat" "$t/err" || [[ -s $t/out ]]; then
    echo "FAIL: fit $*: exit $rc (want $want), stderr:"; cat "$t/err"; fail=1
  else
    echo "ok ($rc): $(cat "$t/err")"
  fi
}
expect 2 "HTTP 404: no such file" "$base/ok/missing.gguf"
expect 3 "HTTP 401: the server refuses access (a gated or private Hugging Face model: set HF_TOKEN" "$base/e401"
expect 3 "HTTP 403: the server refuses access" "$base/e403"
expect 2 "ignores Range requests.*--download-whole" "$base/norange/big-vocab.gguf"
expect 3 "more than 10 redirects" "$base/loop"
expect 3 "cannot connect" "http://127.0.0.1:$dead_port/m.gguf"
expect 3 "TLS failed" "https://127.0.0.1:$port/ok/small.gguf"
if [[ -n $have_tls ]]; then
  expect 3 "TLS failed: SSL certificate problem: self-signed certificate" "https://127.0.0.1:$tls_port/ok/small.gguf"
else
  echo "FAIL: openssl could not make the test certificate"; fail=1
fi
expect 2 "offset 8: tensor count" "$base/ok/bad.gguf"
expect 2 "not a GGUF" "$base/notgguf"
# a time limit: a listener that never answers
python3 -c '
import socket, sys, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(4)
print(s.getsockname()[1], flush=True)
c = [s.accept() for _ in range(4)]
time.sleep(60)' > "$t/mute.port" &
pids+=($!)
for _ in $(seq 100); do [[ -s $t/mute.port ]] && break; sleep 0.05; done
start=$(date +%s%N)
expect 3 "not read within the time limit" "http://127.0.0.1:$(cat "$t/mute.port")/m.gguf" --timeout 500ms
ms=$((($(date +%s%N) - start) / 1000000))
[[ $ms -lt 5000 ]] || { echo "FAIL: --timeout 500ms took $ms ms"; fail=1; }

# a server that ignores Range: a small header is read from the first MiB of
# the stream (nginx is hung up on), a longer one only with --download-whole
m=$(mark)
"$HEADROOM" "${R[@]}" fit "$base/norange/small.gguf" --json > "$t/r.json" || [[ $? == 1 ]]
"$HEADROOM" "${R[@]}" fit "$t/www/ok/small.gguf" --json > "$t/l.json" || [[ $? == 1 ]]
diff <(strip "$t/l.json") <(strip "$t/r.json") || { echo "FAIL: norange small differs"; fail=1; }
"$HEADROOM" "${R[@]}" fit "$base/norange/big-vocab.gguf" --download-whole --json > "$t/r.json" || [[ $? == 1 ]]
"$HEADROOM" "${R[@]}" fit "$t/www/ok/big-vocab.gguf" --json > "$t/l.json" || [[ $? == 1 ]]
diff <(strip "$t/l.json") <(strip "$t/r.json") || { echo "FAIL: --download-whole differs"; fail=1; }
since "$m" > "$t/req.log"
echo "server without Range:"; awk '{print "  " $1, $2, $3 " bytes sent"}' "$t/req.log"
size=$(stat -c %s "$t/www/ok/big-vocab.gguf")
awk -v size="$size" '$1 ~ /big-vocab/ && $2 == 200 && $3 >= size { bad = 1 } END { exit bad }' "$t/req.log" ||
  { echo "FAIL: nginx sent the whole file"; fail=1; }

# 5. hf: names: HF_ENDPOINT, the redirect, HF_TOKEN only to the Hub
export HF_ENDPOINT=$base/hub/
m=$(mark)
"$HEADROOM" "${R[@]}" fit hf:ok-org/Some-Model-GGUF/small.gguf --json > "$t/r.json" || [[ $? == 1 ]]
"$HEADROOM" "${R[@]}" fit "$t/www/ok/small.gguf" --json > "$t/l.json" || [[ $? == 1 ]]
diff <(strip "$t/l.json") <(strip "$t/r.json") || { echo "FAIL: hf: differs"; fail=1; }
[[ $(jq -r .model.name "$t/r.json") == hf:ok-org/Some-Model-GGUF/small.gguf ]] || { echo "FAIL: name"; fail=1; }
[[ $(jq -r .command "$t/r.json") == "llama-server -hfr 'ok-org/Some-Model-GGUF' -hff 'small.gguf' "* ]] ||
  { echo "FAIL: hf command: $(jq -r .command "$t/r.json")"; fail=1; }
since "$m" | grep -q '^/hub/ok-org/Some-Model-GGUF/resolve/main/small.gguf 302 ' ||
  { echo "FAIL: hf: did not go through /resolve/main"; since "$m"; fail=1; }
expect 3 "HTTP 401: gated or private: set HF_TOKEN" hf:gated-org/Gated-GGUF/small.gguf
export HF_TOKEN=hf_wrong
expect 3 "HTTP 401: HF_TOKEN has no access" hf:gated-org/Gated-GGUF/small.gguf
export HF_TOKEN=hf_test_token
m=$(mark)
"$HEADROOM" "${R[@]}" fit hf:gated-org/Gated-GGUF/small.gguf --json > "$t/r.json" || [[ $? == 1 ]]
diff <(strip "$t/l.json") <(strip "$t/r.json") || { echo "FAIL: gated hf: with HF_TOKEN differs"; fail=1; }
# the token goes to the Hub's URLs only, never to another URL
"$HEADROOM" "${R[@]}" fit "http://localhost:$port/ok/small.gguf" --json > /dev/null || [[ $? == 1 ]]
since "$m" > "$t/req.log"
grep -q '^/hub/gated-org/.* 206 .*"Bearer hf_test_token" ' "$t/req.log" || { echo "FAIL: no token to the Hub"; cat "$t/req.log"; fail=1; }
grep '^/ok/' "$t/req.log" | grep -q Bearer && { echo "FAIL: HF_TOKEN sent to another URL"; fail=1; }
unset HF_TOKEN

# hf:ORG/REPO:QUANT: the file from the Hub's listing
m=$(mark)
"$HEADROOM" "${R[@]}" fit hf:ok-org/Some-Model-GGUF:q8_0 --json > "$t/r.json" || [[ $? == 1 ]]
diff <(strip "$t/l.json") <(strip "$t/r.json") || { echo "FAIL: hf:...:q8_0 differs from small.gguf"; fail=1; }
[[ $(jq -r .model.remote.url "$t/r.json") == "$base/hub/ok-org/Some-Model-GGUF/resolve/main/some-model-Q8_0.gguf" ]] ||
  { echo "FAIL: :q8_0 resolved to $(jq -r .model.remote.url "$t/r.json")"; fail=1; }
[[ $(jq -r .command "$t/r.json") == "llama-server -hf 'ok-org/Some-Model-GGUF:q8_0' "* ]] ||
  { echo "FAIL: quant command: $(jq -r .command "$t/r.json")"; fail=1; }
since "$m" | grep -q '^/hub/api/models/ok-org/Some-Model-GGUF/tree/main?recursive=true 200 ' ||
  { echo "FAIL: the listing was not asked for"; since "$m"; fail=1; }
"$HEADROOM" "${R[@]}" fit hf:ok-org/Split-GGUF:Q8_0 --json > "$t/r.json" || [[ $? == 1 ]]
"$HEADROOM" "${R[@]}" fit "$t/www/ok/set-00001-of-00003.gguf" --json > "$t/l.json" || [[ $? == 1 ]]
diff <(strip "$t/l.json") <(strip "$t/r.json") || { echo "FAIL: a split set by quant differs"; fail=1; }
expect 2 "no .gguf carries Q4_K_M; there are some-model-Q8_0.gguf, some-model-IQ4_XS.gguf; name the file" hf:ok-org/Some-Model-GGUF:Q4_K_M
expect 2 "2 files carry Q8_0: a-Q8_0.gguf, b-Q8_0.gguf" hf:ok-org/Twice-GGUF:Q8_0
expect 2 "HTTP 404: no such repository" hf:ok-org/None-GGUF:Q8_0
unset HF_ENDPOINT
expect 2 "a Hugging Face name is hf:ORG/REPO/FILE.gguf" hf:no-file

# ollama:NAME:TAG not in the local store: the registry's manifest, then the
# model layer's blob
export HEADROOM_OLLAMA_REGISTRY=$base
"$HEADROOM" "${R[@]}" fit "$t/www/ok/small.gguf" --json > "$t/l.json" || [[ $? == 1 ]]
m=$(mark)
"$HEADROOM" "${R[@]}" fit ollama:tiny:q8_0 --json > "$t/r.json" || [[ $? == 1 ]]
diff <(strip "$t/l.json") <(strip "$t/r.json") || { echo "FAIL: ollama:tiny:q8_0 differs"; fail=1; }
since "$m" | grep -q '^/v2/library/tiny/manifests/q8_0 200 .*"application/vnd.docker.distribution.manifest.v2+json"' ||
  { echo "FAIL: no manifest request with its Accept header"; since "$m"; fail=1; }
since "$m" | grep -q "^/v2/library/tiny/blobs/$digest 307 " || { echo "FAIL: the blob was not asked for"; fail=1; }
[[ $(jq -r .model.name "$t/r.json") == ollama:tiny:q8_0 ]] || { echo "FAIL: ollama name"; fail=1; }
expect 2 "HTTP 404: no such model or tag in the registry" ollama:tiny:q4_0
expect 2 "no layer of type application/vnd.ollama.image.model" ollama:bad
expect 2 "an Ollama name is ollama:MODEL" "ollama:../x"
unset HEADROOM_OLLAMA_REGISTRY

# where the download lands (issue: the Windows drive under ext4.vhdx, not the
# 1 TB df shows): C: with 6.2 GiB available takes 3.8 GiB, with 1.1 GiB it
# does not; the guest's / from each root's statfs; not WSL2 says so
size=$(stat -c %s "$t/www/ok/eight-b.gguf")
"$HEADROOM" --root tests/roots/wsl2-disk-full fit "$base/ok/eight-b.gguf" --json > "$t/d.json" || [[ $? == 1 ]]
jq -e --argjson s "$size" '.download.bytes == $s and .download.fits_host == true
  and .download.host_drive == "C:" and .download.host_available_bytes > $s
  and .download.guest_available_bytes > $s and .download.fits_guest == true' "$t/d.json" > /dev/null ||
  { echo "FAIL: download on wsl2-disk-full"; jq .download "$t/d.json"; fail=1; }
"$HEADROOM" --root tests/roots/wsl2-disk-tight fit "$base/ok/eight-b.gguf" > "$t/d.txt" || [[ $? == 1 ]]
grep -q "On Windows: ext4.vhdx grows by up to that on C:, which has only 1.1 GiB available" "$t/d.txt" ||
  { echo "FAIL: download on wsl2-disk-tight"; cat "$t/d.txt"; fail=1; }
"$HEADROOM" --root tests/roots/wsl2-disk-tight fit "$base/ok/eight-b.gguf" --json > "$t/d.json" || [[ $? == 1 ]]
jq -e '.download.fits_host == false' "$t/d.json" > /dev/null || { echo "FAIL: fits_host on tight"; fail=1; }
"$HEADROOM" --root tests/roots/native-linux fit "$base/ok/small.gguf" --json > "$t/d.json" || [[ $? == 1 ]]
jq -e '.download.fits_host == null and (.download.host_error | test("not WSL2"))' "$t/d.json" > /dev/null ||
  { echo "FAIL: download on native-linux"; jq .download "$t/d.json"; fail=1; }
echo "download: $size B fits C: on wsl2-disk-full, not on wsl2-disk-tight; native Linux says not WSL2"

# the proxy from the environment, as curl takes it (http_proxy for http://,
# https_proxy for https://), and no_proxy
rm -rf "$XDG_CACHE_HOME"
"$HEADROOM" "${R[@]}" fit "$t/www/ok/small.gguf" --json > "$t/l.json" || [[ $? == 1 ]]
http_proxy=http://127.0.0.1:$proxy_port "$HEADROOM" "${R[@]}" fit "$base/ok/small.gguf" --json > "$t/r.json" || [[ $? == 1 ]]
grep -q '/ok/small.gguf 206 ' "$t/logs/proxy.log" || { echo "FAIL: http_proxy not used"; cat "$t/logs/proxy.log"; fail=1; }
diff <(strip "$t/l.json") <(strip "$t/r.json") || { echo "FAIL: through the proxy it differs"; fail=1; }
n=$(wc -l < "$t/logs/proxy.log")
rm -rf "$XDG_CACHE_HOME"
http_proxy=http://127.0.0.1:$proxy_port no_proxy=127.0.0.1 "$HEADROOM" "${R[@]}" fit "$base/ok/small.gguf" --json > /dev/null || [[ $? == 1 ]]
[[ $(wc -l < "$t/logs/proxy.log") == "$n" ]] || { echo "FAIL: no_proxy not honoured"; fail=1; }
export http_proxy=http://127.0.0.1:$dead_port
expect 3 "port $dead_port" "$base/ok/through-a-dead-proxy.gguf"
unset http_proxy
exit $fail

#!/usr/bin/env bash
# The models in memory, from each of the two sources status --json (and top
# --json, through the same writer, and the report) knows:
#   1. Ollama's GET /api/ps, answered by a small server of this test on
#      127.0.0.1 with the documented JSON (ollama/ollama docs/api.md, "List
#      Running Models"; context_length as Ollama 0.6+ adds it); a snapshot
#      records the answer and --root gives the same list;
#   2. with nothing answering there, a process that maps a GGUF (a Python
#      mmap of a gguf-gen model, 96 MiB of it touched): the file, the
#      architecture read from its header, its size, the resident file pages.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
command -v python3 > /dev/null || { echo "skip: no python3 for the test server"; exit 77; }
t=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; rm -rf "$t"; }
trap cleanup EXIT

cat > "$t/ps.json" <<'JSON'
{"models":[{"name":"qwen2.5-coder:7b","model":"qwen2.5-coder:7b","size":5618579456,"digest":"dae161e27b0e90dd1856c8bb3209201fd6736d8eb66298e75ed87571486f4364","details":{"parent_model":"","format":"gguf","family":"qwen2","families":["qwen2"],"parameter_size":"7.6B","quantization_level":"Q4_K_M"},"expires_at":"2025-08-06T14:23:28.7482+02:00","size_vram":3221225472,"context_length":4096},
{"name":"bad\u001b[31mname","size":1,"details":{}},
{"name":"whisper-small:latest","model":"whisper-small:latest","size":2000000000,"digest":"00","details":{"format":"gguf","family":"whisper"},"expires_at":"2025-08-06T14:25:00Z","size_vram":0}]}
JSON
cat > "$t/server.py" <<'PY'
import http.server, sys
body = open(sys.argv[1], "rb").read()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        data = body if self.path == "/api/ps" else b'{"version":"0.6.5"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *a):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$t/server.py" "$t/ps.json" > "$t/port" &
pids+=($!)
for _ in $(seq 100); do [[ -s $t/port ]] && break; sleep 0.05; done
port=$(cat "$t/port")

OLLAMA_HOST=127.0.0.1:$port "$HEADROOM" status --json > "$t/a.json"
jq -e '.loaded_models.source == "ollama"
  and (.loaded_models.models | length) == 2
  and .loaded_models.models[0].name == "qwen2.5-coder:7b"
  and .loaded_models.models[0].size_bytes == 5618579456
  and .loaded_models.models[0].size_vram_bytes == 3221225472
  and .loaded_models.models[0].context_length == 4096
  and .loaded_models.models[0].quantization == "Q4_K_M"
  and .loaded_models.models[1].name == "whisper-small:latest"
  and .loaded_models.models[1].context_length == null' "$t/a.json" > /dev/null ||
  { echo "FAIL: Ollama's list"; jq .loaded_models "$t/a.json"; exit 1; }
OLLAMA_HOST=127.0.0.1:$port "$HEADROOM" top --count 1 --json > "$t/top.json"
diff <(jq -S .loaded_models "$t/a.json") <(jq -S .loaded_models "$t/top.json") ||
  { echo "FAIL: top's list differs from status'"; exit 1; }
OLLAMA_HOST=127.0.0.1:$port "$HEADROOM" report -o "$t/r.html" > /dev/null || [[ $? == 1 ]]
grep -q '<section id="loaded"><h2>Models in memory</h2>' "$t/r.html" &&
  grep -q '<td data-label="model">qwen2.5-coder:7b</td><td class="n" data-label="size">5.2 GiB</td>' "$t/r.html" ||
  { echo "FAIL: the report's models"; exit 1; }
OLLAMA_HOST=127.0.0.1:$port "$HEADROOM" status > "$t/a.txt"
grep -q '^  qwen2.5-coder:7b  5.2 GiB, 3.0 GiB of it on the GPU, context 4096' "$t/a.txt" ||
  { echo "FAIL: status text"; grep -A3 Models "$t/a.txt"; exit 1; }
OLLAMA_HOST=127.0.0.1:$port "$HEADROOM" snapshot -o "$t/snap" > /dev/null
"$HEADROOM" status --json --root "$t/snap" > "$t/b.json"
diff <(jq -S .loaded_models "$t/a.json") <(jq -S .loaded_models "$t/b.json") ||
  { echo "FAIL: the snapshot's list differs"; exit 1; }
echo "Ollama: 2 models from /api/ps (a name with an escape dropped), the same from a snapshot"
kill "${pids[0]}"

# 2. nothing answers: a process mapping a model
dead=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BUILD_DIR/tools/gguf-gen" -o "$t/m.gguf" --embd 2048 --layers 16 --heads 16 --kv-heads 8 \
  --ff 5632 --vocab 32000 --type Q8_0 --name mapped > /dev/null
size=$(stat -c %s "$t/m.gguf")
python3 - "$t/m.gguf" "$t/ready" <<'PY' &
import mmap, sys, time
f = open(sys.argv[1], "rb")
m = mmap.mmap(f.fileno(), 0, prot=mmap.PROT_READ)
s = 0
for off in range(0, min(len(m), 96 << 20), 4096):
    s += m[off]
open(sys.argv[2], "w").write("ok")
time.sleep(60)
PY
pids+=($!)
mapper=$!
for _ in $(seq 200); do [[ -s $t/ready ]] && break; sleep 0.05; done
OLLAMA_HOST=127.0.0.1:$dead "$HEADROOM" status --json > "$t/c.json"
jq -e --argjson pid "$mapper" --arg f "$t/m.gguf" --argjson s "$size" '
  .loaded_models.source == "processes"
  and (.loaded_models.ollama_error | test("refused"))
  and ([.loaded_models.models[] | select(.pid == $pid)] | length) == 1
  and ([.loaded_models.models[] | select(.pid == $pid)][0] |
       .file == $f and .architecture == "llama" and .file_bytes == $s
       and .resident_file_bytes >= 96 * 1048576)' "$t/c.json" > /dev/null ||
  { echo "FAIL: the mapping process"; jq .loaded_models "$t/c.json"; exit 1; }
OLLAMA_HOST=127.0.0.1:$dead "$HEADROOM" top --count 1 --json > "$t/top.json"
jq -e --argjson pid "$mapper" '[.loaded_models.models[] | select(.pid == $pid)] | length == 1' \
  "$t/top.json" > /dev/null || { echo "FAIL: top does not list the mapping process"; exit 1; }
echo "processes: PID $mapper maps $size B of llama, $(jq "[.loaded_models.models[] | select(.pid == $mapper)][0].resident_file_bytes" "$t/c.json") B resident"
echo "loaded models: ok"

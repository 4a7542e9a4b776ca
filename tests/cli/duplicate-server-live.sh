#!/usr/bin/env bash
# inference.duplicate-server end to end, with real processes and a real
# server: a Windows process named ollama.exe runs under Wine (built here from
# tests/win/exe/sleep.c), headroom-win.exe under Wine lists it (headroom's
# live path, HEADROOM_WIN_HELPER, as windows-wine.sh), and a tiny HTTP server
# of this test on 127.0.0.1 answers GET /api/version with Ollama's
# documented JSON ({"version": ...}, ollama/ollama docs/api.md). OLLAMA_HOST
# points headroom at its port, as it points the ollama CLI. Checks:
#   1. the rule fires, naming ollama.exe with its working set and what
#      answered (HTTP 200, the version the server sent);
#   2. with the server stopped, the probe says the connection was refused
#      and the rule stays quiet (nothing in WSL answers or runs);
#   3. a snapshot records the answer and --root gives the same finding.
set -euo pipefail
: "${HEADROOM:?}" "${BUILD_DIR:?}"
cd "$(dirname "$0")/../.."
. tests/cli/lib/wine.sh
wine_setup wine-prefix mingw
command -v python3 > /dev/null || { echo "skip: no python3 for the test server"; exit 77; }

t=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done; rm -rf "$t"; }
trap cleanup EXIT
wine_helper "$t/helper"

"$cc" -O2 -o "$t/ollama.exe" tests/win/exe/sleep.c
"$wine" "$t/ollama.exe" 120 > /dev/null 2>&1 &
pids+=($!)

# the test server: a port of its own (0 = the kernel picks a free one)
cat > "$t/server.py" <<'PY'
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/api/version":
            self.send_error(404)
            return
        body = json.dumps({"version": "0.12.6"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$t/server.py" > "$t/port" &
server=$!
pids+=("$server")
for _ in $(seq 100); do [[ -s $t/port ]] && break; sleep 0.05; done
port=$(cat "$t/port")
[[ $port =~ ^[0-9]+$ ]] || { echo "the test server did not start"; exit 1; }

# wait until the helper lists the Windows process
for _ in $(seq 40); do
  HEADROOM_WIN_HELPER=$t/helper "$HEADROOM" windows status --json > "$t/w.json" 2> /dev/null || true
  jq -e '.host.top_processes | any(.name == "ollama")' "$t/w.json" > /dev/null 2>&1 && break
  sleep 0.25
done
jq -e '.host.top_processes | any(.name == "ollama")' "$t/w.json" > /dev/null ||
  { echo "the helper does not list ollama.exe"; jq -c '.host.top_processes' "$t/w.json"; exit 1; }
ws=$(jq '[.host.top_processes[] | select(.name == "ollama")][0].working_set' "$t/w.json")

fail=0
finding() { jq -c '[.findings[] | select(.id == "inference.duplicate-server")][0]' "$1"; }
export HEADROOM_WIN_HELPER=$t/helper OLLAMA_HOST=127.0.0.1:$port
"$HEADROOM" doctor --only inference --json > "$t/on.json" || true
f=$(finding "$t/on.json")
ev=$(jq -r '.evidence // ""' <<< "$f")
if [[ $f == null ]]; then
  echo "  1. no inference.duplicate-server finding"; jq . "$t/on.json"; fail=1
else
  grep -qF "ollama.exe (PID " <<< "$ev" || { echo "  1. evidence does not name ollama.exe: $ev"; fail=1; }
  grep -qF "GET http://127.0.0.1:$port/api/version: HTTP 200, version 0.12.6" <<< "$ev" ||
    { echo "  1. evidence does not give the answer: $ev"; fail=1; }
  [[ $fail -eq 0 ]] && echo "  1. $(jq -r .title <<< "$f") [ollama.exe working set $ws bytes]"
fi

# 3. snapshot and back, while the server still answers
"$HEADROOM" snapshot -o "$t/snap" > /dev/null
grep -qx "address 127.0.0.1:$port" "$t/snap/.headroom/ollama-api" &&
  grep -qx "version 0.12.6" "$t/snap/.headroom/ollama-api" ||
  { echo "  3. the snapshot's record:"; cat "$t/snap/.headroom/ollama-api"; fail=1; }
HEADROOM_WIN_HELPER=/nonexistent "$HEADROOM" --root "$t/snap" doctor --only inference --json > "$t/back.json" || true
[[ $(finding "$t/back.json" | jq -r .evidence) == "$ev" ]] ||
  { echo "  3. --root gives another finding: $(finding "$t/back.json")"; fail=1; }

# 2. nothing answers: quiet, and the probe says why
kill "$server"; wait "$server" 2> /dev/null || true
"$HEADROOM" doctor --only inference --json > "$t/off.json" || true
[[ $(finding "$t/off.json") == null ]] || { echo "  2. fires with nothing answering: $(finding "$t/off.json")"; fail=1; }
"$HEADROOM" snapshot -o "$t/snap2" > /dev/null
grep -qx "error connection refused" "$t/snap2/.headroom/ollama-api" ||
  { echo "  2. the probe's record:"; cat "$t/snap2/.headroom/ollama-api"; fail=1; }
[[ $fail -eq 0 ]] && echo "duplicate server (test server on 127.0.0.1:$port, ollama.exe under Wine): ok"
exit $fail

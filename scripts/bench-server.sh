#!/usr/bin/env bash
# Server throughput on loopback (bounded: each wrk run lasts DURATION seconds).
#   GET /healthz (trivial endpoint) vs POST /api/v1/validate (full rules), same load generator;
#   durable submissions/s (201 after commit) on SQLite and on PostgreSQL.
# Usage: scripts/bench-server.sh [DURATION] [PG_URL]   (run by `cargo xtask bench`)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
PG_URL="${2:-${DOSSIER_TEST_PG_URL:-}}"
BIN="${DOSSIER_BIN:-target/release/dossier}" # another build, to compare: DOSSIER_BIN=path
WORK=$(mktemp -d)
# Servers are started inside command substitutions: remember their pids to stop them.
trap 'xargs -r kill < "$WORK/pids" 2>/dev/null || true; rm -rf "$WORK"' EXIT
: > "$WORK/pids"
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 2; }
[ -x "$BIN" ] || cargo build --release -p dossier-cli --locked

port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_server() { # db -> base url
  local p; p=$(port)
  # Rate limits off: the load comes from one address (SPEC §10: 0 = off, for benchmarks).
  "$BIN" serve --addr "127.0.0.1:$p" --db "$1" --limit-submissions-per-hour 0 \
    --limit-uploads-per-hour 0 --limit-upload-bytes-per-hour 0 >"$WORK/server-$p.log" 2>&1 &
  echo $! >> "$WORK/pids"
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$p/healthz" >/dev/null && break; sleep 0.1; done
  echo "http://127.0.0.1:$p"
}

rps() { # wrk output -> requests/s
  awk '/Requests\/sec/ {print $2}'
}

# A dossier that stays valid for years (the NGO example), its documents pointing at one PDF.
printf '%%PDF-1.4\n%% bench\n%%%%EOF\n' > "$WORK/a.pdf"
SHA=$(sha256sum "$WORK/a.pdf" | cut -d' ' -f1)
python3 - "$SHA" > "$WORK/dossier.json" <<'PY'
import json, sys
d = json.load(open("tests/conformance/examples/ngo_licence.json"))
for doc in d["documents"]:
    doc["sha256"] = sys.argv[1]
print(json.dumps(d))
PY
cat > "$WORK/validate.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$WORK/dossier.json"); wrk.body = f:read("*a"); f:close()
LUA
cat > "$WORK/submit.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("$WORK/dossier.json"); wrk.body = f:read("*a"); f:close()
local n = 0
local prefix = tostring(os.time()) .. "-" .. tostring(math.random(1, 1e9))
request = function()
  n = n + 1
  wrk.headers["Idempotency-Key"] = prefix .. "-" .. n
  return wrk.format()
end
done = function(summary, latency, requests)
  io.write(string.format("non2xx=%d\n", summary.errors.status))
end
LUA

BASE=$(start_server "sqlite://$WORK/bench.db")
curl -sf -X POST "$BASE/api/v1/attachments" -H 'content-type: application/pdf' --data-binary @"$WORK/a.pdf" >/dev/null
H=$(wrk -t2 -c32 -d"${DURATION}s" "$BASE/healthz" | rps)
V=$(wrk -t2 -c32 -d"${DURATION}s" -s "$WORK/validate.lua" "$BASE/api/v1/validate?asOf=2026-11-22" | rps)
S=$(wrk -t2 -c8 -d"${DURATION}s" -s "$WORK/submit.lua" "$BASE/api/v1/dossiers" | tee "$WORK/sq.txt" | rps)
SQ_ERR=$(awk -F= '/non2xx/ {print $2}' "$WORK/sq.txt")
P="n/a"; PG_ERR="-"
if [ -n "$PG_URL" ]; then
  PBASE=$(start_server "$PG_URL")
  curl -sf -X POST "$PBASE/api/v1/attachments" -H 'content-type: application/pdf' --data-binary @"$WORK/a.pdf" >/dev/null
  P=$(wrk -t2 -c8 -d"${DURATION}s" -s "$WORK/submit.lua" "$PBASE/api/v1/dossiers" | tee "$WORK/pg.txt" | rps)
  PG_ERR=$(awk -F= '/non2xx/ {print $2}' "$WORK/pg.txt")
fi
RATIO=$(awk -v v="$V" -v h="$H" 'BEGIN { printf "%.0f %%", 100 * v / h }')
echo "wrk -t2, ${DURATION}s per row, loopback, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| endpoint | requests/s |"
echo "|---|---|"
echo "| GET /healthz (32 connections) | $H |"
echo "| POST /api/v1/validate, NGO example (32 connections) | $V ($RATIO of healthz) |"
echo "| POST /api/v1/dossiers, durable on SQLite (8 connections) | $S (non-2xx: $SQ_ERR) |"
echo "| POST /api/v1/dossiers, durable on PostgreSQL (8 connections) | $P (non-2xx: $PG_ERR) |"
echo
# The bars of SPEC §9 (issue 15).
verdict() { awk -v x="$1" -v bar="$2" 'BEGIN { print (x + 0 >= bar + 0) ? "met" : "NOT met" }'; }
PCT=$(awk -v v="$V" -v h="$H" 'BEGIN { printf "%.0f", 100 * v / h }')
echo "validate ÷ healthz: $PCT % (bar ≥ 70 %: $(verdict "$PCT" 70))"
echo "durable submissions on SQLite: $S/s (bar ≥ 1,000/s: $(verdict "$S" 1000))"
if [ "$P" != "n/a" ]; then
  echo "durable submissions on PostgreSQL: $P/s (bar ≥ 1,500/s: $(verdict "$P" 1500))"
fi

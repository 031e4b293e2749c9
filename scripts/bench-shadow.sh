#!/usr/bin/env bash
# Benchmark (not a test): what shadowing costs the clients. In one run, release build, wrk on
# loopback: the same bridge (embedded demo core) answering GET /api/user/status alone, then with
# `--shadow` pointed at an old backend (a second demo server on this machine, standing in for the
# v2.1 backend), then with `--shadow-percent 10`. Prints requests/s, p50/p99 latency and the
# bridge's CPU per request for each, the ratios to the unshadowed run, and the shadow counters
# (compared, dropped: the queue is bounded, so a slower old backend costs comparisons, not
# latency). Usage: bash scripts/bench-shadow.sh [seconds-per-run]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNS=32
command -v wrk >/dev/null 2>&1 || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"; $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk; }

swift build -c release --product legacy-bridge >/dev/null
BIN="$(swift build -c release --show-bin-path)/legacy-bridge"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
OLD=39501; BRIDGE=39502
export LEGACY_BRIDGE_ADMIN_PASSWORD="bench-admin-password"
wait_healthy() { for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "port $1 never became healthy"; exit 1; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
HZ=$(getconf CLK_TCK)

"$BIN" serve --demo --port $OLD --data-dir "$WORK/old" --log-level error >"$WORK/old.log" 2>&1 &
wait_healthy $OLD

# One bridge run: $1 label, then serve's extra arguments. Prints a result line.
run() {
  local label="$1"; shift
  rm -rf "$WORK/bridge"
  "$BIN" serve --demo --port $BRIDGE --data-dir "$WORK/bridge" --log-level error "$@" >"$WORK/bridge.log" 2>&1 &
  local pid=$!
  wait_healthy $BRIDGE
  local token
  token=$(curl -sf -X POST "http://127.0.0.1:$BRIDGE/api/auth/login" -H 'Content-Type: application/json' \
    -d '{"mobile":"13800138000","verification_code":"123456"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["access_token"])')
  sleep 0.5  # the mirrored login's comparison maps the token
  wrk -t1 -c$CONNS -d2s -H "Authorization: Bearer $token" "http://127.0.0.1:$BRIDGE/api/user/status" >/dev/null  # warm-up
  local before after out
  before=$(cpu_ticks $pid)
  out=$(wrk -t1 -c$CONNS -d"${DURATION}s" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$BRIDGE/api/user/status")
  after=$(cpu_ticks $pid)
  sleep 1
  local metrics; metrics=$(curl -sf "http://127.0.0.1:$BRIDGE/metrics" | grep 'legacy_bridge_shadow_total{endpoint="GET /api/user/status"' || true)
  kill -TERM $pid; wait $pid 2>/dev/null || true
  python3 - "$label" "$out" "$before" "$after" "$HZ" "$metrics" <<'PY'
import re, sys
label, out, before, after, hz, metrics = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
total = int(re.search(r"(\d+) requests in", out).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
def lat(p):
    m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)", out)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
cpu_us = (after - before) / hz * 1e6 / max(total, 1)
counts = {m.group(1): int(float(m.group(2))) for m in re.finditer(r'outcome="([a-z_]+)"\} ([\d.e+]+)', metrics)}
print(f"{label}\t{rps:.0f}\t{lat(50):.2f}\t{lat(99):.2f}\t{cpu_us:.0f}\t{counts}" + (f"\tNON-2xx {bad.group(1)}" if bad else ""))
PY
}

echo -e "run\treq/s\tp50 ms\tp99 ms\tCPU µs/req\tshadow counters"
alone=$(run alone); echo "$alone"
full=$(run "shadow 100%" --shadow "http://127.0.0.1:$OLD"); echo "$full"
tenth=$(run "shadow 10%" --shadow "http://127.0.0.1:$OLD" --shadow-percent 10); echo "$tenth"
python3 - "$alone" "$full" "$tenth" <<'PY'
import sys
rows = [l.split("\t") for l in sys.argv[1:]]
base = rows[0]
for r in rows[1:]:
    print(f"{r[0]} / alone: throughput {float(r[1]) / float(base[1]):.2f}, p99 {float(r[3]) / float(base[3]):.2f}, CPU per request {float(r[4]) / float(base[4]):.2f}")
PY

#!/usr/bin/env bash
# Benchmarks (not tests). Measures in one run on this machine, release build, wrk on loopback:
#   - the server's own ceiling (`/health`: no auth, no database) and, against it, an authenticated
#     legacy read, `/api/user/info`, the lottery config, the product list and a single draw;
#   - a legacy call in process vs the same V4 call made directly (`/api/user/status` is exactly
#     one V4 `auth/profile`);
#   - the bridge over HTTP vs nginx proxy_pass to the same V4 upstream, and vs an nginx+Lua
#     gateway doing the same translation of `/api/user/status` (proxy_pass to V4 `auth/profile`
#     and a lua-cjson body filter writing the legacy answer: how Kong and APISIX transform answers);
#   - peak memory under that load, and with 1,000 idle keep-alive connections;
#   - the cost of a client profile: the same requests answered under `d0` and under `union`,
#     alternating, three rounds each, medians compared.
# Prints requests/s per route (and any non-2xx answers, which would make a figure meaningless)
# and the ratios. Usage: bash scripts/bench.sh [seconds-per-run] (installs wrk and nginx if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNS=32

. scripts/bench-lib.sh
install_bench_tools

swift build -c release --product legacy-bridge >/dev/null
BIN="$(swift build -c release --show-bin-path)/legacy-bridge"
bench_workdir

CORE=39401; BRIDGE=39402; NGINX=39403; GATEWAY=39404
export LEGACY_BRIDGE_ADMIN_PASSWORD="bench-admin-password"

# Seed once, then lift the demo campaign's daily limit so a draw benchmark measures draws,
# not MAX_DRAWS_EXCEEDED answers.
"$BIN" serve --demo --port $CORE --data-dir "$WORK/core" --log-level error >"$WORK/seed.log" 2>&1 &
SEED=$!; wait_answering $CORE; kill -TERM $SEED; wait $SEED 2>/dev/null || true
python3 - "$WORK/core/legacy-bridge.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE lottery_campaigns SET max_draws_per_day = 100000000"); db.commit()
PY

"$BIN" serve --demo --port $CORE --data-dir "$WORK/core" --log-level error >"$WORK/core.log" 2>&1 &
CORE_PID=$!
"$BIN" serve --port $BRIDGE --core "http://127.0.0.1:$CORE" --log-level error >"$WORK/bridge.log" 2>&1 &
BRIDGE_PID=$!
write_nginx_conf
nginx -c "$WORK/nginx.conf"
for port in $CORE $BRIDGE $NGINX; do wait_answering $port; done

json() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"; }
TOKEN=$(curl -s -XPOST "http://127.0.0.1:$CORE/api/auth/login" -H 'content-type: application/json' \
  -d '{"mobile":"13800138000","verification_code":"123456"}' | json 'd["data"]["access_token"]')
ADMIN=$(curl -s -XPOST "http://127.0.0.1:$CORE/api/auth/admin-login" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$LEGACY_BRIDGE_ADMIN_PASSWORD\"}" | json 'd["data"]["access_token"]')
curl -sf -XPOST "http://127.0.0.1:$CORE/api/v4/unified-engine/points/admin/adjust" -H "Authorization: Bearer $ADMIN" \
  -H 'content-type: application/json' -d '{"user_id":1,"amount":10000000,"reason":"benchmark draws"}' >/dev/null
cat >"$WORK/draw.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"draw_type":"single"}'
wrk.headers["Content-Type"] = "application/json"
LUA

declare -A RPS
run() { # name url [lua] [extra header] → requests/s into RPS[name]; warns on non-2xx answers
  local name=$1 url=$2 script=${3:-} header=${4:-}
  local out; out=$(wrk -t1 -c$CONNS -d"${DURATION}s" -H "Authorization: Bearer $TOKEN" ${header:+-H "$header"} ${script:+-s "$script"} "$url")
  RPS[$name]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  local bad; bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '%-52s %10s req/s%s\n' "$name" "${RPS[$name]}" "${bad:+   ($bad non-2xx!)}"
}
peak() { awk '/VmHWM/ {print $2 " kB"}' "/proc/$1/status"; }

echo "wrk: 1 thread, $CONNS connections, ${DURATION}s per run, release build, $(nproc) cores"
run "/health (no auth, no database)"                 "http://127.0.0.1:$CORE/health"
run "V4 GET auth/profile, direct"                    "http://127.0.0.1:$CORE/api/v4/unified-engine/auth/profile"
run "legacy GET /api/user/status (in process)"       "http://127.0.0.1:$CORE/api/user/status"
run "legacy GET /api/user/info"                      "http://127.0.0.1:$CORE/api/user/info"
run "legacy GET /api/lottery/config"                 "http://127.0.0.1:$CORE/api/lottery/config"
run "legacy GET /api/exchange/products"              "http://127.0.0.1:$CORE/api/exchange/products"
PROFILE_SECONDS=$(( DURATION / 2 > 3 ? DURATION / 2 : 3 ))
# A ratio of two single runs inherits both runs' movements: on this shared machine they move by
# up to a quarter (/health alone: 12,650 and 15,368 req/s in two runs a minute apart). So the
# target ratios and the profile cost are measured paired: the route and its reference
# alternating, three rounds each, and the ratio of the medians.
paired() { # key reference-url url [lua] [route header] → RPS["paired key"] (median ratio), rounds printed
  local key=$1 reference=$2 url=$3 script=${4:-} header=${5:-} base=() route=() out
  for round in 1 2 3; do
    out=$(wrk -t1 -c$CONNS -d"${PROFILE_SECONDS}s" -H "Authorization: Bearer $TOKEN" "$reference"); base+=("$(awk '/Requests\/sec/ {print $2}' <<<"$out")")
    out=$(wrk -t1 -c$CONNS -d"${PROFILE_SECONDS}s" -H "Authorization: Bearer $TOKEN" ${header:+-H "$header"} ${script:+-s "$script"} "$url"); route+=("$(awk '/Requests\/sec/ {print $2}' <<<"$out")")
  done
  RPS["paired $key"]=$(python3 -c 'import statistics,sys; b=[float(x) for x in sys.argv[1].split()]; r=[float(x) for x in sys.argv[2].split()]; print(f"{statistics.median(r)/statistics.median(b):.3f}")' "${base[*]}" "${route[*]}")
  printf '%-52s reference %s | route %s req/s (%ss rounds, alternating)\n' "paired: $key" "${base[*]}" "${route[*]}" "$PROFILE_SECONDS"
}
# A profile's cost is a few percent at most: the same route under union (reference) and d0.
paired "config d0"   "http://127.0.0.1:$CORE/api/lottery/config"    "http://127.0.0.1:$CORE/api/lottery/config"    "" "X-Legacy-Profile: d0"
paired "products d0" "http://127.0.0.1:$CORE/api/exchange/products" "http://127.0.0.1:$CORE/api/exchange/products" "" "X-Legacy-Profile: d0"
paired status "http://127.0.0.1:$CORE/health" "http://127.0.0.1:$CORE/api/user/status"
paired info   "http://127.0.0.1:$CORE/health" "http://127.0.0.1:$CORE/api/user/info"
# Before any draw: the user statistics count the user's draws, and after the draw runs the
# demo user has tens of thousands (Docs/performance.md).
run "legacy POST /api/lottery/draw (single)"         "http://127.0.0.1:$CORE/api/lottery/draw" "$WORK/draw.lua"
run "V4 GET auth/profile via nginx proxy_pass"       "http://127.0.0.1:$NGINX/api/v4/unified-engine/auth/profile"
run "legacy GET /api/user/status, bridge over HTTP"  "http://127.0.0.1:$BRIDGE/api/user/status"
run "legacy GET /api/user/status, nginx+Lua gateway" "http://127.0.0.1:$GATEWAY/api/user/status"

paired draw   "http://127.0.0.1:$CORE/health" "http://127.0.0.1:$CORE/api/lottery/draw" "$WORK/draw.lua"
paired http   "http://127.0.0.1:$NGINX/api/v4/unified-engine/auth/profile" "http://127.0.0.1:$BRIDGE/api/user/status"
paired gateway "http://127.0.0.1:$GATEWAY/api/user/status" "http://127.0.0.1:$BRIDGE/api/user/status"
# Where the HTTP mode's CPU goes: each process's CPU time over the middle of a run, per request.
# All of them share these cores, so a process's microseconds per request are its share of the bill.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
cost() { # label url pid... → req/s and CPU microseconds per request for each pid
  local label=$1 url=$2; shift 2
  local pids=("$@") before=() after=() out
  wrk -t1 -c$CONNS -d"$(( PROFILE_SECONDS + 2 ))s" -H "Authorization: Bearer $TOKEN" "$url" >"$WORK/cost.txt" &
  local load=$!
  sleep 1; for pid in "${pids[@]}"; do before+=("$(cpu_ticks "$pid")"); done
  sleep "$PROFILE_SECONDS"; for pid in "${pids[@]}"; do after+=("$(cpu_ticks "$pid")"); done
  wait $load
  local rps; rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/cost.txt")
  out=$(python3 -c '
import sys
rps, seconds, hz = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
names = sys.argv[4].split(","); b = sys.argv[5].split(); a = sys.argv[6].split()
print("  ".join(f"{n} {(float(y) - float(x)) / hz / seconds / rps * 1e6:.0f} us" for n, x, y in zip(names, b, a)))
' "$rps" "$PROFILE_SECONDS" "$(getconf CLK_TCK)" "$COST_NAMES" "${before[*]}" "${after[*]}")
  printf '%-52s %10s req/s   CPU per request: %s\n' "$label" "$rps" "$out"
}
NGINX_WORKER=$(pgrep -P "$(cat "$WORK/nginx.pid")" | head -1)
COST_NAMES="core,nginx" cost "cost: nginx proxy_pass -> V4 auth/profile" \
  "http://127.0.0.1:$NGINX/api/v4/unified-engine/auth/profile" $CORE_PID $NGINX_WORKER
COST_NAMES="core,nginx" cost "cost: nginx+Lua gateway -> /api/user/status" \
  "http://127.0.0.1:$GATEWAY/api/user/status" $CORE_PID $NGINX_WORKER
COST_NAMES="core,bridge" cost "cost: bridge over HTTP -> /api/user/status" \
  "http://127.0.0.1:$BRIDGE/api/user/status" $CORE_PID $BRIDGE_PID
COST_NAMES="bridge" cost "cost: the bridge's own /health" "http://127.0.0.1:$BRIDGE/health" $BRIDGE_PID
LOADED=$(peak $CORE_PID)

# Latency at half the bridge's capacity: the same paced load (each connection waits 2 ms after
# every answer; wrk has no fixed-rate mode) on V4 direct, the gateway and the bridge, so what
# the bridge or the gateway adds is its p50/p99 minus V4's own.
cat >"$WORK/paced.lua" <<'LUA'
function delay() return 2 end
LUA
HALF_CONNS=$(python3 -c "print(max(1, round(float('${RPS["legacy GET /api/user/status, bridge over HTTP"]}') / 2 * 0.0023)))")
declare -A P50 P99 PACED
paced() { # name url → achieved req/s, p50 and p99 in ms
  local out; out=$(wrk -t1 -c"$HALF_CONNS" -d"${PROFILE_SECONDS}s" --latency -s "$WORK/paced.lua" -H "Authorization: Bearer $TOKEN" "$2")
  PACED[$1]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; print v }'; }
  P50[$1]=$(ms 50% <<<"$out"); P99[$1]=$(ms 99% <<<"$out")
  printf '%-52s %10s req/s   p50 %s ms   p99 %s ms\n' "paced ($HALF_CONNS conns): $1" "${PACED[$1]}" "${P50[$1]}" "${P99[$1]}"
}
paced direct  "http://127.0.0.1:$CORE/api/v4/unified-engine/auth/profile"
paced gateway "http://127.0.0.1:$GATEWAY/api/user/status"
paced bridge  "http://127.0.0.1:$BRIDGE/api/user/status"
python3 -c '
import sys
d50, d99, g50, g99, b50, b99 = map(float, sys.argv[1:])
print(f"added at half capacity: gateway p50 +{g50 - d50:.3f} ms, p99 +{g99 - d99:.3f} ms; bridge p50 +{b50 - d50:.3f} ms, p99 +{b99 - d99:.3f} ms")
' "${P50[direct]}" "${P99[direct]}" "${P50[gateway]}" "${P99[gateway]}" "${P50[bridge]}" "${P99[bridge]}"

# 1,000 idle keep-alive connections, each having made one request.
python3 - $CORE $CORE_PID <<'PY'
import socket, sys, time
port, pid = int(sys.argv[1]), sys.argv[2]
def rss():
    return next(l.split()[1] for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS"))
before = rss()
held = []
for _ in range(1000):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /health HTTP/1.1\r\nHost: bench\r\n\r\n")
    held.append(s)
for s in held:
    s.recv(4096)
time.sleep(1)
print(f"server RSS: {before} kB before, {rss()} kB with {len(held)} idle keep-alive connections open")
for s in held:
    s.close()
PY

echo "server peak RSS after the load runs: $LOADED"
python3 - <<PY
r = {k: float(v) for k, v in {
  "health": "${RPS["/health (no auth, no database)"]}", "v4": "${RPS["V4 GET auth/profile, direct"]}",
  "status": "${RPS["legacy GET /api/user/status (in process)"]}", "info": "${RPS["legacy GET /api/user/info"]}",
  "config": "${RPS["legacy GET /api/lottery/config"]}", "products": "${RPS["legacy GET /api/exchange/products"]}",
  "draw": "${RPS["legacy POST /api/lottery/draw (single)"]}", "nginx": "${RPS["V4 GET auth/profile via nginx proxy_pass"]}",
  "http": "${RPS["legacy GET /api/user/status, bridge over HTTP"]}",
  "gateway": "${RPS["legacy GET /api/user/status, nginx+Lua gateway"]}", "p_gateway": "${RPS["paired gateway"]}",
  "config_d0": "${RPS["paired config d0"]}", "products_d0": "${RPS["paired products d0"]}",
  "p_status": "${RPS["paired status"]}", "p_info": "${RPS["paired info"]}", "p_draw": "${RPS["paired draw"]}",
  "p_http": "${RPS["paired http"]}"}.items()}
rows = [
  ("authenticated legacy read (/api/user/status) / /health", r["status"] / r["health"], 0.5),
  ("/api/user/info / /health", r["info"] / r["health"], 0.3),
  ("POST /api/lottery/draw / /health", r["draw"] / r["health"], 0.15),
  ("/api/lottery/config / /health", r["config"] / r["health"], None),
  ("/api/exchange/products / /health", r["products"] / r["health"], None),
  ("legacy in process / the same V4 call direct", r["status"] / r["v4"], 0.9),
  ("bridge over HTTP / nginx proxy_pass", r["http"] / r["nginx"], 0.8),
  ("bridge over HTTP / nginx+Lua gateway", r["http"] / r["gateway"], 1.0),
  ("/api/lottery/config under profile d0 / under union (medians)", r["config_d0"], None),
  ("/api/exchange/products under profile d0 / under union (medians)", r["products_d0"], None),
  ("paired: /api/user/status / /health (medians)", r["p_status"], 0.5),
  ("paired: /api/user/info / /health (medians)", r["p_info"], 0.3),
  ("paired: POST /api/lottery/draw / /health (medians)", r["p_draw"], 0.15),
  ("paired: bridge over HTTP / nginx proxy_pass (medians)", r["p_http"], 0.8),
  ("paired: bridge over HTTP / nginx+Lua gateway (medians)", r["p_gateway"], 1.0),
]
for name, ratio, target in rows:
    mark = "" if target is None else (f"  (target >= {target}: {'met' if ratio >= target else 'NOT met'})")
    print(f"ratio {name:<55} {ratio:5.2f}{mark}")
PY

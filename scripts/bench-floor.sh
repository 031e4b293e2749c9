#!/usr/bin/env bash
# Where the bridge's CPU per proxied request goes, against the nginx+Lua gateway (issue 27).
# Not a test. The same `GET /api/user/status` (one V4 `auth/profile`, the envelope rewritten) is
# answered by the gateway (and, as the issue's other reference, nginx proxy_pass of the bare V4
# call), by the bridge over HTTP, and by `proxy-floor` (Benchmarks/ProxyFloor)
# with layers of the bridge taken away: NIO alone (`static`, `nio-pass`, `nio-translate`), then
# Hummingbird's router and an async handler (`hb-pass`, `hb-translate`). Each path runs in
# alternating rounds; printed: req/s, the proxy's and V4's CPU per request (utime+stime from
# /proc over the middle of the run), and each path's req/s over the gateway's in its round.
# Usage: bash scripts/bench-floor.sh [seconds-per-run] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-5}"
ROUNDS="${2:-2}"
CONNS=32
. scripts/bench-lib.sh
install_bench_tools

swift build -c release --product legacy-bridge >/dev/null
swift build -c release --product proxy-floor >/dev/null
BIN_DIR="$(swift build -c release --show-bin-path)"
bench_workdir

CORE=39501; BRIDGE=39502; NGINX=39503; GATEWAY=39504
export LEGACY_BRIDGE_ADMIN_PASSWORD="bench-admin-password"

"$BIN_DIR/legacy-bridge" serve --demo --port $CORE --data-dir "$WORK/core" --log-level error >"$WORK/core.log" 2>&1 &
CORE_PID=$!
"$BIN_DIR/legacy-bridge" serve --port $BRIDGE --core "http://127.0.0.1:$CORE" --data-dir "$WORK/bridge" --log-level error >"$WORK/bridge.log" 2>&1 &
declare -A PORT PID
PORT[bridge]=$BRIDGE; PID[bridge]=$!
write_nginx_conf
nginx -c "$WORK/nginx.conf"
port=39510
for mode in static nio-pass nio-translate hb-pass hb-translate; do
  "$BIN_DIR/proxy-floor" $mode $port $CORE >"$WORK/$mode.log" 2>&1 &
  PORT[$mode]=$port; PID[$mode]=$!; port=$((port + 1))
done
for p in $CORE $BRIDGE $NGINX "${PORT[@]}"; do wait_answering "$p"; done
PORT[gateway]=$GATEWAY; PID[gateway]=$(pgrep -P "$(cat "$WORK/nginx.pid")" | head -1)
PORT[proxy_pass]=$NGINX; PID[proxy_pass]=${PID[gateway]}
url() { # path name → what wrk asks it (proxy_pass: the V4 call itself, untranslated)
  if [ "$1" = proxy_pass ]; then echo "http://127.0.0.1:$NGINX/api/v4/unified-engine/auth/profile"; else echo "http://127.0.0.1:${PORT[$1]}/api/user/status"; fi
}

TOKEN=$(curl -s -XPOST "http://127.0.0.1:$CORE/api/auth/login" -H 'content-type: application/json' \
  -d '{"mobile":"13800138000","verification_code":"123456"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["access_token"])')
for path in gateway nio-translate hb-translate bridge; do
  printf '%-14s %s\n' "$path" "$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:${PORT[$path]}/api/user/status")"
done

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
PATHS="proxy_pass gateway static nio-pass nio-translate hb-pass hb-translate bridge"
for path in $PATHS; do wrk -t1 -c$CONNS -d1s -H "Authorization: Bearer $TOKEN" "$(url $path)" >/dev/null; done
echo "wrk: 1 thread, $CONNS connections, ${DURATION}s per run, $ROUNDS alternating rounds, release build, $(nproc) cores"
: >"$WORK/rows"
for round in $(seq 1 "$ROUNDS"); do
  for path in $PATHS; do
    wrk -t1 -c$CONNS -d"$((DURATION + 2))s" -H "Authorization: Bearer $TOKEN" "$(url $path)" >"$WORK/wrk.txt" &
    load=$!
    sleep 1; p0=$(cpu_ticks "${PID[$path]}"); c0=$(cpu_ticks $CORE_PID)
    sleep "$DURATION"; p1=$(cpu_ticks "${PID[$path]}"); c1=$(cpu_ticks $CORE_PID)
    wait $load
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt"); bad=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.txt")
    echo "$round $path $rps $p0 $p1 $c0 $c1 ${bad:-0}" >>"$WORK/rows"
  done
done
python3 - "$WORK/rows" "$DURATION" "$(getconf CLK_TCK)" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
seconds, hz = float(sys.argv[2]), float(sys.argv[3])
by = {}
for r, path, rps, p0, p1, c0, c1, bad in rows:
    rps = float(rps)
    us = lambda a, b: (float(b) - float(a)) / hz / seconds / rps * 1e6
    by.setdefault(path, []).append((int(r), rps, us(p0, p1), us(c0, c1), int(bad)))
gateway = {r: rps for r, rps, *_ in by["gateway"]}
plain = {r: rps for r, rps, *_ in by["proxy_pass"]}
print(f"{'path':<14} {'req/s (median)':>15} {'proxy us/req':>13} {'V4 us/req':>10} {'/ gateway':>10} {'/ proxy_pass':>13}")
for path, runs in by.items():
    ratio = lambda reference: statistics.median(rps / reference[r] for r, rps, *_ in runs)
    bad = sum(b for *_, b in runs)
    print(f"{path:<14} {statistics.median(x[1] for x in runs):>15.0f} {statistics.median(x[2] for x in runs):>13.1f} "
          f"{statistics.median(x[3] for x in runs):>10.1f} {ratio(gateway):>10.3f} {ratio(plain):>13.3f}" + (f"   ({bad} non-2xx!)" if bad else ""))
PY

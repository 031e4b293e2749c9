#!/usr/bin/env bash
# Benchmarks (not tests). Measures, in one run on this machine:
#   1. a legacy call through the bridge (in-process transport) vs the same V4 call made directly;
#   2. the bridge in HTTP mode vs nginx proxy_pass to the same V4 upstream.
# `GET /api/user/status` translates to exactly one V4 call (`GET auth/profile`), so the pairs compare
# translation overhead, not extra work. Prints requests/s and the ratios.
# Usage: bash scripts/bench.sh [seconds-per-run]   (installs wrk and nginx if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"
CONNS=32

need=()
for pkg in wrk nginx; do command -v "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

swift build -c release --product legacy-bridge >/dev/null
BIN="$(swift build -c release --show-bin-path)/legacy-bridge"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null; rm -rf "$WORK"' EXIT

CORE=39401; BRIDGE=39402; NGINX=39403
"$BIN" serve --demo --port $CORE --data-dir "$WORK/core" --log-level error >"$WORK/core.log" 2>&1 &
"$BIN" serve --port $BRIDGE --core "http://127.0.0.1:$CORE" --log-level error >"$WORK/bridge.log" 2>&1 &
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  upstream core { server 127.0.0.1:$CORE; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX;
    location / { proxy_pass http://core; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGINX
nginx -c "$WORK/nginx.conf"
for port in $CORE $BRIDGE $NGINX; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
done

TOKEN=$(curl -s -XPOST "http://127.0.0.1:$CORE/api/auth/login" -H 'content-type: application/json' \
  -d '{"mobile":"13800138000","verification_code":"123456"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["access_token"])')

rps() { # url → requests/s
  wrk -t2 -c$CONNS -d"${DURATION}s" -H "Authorization: Bearer $TOKEN" "$1" | awk '/Requests\/sec/ {print $2}'
}
V4_DIRECT=$(rps "http://127.0.0.1:$CORE/api/v4/unified-engine/auth/profile")
LEGACY_INPROC=$(rps "http://127.0.0.1:$CORE/api/user/status")
NGINX_PROXY=$(rps "http://127.0.0.1:$NGINX/api/v4/unified-engine/auth/profile")
LEGACY_HTTP=$(rps "http://127.0.0.1:$BRIDGE/api/user/status")

echo "wrk: 2 threads, $CONNS connections, ${DURATION}s per run, release build, $(nproc) cores"
printf '%-58s %10s req/s\n' "V4 GET auth/profile, direct" "$V4_DIRECT"
printf '%-58s %10s req/s\n' "legacy GET /api/user/status, bridge in-process" "$LEGACY_INPROC"
printf '%-58s %10s req/s\n' "V4 GET auth/profile via nginx proxy_pass" "$NGINX_PROXY"
printf '%-58s %10s req/s\n' "legacy GET /api/user/status, bridge over HTTP" "$LEGACY_HTTP"
python3 - "$V4_DIRECT" "$LEGACY_INPROC" "$NGINX_PROXY" "$LEGACY_HTTP" <<'PY'
import sys
v4, inproc, nginx, http = map(float, sys.argv[1:])
print(f"ratio bridge in-process / V4 direct:      {inproc / v4:.2f}")
print(f"ratio bridge over HTTP / nginx proxy_pass: {http / nginx:.2f}")
PY

#!/usr/bin/env bash
# WebSocket benchmark (not a test): a release `serve --demo` on loopback, N authenticated
# sockets, then
#   - fan-out: admin announcements broadcast to all N sockets as fast as the admin route takes
#     them; prints messages delivered per second and the time from the event's raise to its
#     arrival at a client (p50/p99, ms);
#   - points: one user draws repeatedly with its socket open; prints commit→delivery of each
#     points_update (the event's timestamp is taken when the draw starts, so this includes the
#     draw's own transaction);
#   - the server's memory (RSS, peak) with the N sockets open.
# Usage: bash scripts/bench-ws.sh [sockets ...]   (default 10 100 1000; installs websockets if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("$@"); [ ${#SIZES[@]} -eq 0 ] && SIZES=(10 100 1000)
python3 -c 'import websockets' 2>/dev/null || pip install -q websockets 2>/dev/null || pip install -q --break-system-packages websockets

swift build -c release --product legacy-bridge >/dev/null
BIN="$(swift build -c release --show-bin-path)/legacy-bridge"
WORK="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=39411
export LEGACY_BRIDGE_ADMIN_PASSWORD="bench-admin-password"
wait_healthy() { for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "server never became healthy"; exit 1; }

# Seed, lift the daily draw limit, raise the socket cap for the largest size, start for real.
"$BIN" serve --demo --port $PORT --data-dir "$WORK/data" --log-level error >"$WORK/seed.log" 2>&1 &
SEED=$!; wait_healthy; kill -TERM $SEED; wait $SEED 2>/dev/null || true
python3 - "$WORK/data/legacy-bridge.sqlite" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1]); db.execute("UPDATE lottery_campaigns SET max_draws_per_day = 100000000"); db.commit()
PY
cp -r Mappings "$WORK/mappings"
MAX=$(printf '%s\n' "${SIZES[@]}" | sort -n | tail -1)
sed -i "s/^  max_connections: .*/  max_connections: $((MAX + 10))/" "$WORK/mappings/realtime.yaml"
"$BIN" serve --demo --port $PORT --data-dir "$WORK/data" --mappings "$WORK/mappings" --log-level error >"$WORK/server.log" 2>&1 &
SERVER=$!
wait_healthy

python3 - "$PORT" "$SERVER" "${SIZES[@]}" <<'PY'
import asyncio, json, statistics, sys, time, urllib.request
from datetime import datetime
import websockets

port, pid, sizes = int(sys.argv[1]), int(sys.argv[2]), [int(s) for s in sys.argv[3:]]
base = f"http://127.0.0.1:{port}"

def post(path, body, token=None):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"content-type": "application/json", **({"authorization": "Bearer " + token} if token else {})})
    with urllib.request.urlopen(request) as response:
        return json.load(response)

def rss():
    fields = dict(line.split(":", 1) for line in open(f"/proc/{pid}/status") if line.startswith(("VmRSS", "VmHWM")))
    return {k: int(v.split()[0]) / 1024 for k, v in fields.items()}

def arrival_ms(message):
    sent = datetime.fromisoformat(message["timestamp"].replace("Z", "+00:00")).timestamp()
    return (time.time() - sent) * 1000

admin = post("/api/auth/admin-login", {"username": "admin", "password": "bench-admin-password"})["data"]["access_token"]
users = [post("/api/auth/login", {"mobile": "1370000%04d" % i, "verification_code": "123456"})["data"]["access_token"]
         for i in range(max(1, max(sizes) // 5 + 1))]
loop_results = []

async def fan_out(n, broadcasts=50):
    async def connect(i):
        ws = await websockets.connect(f"ws://127.0.0.1:{port}/ws?token={users[i // 5]}", max_queue=None)
        assert json.loads(await ws.recv())["type"] == "connected"
        return ws
    sockets = []
    for first in range(0, n, 100):  # 100 handshakes at a time
        sockets += await asyncio.gather(*[connect(i) for i in range(first, min(n, first + 100))])
    memory = rss()
    latencies, received = [], 0
    async def reader(ws):
        nonlocal received
        for _ in range(broadcasts):
            message = json.loads(await ws.recv())
            latencies.append(arrival_ms(message))
            received += 1
    readers = [asyncio.create_task(reader(ws)) for ws in sockets]
    start = time.perf_counter()
    loop = asyncio.get_running_loop()
    for b in range(broadcasts):
        await loop.run_in_executor(None, post, "/api/v4/unified-engine/admin/announcements",
                                   {"title": f"bench {b}", "content": "fan-out"}, admin)
    await asyncio.wait_for(asyncio.gather(*readers), 120)
    elapsed = time.perf_counter() - start
    for ws in sockets: await ws.close()
    latencies.sort()
    print(f"fan-out to {n:5d} sockets: {received / elapsed:9.0f} messages/s delivered "
          f"({broadcasts} broadcasts in {elapsed:.2f} s); raise→arrival p50 {latencies[len(latencies)//2]:.1f} ms, "
          f"p99 {latencies[int(len(latencies)*0.99)]:.1f} ms; server RSS {memory['VmRSS']:.1f} MB with {n} sockets open")

async def points(draws=300):
    demo = post("/api/auth/login", {"mobile": "13800138000", "verification_code": "123456"})["data"]["access_token"]
    mine = await websockets.connect(f"ws://127.0.0.1:{port}/ws?token={demo}")
    await mine.recv()
    post("/api/v4/unified-engine/points/admin/adjust", {"user_id": 1, "amount": 1000000, "reason": "bench"}, admin)
    loop = asyncio.get_running_loop()
    latencies = []
    for _ in range(draws):
        await loop.run_in_executor(None, post, "/api/lottery/draw", {"draw_type": "single"}, demo)
        while True:
            message = json.loads(await mine.recv())
            if message["type"] == "points_update":
                latencies.append(arrival_ms(message)); break
    latencies.sort()
    print(f"draw → points_update ({draws} draws): p50 {latencies[len(latencies)//2]:.1f} ms, p99 {latencies[int(len(latencies)*0.99)]:.1f} ms")
    await mine.close()

async def main():
    for n in sizes: await fan_out(n)
    await points()
    print(f"server memory: RSS {rss()['VmRSS']:.1f} MB, peak {rss()['VmHWM']:.1f} MB")
asyncio.run(main())
PY

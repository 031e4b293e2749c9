#!/usr/bin/env bash
# Fuzzes the running API from its own description: starts the built `legacy-bridge serve --demo`
# on loopback, logs the demo user in, and runs schemathesis (PyPI, installed if missing) over
# every operation of /openapi.json — each legacy route and each V4 operation of the embedded
# core — with the checks that no answer is a 5xx and every answer is the described envelope
# with its content type. Bounded: a fixed number of examples per operation, one worker, and a
# hard time limit. Prints schemathesis's summary; exits non-zero on any failure.
#
#   bash scripts/fuzz.sh [EXAMPLES]     (default 20 per operation; needs .build/debug/legacy-bridge)
set -euo pipefail
cd "$(dirname "$0")/.."

examples="${1:-20}"
binary=.build/debug/legacy-bridge
[ -x "$binary" ] || { echo "build first: swift build --traits MySQL,Captcha"; exit 1; }
if ! command -v schemathesis >/dev/null 2>&1; then
  echo "installing schemathesis (PyPI)"
  python3 -m pip install -q --disable-pip-version-check "schemathesis>=4.32,<5"
fi

work=$(mktemp -d /tmp/legacy-bridge-fuzz.XXXXXX)
mkdir -p .build/reports
admin_password="fuzz-$(date +%s%N)"
LEGACY_BRIDGE_ADMIN_PASSWORD="$admin_password" \
  "$binary" serve --demo --port 0 --data-dir "$work/data" --mappings Mappings > "$work/serve.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT

port=""
for _ in $(seq 1 300); do
  port=$(grep -oE 'listening on [^ ]*:[0-9]+' "$work/serve.log" | grep -oE '[0-9]+$' | head -1 || true)
  [ -n "$port" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.2
done
[ -n "$port" ] || { echo "the server did not report its port"; cat "$work/serve.log"; exit 1; }
base="http://127.0.0.1:$port"

access_token() {  # PATH BODY: the access_token of a legacy login answer
  curl -sf -X POST "$base$1" -H 'Content-Type: application/json' -d "$2" |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["data"]["access_token"])'
}
# The demo user (the universal development code), and the admin for the admin and merchant routes.
user_token=$(access_token /api/auth/login '{"mobile":"13800138000","verification_code":"123456"}')
admin_token=$(access_token /api/auth/admin-login "{\"username\":\"admin\",\"password\":\"$admin_password\"}")

status=0
run() {  # NAME TOKEN [schemathesis filter options...]
  local name=$1 token=$2; shift 2
  echo "== schemathesis, $name"
  local code=0
  # Logout would revoke the token every later case relies on; the Swift tests cover it.
  timeout 900 schemathesis run "$base/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,response_schema_conformance,content_type_conformance \
    --phases coverage,fuzzing --max-examples "$examples" --workers 1 --request-timeout 20 \
    --exclude-operation-id-regex 'logout' --seed 20261201 --no-color \
    --report junit --report-junit-path ".build/reports/schemathesis-$name.xml" "$@" \
    > "$work/schemathesis-$name.txt" 2>&1 || code=$?
  # Each failure section when there are any, then the summary.
  if [ "$code" -ne 0 ]; then
    sed -n '/= FAILURES =/,/= SUMMARY =/p; /= ERRORS =/,/= SUMMARY =/p' "$work/schemathesis-$name.txt" | head -300
    status=$code
  fi
  sed -n '/= SUMMARY =/,$p' "$work/schemathesis-$name.txt"
}
run user "$user_token"
run admin "$admin_token" --include-path-regex 'admin|merchant|review|adjust|announcement'

if grep -qE ' 5[0-9]{2} [0-9.]+ms' "$work/serve.log"; then
  echo "server log lines answering 5xx:"; grep -E ' 5[0-9]{2} [0-9.]+ms' "$work/serve.log" | head -20
fi
exit "$status"

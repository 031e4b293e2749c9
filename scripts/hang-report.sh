#!/usr/bin/env bash
# What a test run that stopped moving was doing: the Swift Testing cases that started and never
# ended (from the run's log), and every thread of the test process (gdb, when installed).
# Usage: bash scripts/hang-report.sh <swift-test log> [output file]
# scripts/test.sh runs it when `swift test` outlives its bound, then stops the run, so a hang
# fails CI with what it hung on instead of holding the machine until CI's own limit.
set -uo pipefail
log="$1"
out="${2:-/dev/stdout}"
{
  echo "== test cases started and not ended =="
  # "◇ Test name() started." then "✔/✘ Test name() passed/failed ..." (Swift Testing's console).
  python3 - "$log" <<'PY'
import re, sys
# A parameterised test's cases print no end of their own: the test's line ends them.
started, ended = {}, set()
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r'◇ (Test|Suite) (.+?) started\.', line)
    if m and m.group(2) != "run" and not m.group(2).startswith("case "): started.setdefault(m.group(2), line.strip())
    m = re.search(r'[✔✘↪] (Test|Suite) (.+?)(?: with \d+ test cases?)? (passed after|failed after|skipped\.|skipped:)', line)
    if m: ended.add(m.group(2))
for name, line in started.items():
    if name not in ended: print(line)
PY
  for pid in $(pgrep -f 'LegacyBridgePackageTests.xctest'); do
    echo "== process $pid: sockets =="
    ss -tanp 2>/dev/null | grep "pid=$pid," || true
    echo "== process $pid: threads =="
    if command -v gdb >/dev/null 2>&1; then
      timeout 300 gdb -p "$pid" -batch -ex 'set pagination off' -ex 'thread apply all bt 12' 2>/dev/null | grep -E '^(Thread|#)' || true
    else
      for t in /proc/"$pid"/task/*; do echo "$(cat "$t/comm") $(awk '{print $3}' "$t/stat") $(cat "$t/wchan" 2>/dev/null)"; done
    fi
  done
} >"$out" 2>&1

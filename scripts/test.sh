#!/usr/bin/env bash
# Runs every test of LegacyBridge on a fresh machine: installs the system packages the build and
# the tests need (skipping what is already there), builds with the MySQL trait, starts a
# throwaway MariaDB server for the migrator's tests (stopped on exit), replays the golden legacy
# recordings through the differ, then `swift test`, then fuzzes the live server from its own
# OpenAPI description (scripts/fuzz.sh: schemathesis, from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in curl libsqlite3-dev chromium mariadb-server mariadb-client libmariadb-dev libgd-dev nginx; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

swift build --build-tests --traits MySQL,Captcha

# Scratch space for the run: every test server's data directory (TMPDIR), the migrator's
# targets and the MariaDB data directory. On tmpfs when the machine has room there: the tests
# are about behaviour, not about a disk, and on a throttled CI disk MariaDB's DDL fsyncs made
# one of its tests take 31 s (2 s here) (Docs/operations.md, "Running the tests").
scratch_root=/tmp
if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR==2 {print $4}')" -gt 2097152 ]; then
  scratch_root=/dev/shm
fi
scratch=$(mktemp -d "$scratch_root/legacy-bridge-tests.XXXXXX")
mariadb_dir="$scratch/mariadb"
trap 'bash scripts/mariadb.sh stop "$mariadb_dir"; rm -rf "$scratch"' EXIT
echo "scratch space: $scratch"
bash scripts/mariadb.sh start "$mariadb_dir"
export LEGACY_BRIDGE_TEST_MARIADB_SOCKET="$mariadb_dir/mysqld.sock"

# The recorded legacy cases, replayed through the differ against a fresh embedded bridge per file.
mkdir -p .build/reports
.build/debug/legacy-bridge diff --fixtures LegacyFixtures/golden --report-junit .build/reports/diff-fixtures.xml \
  --report-html .build/reports/diff-fixtures.html

# A crash prints the crashed thread only: symbolicating all ~250 threads of the debug test
# binary took 20 minutes once.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=yes,threads=crashed,symbolicate=fast}"
# At most two test cases per core at once. Swift Testing otherwise starts every case together:
# ~600 test servers then queue on the cooperative pool (one thread per core), and a request
# waited behind that backlog for more than 10 s here and past HummingbirdTesting's fixed 20 s
# read timeout on CI. With the cap the pool never went silent for 3 s (Tests/.../PoolWatchdog)
# and the run took 145 s instead of 136 s.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-$(( $(nproc) * 2 ))}"
mkdir -p "$scratch/tmp"
# A bound on the run (the whole suite takes 3-4 minutes here): a run that outlives it hung, and
# is reported (the cases that never ended, every thread of the test process: scripts/hang-report.sh)
# and stopped, instead of holding the machine until CI's own limit.
limit="${LEGACY_BRIDGE_TEST_LIMIT_SECONDS:-1500}"
( TMPDIR="$scratch/tmp/" swift test --skip-build --traits MySQL,Captcha "$@"; echo $? >"$scratch/status" ) 2>&1 \
  | tee .build/reports/swift-test.log &
run=$!
started=$SECONDS
while kill -0 "$run" 2>/dev/null; do
  if [ $((SECONDS - started)) -gt "$limit" ]; then
    echo "swift test still running after ${limit}s: a hang; report in .build/reports/hang.txt"
    bash scripts/hang-report.sh .build/reports/swift-test.log .build/reports/hang.txt
    cat .build/reports/hang.txt
    pkill -KILL -f 'LegacyBridgePackageTests.xctest' || true
    echo 124 >"$scratch/status"
    break
  fi
  sleep 5
done
wait "$run" || true
status=$(cat "$scratch/status" 2>/dev/null || echo 1)
# The MariaDB suite is skipped without a server; here one is running, so it must have run.
if [ "$status" -eq 0 ] && [ $# -eq 0 ] && ! grep -q 'Suite "MariaDB source and target" passed' .build/reports/swift-test.log; then
  echo "the MariaDB suite did not run"; exit 1
fi
[ "$status" -eq 0 ] || exit "$status"

# The whole run (no filter given): schemathesis over every operation the server describes.
if [ $# -eq 0 ]; then
  bash scripts/fuzz.sh
fi

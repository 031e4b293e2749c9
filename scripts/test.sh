#!/usr/bin/env bash
# Runs every test of LegacyBridge on a fresh machine: installs the system packages the build and
# the tests need (skipping what is already there), builds with the MySQL trait, starts a
# throwaway MariaDB server for the migrator's tests (stopped on exit), replays the golden legacy
# recordings through the differ, then `swift test`, then fuzzes the live server from its own
# OpenAPI description (scripts/fuzz.sh: schemathesis, from PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in curl libsqlite3-dev chromium mariadb-server mariadb-client libmariadb-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

swift build --build-tests --traits MySQL

mariadb_dir=$(mktemp -d /tmp/legacy-bridge-mariadb.XXXXXX)
trap 'bash scripts/mariadb.sh stop "$mariadb_dir"; rm -rf "$mariadb_dir"' EXIT
bash scripts/mariadb.sh start "$mariadb_dir"
export LEGACY_BRIDGE_TEST_MARIADB_SOCKET="$mariadb_dir/mysqld.sock"

# The recorded legacy cases, replayed through the differ against a fresh embedded bridge per file.
mkdir -p .build/reports
.build/debug/legacy-bridge diff --fixtures LegacyFixtures/golden --report-junit .build/reports/diff-fixtures.xml \
  --report-html .build/reports/diff-fixtures.html

# A crash prints the crashed thread only: symbolicating all ~250 threads of the debug test
# binary took 20 minutes once.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=yes,threads=crashed,symbolicate=fast}"
swift test --skip-build --traits MySQL "$@" 2>&1 | tee .build/reports/swift-test.log
status=${PIPESTATUS[0]}
# The MariaDB suite is skipped without a server; here one is running, so it must have run.
if [ "$status" -eq 0 ] && [ $# -eq 0 ] && ! grep -q 'Suite "MariaDB source and target" passed' .build/reports/swift-test.log; then
  echo "the MariaDB suite did not run"; exit 1
fi
[ "$status" -eq 0 ] || exit "$status"

# The whole run (no filter given): schemathesis over every operation the server describes.
if [ $# -eq 0 ]; then
  bash scripts/fuzz.sh
fi

#!/usr/bin/env bash
# Runs every test of LegacyBridge on a fresh machine: installs the system packages the build and
# the tests need (skipping what is already there), then `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
for pkg in libsqlite3-dev chromium; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

swift build --build-tests

# The recorded legacy cases, replayed through the differ against a fresh embedded bridge per file.
mkdir -p .build/reports
.build/debug/legacy-bridge diff --fixtures LegacyFixtures/golden --report-junit .build/reports/diff-fixtures.xml \
  --report-html .build/reports/diff-fixtures.html

swift test --skip-build "$@"

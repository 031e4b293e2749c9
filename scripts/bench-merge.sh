#!/usr/bin/env bash
# Merge benchmark (not a test). In one run on this machine, with a throwaway MariaDB
# (scripts/mariadb.sh) and the release build:
#   1. generates a synthetic legacy mysqldump with ROWS points_records (default 1,000,000);
#   2. builds a V4 database from 003's documented tables (LegacyFixtures/v4/schema-003.sql) with
#      V4's own rows (seed-003.sql) plus one V4 user sharing a mobile with legacy user 5;
#   3. times `migrate --check`, then the merge into it (preflight, tables, accounts, verification);
#   4. times the same dump into an empty MariaDB database (the unified schema, legacy ids kept);
#   5. prints both, rows/s and the ratio merge / empty target, and peak RSS of the merge.
# Usage: bash scripts/bench-merge.sh [ROWS]   (needs mariadb-server and libmariadb-dev: scripts/test.sh installs them)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"
[ -x /usr/bin/time ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time; }

swift build -c release --traits MySQL --product legacy-bridge >/dev/null
BIN="$(swift build -c release --show-bin-path)/legacy-bridge"
WORK="$(mktemp -d)"
trap 'bash scripts/mariadb.sh stop "$WORK/db" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
bash scripts/mariadb.sh start "$WORK/db" >/dev/null
SOCK="$WORK/db/mysqld.sock"
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --default-character-set=utf8mb4 "$@"; }
sql -e "CREATE DATABASE v4 CHARACTER SET utf8mb4; CREATE DATABASE empty CHARACTER SET utf8mb4"
sql v4 < LegacyFixtures/v4/schema-003.sql
sql v4 < LegacyFixtures/v4/seed-003.sql
sql v4 -e "INSERT INTO users (user_id, mobile, nickname, status, created_at, login_count) VALUES (4, '13100000005', 'v4', 'active', '2025-09-01', 0);
           INSERT INTO user_points_accounts (user_id, available_points, total_earned, total_consumed) VALUES (4, 7, 7, 0)"

"$BIN" generate-legacy --rows "$ROWS" --seed 2025 -o "$WORK/legacy.sql"
now() { python3 -c 'import time; print(f"{time.time():.3f}")'; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }

t0=$(now); "$BIN" migrate --from "dump:$WORK/legacy.sql" --to "mysql://root@localhost/v4?socket=$SOCK" --check >"$WORK/check.txt"; t1=$(now)
/usr/bin/time -f "%M" -o "$WORK/rss" "$BIN" migrate --from "dump:$WORK/legacy.sql" --to "mysql://root@localhost/v4?socket=$SOCK" \
  --reject-file "$WORK/merge.jsonl" --report "$WORK/merge.json" --mappings Mappings >"$WORK/merge.txt" 2>/dev/null
t2=$(now)
"$BIN" migrate --from "dump:$WORK/legacy.sql" --to "mysql://root@localhost/empty?socket=$SOCK" \
  --reject-file "$WORK/empty.jsonl" --report "$WORK/empty.json" --mappings Mappings >/dev/null 2>&1
t3=$(now)

CHECK_S=$(elapsed "$t0" "$t1"); MERGE_S=$(elapsed "$t1" "$t2"); EMPTY_S=$(elapsed "$t2" "$t3")
python3 - "$WORK" "$CHECK_S" "$MERGE_S" "$EMPTY_S" "$(( $(cat "$WORK/rss") / 1024 ))" <<'PY'
import json, sys
work, check, merge, empty, rss = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
m = json.load(open(f"{work}/merge.json"))
read = sum(t["read"] for t in m["tables"])
print(f"legacy rows read: {read:,}")
print(f"--check (read-only preflight, whole dump scanned): {check:.2f} s")
print(f"merge into the seeded 003 database: {merge:.2f} s, {read / merge:,.0f} rows/s, peak RSS {rss} MB")
for t in m["tables"]:
    print(f"  {t['table']}: {t['read']:,} read, {t['written'] - t['merged']:,} migrated, {t['merged']} merged, {t['rejected']:,} rejected, {t['seconds']:.2f} s")
print("  then " + ", ".join(f"{k} {v:.2f} s" for k, v in sorted(m["phases"].items())))
v = m["verification"]["merge"]
print(f"  V4's own rows unchanged: {v['v4_counts_before'] == v['v4_counts_after'] and v['balance_checksum_before'] == v['balance_checksum_after']}; "
      f"carried over: {v['carried_over']}; merged users: {len(v['merged_users'])}; ledger disagreements: {len(v['ledger_disagreements'])}")
print(f"same dump into an empty MariaDB database (unified schema): {empty:.2f} s, {read / empty:,.0f} rows/s")
print(f"ratio merge / empty target: {merge / empty:.2f}x")
PY

#!/usr/bin/env bash
# Migrator benchmark (not a test). In one run on this machine:
#   1. generates a synthetic legacy mysqldump with ROWS points_records (default 1,000,000) plus
#      proportional users, upload_reviews and products (`legacy-bridge generate-legacy`);
#   2. migrates it into a new unified SQLite database (release build), measuring wall time and
#      peak RSS;
#   3. exports the migrated rows of every table as CSV and has the sqlite3 shell import the same
#      rows into the same table shapes (the target's own CREATE statements, same pragmas);
#   4. prints rows/s, peak RSS and the ratio migrator time / sqlite3 time.
# Usage: bash scripts/bench-migrate.sh [ROWS]   (installs sqlite3 and time if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS="${1:-1000000}"

need=()
command -v sqlite3 >/dev/null 2>&1 || need+=(sqlite3)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi

swift build -c release --product legacy-bridge >/dev/null
BIN="$(swift build -c release --show-bin-path)/legacy-bridge"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

"$BIN" generate-legacy --rows "$ROWS" --seed 2025 -o "$WORK/legacy.sql"
DUMP_MB=$(( $(stat -c %s "$WORK/legacy.sql") / 1048576 ))

seconds() { python3 -c 'import sys,time; print(f"{time.time():.3f}")'; }

start=$(seconds)
/usr/bin/time -f "%M" -o "$WORK/rss" "$BIN" migrate --from "dump:$WORK/legacy.sql" --to "sqlite:$WORK/unified.sqlite" \
  --reject-file "$WORK/rejects.jsonl" --report "$WORK/report.json" --mappings Mappings \
  >"$WORK/summary.txt" 2>"$WORK/progress.txt"
end=$(seconds)
MIGRATE_S=$(python3 -c "print(f'{$end - $start:.2f}')")
RSS_MB=$(( $(cat "$WORK/rss") / 1024 ))
READ=$(python3 -c "import json; r=json.load(open('$WORK/report.json')); print(sum(t['read'] for t in r['tables']))")
WRITTEN=$(python3 -c "import json; r=json.load(open('$WORK/report.json')); print(sum(t['written'] for t in r['tables']))")

# The same rows, as the sqlite3 shell would load them: CSV into the same table shapes.
TABLES="users products image_resources points_records"
for table in $TABLES; do
  sqlite3 -csv "$WORK/unified.sqlite" "SELECT * FROM $table ORDER BY 1" >"$WORK/$table.csv"
done
{
  echo "PRAGMA journal_mode = WAL;"
  echo "PRAGMA synchronous = NORMAL;"
  for table in $TABLES; do
    sqlite3 "$WORK/unified.sqlite" "SELECT sql || ';' FROM sqlite_master WHERE tbl_name = '$table' AND sql IS NOT NULL"
  done
  echo "BEGIN;"
  for table in $TABLES; do echo ".import --csv $WORK/$table.csv $table"; done
  echo "COMMIT;"
} >"$WORK/import.sql"
CSV_ROWS=$(cat "$WORK"/*.csv | wc -l)
start=$(seconds)
sqlite3 "$WORK/shell.sqlite" <"$WORK/import.sql" >/dev/null
end=$(seconds)
SHELL_S=$(python3 -c "print(f'{$end - $start:.2f}')")

python3 - "$ROWS" "$DUMP_MB" "$READ" "$WRITTEN" "$MIGRATE_S" "$RSS_MB" "$CSV_ROWS" "$SHELL_S" "$WORK/report.json" <<'PY'
import json, sys
rows, dump_mb, read, written, migrate_s, rss, csv_rows, shell_s, report = sys.argv[1:]
report = json.load(open(report))
read, written, csv_rows = int(read), int(written), int(csv_rows)
migrate_s, shell_s = float(migrate_s), float(shell_s)
print(f"legacy dump: {int(rows):,} points_records, {read:,} rows in all, {dump_mb} MB")
print(f"migrate (dump → unified SQLite): {migrate_s:.2f} s, {read / migrate_s:,.0f} rows/s read, "
      f"{written:,} written, peak RSS {rss} MB")
for table in report["tables"]:
    print(f"  {table['table']:<15} {table['read']:>9,} rows in {table['seconds']:.2f} s = {table['read'] / max(table['seconds'], 1e-9):,.0f} rows/s")
print("  then " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in sorted(report["phases"].items())))
print(f"sqlite3 shell .import of the same {csv_rows:,} rows as CSV: {shell_s:.2f} s, {csv_rows / shell_s:,.0f} rows/s")
print(f"ratio migrator / sqlite3 shell: {migrate_s / shell_s:.2f}x")
PY

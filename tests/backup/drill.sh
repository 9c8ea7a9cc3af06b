#!/usr/bin/env bash
# Backup and restore drill (issue 8, point 5). Loads the demo into DBURL (a new
# SQLite file or an empty PostgreSQL database), serves it with writes running
# (the organization and notice clients of tests/crash/mixed_writes.py), takes
# `shuniu backup FILE --checksums SUMS` in the middle of them, then restores the
# backup into a fresh database and checks that every table's row count and
# checksum equal those of the backup point and that the audit chain verifies.
#
# The backup point: on SQLite the online backup API copies one consistent
# snapshot and SUMS is computed on the finished backup file; on PostgreSQL
# pg_dump runs on a snapshot exported by the transaction that then computes SUMS.
# The restored database records its own db.restore audit event, so it is
# compared with `db checksum --audit-through N`, N being the events at the backup
# point.
#
# With COPY_TO (an empty PostgreSQL database; SQLite DBURL only), it also
# moves the deployment with `shuniu db copy --to COPY_TO` and checks the same
# checksums, the audit chain and the serial sequences there.
# Usage: tests/backup/drill.sh DBURL PORT [COPY_TO]   Prints "N passed, N failed".
# The server's log goes to $SHUNIU_SERVER_LOG when set (scripts/test keeps it).
set -uo pipefail
cd "$(dirname "$0")/../.."
url=${1:?DBURL}; port=${2:?PORT}; copy_to=${3:-}
BIN=${SHUNIU_BIN:-build/shuniu}
work=$(mktemp -d /tmp/shuniu-drill.XXXXXX)
spid=""; dpid=""
slog=${SHUNIU_SERVER_LOG:-$work/serve.log}
trap '[ -n "$spid" ] && kill -9 $spid 2>/dev/null; [ -n "$dpid" ] && kill $dpid 2>/dev/null; rm -rf "$work"' EXIT
export SHUNIU_DB=$url SHUNIU_KEY_FILE="$work/key" SHUNIU_PORT=$port SHUNIU_ACCESS_LOG=0
passed=0; failed=0
. tests/lib.sh
die() { echo "$1"; echo "$passed passed, $((failed + 1)) failed"; exit 1; }
events() { awk '$1 == "audit_events" {print $2}' "$1"; }

pw=Backup-Drill-Pass-2026
demo_fixture "$pw" || die "set-up failed"
base=$(sql "SELECT MIN(id) FROM bases WHERE region_code = '440700000000' AND kind = 'incubation_base';")

# Writes running, backup in the middle of them.
serve || die "server did not start"
touch "$work/acked"
python3 tests/crash/mixed_writes.py drive "http://127.0.0.1:$port" "$work/acked" drill "$pw" \
  "$base" "" 0 2>/dev/null &
dpid=$!
sleep 1.5
a0=$(wc -l <"$work/acked")
case "$url" in sqlite://*) file="$work/backup.db" ;; *) file="$work/backup.pgdump" ;; esac
t0=$(date +%s.%N)
"$BIN" backup "$file" --checksums "$work/backup.sums" >"$work/backup.log" 2>&1
check "backup while writes run ($(tail -1 "$work/backup.log"))" $?
t1=$(date +%s.%N)
sleep 0.5
a1=$(wc -l <"$work/acked")
kill "$spid"; wait "$spid" 2>/dev/null; spid=""
wait "$dpid" 2>/dev/null; dpid=""
[ "$a1" -gt "$a0" ]; check "writes were acknowledged during the backup ($a0 before, $a1 after)" $?
"$BIN" db checksum >"$work/live.sums"
! diff -q "$work/live.sums" "$work/backup.sums" >/dev/null
check "the live database moved on after the backup point ($(grep '^orgs ' "$work/live.sums" | cut -d' ' -f2) orgs now, $(grep '^orgs ' "$work/backup.sums" | cut -d' ' -f2) in the backup)" $?
n=$(events "$work/backup.sums")

# Restore into a fresh database.
case "$url" in
  sqlite://*) rurl="sqlite://$work/restored.db" ;;
  *) rdb="drill_restored_$$"; psql -qX "${url%/*}/postgres" -c "CREATE DATABASE $rdb" >/dev/null
     rurl="${url%/*}/$rdb" ;;
esac
t2=$(date +%s.%N)
SHUNIU_DB=$rurl "$BIN" restore "$file" >"$work/restore.log" 2>&1
check "restore into a fresh database" $?
t3=$(date +%s.%N)
SHUNIU_DB=$rurl "$BIN" db checksum --audit-through "$n" >"$work/restored.sums"
diff "$work/backup.sums" "$work/restored.sums" >"$work/diff" 2>&1
check "every table's rows and checksum equal the backup point ($(wc -l <"$work/backup.sums") tables, $(awk '{s += $2} END {print s}' "$work/backup.sums") rows)" $?
head -5 "$work/diff"
SHUNIU_DB=$rurl "$BIN" audit verify >"$work/verify.log" 2>&1
check "audit chain verifies after the restore ($(cat "$work/verify.log"))" $?
last=$(db_sql "$rurl" "SELECT action FROM audit_events ORDER BY seq DESC LIMIT 1;")
[ "$last" = db.restore ]; check "the restore is audited in the restored database" $?
SHUNIU_DB=$rurl "$BIN" restore "$file" >"$work/again.log" 2>&1
[ $? != 0 ] && grep -q "not empty" "$work/again.log"
check "restore refuses a database that is not empty" $?
awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" \
  'BEGIN {printf "backup %.1f s, restore %.1f s\n", b - a, d - c}'

if [ -n "$copy_to" ]; then
  "$BIN" db checksum >"$work/source.sums"
  "$BIN" db copy --to "$copy_to" >"$work/copy.log" 2>&1
  check "db copy --to PostgreSQL ($(tail -1 "$work/copy.log"))" $?
  SHUNIU_DB=$copy_to "$BIN" db checksum --audit-through "$(events "$work/source.sums")" >"$work/copy.sums"
  diff "$work/source.sums" "$work/copy.sums" >"$work/diff" 2>&1
  check "every table's rows and checksum equal the SQLite source" $?
  head -5 "$work/diff"
  SHUNIU_DB=$copy_to "$BIN" audit verify >"$work/verify.log" 2>&1
  check "audit chain verifies in PostgreSQL ($(cat "$work/verify.log"))" $?
  # nextval of each serial column's sequence must be above the largest copied id.
  bad=$(echo "SELECT COUNT(*) FROM (SELECT table_name, column_name FROM information_schema.columns
    WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%') s
    WHERE nextval(pg_get_serial_sequence(s.table_name, s.column_name)) <=
      (xpath('/row/m/text()', query_to_xml(format('SELECT COALESCE(MAX(%I), 0) AS m FROM %I',
        s.column_name, s.table_name), false, true, '')))[1]::text::bigint;" | db_sql "$copy_to")
  [ "$bad" = 0 ]; check "serial sequences are past the copied ids" $?
  SHUNIU_DB=$copy_to "$BIN" db copy --to "$copy_to" >"$work/again.log" 2>&1
  [ $? != 0 ] && grep -q "not empty" "$work/again.log"
  check "db copy refuses a target that is not empty" $?
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

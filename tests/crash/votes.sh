#!/usr/bin/env bash
# Crash test of public voting (issue 6): serves DBURL, drives a vote burst
# from several clients (tests/crash/vote_burst.py), kill -9s the server in the
# middle of it, restarts it, and checks that every vote answered 200 is in the
# database, no vote is counted twice (nor a voter over the daily limit), the
# integrity check passes and the audit chain verifies. The database must be
# fresh (a new SQLite file or an empty PostgreSQL database).
# Usage: tests/crash/votes.sh DBURL [PORT]   Prints "N passed, N failed".
# The server's log goes to $SHUNIU_SERVER_LOG when set (scripts/test keeps it).
set -uo pipefail
cd "$(dirname "$0")/../.."
url=${1:?DBURL}; port=${2:-18444}
BIN=${SHUNIU_BIN:-build/shuniu}
work=$(mktemp -d /tmp/shuniu-crash-votes.XXXXXX)
spid=""
slog=${SHUNIU_SERVER_LOG:-$work/serve.log}
trap '[ -n "$spid" ] && kill -9 $spid 2>/dev/null; rm -rf "$work"' EXIT
export SHUNIU_DB=$url SHUNIU_KEY_FILE="$work/key" SHUNIU_PORT=$port SHUNIU_ACCESS_LOG=0
passed=0; failed=0
. tests/lib.sh
"$BIN" db migrate >/dev/null || { echo "migrate failed"; echo "0 passed, 1 failed"; exit 1; }
python3 bench/votes/seed.py 4000 30 | sql >/dev/null
for round in 1 2; do
  serve || { echo "server did not start"; echo "$passed passed, $((failed + 1)) failed"; exit 1; }
  python3 tests/crash/vote_burst.py "http://127.0.0.1:$port" "$work/acked" 8 250 $(((round - 1) * 2000)) &
  bpid=$!
  sleep "$(awk -v r="$round" 'BEGIN {print 1.5 + r * 0.5}')"
  kill -9 "$spid"; wait "$spid" 2>/dev/null; spid=""
  wait "$bpid"
  echo "round $round: killed the server with $(wc -l <"$work/acked") votes acknowledged so far"
done
serve; check "server restarts after kill -9" $?
kill "$spid"; wait "$spid" 2>/dev/null; spid=""
acked=$(wc -l <"$work/acked")
[ "$acked" -gt 0 ]; check "some votes were acknowledged before the kill ($acked)" $?
missing=$(votes_missing "$work/acked")
[ "$missing" = 0 ]; check "every acknowledged vote is present (missing: $missing)" $?
dups=$(votes_twice)
[ "$dups" = 0 ]; check "no vote counted twice" $?
over=$(voters_over_limit)
[ "$over" = 0 ]; check "no voter over the daily limit" $?
rows=$(sql "SELECT COUNT(*) FROM competition_votes;")
[ "$rows" -ge "$acked" ]; check "rows ($rows) >= acknowledged ($acked)" $?
"$BIN" db check >"$work/check.log" 2>&1; check "db check (integrity, durability settings)" $?
"$BIN" audit verify >"$work/verify.log" 2>&1; check "audit chain verifies" $?
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]

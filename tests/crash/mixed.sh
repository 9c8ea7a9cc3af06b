#!/usr/bin/env bash
# Crash loop over mixed writes (issue 8, point 2). Loads the demo into DBURL
# (which must be fresh: a new SQLite file or an empty PostgreSQL database),
# then ITERATIONS times: serves it, drives organizations (create, edit,
# residency invitation), notices, tranches (request, approve, release),
# projects put out to tender (design, submit, approve onto a budget pool, tender) and
# public votes from seven clients through the HTTP API
# (tests/crash/mixed_writes.py), and at a random moment kill -9s the server
# (SQLite) or stops PostgreSQL with `pg_ctl stop -m immediate` (and kills the
# server); restarts what it stopped and checks: the server comes back, the
# integrity check and durability settings (`shuniu db check`), every
# acknowledged write present exactly once with its audit event, no half-done
# multi-row change (kept counts equal a recount, payments equal paid amounts,
# the finance roll-up and the budget pool's commitment), and `shuniu audit verify`.
# One iteration is one test, plus one that every kind of write was
# acknowledged at least once over the run. Prints "N passed, N failed".
# Usage: tests/crash/mixed.sh DBURL PORT [ITERATIONS]
#   PostgreSQL: SHUNIU_CRASH_PGDIR=DIR names the server's directory made by
#   `scripts/pg start DIR PORT` (it is stopped and restarted).
# The server's log goes to $SHUNIU_SERVER_LOG when set (scripts/test keeps it).
# Prints one PASS/FAIL line per iteration as it goes, so a cut-short run still
# gives its count.
set -uo pipefail
cd "$(dirname "$0")/../.."
url=${1:?DBURL}; port=${2:?PORT}; iterations=${3:-10}
BIN=${SHUNIU_BIN:-build/shuniu}
work=$(mktemp -d /tmp/shuniu-crash-mixed.XXXXXX)
spid=""
slog=${SHUNIU_SERVER_LOG:-$work/serve.log}
# SHUNIU_CRASH_KEEP=1 keeps the work directory (acknowledged writes, logs).
trap '[ -n "$spid" ] && kill -9 $spid 2>/dev/null; [ -n "${SHUNIU_CRASH_KEEP:-}" ] && echo "kept $work" || rm -rf "$work"' EXIT
export SHUNIU_DB=$url SHUNIU_KEY_FILE="$work/key" SHUNIU_PORT=$port SHUNIU_ACCESS_LOG=0
pgdir=${SHUNIU_CRASH_PGDIR:-}
if [[ $url != sqlite://* ]] && [ -z "$pgdir" ]; then
  echo "PostgreSQL needs SHUNIU_CRASH_PGDIR"; echo "0 passed, 1 failed"; exit 1
fi
passed=0; failed=0
. tests/lib.sh
die() { echo "$1"; echo "$passed passed, $((failed + 1)) failed"; exit 1; }

# Seed: the demo, two staff accounts of 江门市 (the second approves tranches),
# the vote competition of the vote benchmark with its entries under a demo
# organization, and room on the milestones of three approved progress reports.
pw=Crash-Loop-Pass-2026
demo_fixture "$pw" || die "set-up failed"
org=$(sql "SELECT MIN(id) FROM orgs WHERE region_code = '440700000000';")
python3 bench/votes/seed.py $((iterations * 300)) 30 | grep -v '^INSERT INTO orgs' |
  sed "s/, 777001, 777, /, 777001, $org, /" | sql >/dev/null || die "vote seed failed"
base=$(sql "SELECT MIN(id) FROM bases WHERE region_code = '440700000000' AND kind = 'incubation_base';")
reports=$(sql "SELECT id FROM progress_reports WHERE state = 'approved' AND region_code = '440700000000' ORDER BY id LIMIT 3;" | paste -sd,)
{
  echo "UPDATE contract_milestones SET amount = amount + 100000000 WHERE id IN (SELECT milestone_id FROM progress_reports WHERE id IN ($reports));"
  echo "UPDATE contracts SET price = price + 300000000 WHERE id IN (SELECT contract_id FROM progress_reports WHERE id IN ($reports));"
} | sql || die "tranche seed failed"

first_voter=0
for it in $(seq "$iterations"); do
  serve || die "server did not start (iteration $it)"
  touch "$work/acked"
  before=$(wc -l <"$work/acked")
  python3 tests/crash/mixed_writes.py drive "http://127.0.0.1:$port" "$work/acked" "$it" "$pw" \
    "$base" "$reports" "$first_voter" 2>>"$work/driver.log" &
  dpid=$!
  first_voter=$((first_voter + 300))
  # The crash comes at a random moment 0.2-2.2 s after the first acknowledged
  # write (logins take a while on a busy machine), so writes are in flight.
  for _ in $(seq 300); do [ "$(wc -l <"$work/acked")" -gt "$before" ] && break; sleep 0.1; done
  sleep "$(awk -v r="$RANDOM" 'BEGIN {printf "%.2f", 0.2 + r / 32767 * 2.0}')"
  if [ -z "$pgdir" ]; then
    kill -9 "$spid"; wait "$spid" 2>/dev/null; spid=""
  else
    scripts/pg stop "$pgdir" immediate
    kill -9 "$spid"; wait "$spid" 2>/dev/null; spid=""
    scripts/pg resume "$pgdir" >/dev/null || die "PostgreSQL did not restart (iteration $it)"
  fi
  wait "$dpid"
  now=$(wc -l <"$work/acked")
  bad=()
  serve || bad+=("server did not restart")
  "$BIN" db check >"$work/check.log" 2>&1 || bad+=("db check: $(tail -1 "$work/check.log")")
  "$BIN" audit verify >"$work/verify.log" 2>&1 || bad+=("audit verify: $(tail -1 "$work/verify.log")")
  if [ "$now" -gt 0 ]; then
    python3 tests/crash/mixed_writes.py checks "$work/acked" >"$work/checks.sql"
    out=$(sql <"$work/checks.sql" 2>&1) || bad+=("check SQL failed: $out")
    while IFS='|' read -r name n; do
      [ -z "$name" ] && continue
      case "$name" in acknowledged*) summary=$name; continue ;; esac
      [ "$n" = 0 ] || bad+=("$name: $n")
    done <<<"$out"
  fi
  [ "$now" -gt "$before" ] || bad+=("nothing was acknowledged before the crash")
  if [ ${#bad[@]} = 0 ]; then
    passed=$((passed + 1)); echo "PASS iteration $it: $((now - before)) writes acknowledged (${summary:-})"
  else
    failed=$((failed + 1)); echo "FAIL iteration $it:"; printf '  %s\n' "${bad[@]}"
  fi
  echo "  after $it of $iterations iterations, $((SECONDS / 60)) min $((SECONDS % 60)) s: $passed passed, $failed failed so far"
  kill "$spid"; wait "$spid" 2>/dev/null; spid=""
done
# Over the whole run every kind of write must have been acknowledged at least
# once, or the loop did not test what it claims.
missing=""
for k in org orgedit residency notice tranche project tender vote; do
  grep -q "^$k " "$work/acked" || missing+=" $k"
done
if [ -z "$missing" ]; then passed=$((passed + 1)); echo "PASS every kind of write was acknowledged"
else failed=$((failed + 1)); echo "FAIL never acknowledged:$missing"; fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
